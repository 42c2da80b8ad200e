"""The portal's published answers (methodology-qd766 §5) built in the tests: synthetic
numbers under the portal's own field names, in shape A and shape B."""

from __future__ import annotations

import json
from typing import Any

from tthc.organisation.models import Unit, UnitKind

PROVINCE = "UBND tỉnh Điện Biên"


def units_create() -> dict[str, Unit]:
    """A province agency known by its portal code, one known by its name only, a commune
    whose code is the portal's."""
    return {
        "stp": Unit.objects.create(code="STP", name="Sở Tư pháp", kind=UnitKind.PROVINCE_AGENCY,
                                   portal_code="H11.07"),
        "sxd": Unit.objects.create(code="SXD", name="Sở Xây dựng", kind=UnitKind.PROVINCE_AGENCY),
        "mn": Unit.objects.create(code="H11.120", name="Xã Mường Nhé", kind=UnitKind.COMMUNE),
    }


def metric(code: str, numerator: Any, denominator: Any, ratio: Any, score: Any, max_score: Any,
           **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": f"Tên của {code}", "numerator": numerator, "denominator": denominator,
            "ratio": ratio, "score": score, "maxScore": max_score, **extra}


def shape_a(units: list[dict[str, Any]], overview_metrics: list[dict[str, Any]] | None = None,
            code: str = "OK") -> dict[str, Any]:
    return {"code": code, "data": {
        "overview": {"departmentName": PROVINCE, "departmentLevel": "PROVINCE", "totalScore": 14.1,
                     "totalMaxScore": 18, "ratio": 78.33, "metrics": overview_metrics or []},
        "evaluation": units}}


def unit_a(name: str, metrics: list[dict[str, Any]], code: str | None = None, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"stt": 1, "departmentId": f"id-{name}", "departmentName": name,
                             "departmentType": "PROVINCIAL_DEPARTMENT", "departmentLevel": "PROVINCE",
                             "totalScore": 12, "totalMaxScore": 18, "ratio": 66.67, "scoreDelta": None,
                             "metrics": metrics, **extra}
    if code is not None:
        found["departmentCode"] = code
    return found


def satisfaction(units: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """handling-satisfaction (MDHL): the agency known by its portal code, with a null
    score, a data-quality flag and a key the portal added."""
    return shape_a(units if units is not None else [
        unit_a("Sở Tư pháp - Tỉnh Điện Biên", [
            metric("PETITION_PROCESSING_ON_TIME", 0, 0, 0, 6, 6),
            metric("PETITION_CLASSIFICATION_STAFF", 0, 0, 0, None, 0),
            metric("DOSSIER_RECEIVING_SATISFACTION", 410, 502, 81.67, 5.44, 6,
                   dataQualityStatus="TEMPORARY_DENOMINATOR",
                   dataQualityMessage="Mẫu số tạm tính", weightNote="mới"),
        ], code="H11.07"),
        unit_a("SỞ  XÂY DỰNG - Tỉnh Điện Biên", [metric("PETITION_PROCESSING_ON_TIME", 3, 4, 75, 4.5, 6)]),
    ])


def digitised() -> dict[str, Any]:
    """dossier-digitized (MDSH): the certified-copy metric with only a ratio."""
    return shape_a([unit_a("Sở Xây dựng", [metric("ELECTRONIC_CERTIFIED_COPY", None, None, 40, 0.8, 2)])])


def progress(children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """dvc-progress-tree (TDGQ), shape B."""
    return {"code": "OK", "data": {
        "parent": {"departmentName": PROVINCE, "departmentCode": "H11", "totalReceived": 45002,
                   "totalOnTime": 41377, "totalCompleted": 43120, "avgProcessingDays": 3.4, "ratio": 91.94,
                   "totalScore": 18.39, "totalMaxScore": 20},
        "children": children if children is not None else [
            {"departmentId": "c-1", "departmentName": "Xã Mường Nhé", "departmentCode": "H11.120",
             "level": "COMMUNE", "totalReceived": 812, "totalOnTime": 760, "totalOverdue": 52,
             "avgProcessingDays": 2.9, "ratio": 93.6, "score": 18.72, "maxScore": 20, "scoreDelta": None},
            {"departmentId": "c-2", "departmentName": "Xã Không Có", "departmentCode": "H11.999",
             "level": "COMMUNE", "totalReceived": 0, "totalOnTime": None, "totalOverdue": 0,
             "ratio": None, "score": None, "maxScore": 20},
        ]}}


def payment() -> dict[str, Any]:
    """formality-online-payment-tree (TTTT), shape B."""
    return {"code": "OK", "data": {"parent": None, "children": [
        {"departmentName": "Sở Tư pháp", "departmentCode": "H11.07", "level": "PROVINCE",
         "totalDossierOnlinePaymentSuccess": 20, "totalDossierFinancialObligation": 40,
         "totalDossierOnlineFormalityPaymentSuccess": 3, "totalFeeDossierFormalityDistinct": 4,
         "totalFeeDossierFormality": 9, "totalFeeFormality": 5, "ratio": 50, "score": 7.25,
         "maxScore": 10}]}}


def encoded(answer: dict[str, Any], **options: Any) -> bytes:
    return json.dumps(answer, ensure_ascii=False, **options).encode()
