"""qd766: the national service-quality index of Decision 766/QĐ-TTg, computed from a
province's records.

One module per group (``ckmb``, ``tdgq``, ``clgq``, ``tttt``, ``mdsh``, ``mdhl``), each
holding its metrics' rules once: a dossier-level rule's per-dossier form (with the
evidence) beside its column form (``metrics``), a unit-level rule's single form.
``method`` puts them together; ``parameters`` reads the profile's values, ``ratios``
turns a ratio into points. Every lost point names the rule that cost it (a dossier's
``Point.lost``; the petitions and procedures behind a unit-level figure through
``explain_items``), so that the pages explain the index down to the record.
"""

from .method import METHOD

__all__ = ["METHOD"]
