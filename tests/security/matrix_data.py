"""The arranged world of the permission matrix, and the URL arguments of every pattern.

`build_world(publish=...)` takes one call through the real services, with the clock moved to
where each step happens: opened with questions, proposals of applicant A and applicant B
drafted (an answer and a small PDF each) and submitted before the deadline, a third
organisation's draft left unsubmitted, screening, the review started, a panel, the assigned
reviewer declaring no conflict and submitting a review (and still to declare on B's
proposal), the reviewer in conflict declaring a conflict (Conflict row, assignment ended),
the committee's decisions, an invitation, and - after publication - the results published
and their messages queued. A second call is open (A's draft with an attachment) and a third
is still a draft, so that "officers never see drafts" and "a draft call is private" are in
the matrix too. A fourth call is run by another officer (`officer_other`), who must see none
of the first call's objects; its "new call" message (to applicant B, who follows its sector)
is in that officer's outbox only. Every message ends failed, so that the outbox lists them.

`url_kwargs(world, key)` gives the arguments that resolve each URL pattern to these objects.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.services import create_token
from grants.enums import CallState, QuestionKind
from grants.models import Call, CallTransition, Programme, Province, Sector, SectorFollow
from grants.rubric import DEFAULT_RUBRIC
from grants.services import create_call, open_call, save_questions, start_review
from portal.enums import DataExportState, NotificationState, Role
from portal.models import AuditEvent, Consent, DataExport, Invitation, Notification, RoleGrant, User
from portal.services import invite_person, record_consent
from proposals.models import (
    Attachment,
    Organisation,
    OrganisationMembership,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    SimilarProposal,
    TeamInvitation,
)
from proposals.services.attachments import add_attachment
from proposals.services.drafting import DraftContent, save_draft, start_proposal
from proposals.services.screening import screen_proposal
from proposals.services.submission import submit_proposal
from proposals.services.team import invite_to_team
from reviews.enums import DecisionOutcome
from reviews.models import (
    Amendment,
    Appeal,
    Assignment,
    Conflict,
    Decision,
    Meeting,
    PanelMember,
    PitchSlot,
    Publication,
    Review,
    ReviewerProfile,
)
from reviews.queries import criteria_of
from reviews.services.appeals import lodge_appeal, route_appeal
from reviews.services.assignment import assign_reviewer
from reviews.services.decisions import record_decision
from reviews.services.meetings import (
    close_meeting,
    open_meeting,
    record_attendance,
    schedule_meeting,
)
from reviews.services.panels import add_panel_member, save_reviewer_profile
from reviews.services.publication import publish_results
from reviews.services.scoring import declare_conflict, save_review, submit_review
from reviews.tasks import queue_result_notifications_task

from ..factories import OrganisationFactory, fill_proposal, user_with

ANONYMOUS = "anonymous"
APPLICANT_A = "applicant_a"
APPLICANT_B = "applicant_b"
REVIEWER_ASSIGNED = "reviewer_assigned"
REVIEWER_UNASSIGNED = "reviewer_unassigned"
REVIEWER_CONFLICT = "reviewer_conflict"
OFFICER = "officer"
OFFICER_OTHER = "officer_other"  # runs another call: none of the first call's business
COMMITTEE = "committee"
ADMINISTRATOR = "administrator"
# A's organisation (which applicant_a made, so owns) has a second owner, an editor and a
# viewer; org_other edits for C's organisation, which has only a draft in the first call.
ORG_OWNER = "org_owner"
ORG_EDITOR = "org_editor"
ORG_VIEWER = "org_viewer"
ORG_OTHER = "org_other"
ORG_ROLES = {ORG_OWNER: "owner", ORG_EDITOR: "editor", ORG_VIEWER: "viewer"}
ROLES = [
    ANONYMOUS,
    APPLICANT_A,
    APPLICANT_B,
    ORG_OWNER,
    ORG_EDITOR,
    ORG_VIEWER,
    ORG_OTHER,
    REVIEWER_ASSIGNED,
    REVIEWER_UNASSIGNED,
    REVIEWER_CONFLICT,
    OFFICER,
    OFFICER_OTHER,
    COMMITTEE,
    ADMINISTRATOR,
]

# Small but real: filetypes.detect reads the signature, the download serves these bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
# Unique words of A's proposal: no page a role may not see shows them.
SECRET_TITLE_A = "MATRIX-SECRET-A ระบบเตือนภัยน้ำท่วม"
DRAFT_TITLE_C = "MATRIX-DRAFT-C ยังไม่ได้ส่ง"


@dataclass
class World:
    users: dict[str, User]
    call: Call  # in review, then results published
    open_call: Call  # still open: A's draft is here
    draft_call: Call  # never published
    other_call: Call  # open, run by officer_other
    proposal_a: Proposal
    proposal_b: Proposal
    draft_a: Proposal
    draft_c: Proposal
    attachment_a: Attachment
    attachment_b: Attachment
    attachment_draft_a: Attachment
    assignment_a: Assignment  # reviewer_assigned on A: declared, review submitted
    member: PanelMember
    invitation: Invitation
    team_invitation: TeamInvitation  # pending, to A's organisation
    notification_a: Notification
    group: Group
    publication: Publication | None = None
    meeting: Meeting | None = None  # the committee's meeting on the call, held and closed
    appeal_b: Appeal | None = None  # after publication: B's appeal, with the committee
    amendment: Amendment | None = None  # after publication: No. 1 (a record, see below)
    extra: dict = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role: session key, logged in once
    urls: dict[str, str] = field(default_factory=dict)  # key: URL, once worked out


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _people() -> dict[str, User]:
    users = {
        APPLICANT_A: user_with(Role.APPLICANT, email="matrix-a@example.org"),
        APPLICANT_B: user_with(Role.APPLICANT, email="matrix-b@example.org"),
        **{
            role: user_with(Role.APPLICANT, email=f"matrix-{role}@example.org")
            for role in (ORG_OWNER, ORG_EDITOR, ORG_VIEWER, ORG_OTHER)
        },
        REVIEWER_ASSIGNED: user_with(Role.REVIEWER, email="matrix-rev@example.org"),
        REVIEWER_UNASSIGNED: user_with(Role.REVIEWER, email="matrix-unrev@example.org"),
        REVIEWER_CONFLICT: user_with(Role.REVIEWER, email="matrix-conflict@example.org"),
        OFFICER: user_with(Role.OFFICER, email="matrix-officer@example.org"),
        OFFICER_OTHER: user_with(Role.OFFICER, email="matrix-officer-other@example.org"),
        COMMITTEE: user_with(Role.COMMITTEE, email="matrix-committee@example.org"),
        ADMINISTRATOR: user_with(
            Role.ADMINISTRATOR,
            email="matrix-admin@example.org",
            is_staff=True,
            is_superuser=True,
        ),
    }
    for user in users.values():
        record_consent(user)
    return users


def _new_call(officer: User, slug: str, *, opens_at, deadline, publish: bool = True) -> Call:
    fields = {
        "slug": slug,
        "code": slug.upper().replace("-", "")[:12],
        "programme": Programme.objects.get(code="project-grants"),
        "title_th": f"ประกาศทดสอบสิทธิ์ {slug}",
        "title_en": f"Permission matrix call {slug}",
        "description_th": "ประกาศสำหรับการทดสอบสิทธิ์การเข้าถึง",
        "description_en": "A call for the permission matrix.",
        "opens_at": opens_at,
        "deadline": deadline,
        "review_ends_at": deadline + timedelta(days=40),
        "results_at": deadline + timedelta(days=47),
        "budget_total": Decimal("5000000"),
        "max_per_proposal": Decimal("100000"),
        "applicant_types": [],
    }
    call = create_call(
        by=officer,
        fields=fields,
        sectors=Sector.objects.filter(code__in=["urban", "health"]),
        criteria=[dict(item) for item in DEFAULT_RUBRIC],
    )
    return open_call(call, by=officer) if publish else call


def _draft(call: Call, user: User, title: str, questions) -> Proposal:
    proposal = start_proposal(call, by=user, title=title)
    proposal = fill_proposal(proposal)
    attachment = add_attachment(proposal, uploaded_file=_pdf("แผนงาน.pdf"), by=user)
    text_question, file_question = questions
    return save_draft(
        proposal,
        by=user,
        expected_version=proposal.version,
        content=DraftContent(
            answers={
                text_question: ("ชุมชนร่วมออกแบบตั้งแต่ต้น", None),
                file_question: (None, attachment),
            }
        ),
    )


def _points(call: Call) -> dict:
    return {c.pk: Decimal(round(c.max_points * Decimal("0.8") * 2)) / 2 for c in criteria_of(call)}


def build_world(*, publish: bool) -> World:
    """Arrange every object of the matrix through the services (see the module docstring)."""
    now = timezone.now()
    deadline = now - timedelta(days=5)
    with time_machine.travel(now - timedelta(days=20), tick=True):
        users = _people()
        officer = users[OFFICER]
        a, b = users[APPLICANT_A], users[APPLICANT_B]
        c = user_with(Role.APPLICANT, email="matrix-c@example.org")
        organisation_a = OrganisationFactory(members=[a], name="วิสาหกิจชุมชนเอ")
        OrganisationFactory(members=[b], name="มูลนิธิบี")
        organisation_c = OrganisationFactory(members=[c], name="สหกรณ์ซี")
        for role, member_role in ORG_ROLES.items():
            OrganisationMembership.objects.create(
                organisation=organisation_a, user=users[role], role=member_role, added_by=a
            )
        OrganisationMembership.objects.create(
            organisation=organisation_c, user=users[ORG_OTHER], role="editor", added_by=c
        )
        call = _new_call(
            officer, "matrix-review", opens_at=now - timedelta(days=30), deadline=deadline
        )
        questions = save_questions(
            call,
            kept=[
                (None, {"kind": QuestionKind.LONG_TEXT, "text_th": "ชุมชนมีส่วนร่วมอย่างไร"}),
                (None, {"kind": QuestionKind.FILE, "text_th": "แนบแผนการดำเนินงาน"}),
            ],
            removed=[],
        )
        proposal_a = _draft(call, a, SECRET_TITLE_A, questions)
        proposal_b = _draft(call, b, "ห้องสมุดเคลื่อนที่ของบี", questions)
        draft_c = start_proposal(call, by=c, title=DRAFT_TITLE_C)
        proposal_a = submit_proposal(proposal_a, by=a)
        proposal_b = submit_proposal(proposal_b, by=b)

        open_call_ = _new_call(
            officer,
            "matrix-open",
            opens_at=now - timedelta(days=25),
            deadline=now + timedelta(days=30),
        )
        open_questions = save_questions(
            open_call_,
            kept=[
                (None, {"kind": QuestionKind.LONG_TEXT, "text_th": "คำถามของประกาศที่เปิดอยู่"}),
                (None, {"kind": QuestionKind.FILE, "text_th": "ไฟล์ของประกาศที่เปิดอยู่"}),
            ],
            removed=[],
        )
        draft_a = _draft(open_call_, a, "MATRIX-DRAFT-A ร่างของเอ", open_questions)
        draft_call = _new_call(
            officer,
            "matrix-draft",
            opens_at=now + timedelta(days=10),
            deadline=now + timedelta(days=60),
            publish=False,
        )
        # B hears of the other officer's new call: a message of that call only.
        SectorFollow.objects.create(user=b, sector=Sector.objects.get(code="urban"))
        other_call = _new_call(
            users[OFFICER_OTHER],
            "matrix-other",
            opens_at=now - timedelta(days=25),
            deadline=now + timedelta(days=30),
        )

    with time_machine.travel(now - timedelta(days=3), tick=True):
        for proposal in (proposal_a, proposal_b):
            screen_proposal(proposal, eligible=True, by=officer)
        call = start_review(call, by=officer)
        proposal_a, proposal_b = (Proposal.objects.get(pk=p.pk) for p in (proposal_a, proposal_b))
        # As check_duplicates would record it for two proposals nearly alike.
        SimilarProposal.objects.create(proposal=proposal_a, other=proposal_b, similarity=0.6)
        rev, unrev, conf = (
            users[REVIEWER_ASSIGNED],
            users[REVIEWER_UNASSIGNED],
            users[REVIEWER_CONFLICT],
        )
        save_reviewer_profile(
            user=rev,
            fields={"organisation_name": "มหาวิทยาลัยทดสอบ", "max_per_call": 10},
            expertise=Sector.objects.filter(code="urban"),
        )
        member = add_panel_member(call, reviewer=rev, by=officer)
        for reviewer in (unrev, conf):
            add_panel_member(call, reviewer=reviewer, by=officer)
        assignment_a = assign_reviewer(proposal_a, reviewer=rev, by=officer)
        assign_reviewer(proposal_b, reviewer=rev, by=officer)  # left awaiting declaration
        conflicted = assign_reviewer(proposal_a, reviewer=conf, by=officer)
        declare_conflict(conflicted, has_conflict=True, reason="เคยเป็นที่ปรึกษา", by=conf)
        declare_conflict(assignment_a, has_conflict=False, reason="", by=rev)
        save_review(
            assignment_a,
            by=rev,
            points=_points(call),
            comment="แนวคิดชัดเจน",
            feedback="ควรระบุตัวชี้วัดเพิ่ม",
        )
        submit_review(assignment_a, by=rev)
        committee = users[COMMITTEE]
        record_decision(
            proposal_a,
            outcome=DecisionOutcome.AWARD,
            amount=Decimal("80000"),
            reserve_rank=None,
            reason="คะแนนสูง",
            by=committee,
        )
        record_decision(
            proposal_b,
            outcome=DecisionOutcome.NOT_SELECTED,
            amount=None,
            reserve_rank=None,
            reason="ยังขาดแผนที่ชัดเจน",
            by=committee,
        )
        meeting = _held_meeting(call, officer, committee, now)
        invitation = invite_person(
            email="matrix-expert@example.org",
            full_name="ดร.ผู้เชี่ยวชาญ",
            role=Role.REVIEWER,
            invited_by=officer,
        )
        team_invitation = invite_to_team(
            organisation_a, email="matrix-colleague@example.org", role="editor", by=a
        )

    pitch = _pitch_stage(call, proposal_a, users, now)

    publication = appeal_b = amendment = None
    if publish:
        publication = publish_results(call, by=users[COMMITTEE])
        # Publishing queues the result messages after commit; the world is never committed.
        queue_result_notifications_task(publication.pk)
        call.refresh_from_db()
        assert call.state == CallState.RESULTS_PUBLISHED
        appeal_b, amendment = _appeal_and_amendment(users, publication)
        _start_grant_a(proposal_a, officer)
    # Never delivered (the world is never committed); failed, they are what the outbox lists.
    Notification.objects.update(state=NotificationState.FAILED, attempts=5, last_error="matrix")

    group = Group.objects.create(name="matrix-group")
    # django-axes' records of a failed login (its admin pages are in the matrix too).
    attempt = {
        "user_agent": "matrix",
        "ip_address": "127.0.0.1",
        "username": "matrix-a@example.org",
        "http_accept": "text/html",
        "path_info": "/accounts/login/",
    }
    token_a, _plaintext = create_token(a, name="matrix script")
    # A's copy of their data, ready (for its download page: A's alone).
    export_a = DataExport.objects.create(
        user=a,
        state=DataExportState.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=3650),
    )
    export_a.file.save("data.zip", ContentFile(_data_zip()), save=True)
    extra = {
        "api_token_a": token_a,
        "portal_dataexport": export_a,
        "axes_accessattempt": AccessAttempt.objects.create(
            **attempt, get_data="", post_data="", failures_since_start=1
        ),
        "axes_accesslog": AccessLog.objects.create(**attempt),
        "axes_accessfailurelog": AccessFailureLog.objects.create(**attempt),
        **pitch,
        # Accounts (allauth): A's address, the officer's authenticator app. No single sign-on
        # provider is configured: the admin's "does not exist" answer is tested for those.
        "account_emailaddress": EmailAddress.objects.get(user=a),
        "mfa_authenticator": Authenticator.objects.get(user=users[OFFICER]),
        "socialaccount_socialapp": None,
        "socialaccount_socialaccount": None,
        "socialaccount_socialtoken": None,
    }
    return World(
        users=users,
        call=call,
        open_call=open_call_,
        draft_call=draft_call,
        other_call=other_call,
        proposal_a=Proposal.objects.get(pk=proposal_a.pk),
        proposal_b=Proposal.objects.get(pk=proposal_b.pk),
        draft_a=draft_a,
        draft_c=draft_c,
        attachment_a=proposal_a.attachments.get(),
        attachment_b=proposal_b.attachments.get(),
        attachment_draft_a=draft_a.attachments.get(),
        assignment_a=assignment_a,
        member=member,
        invitation=invitation,
        team_invitation=team_invitation,
        notification_a=Notification.objects.filter(recipient=a, kind="proposal_submitted").latest(
            "pk"
        ),
        group=group,
        publication=publication,
        meeting=meeting,
        appeal_b=appeal_b,
        amendment=amendment,
        extra=extra,
    )


def _pitch_stage(call: Call, proposal_a: Proposal, users: dict, now) -> dict:
    """The call's pitch stage (stage 2), run by the same officer: A's team invited (its pitch
    proposal continues A's, submitted), a slot A booked and a free one, three days ahead;
    the assigned reviewer on the stage's panel, assigned to A's pitch. The other reviewers
    review other stages only: the pitch day is none of their business."""
    from grants.enums import StageKind
    from reviews.enums import AssignmentState

    from ..factories import CallFactory, SubmittedProposalFactory

    officer = users[OFFICER]
    stage = CallFactory(
        first_stage=call,
        stage_number=2,
        stage_kind=StageKind.PITCH,
        state=CallState.IN_REVIEW,
        slug="matrix-pitch",
        officers=[officer],
        created_by=officer,
    )
    pitch_a = SubmittedProposalFactory(
        call=stage,
        organisation=proposal_a.organisation,
        previous_stage=proposal_a,
        title="MATRIX-PITCH-A การนำเสนอของเอ",
    )
    start = now.replace(microsecond=0) + timedelta(days=3)
    booked = PitchSlot.objects.create(
        stage=stage,
        starts_at=start,
        ends_at=start + timedelta(minutes=20),
        place="ห้องนำเสนอทดสอบสิทธิ์",
        booked_proposal=pitch_a,
        booked_at=now,
        booked_by=users[APPLICANT_A],
        created_by=officer,
    )
    free = PitchSlot.objects.create(
        stage=stage,
        starts_at=start + timedelta(minutes=30),
        ends_at=start + timedelta(minutes=50),
        link="https://meet.example.org/matrix",
        created_by=officer,
    )
    reviewer = users[REVIEWER_ASSIGNED]
    PanelMember.objects.create(call=stage, reviewer=reviewer, added_by=officer)
    Assignment.objects.create(
        proposal=pitch_a,
        reviewer=reviewer,
        method="manual",
        state=AssignmentState.ACTIVE,
        assigned_by=officer,
        declared_at=now,
    )
    return {
        "pitch_stage": stage,
        "pitch_a": pitch_a,
        "pitch_slot_booked": booked,
        "pitch_slot_free": free,
    }


def _held_meeting(call: Call, officer: User, committee: User, now) -> Meeting:
    """A committee meeting on the call with the committee member, held and closed."""
    meeting = schedule_meeting(
        call,
        starts_at=now - timedelta(days=3),
        members=[committee],
        chair=committee,
        place="ห้องประชุมทดสอบสิทธิ์",
        by=officer,
    )
    record_attendance(meeting, present=meeting.members.values_list("pk", flat=True), by=officer)
    open_meeting(meeting, by=officer)
    return close_meeting(meeting, by=officer)


def _appeal_and_amendment(users, publication) -> tuple[Appeal, Amendment]:
    """B appeals against its result (not selected) and the officer sends the appeal to the
    committee (an "appeal_lodged" message to the officer). Amendment No. 1 is written as a
    bare record (A's award, unchanged), only so that its public PDF has a URL: upholding B's
    appeal would leave no open appeal for the matrix's appeal pages."""
    proposal_b = Proposal.objects.select_related("call", "organisation").get(
        organisation__members=users[APPLICANT_B], call=publication.call
    )
    appeal = lodge_appeal(
        proposal_b,
        grounds="คะแนนไม่ได้พิจารณาเอกสารแนบ",
        uploaded_file=_pdf("อุทธรณ์.pdf"),
        by=users[APPLICANT_B],
    )
    appeal = route_appeal(appeal, note="ส่งคณะกรรมการ", by=users[OFFICER])
    proposal_a = Proposal.objects.get(
        organisation__members=users[APPLICANT_A], call=publication.call
    )
    amendment = Amendment.objects.create(
        publication=publication,
        number=1,
        proposal=proposal_a,
        previous_state=proposal_a.state,
        previous_amount=Decimal("80000"),
        new_state=proposal_a.state,
        new_amount=Decimal("80000"),
        reason="ทบทวนแล้ว",
        published_by=users[COMMITTEE],
    )
    return appeal, amendment


def _data_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.json", "{}")
    return buffer.getvalue()


# ---------------------------------------------------------------- URL arguments


def admin_objects(world: World) -> dict[str, object]:
    """One object of each model the admin registers ("app_model"), for its change pages."""
    a = world.users[APPLICANT_A]
    proposal = world.proposal_a
    return {
        "auth_group": world.group,
        "portal_user": a,
        "portal_rolegrant": RoleGrant.objects.filter(user=a).first(),
        "portal_consent": Consent.objects.filter(user=a).first(),
        "portal_invitation": world.invitation,
        "portal_auditevent": AuditEvent.objects.order_by("pk").first(),
        "grants_sector": Sector.objects.get(code="urban"),
        "grants_programme": Programme.objects.get(code="project-grants"),
        "grants_province": Province.objects.get(code="TH-50"),
        "grants_call": world.call,
        "grants_calltransition": CallTransition.objects.filter(call=world.call).first(),
        "proposals_organisation": organisation_a(world),
        "proposals_proposal": proposal,
        "proposals_proposalversion": ProposalVersion.objects.filter(proposal=proposal).first(),
        "proposals_proposalevent": ProposalEvent.objects.filter(proposal=proposal).first(),
        "reviews_reviewerprofile": ReviewerProfile.objects.get(user=world.users[REVIEWER_ASSIGNED]),
        "reviews_panelmember": world.member,
        "reviews_conflict": Conflict.objects.get(proposal=proposal),
        "reviews_assignment": world.assignment_a,
        "reviews_review": Review.objects.get(assignment=world.assignment_a),
        "reviews_decision": Decision.objects.get(proposal=proposal),
        # Before publication there is none: the admin's "does not exist" answer is tested.
        "reviews_publication": world.publication,
        "api_apitoken": world.extra["api_token_a"],
        # Made by publishing: none before (the admin's "does not exist" answer is tested).
        "awards_grant": grant_a(world),
        "awards_granttransition": grant_a(world) and grant_a(world).transitions.first(),
        **world.extra,
    }


def _admin_object_id(world: World, model_key: str) -> str:
    obj = admin_objects(world)[model_key]
    return str(obj.pk) if obj is not None else "999999"


# Variants: the same pattern resolved with another object ("pattern@variant").
VARIANTS = {
    "grants:call_detail@draft_call": "grants:call_detail",
    "proposals:proposal_detail@draft": "proposals:proposal_detail",
    "proposals:proposal_edit@draft": "proposals:proposal_edit",
    "proposals:officer_proposal@draft": "proposals:officer_proposal",
    "proposals:attachment_download@draft": "proposals:attachment_download",
    "proposals:attachment_download@b": "proposals:attachment_download",
    "proposals:call_proposals@open_call": "proposals:call_proposals",
    "reviews:proposal_assignments@draft": "reviews:proposal_assignments",
    "reviews:review_proposal@b": "reviews:review_proposal",
    "reviews:blind_attachment@b": "reviews:blind_attachment",
    "reviews:decide@b": "reviews:decide",
    "reviews:proposal_dossier@b": "reviews:proposal_dossier",
    "reviews:proposal_dossier@draft": "reviews:proposal_dossier",
    "reviews:analytics:call@other_call": "reviews:analytics:call",
    "api:call_detail@draft_call": "api:call_detail",
}


def url_kwargs(world: World, key: str) -> dict:
    """The URL arguments of the pattern (or variant) `key`, resolved with the world's objects.

    Call this after logging in: the password reset token depends on the last login.
    """
    call, a = world.call, world.proposal_a
    variants = {
        "grants:call_detail@draft_call": {"slug": world.draft_call.slug},
        "proposals:proposal_detail@draft": {"pk": world.draft_a.pk},
        "proposals:proposal_edit@draft": {"pk": world.draft_a.pk},
        "proposals:officer_proposal@draft": {"pk": world.draft_a.pk},
        "proposals:attachment_download@draft": {"pk": world.attachment_draft_a.pk},
        "proposals:attachment_download@b": {"pk": world.attachment_b.pk},
        "proposals:call_proposals@open_call": {"slug": world.open_call.slug},
        "reviews:proposal_assignments@draft": {"pk": world.draft_c.pk},
        "reviews:review_proposal@b": {"pk": world.proposal_b.pk},
        "reviews:blind_attachment@b": {"pk": world.attachment_b.pk},
        "reviews:decide@b": {"pk": world.proposal_b.pk},
        "reviews:proposal_dossier@b": {"pk": world.proposal_b.pk},
        "reviews:proposal_dossier@draft": {"pk": world.draft_c.pk},
        "reviews:analytics:call@other_call": {"slug": world.other_call.slug},
        "api:project_detail": {"reference": a.reference},
        "api:call_detail@draft_call": {"slug": world.draft_call.slug},
        "api_not_found": {"path": "no-such-thing/"},
        "api_tokens:token_revoke": {"pk": world.extra["api_token_a"].pk},
    }
    if key in variants:
        return variants[key]
    if key.startswith("awards:"):
        return awards_kwargs(world, key)
    if key.startswith("admin:"):
        return _admin_kwargs(world, key)
    name = key.split(":", 1)[-1]
    by_name = {
        "role_dashboard": {"role": Role.APPLICANT},
        "notification_open": {"pk": world.notification_a.pk},
        "outbox_retry": {"pk": world.notification_a.pk},
        "invitation_resend": {"pk": world.invitation.pk},
        "invitation_accept": {"token": world.invitation.token},
        "data_export_download": {"pk": world.extra["portal_dataexport"].pk},
        "consent_withdraw": {"key": "reminders"},
        "account_confirm_email": {"key": "matrix-no-such-key"},
        "openid_connect_login": {"provider_id": "agency"},
        "openid_connect_callback": {"provider_id": "agency"},
        "account_reset_password_from_key": {"uidb36": "0", "key": "matrix-no-such-key"},
        **{
            name: {"pk": world.extra["mfa_authenticator"].pk}
            for name in ("mfa_remove_webauthn", "mfa_edit_webauthn")
        },
        "attachment_download": {"pk": world.attachment_a.pk},
        "team": {"pk": organisation_a(world).pk},
        "team_invite": {"pk": organisation_a(world).pk},
        "team_leave": {"pk": organisation_a(world).pk},
        # The editor's membership of A's organisation.
        "member_role": {"pk": membership_of(world, ORG_EDITOR).pk},
        "member_remove": {"pk": membership_of(world, ORG_EDITOR).pk},
        "team_invitation_cancel": {"pk": world.team_invitation.pk},
        "team_join": {"token": world.team_invitation.token},
        "attachment_delete": {"pk": world.attachment_a.pk},
        "blind_attachment": {"pk": world.attachment_a.pk},
        "officer_version_diff": {"pk": a.pk, "number": 1},
        "officer_similar": {"pk": a.pk, "other": world.proposal_b.pk},
        "panel_remove": {"slug": call.slug, "pk": world.member.pk},
        "assignment_remove": {"pk": world.assignment_a.pk},
        "analytics:overview_csv": {"chart": "funnel"},
        "analytics:call_csv": {"chart": "funnel"},
        **{
            name: {"pk": world.meeting.pk}
            for name in ("meeting", "meeting_run", "meeting_bulk_vote", "meeting_minutes")
        },
        **{
            name: {"pk": world.meeting.items.order_by("position").first().pk}
            for name in ("agenda_item_run", "agenda_item_vote", "agenda_item_conflict")
        },
        "amendment_pdf": {"slug": call.slug, "number": 1},
        **{
            name: {"slug": world.extra["pitch_stage"].slug}
            for name in ("pitch_schedule", "pitch_slot_open", "pitch_series_open", "pitch_day")
        },
        **{
            name: {"pk": world.extra["pitch_slot_free"].pk}
            for name in ("pitch_slot_edit", "pitch_slot_cancel")
        },
        "pitch_slot_move": {"pk": world.extra["pitch_slot_booked"].pk},
        **{
            name: {"pk": world.extra["pitch_a"].pk}
            for name in ("pitch_booking", "pitch_ics", "pitch_material")
        },
    }
    if name.startswith("appeal_") and name != "appeal_lodge":
        return {"pk": world.appeal_b.pk if world.appeal_b else 999999}
    if name in by_name:
        return by_name[name]
    return {}


def organisation_a(world: World) -> Organisation:
    return world.proposal_a.organisation


def membership_of(world: World, role: str) -> OrganisationMembership:
    return OrganisationMembership.objects.get(
        organisation=organisation_a(world), user=world.users[role]
    )


def _start_grant_a(proposal, officer) -> None:
    """A's grant (made by publishing): its tranches planned, its agreement issued for A to
    accept."""
    from awards.forms import default_plan
    from awards.models import Grant
    from awards.services.agreement import issue_agreement
    from awards.services.tranches import save_tranche_plan

    grant = Grant.objects.get(proposal=proposal)
    save_tranche_plan(grant, by=officer, tranches=default_plan(grant))
    issue_agreement(grant, by=officer)


def grant_a(world: World):
    """The grant made for A's proposal when the results are published (None before)."""
    from awards.models import Grant

    return Grant.objects.filter(proposal=world.proposal_a).first()


def awards_kwargs(world: World, key: str) -> dict:
    """The awards pages are about A's grant; before publication there is none (a 404)."""
    if key in {"awards:grant_list", "awards:ledger", "awards:ledger_csv", "awards:ledger_xlsx"}:
        return {}
    if key == "awards:agreement_terms":
        return {"slug": world.call.slug}
    grant = grant_a(world)
    if key in {"awards:agreement_pdf", "awards:agreement_signed_pdf"}:
        agreement = grant.agreements.first() if grant else None
        pk = {"pk": agreement.pk if agreement else 999999}
        return pk | {"language": "th"} if key == "awards:agreement_pdf" else pk
    if key == "awards:report_file_download":
        from awards.models import ReportFile

        attached = ReportFile.objects.filter(report__grant=grant).first() if grant else None
        return {"pk": attached.pk if attached else 999999}
    if key.startswith("awards:report_"):
        report = grant.reports.order_by("due_on").first() if grant else None
        pk = {"pk": report.pk if report else 999999}
        return pk | {"number": 1} if key == "awards:report_diff" else pk
    if key == "awards:amendment_decide":
        amendment = grant.amendments.first() if grant else None
        return {"pk": amendment.pk if amendment else 999999}
    if key == "awards:payment_record":
        tranche = grant.tranches.first() if grant else None
        return {"pk": tranche.pk if tranche else 999999}
    return {"pk": grant.pk if grant else 999999}


def fill_route(world: World, key: str, route_kwargs: set[str]) -> dict:
    """Arguments for the generic routes: every `slug` is the call's, every `pk` proposal A's."""
    kwargs = url_kwargs(world, key)
    if "slug" in route_kwargs and "slug" not in kwargs:
        kwargs = {**kwargs, "slug": world.call.slug}
    if "pk" in route_kwargs and "pk" not in kwargs:
        kwargs = {**kwargs, "pk": world.proposal_a.pk}
    return kwargs


def _admin_kwargs(world: World, key: str) -> dict:
    name = key.split(":", 1)[1]
    if name == "app_list":
        return {"app_label": "proposals"}
    if name == "view_on_site":
        return {
            "content_type_id": str(ContentType.objects.get_for_model(Call).pk),
            "object_id": str(world.call.pk),
        }
    if name == "auth_user_password_change":
        return {"id": str(world.users[APPLICANT_A].pk)}
    for suffix in ("_history", "_delete", "_change"):
        model_key = name.removesuffix(suffix)
        if name.endswith(suffix) and model_key in admin_objects(world):
            return {"object_id": _admin_object_id(world, model_key)}
    return {}
