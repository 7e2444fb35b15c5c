"""Demo reviews for `manage.py seed_demo`: reviewers, and calls at every stage of review.

- The demo reviewers (reviewer@ and reviewer2@…reviewer6@example.org) with their profiles.
- Last year's call, closed long ago, taken through the whole process: eight proposals from
  the demo organisations, screened, the review started, a panel, automatic assignment (three
  reviewers each), declarations, submitted reviews with varied scores, the committee's
  decisions within the budget, and the results published.
- Committee meetings (reviews.demo_meetings): last year's decisions taken at a meeting with
  its minutes, and the village call's next meeting scheduled.
- The closed "village" call moved to review: a panel, assignments, some reviews submitted
  and some drafted, and the demo reviewer with one proposal awaiting their declaration and
  one to score.

Everything goes through the services; the few writes they cannot express say why.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grants.enums import ApplicantType, CallState
from grants.models import Call, Programme, Sector
from grants.services import create_call, open_call, start_review, update_call
from portal.demo import DEMO_PASSWORD
from portal.enums import Role
from portal.models import RoleGrant, User
from portal.services import record_consent
from proposals.demo import _applicant, _before_deadline, _organisation, _proposal, _write
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.queries import organisation_of
from proposals.services.drafting import start_proposal
from proposals.services.screening import screen_proposal
from proposals.services.submission import submit_proposal

from .demo_appeals import seed_appeals
from .demo_meetings import hold_past_meeting, schedule_next_meeting, seed_committee
from .enums import AssignmentState, DecisionOutcome, ReviewState
from .models import Assignment, Publication, Review
from .queries import criteria_of
from .ranking import ranking
from .services.assignment import assign_reviewer
from .services.automatic import apply_assignment_plan, plan_automatic_assignment
from .services.decisions import record_decision
from .services.panels import add_panel_member, save_reviewer_profile
from .services.publication import publish_results
from .services.scoring import declare_conflict, save_review, submit_review

# (email, full name, organisation, expertise sectors); the first is portal.demo's reviewer.
REVIEWERS = [
    (
        "reviewer@example.org",
        "ดร.สมศักดิ์ ผู้ทรงคุณวุฒิ",
        "มหาวิทยาลัยขอนแก่น",
        ["agriculture", "finance-welfare", "nexus", "environment"],
    ),
    (
        "reviewer2@example.org",
        "ผศ.ดร.วรรณา เกษตรยั่งยืน",
        "มหาวิทยาลัยเกษตรศาสตร์",
        ["agriculture", "nexus", "environment"],
    ),
    (
        "reviewer3@example.org",
        "นพ.ธีรพงษ์ ใจดี",
        "โรงพยาบาลชุมชนห้วยเม็ก",
        ["health", "public-education", "finance-welfare"],
    ),
    (
        "reviewer4@example.org",
        "อรุณี การเงินชุมชน",
        "สถาบันพัฒนาองค์กรชุมชน",
        ["finance-welfare", "tourism-culture", "agriculture"],
    ),
    (
        "reviewer5@example.org",
        "ดร.กิตติ เมืองใหม่",
        "มหาวิทยาลัยเชียงใหม่",
        ["urban", "disaster", "environment", "health"],
    ),
    (
        "reviewer6@example.org",
        "อ.สุภาพร ศึกษาดี",
        "มหาวิทยาลัยสงขลานครินทร์",
        ["public-education", "tourism-culture", "urban"],
    ),
]
# What each reviewer wrote about their expertise (reviews.matching reads it with the sectors).
EXPERTISE_TEXTS = {
    "reviewer@example.org": "เศรษฐศาสตร์การเกษตรและวิสาหกิจชุมชน สวัสดิการชุมชน "
    "การจัดการน้ำและสิ่งแวดล้อมในภาคอีสาน",
    "reviewer2@example.org": "เกษตรยั่งยืน พันธุ์ข้าวพื้นเมือง ธนาคารเมล็ดพันธุ์ เกษตรอินทรีย์และความมั่นคงทางอาหาร",
    "reviewer3@example.org": "สาธารณสุขชุมชน การดูแลผู้สูงอายุและผู้ป่วยติดเตียง โภชนาการ "
    "และการส่งเสริมสุขภาพในโรงเรียน",
    "reviewer4@example.org": "กองทุนสวัสดิการชุมชน การเงินฐานราก การออมและหนี้นอกระบบ "
    "ท่องเที่ยวโดยชุมชนและผ้าทอพื้นถิ่น",
    "reviewer5@example.org": "Urban planning, flood early warning and disaster risk in cities; "
    "การวางผังเมือง ภัยพิบัติและน้ำท่วม",
    "reviewer6@example.org": "การศึกษาของเด็กในชุมชนแออัด ห้องเรียนชุมชน พี่เลี้ยงเยาวชน และมรดกทางวัฒนธรรม",
}

# Three more demo applicants, so that last year's call has eight organisations' proposals.
MORE_APPLICANTS = [
    (
        "applicant6@example.org",
        "ประยุทธ์ ศรีสุข",
        {
            "name": "มูลนิธิสุขภาพชุมชนอีสาน",
            "type": ApplicantType.FOUNDATION_NGO,
            "province": "TH-40",
            "address": "77 ถ.มิตรภาพ ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น 40000",
            "phone": "043 222 111",
        },
    ),
    (
        "applicant7@example.org",
        "จันทร์เพ็ญ ทะเลงาม",
        {
            "name": "วิสาหกิจชุมชนประมงพื้นบ้านบ้านแหลม",
            "type": ApplicantType.COMMUNITY_ENTERPRISE,
            "province": "TH-76",
            "address": "9 หมู่ 1 ต.บ้านแหลม อ.บ้านแหลม จ.เพชรบุรี 76110",
            "phone": "032 481 234",
        },
    ),
    (
        "applicant8@example.org",
        "สุรชัย ดอยคำ",
        {
            "name": "บริษัท ดอยสร้างสรรค์ วิสาหกิจเพื่อสังคม จำกัด",
            "type": ApplicantType.SOCIAL_ENTERPRISE,
            "province": "TH-57",
            "address": "200 ถ.พหลโยธิน ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย 57000",
            "phone": "053 711 999",
        },
    ),
]


def _content(title, summary, province, district, sectors, lines, lead, organisation):
    return _proposal(
        title=title,
        summary=summary,
        problem=f"ปัญหาที่ชุมชนเผชิญ: {summary}",
        innovation=f"แนวทางใหม่ของโครงการ: {title}",
        target_group="ครัวเรือนในพื้นที่โครงการ 200 ครัวเรือน",
        province=province,
        district=district,
        sectors=sectors,
        lines=lines,
        team=[(lead, "หัวหน้าโครงการ", organisation)],
        outcomes=[("ชุมชนได้ประโยชน์จากนวัตกรรม", "จำนวนครัวเรือนที่ได้ประโยชน์", "200 ครัวเรือน")],
    )


# Last year's proposals, by applicant: (email, content, eligible).
PAST_PROPOSALS = [
    (
        "applicant@example.org",
        _content(
            "โรงอบพลังงานแสงอาทิตย์สำหรับปลาแดดเดียวริมโขง",
            "กลุ่มประมงริมโขงแปรรูปปลาด้วยโรงอบพลังงานแสงอาทิตย์ที่สะอาดและขายได้ราคาดีขึ้น",
            "TH-43",
            "เมืองหนองคาย",
            ["agriculture", "environment"],
            [("โรงอบพลังงานแสงอาทิตย์ 2 หลัง", "120000"), ("อบรมการแปรรูปและการตลาด", "30000")],
            "มานี รักชุมชน",
            "วิสาหกิจชุมชนบ้านหนองบัว",
        ),
        True,
    ),
    (
        "applicant2@example.org",
        _content(
            "ห้องสมุดเคลื่อนที่ในชุมชนแออัด",
            "รถห้องสมุดเคลื่อนที่และอาสาสมัครอ่านหนังสือให้เด็กในชุมชนแออัดทุกสัปดาห์",
            "TH-10",
            "ดินแดง",
            ["public-education"],
            [("ดัดแปลงรถห้องสมุด", "90000"), ("หนังสือและสื่อการเรียนรู้", "40000")],
            "สมชาย ใจงาม",
            "มูลนิธิเพื่อนเด็กเมือง",
        ),
        True,
    ),
    (
        "applicant3@example.org",
        _content(
            "ครัวกลางอาหารสุขภาพสำหรับโรงเรียน",
            "ครัวกลางที่ทำอาหารกลางวันลดหวานมันเค็มให้โรงเรียนขนาดเล็กในเชียงใหม่",
            "TH-50",
            "เมืองเชียงใหม่",
            ["health", "public-education"],
            [("อุปกรณ์ครัวกลาง", "110000"), ("นักโภชนาการและการอบรม", "70000")],
            "ปราณี สุขใจ",
            "บริษัท ยิ้มสู้ วิสาหกิจเพื่อสังคม จำกัด",
        ),
        True,
    ),
    (
        "applicant4@example.org",
        _content(
            "ระบบน้ำหยดพลังงานแสงอาทิตย์สำหรับแปลงผักชุมชน",
            "แปลงผักรวมของตำบลใช้น้ำหยดและปั๊มพลังงานแสงอาทิตย์ ลดการใช้น้ำในหน้าแล้ง",
            "TH-46",
            "ห้วยเม็ก",
            ["agriculture", "nexus"],
            [("ปั๊มน้ำพลังงานแสงอาทิตย์", "100000"), ("ท่อและหัวน้ำหยด", "60000")],
            "อนันต์ ทองดี",
            "องค์การบริหารส่วนตำบลโนนสะอาด",
        ),
        True,
    ),
    (
        "applicant5@example.org",
        _content(
            "ตลาดออนไลน์ผ้าทอชายแดนใต้",
            "ร้านค้าออนไลน์ร่วมของกลุ่มทอผ้าสามหมู่บ้าน พร้อมระบบแบ่งรายได้ที่โปร่งใส",
            "TH-96",
            "ระแงะ",
            ["finance-welfare", "tourism-culture"],
            [("พัฒนาร้านค้าออนไลน์", "60000"), ("อบรมการถ่ายภาพและการขาย", "40000")],
            "ซูไฮลา ดอเลาะ",
            "วิสาหกิจชุมชนกลุ่มทอผ้าบ้านบาโงย",
        ),
        True,
    ),
    (
        "applicant6@example.org",
        _content(
            "อาสาสมัครดูแลผู้ป่วยติดเตียงด้วยแอปเยี่ยมบ้าน",
            "อาสาสมัครสาธารณสุขใช้แอปบันทึกการเยี่ยมบ้านผู้ป่วยติดเตียงและส่งต่อโรงพยาบาล",
            "TH-40",
            "เมืองขอนแก่น",
            ["health"],
            [("พัฒนาแอปเยี่ยมบ้าน", "80000"), ("อบรมอาสาสมัคร 100 คน", "60000")],
            "ประยุทธ์ ศรีสุข",
            "มูลนิธิสุขภาพชุมชนอีสาน",
        ),
        True,
    ),
    (
        "applicant7@example.org",
        _content(
            "ธนาคารปูม้าชุมชนบ้านแหลม",
            "ชาวประมงฝากแม่ปูไข่นอกกระดองไว้เพาะฟัก แล้วปล่อยลูกปูคืนทะเลเพื่อเพิ่มผลผลิต",
            "TH-76",
            "บ้านแหลม",
            ["environment", "agriculture"],
            [("กระชังและถังเพาะฟัก", "70000"), ("ค่าดำเนินงานธนาคารปู 12 เดือน", "50000")],
            "จันทร์เพ็ญ ทะเลงาม",
            "วิสาหกิจชุมชนประมงพื้นบ้านบ้านแหลม",
        ),
        True,
    ),
    (
        "applicant8@example.org",
        _content(
            "แพลตฟอร์มท่องเที่ยวชุมชนบนดอย",
            "แพลตฟอร์มจองที่พักและกิจกรรมของชุมชนชาติพันธุ์บนดอย โดยชุมชนกำหนดราคาเอง",
            "TH-57",
            "เมืองเชียงราย",
            ["tourism-culture"],
            [("พัฒนาแพลตฟอร์ม", "150000"), ("ประชาสัมพันธ์", "50000")],
            "สุรชัย ดอยคำ",
            "บริษัท ดอยสร้างสรรค์ วิสาหกิจเพื่อสังคม จำกัด",
        ),
        False,
    ),
]
INELIGIBLE_REASON = "ค่าใช้จ่ายส่วนใหญ่เป็นการพัฒนาซอฟต์แวร์เชิงพาณิชย์ ซึ่งอยู่นอกขอบเขตของทุน"

# How good each of last year's proposals is (0–1, in PAST_PROPOSALS order) and how each
# reviewer leans (in REVIEWERS order), so that the scores differ believably.
QUALITY = [0.86, 0.62, 0.78, 0.9, 0.55, 0.7, 0.8, 0.5]
LEANING = [0.02, -0.06, 0.05, -0.02, 0.07, -0.04]


def _bangkok(day, hour=23, minute=59) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# ---------------------------------------------------------------- people


def seed_reviewers(*, people) -> list[User]:
    """The demo reviewers, each with a reviewer profile; returns them in REVIEWERS order.

    The extra reviewers are made as portal.demo makes the demo people (no service creates a
    reviewer without an emailed invitation, and the example.org addresses get no mail).
    """
    reviewers = []
    for email, full_name, organisation, expertise in REVIEWERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, language="th"
            )
            record_consent(user)
        RoleGrant.objects.get_or_create(
            user=user, role=Role.REVIEWER, defaults={"granted_by": people.get(Role.ADMINISTRATOR)}
        )
        user.__dict__.pop("roles", None)  # the role was just granted
        if not hasattr(user, "reviewer_profile"):
            save_reviewer_profile(
                user=user,
                fields={
                    "organisation_name": organisation,
                    "max_per_call": 10,
                    "expertise_text": EXPERTISE_TEXTS.get(email, ""),
                },
                expertise=Sector.objects.filter(code__in=expertise),
            )
        reviewers.append(user)
    return reviewers


# ---------------------------------------------------------------- last year's call


def past_call_spec(*, today) -> dict:
    year = today.year - 1
    return {
        "slug": f"local-community-innovation-{year}",
        "code": f"LCI{year}",
        "programme": "project-grants",
        "sectors": [
            "agriculture",
            "environment",
            "health",
            "public-education",
            "finance-welfare",
            "tourism-culture",
            "nexus",
        ],
        "title_th": f"ทุนนวัตกรรมเพื่อชุมชนท้องถิ่น ประจำปี {year + 543}",
        "title_en": f"Local Community Innovation Fund {year}",
        "description_th": (
            "สนับสนุนนวัตกรรมที่ชุมชนท้องถิ่นคิดและทำเอง เพื่อแก้ปัญหาปากท้อง สุขภาพ การศึกษา และสิ่งแวดล้อมในพื้นที่ของตน"
        ),
        "description_en": (
            "Supports innovations that local communities design and run themselves, for "
            "livelihoods, health, education and the environment in their own area."
        ),
        "opens_at": _bangkok(today - timedelta(days=420), 9, 0),
        "deadline": _bangkok(today - timedelta(days=360)),
        "budget_total": Decimal("700000"),
        "max_per_proposal": Decimal("200000"),
        "applicant_types": [],
    }


def _past_call(*, officer, today) -> Call:
    spec = past_call_spec(today=today)
    existing = Call.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing
    sectors = Sector.objects.filter(code__in=spec.pop("sectors"))
    spec["programme"] = Programme.objects.get(code=spec["programme"])
    # Reviews are scored through the services, which refuse after the review period: the
    # call is created with a review period that is still running, and dated back once its
    # results are published (see _date_back).
    spec["review_ends_at"] = _bangkok(today + timedelta(days=30))
    spec["results_at"] = spec["review_ends_at"] + timedelta(days=7)
    call = create_call(by=officer, fields=spec, sectors=sectors)
    # Published as of its opening day: a call whose deadline has passed is not published now.
    return open_call(call, by=officer, now=call.opens_at)


def _submit_before_deadline(call: Call, *, user: User, content: dict) -> Proposal | None:
    if Proposal.objects.filter(call=call, organisation=organisation_of(user)).exists():
        return None
    then = _before_deadline(call)
    proposal = start_proposal(call, by=user, title=content["title"], now=then)
    proposal = _write(proposal, by=user, content=content)
    proposal = submit_proposal(proposal, by=user, at=then + timedelta(hours=2))
    # As in proposals.demo: the log row is written at the real time; date it when it happened.
    proposal.events.filter(to_state=ProposalState.SUBMITTED).update(at=proposal.submitted_at)
    return proposal


def _points(criteria, quality: float, leaning: float, salt: int) -> dict:
    points = {}
    for index, criterion in enumerate(criteria):
        wobble = ((salt * 7 + index * 5) % 5 - 2) * 0.04
        share = min(1.0, max(0.1, quality + leaning + wobble))
        points[criterion.pk] = Decimal(round(criterion.max_points * share * 2)) / 2  # halves
    return points


def _review(assignment: Assignment, *, points: dict, submit: bool, comment: str = "") -> None:
    """Declare no conflict (if not yet), save the points and, if `submit`, submit."""
    reviewer = assignment.reviewer
    if assignment.state == AssignmentState.AWAITING_DECLARATION:
        declare_conflict(assignment, has_conflict=False, reason="", by=reviewer)
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.state == ReviewState.SUBMITTED:
        return
    if review is None:
        save_review(
            assignment,
            by=reviewer,
            points=points,
            comment=comment or "แนวคิดชัดเจน ชุมชนมีส่วนร่วม ควรระบุตัวชี้วัดให้วัดผลได้มากขึ้น",
            feedback="ควรวางแผนการขยายผลหลังจบโครงการให้ชัดเจนขึ้น",
        )
    if submit:
        submit_review(assignment, by=reviewer)


DECISION_REASONS = {
    DecisionOutcome.AWARD: "คะแนนสูง แนวคิดมีศักยภาพในการขยายผล และงบประมาณสมเหตุสมผล",
    DecisionOutcome.RESERVE: "คะแนนผ่านเกณฑ์ แต่งบประมาณของประกาศไม่เพียงพอ",
    DecisionOutcome.NOT_SELECTED: "คะแนนต่ำกว่าโครงการอื่น และยังขาดแผนการดำเนินงานที่ชัดเจน",
}


def _decide_within_budget(call: Call, *, by) -> None:
    """Award from the top of the ranking while the budget lasts, then two on the reserve
    list, the rest not selected; proposals already decided are left as they are."""
    rows = sorted(ranking(call), key=lambda row: row.rank)
    remaining = call.budget_total
    reserve = 0
    for row in rows:
        proposal = row.obj
        if hasattr(proposal, "decision"):
            continue
        amount = row.requested_amount
        if row.passes_thresholds and amount <= remaining:
            outcome = DecisionOutcome.AWARD
            remaining -= amount
        elif reserve < 2:
            outcome, reserve = DecisionOutcome.RESERVE, reserve + 1
        else:
            outcome = DecisionOutcome.NOT_SELECTED
        record_decision(
            proposal,
            outcome=outcome,
            amount=amount if outcome == DecisionOutcome.AWARD else None,
            reserve_rank=reserve if outcome == DecisionOutcome.RESERVE else None,
            reason=DECISION_REASONS[outcome],
            by=by,
        )


def _date_back(call: Call) -> None:
    """Put the review period and the results of last year's call where they belong."""
    update_call(
        call,
        fields={
            "review_ends_at": call.deadline + timedelta(days=30),
            "results_at": call.deadline + timedelta(days=45),
        },
    )
    # publish_results stamps the real time; the announcement is dated on the results day.
    Publication.objects.filter(call=call).update(published_at=call.results_at)


