"""Generic stored scores (issue 9): indicator values keyed by code, the run's layout.

Until now a subject score had one column per nd61-tt01 indicator (i1…i9) and readers
knew the indicator list, the class labels and the small-sample size from code. Each
run now records its layout (engine.layout.Layout.as_json) and each score its values by
code, its class label and its small-sample flag as computed. This migration moves the
existing rows without changing any stored number: the layout of nd61-tt01 as it was
when those runs were computed is frozen below (a migration never reads today's
methodology file), the class bands and the small-sample size come from the parameters
each run stored.
"""

import json
from decimal import Decimal

from django.db import migrations, models

INDICATORS = tuple(str(n) for n in range(1, 10))
# nd61-tt01's layout when the runs before this migration were computed; each run's own
# class bands are filled in from its stored parameters.
ND61_LAYOUT = json.loads(r"""
{
    "method": "nd61-tt01",
    "title_vi": "Đánh giá việc giải quyết TTHC theo Nghị định 61/2018/NĐ-CP và Thông tư 01/2018/TT-VPCP",
    "indicators": [
        {
            "code": "1",
            "short": "CS1",
            "name_vi": "Tổng thời gian giải quyết TTHC so với quy định",
            "name_en": "Total handling time against the legal limit",
            "per": "dossier",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "2",
            "short": "CS2",
            "name_vi": "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết",
            "name_en": "Time taken by each unit taking part, coordinating units included",
            "per": "step",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "3",
            "short": "CS3",
            "name_vi": "Số lần cơ quan, đơn vị yêu cầu bổ sung, hoàn thiện hồ sơ",
            "name_en": "Times the applicant had to come back to complete the dossier",
            "per": "dossier",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "4",
            "short": "CS4",
            "name_vi": "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ",
            "name_en": "Number of agencies the applicant had to contact",
            "per": "dossier",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "5",
            "short": "CS5",
            "name_vi": "Việc thực hiện tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
            "name_en": "Receiving, handling and returning results through the One-Stop desk",
            "per": "unit",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "6",
            "short": "CS6",
            "name_vi": "Công khai thủ tục hành chính",
            "name_en": "Public disclosure of procedures",
            "per": "dossier",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "7",
            "short": "CS7",
            "name_vi": "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
            "name_en": "Attitude of officials when guiding, receiving and handling",
            "per": "dossier",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "8",
            "short": "CS8",
            "name_vi": "Tiếp nhận, xử lý phản ánh, kiến nghị",
            "name_en": "Receiving and answering feedback and petitions",
            "per": "unit",
            "group": null,
            "max": "2",
            "decimals": 1
        },
        {
            "code": "9",
            "short": "CS9",
            "name_vi": "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến",
            "name_en": "Progress and quality of online public services",
            "per": "unit",
            "group": null,
            "max": "2",
            "decimals": 1
        }
    ],
    "subjects": {
        "agency": {
            "label_vi": "Cơ quan, đơn vị",
            "label_en": "Agency",
            "indicators": [
                "1",
                "2",
                "3",
                "4",
                "5",
                "6",
                "7",
                "8",
                "9"
            ],
            "max_total": "18",
            "levels": [
                "province_agency",
                "district",
                "commune"
            ],
            "classes": []
        },
        "official": {
            "label_vi": "Cán bộ, công chức",
            "label_en": "Official",
            "indicators": [
                "1",
                "2",
                "3",
                "4",
                "7"
            ],
            "max_total": "10",
            "levels": [],
            "classes": []
        }
    },
    "dossier_columns": [
        "1",
        "2",
        "3",
        "4",
        "6",
        "7"
    ],
    "total_decimals": 1,
    "small_sample": 30
}
""")
DEFAULT_SMALL_SAMPLE = 30
NOT_ENOUGH_DATA = {"code": "khong_du_du_lieu", "label_vi": "Không đủ dữ liệu",
                   "label_en": "Not enough data", "describe": ""}
_BOUNDS = (("above", ">"), ("at_least", "≥"), ("below", "<"), ("up_to", "≤"))


