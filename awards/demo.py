"""Demo grants for `manage.py seed_demo`: last year's published call has four grants, taken
to different points of their life through the services (safe to run again: a grant that
already has an agreement is left as it is).

- G001 (the demo applicant's): active; the first report approved and its tranche paid, the
  second sent back for changes, an extension asked for.
- G002: closed: every report approved, every tranche paid, the final report's outcomes.
- G003: suspended after its agreement was signed.
- G004: agreement pending: issued, awaiting the grantee's acceptance.

And on the 2024 round of the funded history (awards.public.demo, which the demo officer
now runs), one grant cancelled before its agreement was signed.
"""

from datetime import timedelta

from grants.models import Call
from portal.enums import Role

from .enums import AmendmentKind, GrantState
from .forms import default_plan
from .models import Grant, Report
from .services.agreement import accept_agreement, countersign_agreement, issue_agreement
from .services.amendments import request_amendment
from .services.closure import close_grant
from .services.lifecycle import cancel_grant, create_grants_for_publication, suspend_grant
from .services.reports import review_report, save_report, submit_report
from .services.tranches import record_payment, save_tranche_plan

DEMO_IP = "203.0.113.10"
OUTCOMES = [
    {"province": "TH-40", "group": "ผู้สูงอายุ", "people": 180},
    {"province": "TH-40", "group": "เยาวชน", "people": 95},
    {"province": "TH-44", "group": "เกษตรกร", "people": 60},
]


def _member(grant):
    return grant.organisation.members.order_by("pk").first()


def _signed(grant, officer):
    """Plan 40 / 40 / 20 %, issue, accept, countersign: the grant is active."""
    grantee = _member(grant)
    save_tranche_plan(grant, by=officer, tranches=default_plan(grant))
    agreement = issue_agreement(grant, by=officer)
    accept_agreement(
        agreement,
        by=grantee,
        name=grantee.full_name,
        position="ประธานกลุ่ม",
        sha256=agreement.sha256,
        ip=DEMO_IP,
    )
    countersign_agreement(agreement, by=officer)
    grant.refresh_from_db()
    return grantee


def _report(report: Report, grantee, *, final=False) -> Report:
    content = {
        "narrative": "จัดเวทีประชาคม 3 ครั้ง อบรมแกนนำชุมชน 40 คน และทดลองใช้ต้นแบบในพื้นที่",
        "indicators": [
            {"name": "จำนวนแกนนำที่ผ่านการอบรม", "target": "40", "actual": "40"},
            {"name": "ครัวเรือนที่ใช้ต้นแบบ", "target": "100", "actual": "85"},
        ],
        "spending": [
            {"line": row["line"], "planned": row["amount"], "spent": row["amount"]}
            for row in report.grant.budget
        ],
    }
    if final:
        content |= {
            "lessons": "การให้ชุมชนเป็นเจ้าของตั้งแต่ต้นทำให้ดูแลต่อได้เอง",
            "recommendations": "ขยายผลผ่านองค์กรปกครองส่วนท้องถิ่นและโรงเรียนในพื้นที่ใกล้เคียง",
            "outcomes": OUTCOMES,
            "social_return": "3.20",
        }
    saved = save_report(report, by=grantee, expected_version=report.version, content=content)
    return submit_report(saved, by=grantee)


def _pay(tranche, officer):
    record_payment(
        tranche,
        by=officer,
        paid_on=tranche.report_due + timedelta(days=14),
        amount=tranche.amount,
        bank_reference=f"KTB-{tranche.grant.reference}-{tranche.position}",
    )


def _active(grant, officer):
    grantee = _signed(grant, officer)
    first, second, _final = grant.reports.order_by("due_on")
    review_report(_report(first, grantee), by=officer, approve=True)
    _pay(first.tranche, officer)
    review_report(
        _report(second, grantee),
        by=officer,
        approve=False,
        comment="กรุณาแนบรายชื่อผู้เข้าร่วมและภาพกิจกรรม และอธิบายเหตุที่ครัวเรือนยังไม่ถึงเป้า",
    )
    request_amendment(
        grant,
        by=grantee,
        kind=AmendmentKind.EXTENSION,
        reason="ฝนตกหนักทำให้ต้องเลื่อนกิจกรรมภาคสนาม",
        changes={"ends_on": grant.ends_on + timedelta(days=60)},
    )


def _closed(grant, officer):
    grantee = _signed(grant, officer)
    reports = list(grant.reports.order_by("due_on"))
    for report in reports:
        review_report(
            _report(report, grantee, final=report is reports[-1]), by=officer, approve=True
        )
        _pay(report.tranche, officer)
    close_grant(grant, by=officer)


def _suspended(grant, officer):
    _signed(grant, officer)
    suspend_grant(grant, by=officer, reason="รอผลการตรวจสอบการใช้จ่ายงวดแรก")


def _pending(grant, officer):
    save_tranche_plan(grant, by=officer, tranches=default_plan(grant))
    issue_agreement(grant, by=officer)


STAGES = [_active, _closed, _suspended, _pending]


def seed_awards(*, people, call) -> list[Grant]:
    """Take the grants of `call` (last year's, published) through the STAGES, in order."""
    officer = people[Role.OFFICER]
    grants = list(Grant.objects.filter(call=call).order_by("number"))
    for grant, stage in zip(grants, STAGES, strict=False):
        if grant.state == GrantState.AGREEMENT_PENDING and not grant.agreements.exists():
            stage(grant, officer)
    cancelled = _cancelled_in_history(officer)
    return grants + cancelled


def _cancelled_in_history(officer) -> list[Grant]:
    """The last project of the 2024 round: its grant made, then cancelled before signing."""
    call = Call.objects.filter(code="SIG2024").select_related("publication").first()
    if call is None or Grant.objects.filter(call=call).exists():
        return []
    call.officers.add(officer)
    last = call.proposals.filter(grant__isnull=True, decision__isnull=False).order_by("-sequence")
    grants = create_grants_for_publication(
        call.publication, by=officer, only=last.values_list("pk", flat=True)[:1]
    )
    for grant in grants:
        cancel_grant(
            grant, by=officer, reason="องค์กรแจ้งขอถอนตัวก่อนลงนามสัญญา เนื่องจากพื้นที่เป้าหมายเปลี่ยนแปลง"
        )
    return grants
