"""nd61-tt01: the nine indicators of Decree 61/2018/NĐ-CP and Circular 01/2018/TT-VPCP.

One module per indicator (``i1_handling_time`` … ``i9_online``), each holding the rule
once: the per-dossier form that writes the evidence and, beside it, the column form
the bulk path counts with. ``method`` puts them together; ``parameters`` reads the
profile's values.
"""

from .method import METHOD

__all__ = ["METHOD"]