def seed_past_call(*, people, reviewers, today) -> Call:
    """Last year's call, through every stage up to its published results."""
    officer, committee = people[Role.OFFICER], people[Role.COMMITTEE]
    call = _past_call(officer=officer, today=today)
    applicants = {email: _applicant(email, name) for email, name, _spec in MORE_APPLICANTS}
    for email, _name, spec in MORE_APPLICANTS:
        _organisation(applicants[email], spec)
    if call.state == CallState.PUBLISHED:
        for email, content, eligible in PAST_PROPOSALS:
            user = User.objects.get(email=email)
            proposal = _submit_before_deadline(call, user=user, content=content)
            if proposal is not None:
                screen_proposal(
                    proposal,
                    eligible=eligible,
                    reason="" if eligible else INELIGIBLE_REASON,
                    by=officer,
                )
        call = start_review(call, by=officer)
    if call.state != CallState.IN_REVIEW:
        return call

    for reviewer in reviewers:
        add_panel_member(call, reviewer=reviewer, by=officer)
    apply_assignment_plan(call, plan_automatic_assignment(call), by=officer)
    criteria = criteria_of(call)
    order = {email: index for index, (email, _c, _e) in enumerate(PAST_PROPOSALS)}
    leaning = {reviewer.pk: LEANING[index] for index, reviewer in enumerate(reviewers)}
    assignments = (
        Assignment.objects.filter(proposal__call=call)
        .select_related("proposal__call", "proposal__organisation", "reviewer")
        .order_by("proposal__sequence", "reviewer__email")
    )
    for salt, assignment in enumerate(assignments):
        member = assignment.proposal.organisation.members.order_by("pk").first()
        quality = QUALITY[order[member.email]]
        points = _points(criteria, quality, leaning.get(assignment.reviewer_id, 0.0), salt)
        _review(assignment, points=points, submit=True)
    # The committee decides at a meeting (reviews.demo_meetings); anything it left open is
    # decided here as it would have been.
    hold_past_meeting(
        call, people=people, committee=seed_committee(people=people), reasons=DECISION_REASONS
    )
    _decide_within_budget(call, by=committee)
    publish_results(
        call,
        by=committee,
        signatory_name_th="นายสมชาย ใจดี",
        signatory_position_th="ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ",
        signatory_name_en="Mr Somchai Jaidee",
        signatory_position_en="Director, National Innovation Agency",
    )
    _date_back(call)
    return call


