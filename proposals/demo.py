"""Demo proposals for `manage.py seed_demo`.

The demo applicant's organisation with one complete draft on the open call and a team (the
demo applicant owns it; a colleague edits, another reads, a third is invited), and other demo
organisations' proposals: submitted on the open call, and submitted before the deadline of
the closed call, some of them screened eligible. Everything goes through the services.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction

from grants.enums import ApplicantType
from grants.models import Call, Province, Sector
from grants.phases import accepts_new_drafts
from portal.demo import DEMO_PASSWORD
from portal.models import User
from portal.services import register_applicant

from .enums import MemberRole, ProposalState
from .models import OrganisationMembership, Proposal, TeamInvitation
from .queries import organisation_of
from .services.drafting import DraftContent, save_draft, save_organisation, start_proposal
from .services.screening import check_duplicates, screen_proposal
from .services.submission import submit_proposal
from .services.team import accept_team_invitation, invite_to_team

T = ApplicantType

DEMO_ORGANISATION = {
    "name": "วิสาหกิจชุมชนบ้านหนองบัว",
    "type": T.COMMUNITY_ENTERPRISE,
    "province": "TH-43",
    "address": "45 หมู่ 7 ต.หนองกอมเกาะ อ.เมืองหนองคาย จ.หนองคาย 43000",
    "phone": "042 411 222",
}

# The demo organisation's team besides its owner (the demo applicant): (email, full name,
# role); they accept their invitations. And one colleague invited who has not answered yet.
TEAM_MEMBERS = [
    ("editor@example.org", "สุดา ช่วยเขียน", MemberRole.EDITOR),
    ("viewer@example.org", "วีระ อ่านละเอียด", MemberRole.VIEWER),
]
TEAM_INVITED = ("treasurer@example.org", MemberRole.VIEWER)

# The other demo applicants: (email, full name, organisation).
OTHER_APPLICANTS = [
    (
        "applicant2@example.org",
        "สมชาย ใจงาม",
        {
            "name": "มูลนิธิเพื่อนเด็กเมือง",
            "type": T.FOUNDATION_NGO,
            "province": "TH-10",
            "address": "88 ซอยประชาสงเคราะห์ 12 แขวงดินแดง เขตดินแดง กรุงเทพมหานคร 10400",
            "phone": "02 245 6789",
        },
    ),
    (
        "applicant3@example.org",
        "ปราณี สุขใจ",
        {
            "name": "บริษัท ยิ้มสู้ วิสาหกิจเพื่อสังคม จำกัด",
            "type": T.SOCIAL_ENTERPRISE,
            "province": "TH-50",
            "address": "19 ถ.นิมมานเหมินท์ ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200",
            "phone": "053 222 333",
        },
    ),
    (
        "applicant4@example.org",
        "อนันต์ ทองดี",
        {
            "name": "องค์การบริหารส่วนตำบลโนนสะอาด",
            "type": T.LOCAL_GOVERNMENT,
            "province": "TH-46",
            "address": "1 หมู่ 2 ต.โนนสะอาด อ.ห้วยเม็ก จ.กาฬสินธุ์ 46170",
            "phone": "043 811 456",
        },
    ),
    (
        "applicant5@example.org",
        "ซูไฮลา ดอเลาะ",
        {
            "name": "วิสาหกิจชุมชนกลุ่มทอผ้าบ้านบาโงย",
            "type": T.COMMUNITY_ENTERPRISE,
            "province": "TH-96",
            "address": "23 หมู่ 4 ต.บาโงสะโต อ.ระแงะ จ.นราธิวาส 96130",
            "phone": "073 511 789",
        },
    ),
]


def _proposal(
    *,
    title,
    summary,
    problem,
    innovation,
    target_group,
    province,
    district,
    sectors,
    lines,
    team,
    outcomes,
    months=12,
) -> dict:
    """One proposal's content; the requested amount is the sum of its budget lines."""
    return {
        "title": title,
        "fields": {
            "summary": summary,
            "problem": problem,
            "innovation": innovation,
            "target_group": target_group,
            "province": province,
            "district": district,
            "requested_amount": sum((Decimal(amount) for _item, amount in lines), Decimal(0)),
            "duration_months": months,
        },
        "sectors": sectors,  # the first is the primary sector
        "budget_lines": [{"item": item, "amount": Decimal(amount)} for item, amount in lines],
        "team": [{"name": n, "role": r, "organisation": o} for n, r, o in team],
        "outcomes": [{"outcome": o, "indicator": i, "target": t} for o, i, t in outcomes],
    }


