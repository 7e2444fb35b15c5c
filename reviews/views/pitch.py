"""Pitch stages: the officers' schedule of slots, the teams' booking page and calendar file,
and the pitch day of the stage's panel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.access import Load, guard
from portal.ics import CONTENT_TYPE
from portal.refusals import attempt, submit_form
from proposals.enums import ProposalState
from proposals.models import Proposal

from ..forms import PitchSeriesForm, PitchSlotForm, SlotChoiceForm
from ..models import PitchSlot
from ..pitch import (
    BOOKING_CUTOFF,
    changes_close_at,
    is_bookable,
    may_change_booking,
    pitch_calendar,
)
from ..queries import pitch_day_rows, pitch_schedule
from ..services import pitch as service
from .content import proposal_content

STAGE = Load(Call, slug="slug")
SLOT = Load(PitchSlot.objects.select_related("stage", "booked_proposal"))
TEAM = Load(Proposal.objects.select_related("call", "organisation", "previous_stage"))
SEE_SLOT = "reviews.view_pitch_slot"
MANAGE = "reviews.manage_pitch_slots"


def _schedule_page(request, stage, *, slot_form=None, series_form=None, status=200):
    slots = pitch_schedule(stage)
    booked = {slot.booked_proposal_id for slot in slots if slot.booked_proposal_id}
    return render(
        request,
        "reviews/pitch/schedule.html",
        {
            "call": stage,
            "slots": slots,
            "free_slots": [slot for slot in slots if slot.is_free],
            "waiting": [
                p
                for p in stage.proposals.exclude(
                    state__in=[ProposalState.DRAFT, ProposalState.WITHDRAWN]
                )
                .select_related("organisation")
                .order_by("reference", "pk")
                if p.pk not in booked
            ],
            "panel": list(stage.panel.select_related("reviewer").order_by("pk")),
            "slot_form": slot_form or PitchSlotForm(),
            "series_form": series_form or PitchSeriesForm(),
        },
        status=status,
    )


@guard(MANAGE, load=STAGE, see="grants.view_call")
def pitch_schedule_page(request, stage):
    """Who pitches when and where, the teams still to book, the panel; opening slots."""
    return _schedule_page(request, stage)


@require_POST
@guard(MANAGE, load=STAGE, see="grants.view_call")
def pitch_slot_open(request, stage):
    form = PitchSlotForm(request.POST)
    if submit_form(
        request, form, service.open_pitch_slot, stage, by=request.user, success=_("Slot opened.")
    ):
        return redirect("reviews:pitch_schedule", slug=stage.slug)
    return _schedule_page(request, stage, slot_form=form, status=400)


@require_POST
@guard(MANAGE, load=STAGE, see="grants.view_call")
def pitch_series_open(request, stage):
    form = PitchSeriesForm(request.POST)
    opened = submit_form(request, form, service.open_pitch_series, stage, by=request.user)
    if opened:
        messages.success(request, _("%(count)d slots opened.") % {"count": len(opened)})
        return redirect("reviews:pitch_schedule", slug=stage.slug)
    return _schedule_page(request, stage, series_form=form, status=400)


@guard("reviews.edit_pitch_slot", load=SLOT, see=SEE_SLOT)
def pitch_slot_edit(request, slot):
    form = PitchSlotForm(
        request.POST or None,
        initial={
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "place": slot.place,
            "link": slot.link,
        },
    )
    if request.method == "POST" and submit_form(
        request, form, service.edit_pitch_slot, slot, by=request.user, success=_("Slot changed.")
    ):
        return redirect("reviews:pitch_schedule", slug=slot.stage.slug)
    return render(
        request,
        "reviews/pitch/slot_edit.html",
        {"slot": slot, "call": slot.stage, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@guard("reviews.edit_pitch_slot", load=SLOT, see=SEE_SLOT)
def pitch_slot_cancel(request, slot):
    attempt(request, service.cancel_pitch_slot, slot, by=request.user, success=_("Slot cancelled."))
    return redirect("reviews:pitch_schedule", slug=slot.stage.slug)


@require_POST
@guard("reviews.move_pitch_booking", load=SLOT, see=SEE_SLOT)
def pitch_slot_move(request, slot):
    form = SlotChoiceForm(request.POST, slots=slot.stage.pitch_slots.all())
    if form.is_valid():
        attempt(
            request,
            service.move_pitch_booking,
            slot,
            to=form.cleaned_data["slot"],
            by=request.user,
            success=_("The team is moved and told by message, with the new calendar file."),
        )
    else:
        messages.error(request, _("Choose a free slot to move the team to."))
    return redirect("reviews:pitch_schedule", slug=slot.stage.slug)


@guard("reviews.view_pitch_booking", load=TEAM)
def pitch_booking(request, proposal):
    """The team's page: its booking, and the free slots it may take (first come); a viewer of
    the organisation reads it, its owners and editors book."""
    stage = proposal.call
    booking = PitchSlot.objects.filter(booked_proposal=proposal).first()
    may_book = request.user.has_perm("reviews.book_pitch_slot", proposal)
    if request.method == "POST" and not may_book:
        raise PermissionDenied
    if request.method == "POST":
        form = SlotChoiceForm(request.POST, slots=stage.pitch_slots.all())
        if form.is_valid():
            booked = attempt(
                request,
                service.book_pitch_slot,
                proposal,
                slot=form.cleaned_data["slot"],
                by=request.user,
                success=_("Your pitch is booked. The calendar file is on its way by message."),
            )
            if booked:
                return redirect("reviews:pitch_booking", pk=proposal.pk)
        else:
            messages.error(request, form.errors["slot"][0])
    free = [slot for slot in pitch_schedule(stage) if is_bookable(slot)]
    return render(
        request,
        "reviews/pitch/booking.html",
        {
            "proposal": proposal,
            "call": stage,
            "booking": booking,
            "free_slots": free,
            "may_book": may_book,
            "may_change": may_book and may_change_booking(booking),
            "changes_close_at": changes_close_at(booking) if booking else None,
            "cutoff_hours": int(BOOKING_CUTOFF.total_seconds() // 3600),
        },
        status=400 if request.method == "POST" else 200,
    )


@guard("reviews.view_pitch_booking", load=TEAM)
def pitch_ics(request, proposal):
    """The booking as a calendar file (404 before the team books)."""
    booking = PitchSlot.objects.filter(booked_proposal=proposal).first()
    if booking is None:
        messages.info(request, _("Book a slot first; its calendar file is then here."))
        return redirect("reviews:pitch_booking", pk=proposal.pk)
    response = HttpResponse(
        pitch_calendar(booking, proposal), content_type=f"{CONTENT_TYPE}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="pitch-{proposal.pk}.ics"'
    return response


@guard("reviews.view_pitch_day", load=STAGE)
def pitch_day(request, stage):
    """The panel's page on the day: the schedule in order, each team's material from the stage
    before and the scoring form. To anybody else the stage's pitch day does not exist."""
    return render(
        request,
        "reviews/pitch/day.html",
        {"call": stage, "rows": pitch_day_rows(stage, request.user)},
    )


@guard("reviews.read_pitch_material", load=TEAM)
def pitch_material(request, proposal):
    """What the team sent at the stage before, read-only, for the pitch panel."""
    earlier = Proposal.objects.select_related(
        "call", "organisation", "province", "primary_sector"
    ).get(pk=proposal.previous_stage_id)
    return render(
        request,
        "reviews/pitch/material.html",
        {
            "pitch_proposal": proposal,
            "proposal": earlier,
            "call": proposal.call,
            **proposal_content(earlier, request.user),
        },
    )
