"""Calls for proposals: the public list and page, what officers do with a call and its
questions, and the sectors a person follows.

Every view declares its access rule (`portal.access`); services are called through
`portal.refusals.attempt`, so a refusal lands on the form or among the page's messages.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard, public
from portal.panels import render_panels
from portal.refusals import attempt, submit_form

from . import services
from .enums import CallPhase, StageKind
from .filters import CallFilter
from .forms import (
    RUBRIC_PREFIX,
    CallForm,
    CloseCallForm,
    FollowForm,
    question_formset,
    rubric_formset,
)
from .models import Call, Sector, SectorFollow
from .phases import review_started
from .queries import public_calls
from .rubric import DEFAULT_RUBRIC
from .stages import stages_of, uses_stage_weights

CALLS_PER_PAGE = 12

# A call by its address. A draft exists only for those who may see it ("grants.view_call"):
# anybody else is answered 404.
CALL = Load(Call.objects.select_related("programme").prefetch_related("sectors"), slug="slug")


def _rubric_table(call) -> dict:
    """The context of grants/includes/rubric_table.html: the call's criteria, their total."""
    criteria = list(call.criteria.all())
    return {"criteria": criteria, "rubric_total": sum(c.weight for c in criteria)}


@public
def call_list(request):
    filterset = CallFilter(request.GET, queryset=public_calls(), request=request)
    paginator = Paginator(filterset.qs, CALLS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grants/call_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "calls": page.object_list,
            "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
        },
    )


@guard("grants.view_call", load=CALL, login=False)
def call_detail(request, call):
    runs_call = request.user.has_perm("grants.change_call", call)
    stages = stages_of(call) if call.stage_kind != StageKind.SINGLE else None
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            **_rubric_table(call),
            "runs_call": runs_call,
            "transitions": call.transitions.select_related("by") if runs_call else None,
            "close_form": CloseCallForm() if runs_call else None,
            "is_open": call.phase == CallPhase.OPEN,
            "stages": stages,
            "weighted": bool(stages) and uses_stage_weights(stages),
            # Higher apps (proposals, reviews) add their part of the call's page here.
            "call_panels": render_panels("call_detail", request, call=call),
        },
    )


@guard("grants.add_call")
def call_create(request):
    if request.method == "POST":
        form = CallForm(request.POST)
        rubric = rubric_formset(request.POST)
        if all([form.is_valid(), rubric.is_valid()]):  # a list: show every error at once
            call = attempt(
                request,
                services.create_call,
                form=form,
                by=request.user,
                fields=form.call_fields(),
                sectors=form.cleaned_data["sectors"],
                criteria=rubric.criteria(),
                stage_template=form.cleaned_data["stage_template"],
            )
            if call:
                messages.success(
                    request, _("The call “%(title)s” is saved as a draft.") % {"title": call.title}
                )
                return redirect(call)
    else:
        form = CallForm()
        rubric = rubric_formset(initial=DEFAULT_RUBRIC)
    return render(request, "grants/call_form.html", {"form": form, "rubric": rubric, "call": None})


@guard("grants.change_call", load=CALL, see="grants.view_call")
def call_edit(request, call):
    # Once the review has begun the rubric is shown, not edited. A page opened before then
    # still posts its rubric: the service refuses a change to it rather than drop it unseen
    # (a rubric that does not even validate is a change too: it goes as no criteria at all).
    rubric_locked = review_started(call)
    if request.method == "POST":
        form = CallForm(request.POST, instance=call)
        posted = f"{RUBRIC_PREFIX}-TOTAL_FORMS" in request.POST
        rubric = rubric_formset(request.POST, call=call) if posted or not rubric_locked else None
        rubric_valid = rubric is None or rubric.is_valid()
        criteria = None if rubric is None else rubric.criteria() if rubric_valid else []
        if all([form.is_valid(), rubric_valid or rubric_locked]) and attempt(
            request,
            services.update_call,
            call,
            form=form,
            fields=form.call_fields(),
            sectors=form.cleaned_data["sectors"],
            criteria=criteria,
            success=_("Your changes to the call are saved."),
        ):
            return redirect(call)
        rubric_locked = review_started(call)  # it may have begun since the page was opened
    else:
        form = CallForm(instance=call)
        rubric = None if rubric_locked else rubric_formset(call=call)
    return render(
        request,
        "grants/call_form.html",
        {
            "form": form,
            "rubric": None if rubric_locked else rubric,
            "call": call,
            "rubric_locked": rubric_locked,
            **(_rubric_table(call) if rubric_locked else {}),
        },
    )


@guard("grants.change_call", load=CALL, see="grants.view_call")
def call_questions(request, call):
    if request.method == "POST":
        formset = question_formset(call, request.POST)
        # A formset has no single form to carry a refusal: it goes among the page's messages.
        if formset.is_valid() and attempt(
            request,
            services.save_questions,
            call,
            kept=formset.kept(),
            removed=formset.removed(),
            success=_("The questions for applicants are saved."),
        ):
            return redirect(reverse("grants:call_questions", kwargs={"slug": call.slug}))
    else:
        formset = question_formset(call)
    return render(request, "grants/questions.html", {"call": call, "formset": formset})


# The officer's actions on a call. Each is guarded by the permission its button is shown by;
# the page they come back to shows the refusal among its messages.


@require_POST
@guard("grants.open_call", load=CALL, see="grants.view_call")
def call_open(request, call):
    attempt(request, services.open_call, call, by=request.user, success=_("The call is published."))
    return redirect(call)


@require_POST
@guard("grants.close_call", load=CALL, see="grants.view_call")
def call_close(request, call):
    # The note is optional: one that does not validate is left out, the call still closes.
    form = CloseCallForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    attempt(
        request,
        services.close_call,
        call,
        by=request.user,
        note=note,
        success=_("The call is closed; no more proposals are accepted."),
    )
    return redirect(call)


@require_POST
@guard("grants.start_review", load=CALL, see="grants.view_call")
def call_start_review(request, call):
    attempt(
        request, services.start_review, call, by=request.user, success=_("The review has started.")
    )
    return redirect(call)


@require_POST
@guard("grants.archive_call", load=CALL, see="grants.view_call")
def call_archive(request, call):
    attempt(
        request, services.archive_call, call, by=request.user, success=_("The call is archived.")
    )
    return redirect(call)


@guard()
def follow_sectors(request):
    """The sectors whose new calls a signed-in person hears about."""
    current = Sector.objects.filter(
        pk__in=SectorFollow.objects.filter(user=request.user).values("sector_id")
    )
    # Not `request.POST or None`: unticking every box posts nothing, and that is a choice too.
    form = FollowForm(
        request.POST if request.method == "POST" else None, initial={"sectors": current}
    )
    if request.method == "POST" and submit_form(
        request,
        form,
        services.set_followed_sectors,
        request.user,
        success=_("Your sectors are saved."),
    ):
        return redirect("grants:follow_sectors")
    return render(request, "grants/follow.html", {"form": form})
