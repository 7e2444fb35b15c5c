"""POST data for the call form and its rubric formset, shared by the form and view tests."""

from grants.models import Programme, Sector
from grants.rubric import DEFAULT_RUBRIC


def call_data(**overrides) -> dict:
    """A valid call: open 1 March 2020 09:00 to 18 April 2020 23:59, Bangkok time."""
    sectors = Sector.objects.filter(code__in=["urban", "health"]).values_list("pk", flat=True)
    data = {
        "title_th": "โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี 2563",
        "title_en": "City & Community Innovation Challenge 2020",
        "description_th": "เชิญชวนเสนอแนวคิดที่แก้ปัญหาจากการเติบโตของเมืองและชุมชน",
        "description_en": "Ideas that solve challenges arising from the growth of cities.",
        "code": "CCIC2020",
        "slug": "ccic2020",
        "programme": str(Programme.objects.get(code="project-grants").pk),
        "sectors": [str(pk) for pk in sectors],
        "applicant_types": [],
        "opens_at": "2020-03-01T09:00",
        "deadline": "2020-04-18T23:59",
        "review_ends_at": "2020-05-18T23:59",
        "results_at": "2020-06-01T10:00",
        "grace_minutes": "15",
        "appeal_days": "15",
        "budget_total": "1000000",
        "max_per_proposal": "100000",
        "reviewers_per_proposal": "3",
    }
    return data | overrides


def rubric_data(rows: list[dict], *, initial: int | None = None, deleted=()) -> dict:
    """The formset's management form and rows; `deleted` are indexes ticked "Remove"."""
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"criteria-{index}-{name}"] = str(value)
        if index in deleted:
            data[f"criteria-{index}-DELETE"] = "on"
    return data


def default_rubric_rows() -> list[dict]:
    return [item | {"max_points": 10} for item in DEFAULT_RUBRIC]


def form_post(rows: list[dict] | None = None, **overrides) -> dict:
    """Everything the call form posts: the call's fields and its rubric."""
    return call_data(**overrides) | rubric_data(default_rubric_rows() if rows is None else rows)