# ---------------------------------------------------------------- the call in review


VILLAGE_QUALITY = (0.88, 0.55, 0.66, 0.5)  # by review, in the order seed_village_review goes


def seed_village_review(*, people, reviewers, village: Call) -> Call:
    """The closed village call in review: the demo reviewer has one proposal awaiting their
    declaration and one to score; the others have submitted or drafted their reviews."""
    officer = people[Role.OFFICER]
    if village.state in (CallState.PUBLISHED, CallState.CLOSED):
        village = start_review(village, by=officer)
    if village.state != CallState.IN_REVIEW:
        return village
    demo_reviewer = reviewers[0]
    for reviewer in reviewers[:4]:
        add_panel_member(village, reviewer=reviewer, by=officer)
    pool = list(
        Proposal.objects.filter(call=village, state=ProposalState.ELIGIBLE).order_by("sequence")
    )
    if len(pool) < 2:
        return village
    first, second = pool[:2]
    for proposal in (first, second):
        if not Assignment.objects.filter(proposal=proposal, reviewer=demo_reviewer).exists():
            assign_reviewer(proposal, reviewer=demo_reviewer, by=officer)
    apply_assignment_plan(village, plan_automatic_assignment(village), by=officer)

    criteria = criteria_of(village)
    # The demo reviewer: the first proposal declared and half scored, the second untouched.
    mine = Assignment.objects.select_related("proposal__call", "reviewer").get(
        proposal=first, reviewer=demo_reviewer
    )
    if mine.state == AssignmentState.AWAITING_DECLARATION:
        half = _points(criteria[: len(criteria) // 2], 0.8, 0.0, 1)
        _review(mine, points=half, submit=False, comment="ยังอ่านไม่จบ")
    theirs = (
        Assignment.objects.filter(proposal__in=pool[:2])
        .exclude(reviewer=demo_reviewer)
        .select_related("proposal__call", "reviewer")
        .order_by("proposal__sequence", "reviewer__email")
    )
    for salt, assignment in enumerate(theirs):
        if assignment.state != AssignmentState.AWAITING_DECLARATION:
            continue
        # All the first proposal's reviews are in; the second has one in and one drafted.
        submit = assignment.proposal_id == first.pk or salt % 2 == 0
        # The first proposal's two reviewers disagree (80 and 55: flagged on the ranking,
        # where the officer may add one more reviewer); the second has 75.
        points = _points(criteria, VILLAGE_QUALITY[salt % len(VILLAGE_QUALITY)], 0.0, salt)
        _review(assignment, points=points, submit=submit)
    return village


@transaction.atomic
def seed_reviews(*, people, calls: dict[str, Call]) -> dict[str, Call]:
    """Create what is missing of the demo reviews; returns the calls it worked on.

    Side effects: the demo reviewers and their profiles; last year's call with its
    proposals, reviews, decisions and published results, and an appeal with the committee
    (reviews.demo_appeals); the village call in review with a panel, assignments and
    reviews. Notifications are queued as for any of these actions.
    """
    today = timezone.localdate()
    reviewers = seed_reviewers(people=people)
    past = seed_past_call(people=people, reviewers=reviewers, today=today)
    village = seed_village_review(people=people, reviewers=reviewers, village=calls["village"])
    if village.state == CallState.IN_REVIEW:
        schedule_next_meeting(village, people=people, committee=seed_committee(people=people))
    seed_appeals(people=people, past=past)
    return {"past": past, "village": village}
