"""The portal's six published answers (methodology-qd766 §5): which group each holds,
in which shape, and how a shape-B answer's unit becomes one metric.

Data about the portal's reporting pages, kept beside the metrics they publish so that
no code outside the methodology names a metric. A shape-A answer names its metrics
itself (`metrics[].code`, the codes of methodology.yaml); a shape-B answer publishes
one figure per unit for its whole group, stored under the group's metric code
(interchange §6: `ON_TIME`, `ONLINE_SERVICES`, `ONLINE_PAYMENT`).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import clgq, tdgq, tttt

SHAPE_A = "A"  # {"data": {"overview": {…}, "evaluation": [{…, "metrics": […]}]}}
SHAPE_B = "B"  # {"data": {"parent": {…}, "children": [{…}]}}


@dataclass(frozen=True, slots=True)
class Answer:
    name: str  # the last part of …/reporting/evaluation/<name>
    group: str  # the group code of methodology.yaml
    shape: str
    # Shape B only: the metric its one figure is stored as, the keys of its numerator
    # and denominator when the portal's ratio is one (else None: the counts stay raw),
    # and keys only this answer carries — how a file of another group is recognised.
    metric: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    signature: tuple[str, ...] = ()


ANSWERS: dict[str, Answer] = {a.name: a for a in (
    Answer("transparency", "CKMB", SHAPE_A),
    Answer("dvc-progress-tree", "TDGQ", SHAPE_B, tdgq.CODE, "totalOnTime", "totalReceived",
           ("totalReceived", "totalOnTime", "totalOverdue", "totalCompleted", "avgProcessingDays")),
    Answer("provide-online-tree", "CLGQ", SHAPE_B, clgq.CODE, None, None,
           ("authorityCount", "partialCount", "fullCount", "onlineDossierCount",
            "onlineServiceTotal", "channelOnlineSum", "channelDirectSum", "channelPostalSum",
            "channelTotalSum", "onlineOnTimeSum", "onlineOverdueSum")),
    Answer("formality-online-payment-tree", "TTTT", SHAPE_B, tttt.CODE, None, None,
           ("totalDossierOnlinePaymentSuccess", "totalDossierFinancialObligation",
            "totalDossierOnlineFormalityPaymentSuccess", "totalFeeDossierFormalityDistinct",
            "totalFeeDossierFormality", "totalFeeFormality")),
    Answer("dossier-digitized", "MDSH", SHAPE_A),
    Answer("handling-satisfaction", "MDHL", SHAPE_A),
)}

# Online payment's sub-ratios A, B, C (methodology-qd766 §2) from the counts of the
# formality-online-payment-tree answer, for the formula check. The portal documents no
# key; this is our reading of their names [DEFAULT]: A dossiers paid online / dossiers
# with a financial obligation, B procedures with an online payment / procedures with
# fees, C procedures with fee records in dossiers / procedures with fees.
PAYMENT_PARTS: tuple[tuple[str, str, str], ...] = (
    ("A", "totalDossierOnlinePaymentSuccess", "totalDossierFinancialObligation"),
    ("B", "totalDossierOnlineFormalityPaymentSuccess", "totalFeeFormality"),
    ("C", "totalFeeDossierFormalityDistinct", "totalFeeFormality"),
)

# Metrics the portal publishes with only a ratio, `numerator` and `denominator` null
# (methodology-qd766 §5).
RATIO_ONLY = frozenset({"ELECTRONIC_CERTIFIED_COPY"})
