"""Calls for proposals: the public list and page, and what officers do with a call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.panels import render_panels

from . import services
from .enums import CallPhase
from .filters import CallFilter
from .forms import CallForm, CloseCallForm, rubric_formset
from .models import Call
from .queries import public_calls
from .rubric import DEFAULT_RUBRIC

CALLS_PER_PAGE = 12


def _visible_call(request, slug: str) -> Call:
    """The call, or 404 when the user may not see it (a draft, to anyone who can't edit it)."""
    call = get_object_or_404(
        Call.objects.select_related("programme").prefetch_related("sectors"), slug=slug
    )
    if not request.user.has_perm("grants.view_call", call):
        raise Http404
    return call


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


def call_detail(request, slug):
    call = _visible_call(request, slug)
    runs_call = request.user.has_perm("grants.change_call", call)
    criteria = list(call.criteria.all())
    return render(
        request,
        "grants/call_detail.html",
        {
            "call": call,
            "criteria": criteria,
            "rubric_total": sum(criterion.weight for criterion in criteria),
            "runs_call": runs_call,
            "transitions": call.transitions.select_related("by") if runs_call else None,
            "close_form": CloseCallForm() if runs_call else None,
            "is_open": call.phase == CallPhase.OPEN,
            # Higher apps (proposals, reviews) add their part of the call's page here.
            "call_panels": render_panels("call_detail", request, call=call),
        },
    )


@login_required
def call_create(request):
    if not request.user.has_perm("grants.add_call"):
        raise PermissionDenied
    if request.method == "POST":
        form = CallForm(request.POST)
        rubric = rubric_formset(request.POST)
        if all([form.is_valid(), rubric.is_valid()]):  # a list: show every error at once
            call = services.create_call(
                by=request.user,
                fields=form.call_fields(),
                sectors=form.cleaned_data["sectors"],
                criteria=rubric.criteria(),
            )
            messages.success(
                request, _("The call “%(title)s” is saved as a draft.") % {"title": call.title}
            )
            return redirect(call)
    else:
        form = CallForm()
        rubric = rubric_formset(initial=DEFAULT_RUBRIC)
    return render(request, "grants/call_form.html", {"form": form, "rubric": rubric, "call": None})


@login_required
def call_edit(request, slug):
    call = _visible_call(request, slug)
    if not request.user.has_perm("grants.change_call", call):
        raise PermissionDenied
    if request.method == "POST":
        form = CallForm(request.POST, instance=call)
        rubric = rubric_formset(request.POST, call=call)
        if all([form.is_valid(), rubric.is_valid()]):
            with transaction.atomic():
                services.update_call(
                    call, fields=form.call_fields(), sectors=form.cleaned_data["sectors"]
                )
                services.replace_rubric(call, rubric.criteria())
            messages.success(request, _("Your changes to the call are saved."))
            return redirect(call)
    else:
        form = CallForm(instance=call)
        rubric = rubric_formset(call=call)
    return render(request, "grants/call_form.html", {"form": form, "rubric": rubric, "call": call})


def _run_action(request, slug: str, permission: str, action, done: str, **kwargs):
    """Check `permission` on the call (the one its button is shown by), run the service."""
    call = _visible_call(request, slug)
    if not request.user.has_perm(permission, call):
        raise PermissionDenied
    try:
        action(call, by=request.user, **kwargs)
    except services.CallStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(call)


@require_POST
@login_required
def call_open(request, slug):
    return _run_action(
        request, slug, "grants.open_call", services.open_call, _("The call is published.")
    )


@require_POST
@login_required
def call_close(request, slug):
    form = CloseCallForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _run_action(
        request,
        slug,
        "grants.close_call",
        services.close_call,
        _("The call is closed; no more proposals are accepted."),
        note=note,
    )


@require_POST
@login_required
def call_start_review(request, slug):
    return _run_action(
        request, slug, "grants.start_review", services.start_review, _("The review has started.")
    )


@require_POST
@login_required
def call_archive(request, slug):
    return _run_action(
        request, slug, "grants.archive_call", services.archive_call, _("The call is archived.")
    )
