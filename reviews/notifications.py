"""The one place where review events hand over to notifications (outbox rows, portal.outbox).

Services call these inside their transaction; delivery happens after commit.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from portal.models import Notification
from portal.outbox import dispatch_batches_after_commit, queue_notification, render_message
from proposals.enums import ProposalState
from proposals.models import Proposal

from .blind import visible_organisation
from .enums import ReviewState
from .models import Review
from .pitch import booking_path, calendar_attachment


def _call_officers(call):
    """The people who run `call`: its officers and its creator, active, once each."""
    people = {officer.pk: officer for officer in call.officers.filter(is_active=True)}
    if call.created_by_id and call.created_by.is_active:
        people.setdefault(call.created_by_id, call.created_by)
    return list(people.values())


def conflict_declared(assignment, reason: str) -> None:
    """Tell each officer of the call that a reviewer declared a conflict (reassign someone)."""
    proposal = assignment.proposal
    for officer in _call_officers(proposal.call):
        queue_notification(
            kind="conflict_declared",
            recipient=officer,
            dedupe_key=f"conflict:{assignment.pk}:{officer.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=reverse("proposals:officer_proposal", kwargs={"pk": proposal.pk}),
            context={
                "proposal": proposal,
                "call": proposal.call,
                "reviewer": assignment.reviewer,
                "reason": reason,
            },
        )


RESULT_CHUNK = 500  # rows rendered and inserted at a time when the results are published


def results_published(call) -> None:
    """Queue one "result" message per member of each applicant organisation of `call`.

    For the proposals whose final state publishing applied (awarded, reserve list, not
    selected). Dedupe key "result:<proposal>:<member>": queuing twice makes no second row.
    Rows are rendered and inserted in chunks (bulk_create), one transaction a chunk, and each
    chunk is handed to the delivery tasks when it commits: the first messages go out while
    the rest are still being rendered. A run cut short leaves whole chunks; running again
    (reviews.tasks.resume_result_notifications_task) adds only the rows still missing.
    """
    pending: list[Notification] = []
    for proposal in _decided_proposals(call).iterator(chunk_size=RESULT_CHUNK):
        for member in proposal.organisation.members.all():
            if member.is_active:
                pending.append(_result_message(call, proposal, member))
            if len(pending) >= RESULT_CHUNK:
                _insert_and_dispatch(pending)
                pending = []
    if pending:
        _insert_and_dispatch(pending)


def _decided_proposals(call):
    return (
        Proposal.objects.filter(
            call=call,
            state__in=[ProposalState.AWARDED, ProposalState.RESERVE, ProposalState.NOT_SELECTED],
        )
        .select_related("organisation", "decision", "call")
        .prefetch_related("organisation__members")
        .order_by("pk")
    )


def _result_message(call, proposal, member) -> Notification:
    """The "result" row for one member, rendered in their language (not saved)."""
    language = member.language or "th"
    context = {
        "proposal": proposal,
        "call": call,
        "decision": getattr(proposal, "decision", None),
        "recipient": member,
        "site_url": settings.SITE_URL,
    }
    subject, text, html = render_message("result", context, language)
    return Notification(
        kind="result",
        recipient=member,
        email=member.email,
        dedupe_key=f"result:{proposal.pk}:{member.pk}",
        about=f"proposal:{proposal.pk}",
        call_ref=call.pk,
        link=proposal.get_absolute_url(),
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
    )


@transaction.atomic
def _insert_and_dispatch(rows: list[Notification]) -> None:
    """Insert the rows whose key is new, and hand them to delivery after commit, in batches."""
    keys = [row.dedupe_key for row in rows]
    existing = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    fresh = [row for row in rows if row.dedupe_key not in existing]
    Notification.objects.bulk_create(fresh, batch_size=RESULT_CHUNK, ignore_conflicts=True)
    created = Notification.objects.filter(
        dedupe_key__in=[row.dedupe_key for row in fresh]
    ).values_list("pk", flat=True)
    dispatch_batches_after_commit(list(created))


def reviewer_assigned(assignment) -> None:
    """Tell the reviewer they have a proposal to review (once per assignment).

    In a blind-review call the message names neither the applicant nor their organisation.
    """
    proposal = assignment.proposal
    link = _review_link(proposal)
    queue_notification(
        kind="reviewer_assigned",
        recipient=assignment.reviewer,
        dedupe_key=f"assigned:{assignment.pk}",
        about=f"proposal:{proposal.pk}",
        call=proposal.call,
        link=link,
        context={
            "link": link,
            "proposal": proposal,
            "call": proposal.call,
            "blind": proposal.call.blind_review,
            "organisation": getattr(
                visible_organisation(proposal, assignment.reviewer), "name", None
            ),
        },
    )


def _review_link(proposal) -> str:
    """The reviewer's page of the proposal: declaration first, then scoring."""
    return reverse("reviews:review_proposal", kwargs={"pk": proposal.pk})


def panel_invitation(member) -> None:
    """Tell a reviewer they are on a call's review panel (once per call)."""
    call = member.call
    queue_notification(
        kind="panel_invitation",
        recipient=member.reviewer,
        dedupe_key=f"panel:{call.pk}:{member.reviewer_id}",
        about=f"call:{call.pk}",
        call=call,
        link=reverse("reviews:my_reviews"),
        context={"call": call, "link": reverse("reviews:my_reviews")},
    )


