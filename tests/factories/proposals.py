"""Organisations, and proposals in every state with their content, attachments and answers."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from grants.enums import ApplicantType
from grants.models import Province, Sector
from portal.enums import Role
from proposals.enums import MemberRole, ProposalState
from proposals.models import (
    Answer,
    Attachment,
    BudgetLine,
    Organisation,
    Outcome,
    Proposal,
    TeamMember,
)
from proposals.search import index_proposal
from proposals.validators import thai_id_check_digit

from .grants import CallFactory, CallInReviewFactory, ProvinceFactory, SectorFactory, sectors_of
from .portal import user_with

# An applicant easy to recognise on a page: the blind-review tests look for each of these.
ORGANISATION_NAME = "มูลนิธิรักษ์น้ำบ้านดอนแก้ว"
MEMBER_NAME = "ประยุทธ์ ศรีสุข"
TAX_ID = "0994000165510"
ADDRESS = "99 หมู่ 7 ต.ดอนแก้ว อ.แม่ริม"
PHONE = "053 999 111"
# The team member of a complete proposal (fill_proposal), and the file of AttachmentFactory.
TEAM_NAME = "สมหญิง รักดี"
TEAM_ORGANISATION = "มหาวิทยาลัยเชียงใหม่"
FILE_NAME = "แผนงาน-มูลนิธิรักษ์น้ำ.pdf"
PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def tax_id(seed: int) -> str:
    """A valid 13-digit Thai tax ID made from `seed`."""
    body = f"{seed:012d}"[-12:]
    return body + str(thai_id_check_digit(body))


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An applicant organisation; `members=[...]` are its users, `recognisable=True` gives it
    the names above and a member called MEMBER_NAME."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        recognisable = factory.Trait(
            name=ORGANISATION_NAME,
            tax_id=TAX_ID,
            address=ADDRESS,
            phone=PHONE,
            members__full_name=MEMBER_NAME,
        )

    name = factory.Sequence(lambda n: f"วิสาหกิจชุมชน {n}")
    type = ApplicantType.COMMUNITY_ENTERPRISE
    province = factory.SubFactory(ProvinceFactory)
    address = "12 หมู่ 3 ต.ดอนแก้ว อ.แม่ริม"
    phone = "053 123 456"
    tax_id = ""

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """The users given, or one new applicant made of the fields given (members__x=...):
        the first is the owner, the others editors."""
        if create and (extracted or kwargs):
            first, *others = extracted or [user_with(Role.APPLICANT, **kwargs)]
            self.members.set([first], through_defaults={"role": MemberRole.OWNER})
            self.members.add(*others, through_defaults={"role": MemberRole.EDITOR})


def next_sequence(call) -> int:
    last = Proposal.objects.filter(call=call).aggregate(Max("sequence"))["sequence__max"]
    return (last or 0) + 1


def submission_time(call, sequence: int):
    """A day before the deadline (or before now, if the deadline is to come), in order."""
    return min(timezone.now(), call.deadline) - timedelta(days=1) + timedelta(minutes=sequence)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A proposal, an empty draft unless `state` says otherwise.

    Past submission (any state but draft, or `received=True` for a draft reopened after it)
    it has what submit_proposal gives, written directly: the call's next sequence, the
    reference CODE-000n and a submission time before the deadline, and a province, a primary
    sector and the most the call allows as the amount. `complete=True` fills in everything
    submission asks for (fill_proposal). `sectors` takes codes or objects; by default the
    primary sector alone.
    """

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    class Params:
        received = factory.LazyAttribute(lambda o: o.state != ProposalState.DRAFT)

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.LazyAttribute(lambda o: o.organisation.members.first())
    last_saved_by = factory.LazyAttribute(lambda o: o.created_by)
    title = factory.Sequence(lambda n: f"โครงการที่ {n}")
    state = ProposalState.DRAFT
    sequence = factory.LazyAttribute(lambda o: next_sequence(o.call) if o.received else None)
    reference = factory.LazyAttribute(
        lambda o: f"{o.call.code}-{o.sequence:04d}" if o.sequence else ""
    )
    submitted_at = factory.LazyAttribute(
        lambda o: submission_time(o.call, o.sequence) if o.received else None
    )
    # A new draft is empty; a received proposal has its place, sector and amount.
    province = factory.Maybe("received", factory.SubFactory(ProvinceFactory), None)
    primary_sector = factory.Maybe("received", factory.SubFactory(SectorFactory), None)
    requested_amount = factory.Maybe(
        "received", factory.LazyAttribute(lambda o: o.call.max_per_proposal), None
    )

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            default = [self.primary_sector] if self.primary_sector else []
            self.sectors.set(default if extracted is None else sectors_of(extracted))

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create and extracted:
            fill_proposal(self)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        # As the services do on every save: the search words and the text fingerprint.
        if create:
            index_proposal(self)


