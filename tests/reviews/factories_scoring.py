"""Helpers of the scoring tests: a call in review, proposals in it, assignments, reviews.

Assignments are created directly (the assignment service is another part's); the states are
those the scoring services leave.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.enums import ApplicantType, CallState
from grants.models import Province, Sector
from proposals.enums import ProposalState
from proposals.models import (
    Answer,
    Attachment,
    BudgetLine,
    Organisation,
    Outcome,
    Proposal,
    TeamMember,
)
from reviews.enums import AssignmentState, ConflictSource, ReviewState
from reviews.models import Assignment, Conflict, PanelMember, Review, Score
from reviews.scoring import weighted_total
from tests.factories import CallFactory, Role, user_with

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ORGANISATION_NAME = "มูลนิธิรักษ์น้ำบ้านดอนแก้ว"
MEMBER_NAME = "ประยุทธ์ ศรีสุข"
TEAM_NAME = "สมหญิง รักดี"
TEAM_ORGANISATION = "มหาวิทยาลัยเชียงใหม่"
TAX_ID = "0994000165510"
ADDRESS = "99 หมู่ 7 ต.ดอนแก้ว อ.แม่ริม"
PHONE = "053 999 111"
FILE_NAME = "แผนงาน-มูลนิธิรักษ์น้ำ.pdf"


def call_in_review(*, officer=None, blind=False, **fields):
    """A call whose submission deadline passed and whose review runs for ten more days."""
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(days=40))
    fields.setdefault("deadline", now - timedelta(days=5))
    fields.setdefault("review_ends_at", now + timedelta(days=10))
    fields.setdefault("results_at", fields["review_ends_at"] + timedelta(days=7))
    return CallFactory(
        state=fields.pop("state", CallState.IN_REVIEW),
        blind_review=blind,
        officers=[officer] if officer else [],
        created_by=officer,
        **fields,
    )


def applicant_organisation(name=ORGANISATION_NAME, member_name=MEMBER_NAME):
    member = user_with(Role.APPLICANT, full_name=member_name)
    organisation = Organisation.objects.create(
        name=name,
        type=ApplicantType.COMMUNITY_ENTERPRISE,
        province=Province.objects.get(code="TH-50"),
        address=ADDRESS,
        phone=PHONE,
        tax_id=TAX_ID,
    )
    organisation.members.set([member])
    return organisation


_sequence = iter(range(1, 10_000))


def eligible_proposal(call, organisation=None, *, title="ระบบแจ้งเตือนน้ำท่วมโดยชุมชน"):
    """A complete, eligible proposal with a budget line, a team member and an outcome."""
    organisation = organisation or applicant_organisation()
    sequence = next(_sequence)
    proposal = Proposal.objects.create(
        call=call,
        organisation=organisation,
        title=title,
        state=ProposalState.ELIGIBLE,
        sequence=sequence,
        reference=f"{call.code}-{sequence:04d}",
        summary="เซนเซอร์วัดระดับน้ำและกลุ่มไลน์ของชุมชน",
        problem="น้ำท่วมซ้ำซากทุกปี",
        innovation="เซนเซอร์ราคาถูก",
        target_group="ครัวเรือนริมน้ำ 200 ครัวเรือน",
        province=Province.objects.get(code="TH-50"),
        district="แม่ริม",
        primary_sector=Sector.objects.get(code="urban"),
        requested_amount=Decimal("80000"),
        duration_months=12,
        submitted_at=timezone.now() - timedelta(days=6),
    )
    proposal.sectors.set([proposal.primary_sector])
    BudgetLine.objects.create(proposal=proposal, item="เซนเซอร์ 20 ชุด", amount=Decimal("80000"))
    TeamMember.objects.create(
        proposal=proposal, name=TEAM_NAME, role="หัวหน้าโครงการ", organisation=TEAM_ORGANISATION
    )
    Outcome.objects.create(
        proposal=proposal, outcome="แจ้งเตือนล่วงหน้า", indicator="ครัวเรือนที่ได้รับแจ้ง", target="200"
    )
    return proposal


def attach(proposal, name=FILE_NAME, content=PDF_BYTES) -> Attachment:
    return Attachment.objects.create(
        proposal=proposal,
        file=SimpleUploadedFile(name, content),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )


def file_answer(proposal, attachment) -> Answer:
    return Answer.objects.create(
        proposal=proposal,
        question_snapshot={"kind": "file", "text_th": "ไฟล์ประกอบข้อเสนอ", "position": 1},
        attachment=attachment,
    )


def new_reviewer(email=None, **fields):
    return user_with(Role.REVIEWER, **({"email": email} if email else {}), **fields)


def assign(proposal, reviewer, *, state=AssignmentState.AWAITING_DECLARATION, **fields):
    PanelMember.objects.get_or_create(call=proposal.call, reviewer=reviewer)
    if state == AssignmentState.ACTIVE:
        fields.setdefault("declared_at", timezone.now())
    return Assignment.objects.create(
        proposal=proposal, reviewer=reviewer, method="manual", state=state, **fields
    )


def in_conflict(assignment, *, source=ConflictSource.DECLARED):
    assignment.state = AssignmentState.CONFLICT
    assignment.save(update_fields=["state"])
    Conflict.objects.create(
        proposal=assignment.proposal, reviewer=assignment.reviewer, source=source, reason="ญาติ"
    )
    return assignment


def full_points(call, share=Decimal("0.5")) -> dict:
    """Points for every criterion of `call`: `share` of each maximum, to steps of 0.5."""
    return {
        c.pk: (Decimal(c.max_points) * share * 2).quantize(Decimal("1")) / 2
        for c in call.criteria.all()
    }


def submitted_review(assignment, points=None, comment="ดี") -> Review:
    """A review as submit_review leaves it, written directly."""
    criteria = list(assignment.proposal.call.criteria.all())
    points = points or full_points(assignment.proposal.call)
    review = Review.objects.create(
        assignment=assignment,
        state=ReviewState.SUBMITTED,
        comment=comment,
        total=weighted_total(points, criteria),
        submitted_at=timezone.now(),
    )
    Score.objects.bulk_create(
        Score(review=review, criterion_id=pk, points=value) for pk, value in points.items()
    )
    return review
