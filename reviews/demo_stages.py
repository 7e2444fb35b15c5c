"""The demo's multi-stage call (grants.stages): concept note → pitch → full proposal, as NIA
runs them. The concept stage is reviewed and shortlisted; the pitch stage too; at the full
proposal stage one proposal is submitted and one is a draft prefilled from what its
applicant wrote (the demo applicant's, so their dashboard shows "Stage 3 of 3").

Everything goes through the services, as of the days it happened; the timelines are dated
back afterwards (the services judge deadlines by the clock).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grants.enums import CallState, QuestionKind
from grants.models import Call, Programme, Question, Sector
from grants.services import close_call, create_call, open_call, start_review
from grants.stages import stages_of
from portal.enums import Role
from portal.models import User
from portal.refusals import Refusal
from proposals.demo import OTHER_APPLICANTS, _applicant
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.queries import organisation_of
from proposals.services.drafting import DraftContent, save_draft, start_proposal
from proposals.services.screening import screen_proposal
from proposals.services.submission import submit_proposal

from .enums import AssignmentState
from .models import StageResult
from .queries import criteria_of
from .ranking import ranking
from .services.assignment import assign_reviewer
from .services.panels import add_panel_member
from .services.scoring import declare_conflict, save_review, submit_review
from .services.shortlist import shortlist_stage

# (applicant's email, title, problem, innovation, amount, quality of the concept 0..1)
CONCEPTS = [
    (
        "applicant@example.org",
        "ตลาดออนไลน์ผักปลอดสารของกลุ่มเกษตรกรรุ่นใหม่",
        "เกษตรกรขายผักปลอดสารได้ราคาต่ำเพราะพึ่งพ่อค้าคนกลาง",
        "แพลตฟอร์มสั่งซื้อล่วงหน้าที่เชื่อมกลุ่มเกษตรกรกับโรงพยาบาลและโรงเรียนในจังหวัด",
        Decimal("250000"),
        0.85,
    ),
    (
        "applicant2@example.org",
        "ธนาคารน้ำใต้ดินเพื่อแก้ภัยแล้งซ้ำซาก",
        "หมู่บ้านขาดน้ำทำการเกษตรในฤดูแล้งทุกปี",
        "ระบบเติมน้ำใต้ดินแบบปิดที่ชุมชนสร้างและดูแลเอง พร้อมเซนเซอร์วัดระดับน้ำ",
        Decimal("200000"),
        0.8,
    ),
    (
        "applicant3@example.org",
        "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุในชุมชนเมือง",
        "ผู้สูงอายุถูกหลอกลวงทางออนไลน์และเข้าถึงบริการรัฐดิจิทัลไม่ได้",
        "หลักสูตรเพื่อนช่วยเพื่อนที่อาสาสมัครวัยเกษียณสอนกันเองในศาลาชุมชน",
        Decimal("150000"),
        0.7,
    ),
    (
        "applicant4@example.org",
        "ท่องเที่ยวชุมชนผ้าทอมือกับนักออกแบบรุ่นใหม่",
        "ลายผ้าทอพื้นถิ่นกำลังสูญหายและรายได้ของช่างทอไม่แน่นอน",
        "เวิร์กช็อปท่องเที่ยวเชิงสร้างสรรค์ที่นักท่องเที่ยวทอผ้าร่วมกับช่างทอและนักออกแบบ",
        Decimal("180000"),
        0.62,
    ),
    (
        "applicant5@example.org",
        "ระบบแจ้งเตือนน้ำป่าโดยอาสาสมัครต้นน้ำ",
        "หมู่บ้านปลายน้ำได้รับแจ้งเตือนน้ำป่าช้าเกินไป",
        "เครือข่ายอาสาสมัครต้นน้ำรายงานระดับน้ำผ่านไลน์กลุ่มและไซเรนชุมชน",
        Decimal("120000"),
        0.5,
    ),
]
CONCEPT_QUESTION = ("ทำไมต้องเป็นชุมชนนี้ และใครจะเป็นผู้นำการเปลี่ยนแปลง", "Why this community?")
NOT_SHORTLISTED_REASON = "แนวคิดน่าสนใจ แต่ยังไม่ชัดเจนว่าจะขยายผลได้อย่างไร และงบประมาณของประกาศมีจำกัด"


def _bangkok(day, hour=23, minute=59) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _staged_call(*, officer, today) -> Call:
    year = today.year
    slug = f"social-innovation-challenge-{year}"
    existing = Call.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    call = create_call(
        by=officer,
        fields={
            "slug": slug,
            "code": f"SIC{year}",
            "programme": Programme.objects.get(code="business-plan"),
            "title_th": f"ความท้าทายนวัตกรรมสังคม ประจำปี {year + 543}",
            "title_en": f"Social Innovation Challenge {year}",
            "description_th": (
                "ประกาศรับข้อเสนอแบบหลายขั้น: ส่งข้อเสนอโครงการเบื้องต้นสั้น ๆ ก่อน "
                "ผู้ที่ผ่านการคัดเลือกจะได้นำเสนอต่อคณะกรรมการ "
                "แล้วจึงส่งข้อเสนอโครงการฉบับสมบูรณ์"
            ),
            "description_en": (
                "A call in stages: a short concept note first; those shortlisted pitch to the "
                "committee, then write the full proposal."
            ),
            "applicant_types": [],
            "opens_at": _bangkok(today - timedelta(days=60), 9, 0),
            "deadline": _bangkok(today - timedelta(days=40)),
            # Reviews are scored through the services, which refuse after the review
            # period: dated back once the stages are done (_date_back).
            "review_ends_at": _bangkok(today + timedelta(days=30)),
            "results_at": _bangkok(today + timedelta(days=31)),
            "grace_minutes": 0,
            "appeal_days": 15,
            "budget_total": Decimal("500000"),
            "max_per_proposal": Decimal("300000"),
            "reviewers_per_proposal": 2,
            "blind_review": False,
            "stage_weight": 20,
        },
        sectors=Sector.objects.filter(code__in=["agriculture", "urban", "tourism-culture"]),
        stage_template="concept_pitch_full",
    )
    _, pitch, full = stages_of(call)
    for stage in (call, full):  # asked again at the full proposal: the answer is carried
        Question.objects.create(
            call=stage,
            position=0,
            kind=QuestionKind.LONG_TEXT,
            text_th=CONCEPT_QUESTION[0],
            text_en=CONCEPT_QUESTION[1],
        )
    Call.objects.filter(pk=pitch.pk).update(stage_weight=30)
    Call.objects.filter(pk=full.pk).update(stage_weight=50)
    return open_call(call, by=officer, now=call.opens_at)


def _submit_concept(call: Call, spec) -> Proposal | None:
    email, title, problem, innovation, amount, _quality = spec
    user = User.objects.filter(email=email).first()
    if user is None or organisation_of(user) is None:
        return None
    then = call.deadline - timedelta(days=5)
    proposal = start_proposal(call, by=user, title=title, now=then)
    if proposal.state != ProposalState.DRAFT:
        return proposal
    organisation = organisation_of(user)
    primary = call.sectors.order_by("pk").first()
    save_draft(
        proposal,
        by=user,
        expected_version=proposal.version,
        content=DraftContent(
            fields={
                "summary": innovation,
                "problem": problem,
                "innovation": innovation,
                "target_group": "ครัวเรือนในพื้นที่ 150 ครัวเรือน",
                "province": organisation.province,
                "district": "เมือง",
                "primary_sector": primary,
                "requested_amount": amount,
                "duration_months": 12,
            },
            sectors=[primary],
            answers={call.questions.first(): ("ชุมชนรวมกลุ่มกันมาแล้วกว่าห้าปี", None)},
        ),
    )
    return submit_proposal(proposal, by=user, at=then + timedelta(hours=2))


def _review_stage(stage: Call, *, officer, reviewers, quality: dict[int, float]) -> None:
    """Screen the stage's proposals eligible, start its review, and have two reviewers each
    submit a review (points from the proposal's `quality`)."""
    for proposal in Proposal.objects.filter(call=stage, state=ProposalState.SUBMITTED):
        screen_proposal(proposal, eligible=True, by=officer)
    if stage.state == CallState.PUBLISHED:
        if timezone.now() < stage.deadline:
            close_call(stage, by=officer, note="ครบกำหนดการนำเสนอ")
        stage = start_review(stage, by=officer)
    for reviewer in reviewers:
        add_panel_member(stage, reviewer=reviewer, by=officer)
    criteria = criteria_of(stage)
    for index, proposal in enumerate(
        Proposal.objects.filter(call=stage, state=ProposalState.ELIGIBLE).order_by("sequence")
    ):
        share = quality.get(proposal.organisation_id, 0.6)
        for turn, reviewer in enumerate(reviewers[:2]):
            try:
                assignment = assign_reviewer(proposal, reviewer=reviewer, by=officer)
            except Refusal:
                continue
            if assignment.state == AssignmentState.AWAITING_DECLARATION:
                declare_conflict(assignment, has_conflict=False, reason="", by=reviewer)
            lean = 0.05 if turn else -0.05
            points = {
                c.pk: Decimal(round(c.max_points * min(1.0, max(0.1, share + lean)) * 2)) / 2
                for c in criteria
            }
            save_review(
                assignment,
                by=reviewer,
                points=points,
                comment="แนวคิดชัดเจน" if index % 2 else "ควรระบุกลุ่มเป้าหมายให้ชัด",
                feedback="ควรอธิบายแผนการขยายผลและความยั่งยืนหลังจบทุนให้ชัดเจนขึ้น",
            )
            submit_review(assignment, by=reviewer)


def _shortlist_top(stage: Call, *, officer, count: int) -> None:
    if StageResult.objects.filter(proposal__call=stage).exists():
        return
    rows = sorted(ranking(stage), key=lambda row: row.rank)
    shortlist_stage(
        stage,
        shortlisted=[row.pk for row in rows[:count]],
        reason=NOT_SHORTLISTED_REASON,
        by=officer,
    )


def _date_back(stages: list[Call], today) -> None:
    """The stages' timelines where they belong: the concept stage and the pitch are over,
    the full proposal stage is open."""
    days = [(-60, -40, -30, -28), (-27, -20, -12, -10), (-9, 14, 40, 47)]
    for stage, (opens, deadline, review_ends, results) in zip(stages, days, strict=True):
        Call.objects.filter(pk=stage.pk).update(
            opens_at=_bangkok(today + timedelta(days=opens), 9, 0),
            deadline=_bangkok(today + timedelta(days=deadline)),
            review_ends_at=_bangkok(today + timedelta(days=review_ends)),
            results_at=_bangkok(today + timedelta(days=results)),
        )


def _complete_full_proposal(proposal: Proposal) -> None:
    """The second full proposal is written out and submitted (the first stays a draft)."""
    if proposal.state != ProposalState.DRAFT:
        return
    amount = proposal.requested_amount or Decimal("100000")
    save_draft(
        proposal,
        by=proposal.created_by,
        expected_version=proposal.version,
        content=DraftContent(
            budget_lines=[
                {"item": "อุปกรณ์และวัสดุ", "amount": amount * Decimal("0.6")},
                {"item": "ค่าอบรมและจัดกิจกรรมชุมชน", "amount": amount * Decimal("0.4")},
            ],
            team=[{"name": "สมชาย ใจงาม", "role": "หัวหน้าโครงการ", "organisation": ""}],
            outcomes=[
                {
                    "outcome": "ชุมชนมีน้ำใช้ตลอดฤดูแล้ง",
                    "indicator": "จำนวนครัวเรือนที่มีน้ำพอใช้",
                    "target": "150",
                }
            ],
        ),
    )
    submit_proposal(proposal, by=proposal.created_by)


@transaction.atomic
def seed_staged_call(*, people, reviewers) -> Call:
    """The multi-stage call with proposals at each stage; returns its first stage."""
    officer = people[Role.OFFICER]
    today = timezone.localdate()
    for email, name, _spec in OTHER_APPLICANTS:
        _applicant(email, name)
    first = _staged_call(officer=officer, today=today)
    stages = stages_of(first)
    if StageResult.objects.filter(proposal__call=stages[1]).exists():
        return first  # already seeded
    quality = {}
    for spec in CONCEPTS:
        proposal = _submit_concept(first, spec)
        if proposal is not None:
            quality[proposal.organisation_id] = spec[-1]
    _review_stage(first, officer=officer, reviewers=reviewers[1:4], quality=quality)
    _shortlist_top(first, officer=officer, count=4)
    pitch = Call.objects.get(pk=stages[1].pk)
    _review_stage(pitch, officer=officer, reviewers=reviewers[1:4], quality=quality)
    _shortlist_top(Call.objects.get(pk=pitch.pk), officer=officer, count=2)
    drafts = list(Proposal.objects.filter(call=stages[2]).order_by("pk"))
    demo_applicant = people[Role.APPLICANT]
    for proposal in drafts:
        if not proposal.organisation.members.filter(pk=demo_applicant.pk).exists():
            _complete_full_proposal(proposal)
    _date_back(stages, today)
    return first