def _meeting_messages(meeting, *, kind: str, link: str) -> None:
    for seat in meeting.members.select_related("user").order_by("pk"):
        if not seat.user.is_active:
            continue
        queue_notification(
            kind=kind,
            recipient=seat.user,
            dedupe_key=f"{kind}:{meeting.pk}:{seat.user_id}",
            about=f"meeting:{meeting.pk}",
            call=meeting.call,
            link=link,
            context={"meeting": meeting, "call": meeting.call, "link": link},
        )


def meeting_agenda(meeting) -> None:
    """Send each member the meeting's date, place and agenda (once per meeting and member)."""
    _meeting_messages(
        meeting, kind="meeting_agenda", link=reverse("reviews:meeting", kwargs={"pk": meeting.pk})
    )


def meeting_minutes(meeting) -> None:
    """Send each member the minutes once the meeting is closed (once per meeting and member)."""
    _meeting_messages(
        meeting,
        kind="meeting_minutes",
        link=reverse("reviews:meeting_minutes", kwargs={"pk": meeting.pk}),
    )


def appeal_lodged(appeal) -> None:
    """Tell each officer of the call that an appeal was lodged (to send to the committee)."""
    proposal = appeal.proposal
    link = reverse("reviews:appeal_detail", kwargs={"pk": appeal.pk})
    for officer in _call_officers(proposal.call):
        queue_notification(
            kind="appeal_lodged",
            recipient=officer,
            dedupe_key=f"appeal_lodged:{appeal.pk}:{officer.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=link,
            context={"appeal": appeal, "proposal": proposal, "call": proposal.call},
        )


def appeal_decided(appeal) -> None:
    """Tell each member of the applicant's organisation the committee's decision on their
    appeal (a decision: it cannot be turned off)."""
    proposal = appeal.proposal
    link = reverse("reviews:appeal_detail", kwargs={"pk": appeal.pk})
    amendment = getattr(appeal, "amendment", None)
    for member in proposal.organisation.members.filter(is_active=True):
        queue_notification(
            kind="appeal_decided",
            recipient=member,
            dedupe_key=f"appeal_decided:{appeal.pk}:{member.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=link,
            context={
                "appeal": appeal,
                "proposal": proposal,
                "call": proposal.call,
                "amendment": amendment,
            },
        )


def _team(proposal):
    return list(proposal.organisation.members.filter(is_active=True).order_by("pk"))


def _pitch_messages(slot, proposal, *, kind: str, key: str, extra: dict | None = None) -> None:
    """One message of `kind` to each member of the team, with the calendar file of the
    booking (written in the member's language)."""
    link = booking_path(proposal)
    for member in _team(proposal):
        with translation.override(member.language or "th"):
            attachment = calendar_attachment(slot, proposal, attendees=[member.email])
        queue_notification(
            kind=kind,
            recipient=member,
            dedupe_key=f"{key}:{member.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=link,
            context={
                "proposal": proposal,
                "call": proposal.call,
                "slot": slot,
                "link": link,
                **(extra or {}),
            },
            attachment=attachment,
        )


def pitch_booked(slot, proposal) -> None:
    """Confirm a team's booking (each booking, a change included, once per member)."""
    _pitch_messages(
        slot,
        proposal,
        kind="pitch_booked",
        key=f"pitch_booked:{proposal.pk}:{slot.pk}:{slot.booked_at:%Y%m%d%H%M%S%f}",
    )


def pitch_moved(slot, proposal, *, previous) -> None:
    """Tell a team its pitch was moved by an officer, with the new calendar file."""
    _pitch_messages(
        slot,
        proposal,
        kind="pitch_moved",
        key=f"pitch_moved:{proposal.pk}:{slot.pk}:{slot.booked_at:%Y%m%d%H%M%S%f}",
        extra={"previous": previous},
    )


def pitch_reminder(slot) -> None:
    """Remind the team of its pitch the day before (once per booking and member)."""
    proposal = slot.booked_proposal
    _pitch_messages(
        slot,
        proposal,
        kind="pitch_reminder",
        key=f"pitch_reminder:{proposal.pk}:{slot.starts_at:%Y%m%d%H%M}",
    )


def stage_invitation(proposal, carried) -> None:
    """Invite each member of the applicant organisation to the next stage of the call
    (shortlisted at `proposal`'s stage; `carried` is their proposal there)."""
    stage = carried.call
    for member in proposal.organisation.members.filter(is_active=True):
        queue_notification(
            kind="stage_invitation",
            recipient=member,
            dedupe_key=f"stage-invitation:{carried.pk}:{member.pk}",
            about=f"proposal:{carried.pk}",
            call=stage,
            link=carried.get_absolute_url(),
            context={"proposal": proposal, "carried": carried, "stage": stage},
        )


def stage_not_shortlisted(proposal, reason: str) -> None:
    """Tell each member of the applicant organisation that `proposal` does not go on, with
    the reviewers' feedback (without their names) and the reason."""
    feedback = list(
        Review.objects.filter(assignment__proposal=proposal, state=ReviewState.SUBMITTED)
        .exclude(feedback="")
        .order_by("submitted_at", "pk")
        .values_list("feedback", flat=True)
    )
    for member in proposal.organisation.members.filter(is_active=True):
        queue_notification(
            kind="stage_result",
            recipient=member,
            dedupe_key=f"stage-result:{proposal.pk}:{member.pk}",
            about=f"proposal:{proposal.pk}",
            call=proposal.call,
            link=proposal.get_absolute_url(),
            context={"proposal": proposal, "reason": reason, "feedback": feedback},
        )
