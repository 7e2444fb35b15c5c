"""Demo appeals (part of `manage.py seed_demo`): on last year's published call, an applicant
whose proposal was not funded appealed within the window, and the officer sent the appeal
to the committee, where it waits for their decision."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf.enums import Align

from grants.models import Call
from portal.enums import Role
from proposals.models import Proposal

from .models import Appeal, Publication
from .results_pdf import AnnouncementPDF, paragraph
from .rules import APPEALABLE_STATES
from .services.appeals import lodge_appeal, route_appeal

GROUNDS = (
    "ขออุทธรณ์ผลการพิจารณา เนื่องจากคะแนนด้านความยั่งยืนไม่ได้พิจารณาหนังสือรับรองการสนับสนุนงบประมาณจาก "
    "อบต. ที่แนบมาพร้อมข้อเสนอ ซึ่งยืนยันว่าชุมชนจะดูแลโครงการต่อหลังสิ้นสุดทุน "
    "จึงขอให้คณะกรรมการพิจารณาใหม่ตามเอกสารแนบ"
)
OFFICER_NOTE = "ตรวจสอบแล้ว เอกสารแนบครบถ้วนและยื่นภายในกำหนด"
# The results are dated 23:59 on their day: lodged at 10:15 three days later, routed at 14:30
# the day after that.
LODGED_AFTER = timedelta(days=2, hours=10, minutes=16)
ROUTED_AFTER = timedelta(days=1, hours=4, minutes=15)


def appeal_letter(proposal: Proposal) -> bytes:
    """A one-page appeal letter in Thai, as an applicant would attach (a real PDF)."""
    pdf = AnnouncementPDF()
    pdf.add_page()
    paragraph(pdf, "หนังสืออุทธรณ์ผลการคัดเลือก", size=18, style="B", align=Align.C, after=6)
    paragraph(pdf, f"เรื่อง ขออุทธรณ์ผลการพิจารณาข้อเสนอโครงการ “{proposal.title}”")
    paragraph(pdf, GROUNDS, indent=25)
    paragraph(pdf, f"({proposal.organisation.name})", align=Align.R)
    return bytes(pdf.output())


def _appellant_proposal(call: Call, people) -> Proposal | None:
    """The demo applicant's proposal when it was not funded, else the first one not funded."""
    candidates = Proposal.objects.filter(call=call, state__in=APPEALABLE_STATES).select_related(
        "call", "organisation"
    )
    own = candidates.filter(organisation__members=people[Role.APPLICANT]).first()
    return own or candidates.order_by("sequence", "pk").first()


def seed_appeals(*, people, past: Call) -> Appeal | None:
    """An appeal with the committee on last year's call (once; nothing if there is none to
    make). Lodged three days after the results, within the window, by the organisation."""
    publication = Publication.objects.filter(call=past).first()
    if publication is None or Appeal.objects.filter(proposal__call=past).exists():
        return None
    proposal = _appellant_proposal(past, people)
    if proposal is None:
        return None
    member = proposal.organisation.members.order_by("pk").first()
    letter = SimpleUploadedFile(
        "หนังสืออุทธรณ์.pdf", appeal_letter(proposal), content_type="application/pdf"
    )
    appeal = lodge_appeal(
        proposal,
        grounds=GROUNDS,
        uploaded_file=letter,
        by=member,
        at=publication.published_at + LODGED_AFTER,
    )
    route_appeal(appeal, note=OFFICER_NOTE, by=people[Role.OFFICER])
    # Routed the next working morning (the service stamps the real time).
    Appeal.objects.filter(pk=appeal.pk).update(routed_at=appeal.lodged_at + ROUTED_AFTER)
    return appeal