DEMO_DRAFT = _proposal(
    title="ระบบเตือนภัยน้ำโขงล้นตลิ่งโดยชุมชน",
    summary=(
        "ชุมชนริมโขงติดตั้งเซนเซอร์วัดระดับน้ำราคาถูก และแจ้งเตือนผ่านกลุ่มไลน์และหอกระจายข่าว"
        "ก่อนน้ำล้นตลิ่งอย่างน้อย 12 ชั่วโมง"
    ),
    problem=(
        "น้ำโขงล้นตลิ่งเกือบทุกปี ชาวบ้านรู้ตัวช้า ขนย้ายข้าวของและเรือประมงไม่ทัน ความเสียหายเฉลี่ยปีละกว่า 2 ล้านบาท"
    ),
    innovation=(
        "เซนเซอร์อัลตราโซนิกพลังงานแสงอาทิตย์ 6 จุด ส่งข้อมูลทุก 15 นาที อาสาสมัครชุมชนดูแลและตัดสินใจประกาศเตือนเอง"
    ),
    target_group="ครัวเรือนริมโขง 320 ครัวเรือน และเรือประมงพื้นบ้าน 85 ลำ ใน 4 หมู่บ้าน",
    province="TH-43",
    district="เมืองหนองคาย",
    sectors=["disaster", "environment"],
    lines=[
        ("เซนเซอร์วัดระดับน้ำพร้อมแผงโซลาร์เซลล์ 6 ชุด", "90000"),
        ("ระบบแจ้งเตือนผ่านไลน์และหอกระจายข่าว", "60000"),
        ("อบรมอาสาสมัครเฝ้าระวัง 3 รุ่น", "70000"),
        ("ประสานงาน ติดตามและสรุปผล", "30000"),
    ],
    team=[
        ("มานี รักชุมชน", "หัวหน้าโครงการ", "วิสาหกิจชุมชนบ้านหนองบัว"),
        ("บุญมี ศรีหนองคาย", "ผู้ดูแลระบบเซนเซอร์", "วิทยาลัยเทคนิคหนองคาย"),
    ],
    outcomes=[
        ("ครัวเรือนได้รับแจ้งเตือนล่วงหน้า", "ชั่วโมงที่แจ้งเตือนก่อนน้ำล้นตลิ่ง", "12 ชั่วโมง"),
        ("ความเสียหายจากน้ำท่วมลดลง", "มูลค่าความเสียหายต่อปี", "ลดลงร้อยละ 50"),
    ],
)