class SubmittedProposalFactory(ProposalFactory):
    state = ProposalState.SUBMITTED


class EligibleProposalFactory(ProposalFactory):
    """Screened eligible: in the review pool (of a call in review, unless told otherwise)."""

    call = factory.SubFactory(CallInReviewFactory)
    state = ProposalState.ELIGIBLE


class ProposalToReviewFactory(EligibleProposalFactory):
    """An eligible proposal as reviewers meet it: complete, from a recognisable applicant."""

    organisation = factory.SubFactory(OrganisationFactory, recognisable=True)
    title = "ระบบแจ้งเตือนน้ำท่วมโดยชุมชน"

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create and extracted is not False:
            fill_proposal(self)


def fill_proposal(proposal: Proposal) -> Proposal:
    """Give `proposal` everything missing_for_submission asks for."""
    call = proposal.call
    urban = Sector.objects.get(code="urban")
    proposal.summary = "เซนเซอร์วัดระดับน้ำและกลุ่มไลน์ของชุมชน"
    proposal.problem = "น้ำท่วมซ้ำซากทุกปี"
    proposal.innovation = "เซนเซอร์ราคาถูกและกลุ่มไลน์ของชุมชน"
    proposal.target_group = "ครัวเรือนริมน้ำ 200 ครัวเรือน"
    proposal.province = Province.objects.get(code="TH-50")
    proposal.district = "แม่ริม"
    proposal.primary_sector = urban
    proposal.requested_amount = min(Decimal("80000"), call.max_per_proposal)
    proposal.duration_months = 12
    proposal.save()
    proposal.sectors.set([urban])
    BudgetLine.objects.create(
        proposal=proposal, position=0, item="เซนเซอร์ 20 ชุด", amount=proposal.requested_amount
    )
    TeamMember.objects.create(
        proposal=proposal, name=TEAM_NAME, role="หัวหน้าโครงการ", organisation=TEAM_ORGANISATION
    )
    Outcome.objects.create(
        proposal=proposal, outcome="แจ้งเตือนล่วงหน้า", indicator="ครัวเรือนที่ได้รับแจ้ง", target="200"
    )
    return proposal


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A PDF attached to a proposal (`content=` for other bytes)."""

    class Meta:
        model = Attachment

    class Params:
        content = PDF_BYTES

    proposal = factory.SubFactory(ProposalFactory)
    original_name = FILE_NAME
    file = factory.LazyAttribute(lambda o: SimpleUploadedFile(o.original_name, o.content))
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))


class FileAnswerFactory(factory.django.DjangoModelFactory):
    """The answer to a file question: the attachment."""

    class Meta:
        model = Answer

    attachment = factory.SubFactory(AttachmentFactory)
    proposal = factory.SelfAttribute("attachment.proposal")
    question_snapshot = factory.LazyFunction(
        lambda: {"kind": "file", "text_th": "ไฟล์ประกอบข้อเสนอ", "position": 1}
    )