def _describe(band):
    parts = [f"{sign} {Decimal(str(band[key]))}" for key, sign in _BOUNDS if band.get(key) is not None]
    return f"{band['label_vi']}: " + " và ".join(parts)


def _bound(band, inclusive_key, exclusive_key):
    """(value as text or None, inclusive) of one side of a band as profiles write it."""
    if band.get(inclusive_key) is not None:
        return str(Decimal(str(band[inclusive_key]))), True
    if band.get(exclusive_key) is not None:
        return str(Decimal(str(band[exclusive_key]))), False
    return None, False


def _class(band):
    lower, lower_inclusive = _bound(band, "at_least", "above")
    upper, upper_inclusive = _bound(band, "up_to", "below")
    return {"code": band["code"], "label_vi": band.get("label_vi", band["code"]),
            "label_en": band.get("label_en", band["code"]), "describe": _describe(band),
            "lower": lower, "lower_inclusive": lower_inclusive,
            "upper": upper, "upper_inclusive": upper_inclusive}


def _layout(parameters):
    values = (parameters or {}).get("values", {})
    layout = json.loads(json.dumps(ND61_LAYOUT))
    for name, subject in layout["subjects"].items():
        raw = values.get(f"classes.{name}") or []
        subject["classes"] = [*(_class(b) for b in raw), NOT_ENOUGH_DATA]
    small = (values.get("satisfaction") or {}).get("small_sample", DEFAULT_SMALL_SAMPLE)
    layout["small_sample"] = int(small)
    return layout


def forward(apps, schema_editor):
    ScoringRun = apps.get_model("scoring", "ScoringRun")
    SubjectScore = apps.get_model("scoring", "SubjectScore")
    for run in ScoringRun.objects.only("id", "parameters").iterator():
        layout = _layout(run.parameters)
        ScoringRun.objects.filter(pk=run.pk).update(layout=layout)
        labels = {name: {c["code"]: c["label_vi"] for c in s["classes"]}
                  for name, s in layout["subjects"].items()}
        batch = []
        for score in SubjectScore.objects.filter(run_id=run.pk).iterator():
            codes = layout["subjects"][score.subject_type]["indicators"]
            score.values = {code: _text(getattr(score, f"i{code}")) for code in codes}
            score.class_label = labels[score.subject_type].get(score.class_code, score.class_code)
            score.small_sample = score.responses < layout["small_sample"]
            batch.append(score)
        SubjectScore.objects.bulk_update(batch, ["values", "class_label", "small_sample"],
                                         batch_size=2000)


def backward(apps, schema_editor):
    SubjectScore = apps.get_model("scoring", "SubjectScore")
    batch = []
    for score in SubjectScore.objects.iterator():
        for code in INDICATORS:
            value = score.values.get(code)
            setattr(score, f"i{code}", None if value is None else Decimal(value))
        batch.append(score)
    SubjectScore.objects.bulk_update(batch, [f"i{code}" for code in INDICATORS], batch_size=2000)


def _text(value):
    return None if value is None else str(value)


class Migration(migrations.Migration):

    dependencies = [
        ("scoring", "0004_run_conflicts"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoringrun",
            name="layout",
            field=models.JSONField(blank=True, default=dict, verbose_name="bố cục kết quả"),
        ),
        migrations.AddField(
            model_name="subjectscore",
            name="values",
            field=models.JSONField(default=dict, verbose_name="điểm các chỉ số"),
        ),
        migrations.AddField(
            model_name="subjectscore",
            name="class_label",
            field=models.CharField(blank=True, max_length=200, verbose_name="tên xếp loại"),
        ),
        migrations.AddField(
            model_name="subjectscore",
            name="small_sample",
            field=models.BooleanField(default=False, verbose_name="cỡ mẫu nhỏ"),
        ),
        migrations.AlterField(
            model_name="subjectscore",
            name="total",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True,
                                      verbose_name="tổng điểm"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
        *(migrations.RemoveField(model_name="subjectscore", name=f"i{code}") for code in INDICATORS),
    ]
