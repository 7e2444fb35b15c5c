"""Demo calls for `manage.py seed_demo`: an open call, one past its deadline, one upcoming."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .enums import ApplicantType
from .models import Call, Programme, Sector
from .services import create_call, open_call


def _bangkok(day, hour=23, minute=59) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def seed_calls(*, officer) -> dict[str, Call]:
    """Create the demo calls if they are missing; dates are relative to today."""
    today = timezone.localdate()
    # Six days ahead: the demo draft is inside the 7-day reminder window, so `make run`
    # shows a reminder arriving in the applicant's inbox within a minute.
    deadline = _bangkok(today + timedelta(days=6))
    year_be = deadline.year + 543
    specs = {
        "ccic": {
            "slug": f"city-community-innovation-{deadline.year}",
            "code": f"CCIC{deadline.year}",
            "programme": "project-grants",
            "sectors": ["urban", "environment", "public-education", "health", "disaster"],
            "title_th": f"โครงการนวัตกรรมสำหรับเมืองและชุมชน ประจำปี {year_be}",
            "title_en": f"City & Community Innovation Challenge {deadline.year}",
            "description_th": (
                "เปิดรับแนวคิดที่แก้ไขปัญหาและความท้าทายที่เกิดจากการเติบโตของเมืองและชุมชน "
                "และสามารถผลักดันไปสู่การใช้ประโยชน์ได้จริง แนวคิดที่ดีที่สุดและมีศักยภาพในการ"
                "ขยายผลจะได้รับการคัดเลือก องค์กรที่ได้รับคัดเลือกจะได้รับทุนสนับสนุนเพื่อนำไป"
                "ดำเนินการในพื้นที่จริง และสรุปผลพร้อมข้อเสนอแนะสำหรับการขยายผลสู่พื้นที่อื่น"
            ),
            "description_en": (
                "We invite ideas that solve challenges arising from the growth of cities and "
                "communities and that can be pushed to real use. The best ideas with potential "
                "to scale are selected; the selected organisations receive a grant to implement "
                "in a real area, and report conclusions and recommendations for scaling to "
                "other areas."
            ),
            "opens_at": _bangkok(today - timedelta(days=14), 9, 0),
            "deadline": deadline,
            "budget_total": Decimal("3000000"),
            "max_per_proposal": Decimal("300000"),
            "applicant_types": [],
            "publish": True,
        },
        "village": {
            "slug": f"social-innovation-village-{deadline.year}",
            "code": f"SIV{deadline.year}",
            "programme": "scaling",
            "sectors": ["agriculture", "finance-welfare", "nexus"],
            "title_th": f"หมู่บ้านนวัตกรรมสังคม ประจำปี {year_be}",
            "title_en": f"Social Innovation Village {deadline.year}",
            "description_th": (
                "ขยายผลต้นแบบนวัตกรรมสังคมที่พิสูจน์แล้วสู่ชุมชนและองค์กรปกครองส่วนท้องถิ่น "
                "โดยเน้นจังหวัดที่มีสัดส่วนคนยากจนสูง"
            ),
            "description_en": (
                "Diffuses proven social-innovation models into communities and local "
                "governments, focusing on the poorest provinces."
            ),
            "opens_at": _bangkok(today - timedelta(days=60), 9, 0),
            "deadline": _bangkok(today - timedelta(days=5)),
            "budget_total": Decimal("1000000"),
            "max_per_proposal": Decimal("100000"),
            "applicant_types": [
                ApplicantType.COMMUNITY_ENTERPRISE,
                ApplicantType.LOCAL_GOVERNMENT,
                ApplicantType.FOUNDATION_NGO,
            ],
            "publish": True,
        },
        "contest": {
            "slug": f"social-business-plan-contest-{deadline.year}",
            "code": f"SBP{deadline.year}",
            "programme": "business-plan",
            "sectors": ["tourism-culture", "finance-welfare", "agriculture"],
            "title_th": f"การประกวดแผนธุรกิจนวัตกรรมเพื่อสังคม ประจำปี {year_be}",
            "title_en": f"Social-Innovation Business Plan Contest {deadline.year}",
            "description_th": (
                "ประกวดแผนธุรกิจของกิจการเพื่อสังคมที่ใช้นวัตกรรมสร้างรายได้และผลลัพธ์ทางสังคมไปพร้อมกัน"
            ),
            "description_en": (
                "A contest for business plans of social enterprises that earn income and "
                "create social outcomes together."
            ),
            "opens_at": _bangkok(today + timedelta(days=10), 9, 0),
            "deadline": _bangkok(today + timedelta(days=70)),
            "budget_total": Decimal("500000"),
            "max_per_proposal": Decimal("50000"),
            "applicant_types": [ApplicantType.SOCIAL_ENTERPRISE, ApplicantType.SME_STARTUP],
            "publish": True,
        },
    }
    calls = {}
    for key, spec in specs.items():
        existing = Call.objects.filter(slug=spec["slug"]).first()
        if existing:
            calls[key] = existing
            continue
        spec = dict(spec)
        sectors = Sector.objects.filter(code__in=spec.pop("sectors"))
        publish = spec.pop("publish")
        spec["programme"] = Programme.objects.get(code=spec["programme"])
        spec["review_ends_at"] = spec["deadline"] + timedelta(days=30)
        spec["results_at"] = spec["review_ends_at"] + timedelta(days=7)
        call = create_call(by=officer, fields=spec, sectors=sectors)
        if publish:
            # As of its opening: the call past its deadline was published while it was open.
            open_call(call, by=officer, now=call.opens_at)
        calls[key] = call
    return calls
