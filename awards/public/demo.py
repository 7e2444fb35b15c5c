"""Demo history for `manage.py seed_demo`: two earlier years' calls whose results were
published, with their funded projects spread over 28 provinces of every region, so that the
public list, the province map and the open data have several years to show.

These rounds ended before the portal opened, so they are written as they ended (call,
organisations, proposals, decisions, publication) in a few bulk inserts, as bench.seed does,
rather than replayed through every service; seeding stays well under a second.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grants.enums import ApplicantType, CallState
from grants.models import Call, Programme, Province, Sector
from proposals.enums import ProposalState
from proposals.models import Organisation, Proposal
from reviews.enums import DecisionOutcome
from reviews.models import Decision, Publication

# (title, summary, organisation, type, province, sectors, amount in thousands of baht)
PROJECTS = [
    (
        "ธนาคารเมล็ดพันธุ์ข้าวพื้นเมือง",
        "ชุมชนเก็บ แลกเปลี่ยน และขยายพันธุ์ข้าวพื้นเมืองที่ทนแล้ง",
        "วิสาหกิจชุมชนข้าวพื้นบ้านยโสธร",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-35",
        ["agriculture", "environment"],
        180,
    ),
    (
        "ฝายมีชีวิตต้นน้ำน่าน",
        "ชาวบ้านสร้างฝายชะลอน้ำจากวัสดุท้องถิ่นเพื่อคืนความชุ่มชื้นให้ป่าต้นน้ำ",
        "เครือข่ายอนุรักษ์ต้นน้ำน่าน",
        ApplicantType.FOUNDATION_NGO,
        "TH-55",
        ["environment", "nexus"],
        250,
    ),
    (
        "ตลาดนัดสุขภาพผู้สูงอายุ",
        "จุดตรวจสุขภาพและตลาดอาหารปลอดภัยสำหรับผู้สูงอายุทุกวันเสาร์",
        "เทศบาลตำบลหนองสองห้อง",
        ApplicantType.LOCAL_GOVERNMENT,
        "TH-40",
        ["health"],
        150,
    ),
    (
        "เรือนแพท่องเที่ยวชุมชนลุ่มน้ำ",
        "ชุมชนจัดเส้นทางท่องเที่ยวทางน้ำและแบ่งรายได้เข้ากองทุนหมู่บ้าน",
        "วิสาหกิจชุมชนท่องเที่ยวบ้านคลองโคน",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-75",
        ["tourism-culture", "finance-welfare"],
        200,
    ),
    (
        "ระบบเตือนภัยน้ำป่าด้วยเซนเซอร์ชุมชน",
        "เซนเซอร์วัดระดับน้ำราคาถูกแจ้งเตือนผ่านหอกระจายข่าวและไลน์กลุ่ม",
        "มหาวิทยาลัยราชภัฏเชียงราย",
        ApplicantType.UNIVERSITY,
        "TH-57",
        ["disaster"],
        300,
    ),
    (
        "โรงเรียนชาวนารุ่นใหม่",
        "หลักสูตรเกษตรอินทรีย์และการตลาดออนไลน์สำหรับลูกหลานเกษตรกร",
        "มูลนิธิข้าวขวัญอีสาน",
        ApplicantType.FOUNDATION_NGO,
        "TH-45",
        ["agriculture", "public-education"],
        220,
    ),
    (
        "ครัวชุมชนลดขยะอาหาร",
        "ร้านอาหารในเมืองส่งอาหารเหลือให้ครัวชุมชนปรุงให้ผู้มีรายได้น้อย",
        "บริษัท อิ่มดี วิสาหกิจเพื่อสังคม จำกัด",
        ApplicantType.SOCIAL_ENTERPRISE,
        "TH-10",
        ["urban", "environment"],
        260,
    ),
    (
        "กองทุนออมวันละบาทชาวประมง",
        "กลุ่มออมทรัพย์ชาวประมงพื้นบ้านพร้อมสวัสดิการยามเจ็บป่วย",
        "สมาคมประมงพื้นบ้านสตูล",
        ApplicantType.FOUNDATION_NGO,
        "TH-91",
        ["finance-welfare"],
        120,
    ),
    (
        "ห้องเรียนวิทยาศาสตร์เคลื่อนที่",
        "รถทดลองวิทยาศาสตร์ตระเวนโรงเรียนขนาดเล็กบนดอย",
        "กลุ่มเยาวชนนักประดิษฐ์แม่ฮ่องสอน",
        ApplicantType.YOUTH_GROUP,
        "TH-58",
        ["public-education"],
        160,
    ),
    (
        "โซลาร์เซลล์สูบน้ำเพื่อสวนผลไม้",
        "ปั๊มน้ำพลังงานแสงอาทิตย์ร่วมกันใช้ในสวนผลไม้ของกลุ่มเกษตรกร",
        "วิสาหกิจชุมชนสวนทุเรียนจันทบุรี",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-22",
        ["nexus", "agriculture"],
        280,
    ),
    (
        "ผ้าทอมือสู่ตลาดโลก",
        "ยกระดับลวดลายผ้าไหมและขายผ่านแพลตฟอร์มออนไลน์ต่างประเทศ",
        "บริษัท ไหมงาม วิสาหกิจเพื่อสังคม จำกัด",
        ApplicantType.SOCIAL_ENTERPRISE,
        "TH-32",
        ["tourism-culture", "finance-welfare"],
        240,
    ),
    (
        "แอปนัดหมายรถรับส่งผู้ป่วย",
        "อาสาสมัครขับรถรับส่งผู้ป่วยไปโรงพยาบาลโดยนัดผ่านแอป",
        "บริษัท ไปด้วยกัน จำกัด",
        ApplicantType.SME_STARTUP,
        "TH-34",
        ["health", "urban"],
        190,
    ),
    (
        "ป่าชายเลนกักเก็บคาร์บอน",
        "ชุมชนปลูกและดูแลป่าชายเลนและขายคาร์บอนเครดิตเข้ากองทุน",
        "องค์การบริหารส่วนตำบลบางหญ้าแพรก",
        ApplicantType.LOCAL_GOVERNMENT,
        "TH-74",
        ["environment"],
        230,
    ),
    (
        "ศูนย์ซ่อมจักรยานเยาวชน",
        "เยาวชนเรียนซ่อมจักรยานบริจาคและส่งต่อให้นักเรียนที่เดินทางไกล",
        "นายสมหมาย ใจบุญ",
        ApplicantType.INDIVIDUAL,
        "TH-65",
        ["urban", "public-education"],
        80,
    ),
    (
        "ปุ๋ยหมักจากเปลือกสับปะรด",
        "แปรรูปเปลือกสับปะรดจากโรงงานเป็นปุ๋ยหมักให้เกษตรกรรายย่อย",
        "วิสาหกิจชุมชนปุ๋ยอินทรีย์ปราณบุรี",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-77",
        ["agriculture", "environment"],
        170,
    ),
    (
        "บ้านพักคนชราโดยชุมชน",
        "ชุมชนจัดการศูนย์ดูแลผู้สูงอายุกลางวันด้วยอาสาสมัครในหมู่บ้าน",
        "เทศบาลตำบลป่าแดด",
        ApplicantType.LOCAL_GOVERNMENT,
        "TH-50",
        ["health", "finance-welfare"],
        270,
    ),
    (
        "แผนที่ความเสี่ยงดินถล่ม",
        "นักศึกษาและชาวบ้านทำแผนที่จุดเสี่ยงดินถล่มและซ้อมอพยพ",
        "มหาวิทยาลัยวลัยลักษณ์",
        ApplicantType.UNIVERSITY,
        "TH-80",
        ["disaster", "public-education"],
        210,
    ),
    (
        "ท่องเที่ยววิถีมุสลิมปัตตานี",
        "เส้นทางอาหารฮาลาลและวัฒนธรรมโดยชุมชนมุสลิมริมอ่าว",
        "วิสาหกิจชุมชนท่องเที่ยวบ้านดาโต๊ะ",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-94",
        ["tourism-culture"],
        150,
    ),
    (
        "โรงน้ำดื่มชุมชนพลังแสงอาทิตย์",
        "ระบบกรองน้ำดื่มที่ใช้พลังงานแสงอาทิตย์สำหรับหมู่บ้านห่างไกล",
        "กลุ่มพัฒนาหมู่บ้านโนนสูง",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-30",
        ["nexus", "health"],
        240,
    ),
    (
        "ห้องสมุดดิจิทัลชุมชนแออัด",
        "จุดอ่านหนังสือและเรียนออนไลน์ฟรีสำหรับเด็กในชุมชนแออัด",
        "มูลนิธิเด็กเมืองอ่านได้",
        ApplicantType.FOUNDATION_NGO,
        "TH-11",
        ["public-education", "urban"],
        140,
    ),
    (
        "ชุดตรวจคุณภาพน้ำโดยนักเรียน",
        "นักเรียนตรวจคุณภาพน้ำในแม่น้ำและรายงานผลให้เทศบาล",
        "กลุ่มเยาวชนรักษ์แม่กลอง",
        ApplicantType.YOUTH_GROUP,
        "TH-70",
        ["environment", "public-education"],
        90,
    ),
    (
        "เกษตรแปลงใหญ่ผักปลอดสาร",
        "เครือข่ายเกษตรกรปลูกผักปลอดสารส่งโรงพยาบาลและโรงเรียน",
        "วิสาหกิจชุมชนผักปลอดภัยหนองคาย",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-43",
        ["agriculture", "health"],
        200,
    ),
    (
        "ระบบจัดการขยะอัจฉริยะเกาะ",
        "ธนาคารขยะและเรือเก็บขยะทะเลของชุมชนบนเกาะ",
        "องค์การบริหารส่วนตำบลเกาะลันตาใหญ่",
        ApplicantType.LOCAL_GOVERNMENT,
        "TH-81",
        ["environment", "tourism-culture"],
        290,
    ),
    (
        "ศูนย์เรียนรู้ภูมิปัญญาสมุนไพร",
        "รวบรวมตำรับยาสมุนไพรพื้นบ้านและผลิตสินค้าสุขภาพของชุมชน",
        "วิสาหกิจชุมชนสมุนไพรภูพาน",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-47",
        ["health", "tourism-culture"],
        180,
    ),
    (
        "อาสาดับไฟป่าชุมชน",
        "ชุดอาสาดับไฟป่าพร้อมอุปกรณ์และระบบแจ้งจุดความร้อน",
        "เครือข่ายอาสาดับไฟป่าตาก",
        ApplicantType.FOUNDATION_NGO,
        "TH-63",
        ["disaster", "environment"],
        210,
    ),
    (
        "สินเชื่อชุมชนเพื่อแม่ค้ารายย่อย",
        "กองทุนหมุนเวียนดอกเบี้ยต่ำสำหรับแม่ค้าในตลาดสด",
        "สหกรณ์ออมทรัพย์ชุมชนบ้านบึง",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-20",
        ["finance-welfare", "urban"],
        160,
    ),
    (
        "ห้องเรียนดนตรีพื้นบ้านออนไลน์",
        "ครูภูมิปัญญาสอนดนตรีพื้นบ้านผ่านวิดีโอให้โรงเรียนทั่วภาค",
        "มูลนิธิสืบสานวัฒนธรรมล้านนา",
        ApplicantType.FOUNDATION_NGO,
        "TH-52",
        ["tourism-culture", "public-education"],
        130,
    ),
    (
        "โรงสีข้าวชุมชนพลังงานชีวมวล",
        "โรงสีข้าวของกลุ่มใช้แกลบเป็นเชื้อเพลิงผลิตไฟฟ้าใช้เอง",
        "วิสาหกิจชุมชนโรงสีบ้านดอน",
        ApplicantType.COMMUNITY_ENTERPRISE,
        "TH-41",
        ["nexus", "agriculture"],
        300,
    ),
]


def _bangkok(day, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _call(year: int, programme: Programme, sectors) -> Call:
    call = Call.objects.create(
        title_th=f"ทุนนวัตกรรมเพื่อสังคม ประจำปี {year + 543}",
        title_en=f"Social Innovation Grants {year}",
        description_th="สนับสนุนโครงการนวัตกรรมเพื่อสังคมที่แก้ปัญหาในพื้นที่และขยายผลได้",
        description_en=(
            "Grants for social-innovation projects that solve local problems and can scale."
        ),
        slug=f"social-innovation-grants-{year}",
        code=f"SIG{year}",
        programme=programme,
        opens_at=_bangkok(datetime(year, 1, 15)),
        deadline=_bangkok(datetime(year, 3, 15), 23, 59),
        review_ends_at=_bangkok(datetime(year, 4, 30), 23, 59),
        results_at=_bangkok(datetime(year, 5, 15)),
        budget_total=Decimal("5000000"),
        max_per_proposal=Decimal("300000"),
        state=CallState.RESULTS_PUBLISHED,
    )
    call.sectors.set(sectors)
    return call


def _round(call: Call, projects: list, provinces: dict, sectors: dict) -> Decimal:
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=name,
            type=kind,
            province=provinces[province],
            address="-",  # not published; the demo has no real addresses
            phone="",
        )
        for _t, _s, name, kind, province, _sec, _a in projects
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            call=call,
            organisation=organisation,
            state=ProposalState.AWARDED,
            sequence=number,
            reference=f"{call.code}-{number:04d}",
            title=title,
            summary=summary,
            province=provinces[province],
            primary_sector=sectors[codes[0]],
            requested_amount=Decimal(amount * 1000),
            duration_months=12,
            submitted_at=call.deadline - timedelta(days=2),
            created_at=call.opens_at,
            updated_at=call.deadline - timedelta(days=2),
        )
        for number, ((title, summary, _n, _k, province, codes, amount), organisation) in enumerate(
            zip(projects, organisations, strict=True), start=1
        )
    )
    Links = Proposal.sectors.through
    Links.objects.bulk_create(
        Links(proposal_id=proposal.pk, sector_id=sectors[code].pk)
        for proposal, project in zip(proposals, projects, strict=True)
        for code in project[5]
    )
    Decision.objects.bulk_create(
        Decision(
            proposal=proposal,
            outcome=DecisionOutcome.AWARD,
            amount=proposal.requested_amount,
            reason="คะแนนสูง แนวคิดมีศักยภาพในการขยายผล และงบประมาณสมเหตุสมผล",
            decided_at=call.review_ends_at,
            final=True,
        )
        for proposal in proposals
    )
    return sum((p.requested_amount for p in proposals), Decimal(0))


@transaction.atomic
def seed_funded_history(*, today=None) -> list[Call]:
    """Two earlier years' published calls (two and three years back), with their funded
    projects; returns the calls. Does nothing for a year already seeded.

    Side effects: per year, a call with results published, 14 organisations, 14 awarded
    proposals with their decisions and the publication. No notification.
    """
    today = today or timezone.localdate()
    provinces = {p.code: p for p in Province.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    programme = Programme.objects.get(code="project-grants")
    calls = []
    for offset, projects in ((3, PROJECTS[::2]), (2, PROJECTS[1::2])):
        year = today.year - offset
        call = Call.objects.filter(slug=f"social-innovation-grants-{year}").first()
        if call is None:
            call = _call(year, programme, list(sectors.values()))
            total = _round(call, projects, provinces, sectors)
            Publication.objects.create(
                call=call,
                published_at=call.results_at,
                total_awarded=total,
                notified_at=call.results_at,
            )
        calls.append(call)
    return calls
