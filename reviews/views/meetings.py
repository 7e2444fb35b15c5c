"""Committee meetings: the call's meetings, scheduling one, the meeting's page (the secretary
runs it, members declare conflicts and vote), and the minutes as a PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.access import Load, guard
from portal.audit import record
from portal.enums import AuditAction
from portal.refusals import attempt, submit_form

from ..enums import AgendaItemState
from ..forms import ItemConflictForm, ItemNotesForm, ScheduleMeetingForm, VoteForm
from ..minutes_pdf import render_minutes_pdf
from ..models import AgendaItem, Meeting
from ..queries import agenda_of, meetings_visible_to
from ..services import meetings as service

CALL = Load(Call, slug="slug")
MEETING = Load(Meeting.objects.select_related("call", "chair", "scheduled_by"))
ITEM = Load(AgendaItem.objects.select_related("meeting__call", "proposal"))
SEE_MEETING = "reviews.view_meeting"
SEE_ITEM = "reviews.view_agenda_item"


@guard("reviews.view_meetings", load=CALL, see="grants.view_call")
def meetings(request, call):
    return render(
        request,
        "reviews/meetings/list.html",
        {
            "call": call,
            "meetings": meetings_visible_to(request.user, call),
            "may_schedule": request.user.has_perm("reviews.schedule_meeting", call),
        },
    )


@guard("reviews.schedule_meeting", load=CALL, see="grants.view_call")
def meeting_schedule(request, call):
    form = ScheduleMeetingForm(request.POST or None)
    if request.method == "POST":
        meeting = submit_form(
            request,
            form,
            service.schedule_meeting,
            call,
            by=request.user,
            success=_("The meeting is scheduled and the agenda is sent to the members."),
        )
        if meeting:
            return redirect(meeting)
    return render(
        request,
        "reviews/meetings/schedule.html",
        {"call": call, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _seat(meeting, user):
    return meeting.members.filter(user=user).first()


@guard(SEE_MEETING, load=MEETING)
def meeting(request, meeting):
    user = request.user
    seat = _seat(meeting, user)
    items = agenda_of(meeting, seat=seat)
    return render(
        request,
        "reviews/meetings/meeting.html",
        {
            "meeting": meeting,
            "call": meeting.call,
            "seats": list(meeting.members.select_related("user").order_by("pk")),
            "items": items,
            "bulk_count": sum(1 for item in items if item.in_bulk),
            "bulk_pending": any(i.in_bulk and i.state == AgendaItemState.PENDING for i in items),
            "bulk_open": any(i.in_bulk and i.state == AgendaItemState.OPEN for i in items),
            "seat": seat,
            "may_run": user.has_perm("reviews.run_meeting", meeting),
            "may_vote": user.has_perm("reviews.vote_in_meeting", meeting) and seat is not None,
            "may_declare": user.has_perm("reviews.declare_meeting_conflicts", meeting)
            and seat is not None,
            "vote_form": VoteForm(),
            "conflict_form": ItemConflictForm(),
            "notes_form_class": ItemNotesForm,
        },
    )


MEETING_ACTIONS = {
    "open": (service.open_meeting, _("The meeting is open.")),
    "open_bulk": (service.open_bulk, _("The clear cases are open for the bulk vote.")),
    "resolve_bulk": (service.resolve_bulk, _("The clear cases are resolved.")),
    "close": (service.close_meeting, _("The meeting is closed; the minutes are sent.")),
}


@require_POST
@guard("reviews.run_meeting", load=MEETING, see=SEE_MEETING)
def meeting_run(request, meeting):
    """The secretary's actions on the meeting: attendance, open, bulk, close."""
    action = request.POST.get("action", "")
    if action == "attendance":
        present = [int(pk) for pk in request.POST.getlist("present") if pk.isdigit()]
        attempt(
            request,
            service.record_attendance,
            meeting,
            present=present,
            by=request.user,
            success=_("Attendance recorded."),
        )
    elif action in MEETING_ACTIONS:
        action_service, success = MEETING_ACTIONS[action]
        attempt(request, action_service, meeting, by=request.user, success=str(success))
    else:
        messages.error(request, _("Unknown action."))
    return redirect(meeting)


@require_POST
@guard("reviews.run_agenda_item", load=ITEM, see=SEE_ITEM)
def item_run(request, item):
    """The secretary's actions on an item: open it, note the discussion, resolve it."""
    action = request.POST.get("action", "")
    if action == "open":
        attempt(request, service.open_item, item, by=request.user)
    elif action == "notes":
        form = ItemNotesForm(request.POST)
        if form.is_valid():
            attempt(
                request,
                service.save_item_notes,
                item,
                by=request.user,
                success=_("Notes saved."),
                **form.cleaned_data,
            )
    elif action == "resolve":
        attempt(
            request,
            service.resolve_item,
            item,
            by=request.user,
            success=_("Resolution recorded for %(reference)s.")
            % {"reference": item.proposal.reference},
        )
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


def _member_seat(request, meeting):
    return get_object_or_404(meeting.members, user=request.user)


@require_POST
@guard("reviews.vote_on_item", load=ITEM, see=SEE_ITEM)
def item_vote(request, item):
    form = VoteForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            service.cast_vote,
            item,
            member=_member_seat(request, item.meeting),
            success=_("Your vote is recorded."),
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Choose your vote."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@require_POST
@guard("reviews.declare_item_conflict", load=ITEM, see=SEE_ITEM)
def item_conflict(request, item):
    form = ItemConflictForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            service.declare_item_conflict,
            item,
            member=_member_seat(request, item.meeting),
            success=_("Conflict of interest declared: you leave this item."),
            **form.cleaned_data,
        )
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@require_POST
@guard("reviews.vote_in_meeting", load=MEETING, see=SEE_MEETING)
def bulk_vote(request, meeting):
    attempt(
        request,
        service.cast_bulk_vote,
        meeting,
        member=_member_seat(request, meeting),
        approve=request.POST.get("approve") == "yes",
        success=_("Your vote on the clear cases is recorded."),
    )
    return redirect(f"{meeting.get_absolute_url()}#bulk")


@guard("reviews.read_minutes", load=MEETING, see=SEE_MEETING)
def meeting_minutes(request, meeting):
    """The minutes as a PDF, in Thai, or in English with ?lang=en."""
    language = "en" if request.GET.get("lang") == "en" else "th"
    with translation.override(language):
        pdf = render_minutes_pdf(meeting)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"minutes-{meeting.call.slug}-{meeting.number}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    record(request, AuditAction.VIEW_PDF, obj=meeting, summary=name)
    return response