# (applicant's email, call key, whether the officer screened it eligible, content)
SUBMITTED = [
    (
        "applicant2@example.org",
        "ccic",
        False,
        _proposal(
            title="ห้องเรียนชุมชนหลังเลิกเรียนในชุมชนแออัด",
            summary="พื้นที่เรียนรู้หลังเลิกเรียนที่เยาวชนในชุมชนเป็นพี่เลี้ยงให้น้อง ๆ",
            problem="เด็กในชุมชนแออัดไม่มีที่ทำการบ้านและขาดผู้ดูแลหลังเลิกเรียน",
            innovation="พี่เลี้ยงเยาวชนได้ค่าตอบแทนเป็นทุนการศึกษา และใช้ห้องว่างของวัดและมัสยิด",
            target_group="เด็กอายุ 7–12 ปี 150 คน ใน 3 ชุมชนของเขตดินแดง",
            province="TH-10",
            district="ดินแดง",
            sectors=["public-education", "urban"],
            lines=[
                ("ทุนการศึกษาพี่เลี้ยงเยาวชน 15 คน", "120000"),
                ("อุปกรณ์การเรียนและหนังสือ", "40000"),
                ("ประเมินผลการเรียนรู้", "20000"),
            ],
            team=[
                ("สมชาย ใจงาม", "หัวหน้าโครงการ", "มูลนิธิเพื่อนเด็กเมือง"),
                ("อรทัย แสงดาว", "ผู้ประสานงานชุมชน", ""),
            ],
            outcomes=[("เด็กทำการบ้านครบ", "ร้อยละของการบ้านที่ส่งครบ", "ร้อยละ 90")],
        ),
    ),
    (
        "applicant3@example.org",
        "ccic",
        False,
        _proposal(
            title="รถเข็นอาหารสุขภาพสำหรับผู้สูงอายุในเมือง",
            summary="รถเข็นอาหารลดเค็มลดหวาน ขายในราคาเข้าถึงได้ ใกล้บ้านผู้สูงอายุที่อยู่ลำพัง",
            problem="ผู้สูงอายุในเมืองที่อยู่ลำพังซื้ออาหารสำเร็จรูปที่เค็มและหวานเกินไป",
            innovation="เมนูที่นักโภชนาการกับแม่ค้าในชุมชนออกแบบร่วมกัน และบัตรสะสมแต้มสุขภาพ",
            target_group="ผู้สูงอายุ 400 คน ในเขตเทศบาลนครเชียงใหม่",
            province="TH-50",
            district="เมืองเชียงใหม่",
            sectors=["health", "urban"],
            lines=[
                ("รถเข็นและอุปกรณ์ครัว 5 คัน", "150000"),
                ("ค่าอบรมแม่ค้าและนักโภชนาการ", "90000"),
                ("ตรวจสุขภาพผู้สูงอายุก่อนและหลัง", "60000"),
            ],
            team=[("ปราณี สุขใจ", "ผู้จัดการโครงการ", "บริษัท ยิ้มสู้ วิสาหกิจเพื่อสังคม จำกัด")],
            outcomes=[("ผู้สูงอายุกินเค็มน้อยลง", "ค่าความดันโลหิตเฉลี่ย", "ลดลง 5 mmHg")],
        ),
    ),
    (
        "applicant2@example.org",
        "village",
        True,
        _proposal(
            title="กองทุนสวัสดิการชุมชนคนจนเมือง",
            summary="กองทุนออมวันละบาทที่ให้สวัสดิการยามเจ็บป่วยและการศึกษาของบุตร",
            problem="ครัวเรือนรายได้น้อยไม่มีหลักประกันยามเจ็บป่วย ต้องกู้นอกระบบ",
            innovation="ขยายต้นแบบกองทุนวันละบาทที่พิสูจน์แล้ว พร้อมแอปบันทึกบัญชีสำหรับกรรมการ",
            target_group="สมาชิก 300 ครัวเรือน ใน 5 ชุมชน",
            province="TH-10",
            district="ดินแดง",
            sectors=["finance-welfare"],
            lines=[
                ("อบรมกรรมการกองทุน", "45000"),
                ("แอปบันทึกบัญชีและค่าบำรุงรักษา", "50000"),
            ],
            team=[("สมชาย ใจงาม", "หัวหน้าโครงการ", "มูลนิธิเพื่อนเด็กเมือง")],
            outcomes=[("ลดหนี้นอกระบบ", "ครัวเรือนที่เลิกกู้นอกระบบ", "100 ครัวเรือน")],
        ),
    ),
    (
        "applicant4@example.org",
        "village",
        True,
        _proposal(
            title="ธนาคารเมล็ดพันธุ์ข้าวพื้นเมือง",
            summary="ธนาคารเมล็ดพันธุ์ที่ชาวนายืมเมล็ดข้าวพื้นเมืองและคืนเป็นเมล็ดหลังเก็บเกี่ยว",
            problem="ชาวนาต้องซื้อเมล็ดพันธุ์ทุกปีและพันธุ์ข้าวพื้นเมืองกำลังหายไป",
            innovation="ขยายต้นแบบธนาคารเมล็ดพันธุ์ โดยมี อบต. เป็นผู้ดูแลโรงเก็บและทะเบียน",
            target_group="ชาวนา 200 ครัวเรือน ใน 8 หมู่บ้านของตำบลโนนสะอาด",
            province="TH-46",
            district="ห้วยเม็ก",
            sectors=["agriculture", "nexus"],
            lines=[
                ("ปรับปรุงโรงเก็บเมล็ดพันธุ์", "60000"),
                ("เมล็ดพันธุ์ตั้งต้น 8 สายพันธุ์", "25000"),
                ("อบรมการคัดพันธุ์", "15000"),
            ],
            team=[
                ("อนันต์ ทองดี", "หัวหน้าโครงการ", "องค์การบริหารส่วนตำบลโนนสะอาด"),
                ("สายสุนีย์ นาคำ", "ปราชญ์ชาวบ้าน", ""),
            ],
            outcomes=[("ชาวนาลดต้นทุน", "ค่าเมล็ดพันธุ์ต่อไร่", "ลดลงร้อยละ 60")],
            months=18,
        ),
    ),
    (
        "applicant5@example.org",
        "village",
        False,
        _proposal(
            title="ผ้าบาติกสร้างรายได้แม่บ้านชายแดนใต้",
            summary="กลุ่มแม่บ้านทอและเขียนผ้าบาติกลายท้องถิ่น ขายผ่านร้านค้าออนไลน์ของกลุ่ม",
            problem="แม่บ้านในหมู่บ้านไม่มีรายได้ประจำ และลายผ้าท้องถิ่นไม่มีผู้สืบทอด",
            innovation="ขยายต้นแบบร้านค้าออนไลน์ของกลุ่ม พร้อมระบบแบ่งรายได้ที่โปร่งใส",
            target_group="แม่บ้าน 60 คน ใน 3 หมู่บ้าน",
            province="TH-96",
            district="ระแงะ",
            sectors=["finance-welfare"],
            lines=[
                ("อุปกรณ์เขียนผ้าบาติก", "35000"),
                ("อบรมการขายออนไลน์", "25000"),
                ("ค่าจัดทำร้านค้าออนไลน์", "20000"),
            ],
            team=[("ซูไฮลา ดอเลาะ", "ประธานกลุ่ม", "วิสาหกิจชุมชนกลุ่มทอผ้าบ้านบาโงย")],
            outcomes=[("แม่บ้านมีรายได้เสริม", "รายได้ต่อคนต่อเดือน", "3,000 บาท")],
        ),
    ),
    # The seed bank again, to this year's open call, reworded: check_duplicates flags it.
    (
        "applicant4@example.org",
        "ccic",
        False,
        _proposal(
            title="ธนาคารเมล็ดพันธุ์ข้าวพื้นเมืองของตำบล",
            summary="ชาวนายืมเมล็ดข้าวพื้นเมืองจากธนาคารเมล็ดพันธุ์ และคืนเป็นเมล็ดหลังเก็บเกี่ยว",
            problem="พันธุ์ข้าวพื้นเมืองกำลังหายไป และชาวนาต้องซื้อเมล็ดพันธุ์ใหม่ทุกปี",
            innovation="ขยายต้นแบบธนาคารเมล็ดพันธุ์ โดย อบต. ดูแลโรงเก็บและทะเบียนสมาชิก",
            target_group="ชาวนา 200 ครัวเรือน ใน 8 หมู่บ้านของตำบลโนนสะอาด",
            province="TH-46",
            district="ห้วยเม็ก",
            sectors=["environment"],
            lines=[
                ("ปรับปรุงโรงเก็บเมล็ดพันธุ์", "60000"),
                ("เมล็ดพันธุ์ตั้งต้น 8 สายพันธุ์", "25000"),
            ],
            team=[("อนันต์ ทองดี", "หัวหน้าโครงการ", "องค์การบริหารส่วนตำบลโนนสะอาด")],
            outcomes=[("ชาวนาลดต้นทุน", "ค่าเมล็ดพันธุ์ต่อไร่", "ลดลงร้อยละ 60")],
        ),
    ),
]


def _organisation(user: User, spec: dict):
    organisation = organisation_of(user)
    if organisation is None:
        fields = {**spec, "province": Province.objects.get(code=spec["province"])}
        organisation = save_organisation(user=user, fields=fields)
    return organisation


def _team(organisation, *, owner: User) -> None:
    """The demo organisation's editor and viewer (invited by its owner, accepted), and one
    pending invitation; what exists already is left as it is."""
    for email, full_name, role in TEAM_MEMBERS:
        user = _applicant(email, full_name)
        if OrganisationMembership.objects.filter(organisation=organisation, user=user).exists():
            continue
        invitation = invite_to_team(organisation, email=email, role=role, by=owner)
        accept_team_invitation(invitation, user=user)
    email, role = TEAM_INVITED
    if not TeamInvitation.objects.filter(organisation=organisation, email=email).exists():
        invite_to_team(organisation, email=email, role=role, by=owner)


def _applicant(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = register_applicant(
            email=email, full_name=full_name, password=DEMO_PASSWORD, language="th"
        )
    return user


def _write(proposal: Proposal, *, by: User, content: dict) -> Proposal:
    sectors = list(Sector.objects.filter(code__in=content["sectors"]))
    fields = {
        **content["fields"],
        "province": Province.objects.get(code=content["fields"]["province"]),
        "primary_sector": next(s for s in sectors if s.code == content["sectors"][0]),
    }
    return save_draft(
        proposal,
        by=by,
        expected_version=proposal.version,
        content=DraftContent(
            fields=fields,
            sectors=sectors,
            budget_lines=content["budget_lines"],
            team=content["team"],
            outcomes=content["outcomes"],
        ),
    )


def _before_deadline(call: Call) -> datetime | None:
    """None while `call` is open (the services use the clock), else a moment before its deadline.

    The closed call's demo proposals were started and submitted while it was still open.
    """
    if accepts_new_drafts(call):
        return None
    # Deadlines are at 23:59: three days before, at 11:59 (then submitted at 13:59).
    return max(call.opens_at, call.deadline - timedelta(days=3, hours=12))


@transaction.atomic
def seed_proposals(*, applicant: User, calls: dict[str, Call]) -> dict[str, list[Proposal]]:
    """Create the demo proposals that are missing; returns those created ("draft", "submitted").

    Side effects: the demo applicant's organisation and its complete draft on the open call;
    the other demo applicants (the demo password, consent given) with their organisations;
    their proposals submitted on the open call and, dated before its deadline, on the closed
    call, where the call's officer screened some eligible. Receipts are queued as for any
    submission; each is compared with the others (check_duplicates), which flags the seed
    bank sent to both calls. A proposal that already exists is left as it is.
    """
    created = {"draft": [], "submitted": []}
    organisation = _organisation(applicant, DEMO_ORGANISATION)
    if not Proposal.objects.filter(call=calls["ccic"], organisation=organisation).exists():
        draft = start_proposal(calls["ccic"], by=applicant, title=DEMO_DRAFT["title"])
        created["draft"].append(_write(draft, by=applicant, content=DEMO_DRAFT))

    _team(organisation, owner=applicant)

    people = {}
    for email, full_name, spec in OTHER_APPLICANTS:
        user = _applicant(email, full_name)
        _organisation(user, spec)
        people[email] = user
    for email, key, eligible, content in SUBMITTED:
        user, call = people[email], calls[key]
        if Proposal.objects.filter(call=call, organisation=organisation_of(user)).exists():
            continue
        then = _before_deadline(call)
        proposal = start_proposal(call, by=user, title=content["title"], now=then)
        proposal = _write(proposal, by=user, content=content)
        if then is None:
            proposal = submit_proposal(proposal, by=user)
        else:
            proposal = submit_proposal(proposal, by=user, at=then + timedelta(hours=2))
            # The log row is written at the real time: date it when the submission happened.
            proposal.events.filter(to_state=ProposalState.SUBMITTED).update(
                at=proposal.submitted_at
            )
        if eligible:
            officer = call.officers.order_by("pk").first() or call.created_by
            proposal = screen_proposal(proposal, eligible=True, by=officer)
        created["submitted"].append(proposal)
    for proposal in created["submitted"]:  # as the task queued by each submission would
        check_duplicates(proposal)
    return created
