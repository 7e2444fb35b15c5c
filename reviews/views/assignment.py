"""Assignment pages: the reviewer's profile, a call's panel, a proposal's reviewers and the
automatic assignment (preview, then save)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.enums import Role
from portal.models import User
from proposals.models import Proposal
from proposals.pool import review_pool

from ..forms import AssignForm, PanelMemberForm, ReviewerProfileForm
from ..models import Assignment, PanelMember, ReviewerProfile
from ..services import assignment as services
from ..services.assignment import AssignmentError


def _managed_call(request, slug: str) -> Call:
    """The call, when the user manages its assignments: 404 if they may not see it, else 403."""
    call = get_object_or_404(Call, slug=slug)
    if request.user.has_perm("reviews.manage_assignments", call):
        return call
    if not request.user.has_perm("grants.view_call", call):
        raise Http404
    raise PermissionDenied


def _managed_proposal(request, pk: int) -> Proposal:
    """The proposal, when the user manages the call's assignments; 404 for everybody else
    (whether a proposal exists is private)."""
    proposal = get_object_or_404(Proposal.objects.select_related("call", "organisation"), pk=pk)
    if not request.user.has_perm("reviews.manage_assignments", proposal.call):
        raise Http404
    return proposal


def _error_text(error: AssignmentError) -> str:
    return " ".join(error.messages)


def _panel_reviewers(call: Call):
    return User.objects.filter(panels__call=call).order_by("full_name", "email")


# ---------------------------------------------------------------- reviewer profile


@login_required
def reviewer_profile(request):
    if not request.user.has_role(Role.REVIEWER):
        raise PermissionDenied
    profile = ReviewerProfile.objects.filter(user=request.user).first()
    form = ReviewerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.save_reviewer_profile(
            user=request.user,
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            expertise=form.cleaned_data["expertise"],
        )
        messages.success(request, _("Your reviewer profile is saved."))
        return redirect("reviews:reviewer_profile")
    return render(request, "reviews/assignment/reviewer_profile.html", {"form": form})


# ---------------------------------------------------------------- panel


@login_required
def call_panel(request, slug):
    call = _managed_call(request, slug)
    members = services.panel_of(call)
    candidates = services.reviewers_not_on_panel(call)
    pool = review_pool(call).annotate(
        open_count=Count("assignments", filter=Q(assignments__state__in=services.OPEN_STATES))
    )
    pool_count = pool.count()
    short = [p for p in pool if p.open_count < call.reviewers_per_proposal]
    return render(
        request,
        "reviews/assignment/call_panel.html",
        {
            "call": call,
            "members": members,
            "add_form": PanelMemberForm(candidates=candidates),
            "assign_form": AssignForm(
                proposals=review_pool(call), reviewers=_panel_reviewers(call)
            ),
            "pool_count": pool_count,
            "short": short,
            "assignment_count": sum(m.load for m in members),
            "assignable": call.state in services.ASSIGNABLE_CALL_STATES,
        },
    )


@login_required
@require_POST
def panel_add(request, slug):
    call = _managed_call(request, slug)
    form = PanelMemberForm(request.POST, candidates=services.reviewers_not_on_panel(call))
    if form.is_valid():
        try:
            member = services.add_panel_member(
                call,
                reviewer=form.cleaned_data["reviewer"],
                by=request.user,
                max_proposals=form.cleaned_data["max_proposals"],
            )
        except AssignmentError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s joined the panel.") % {"name": member.reviewer.get_full_name()},
            )
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("reviews:call_panel", slug=call.slug)


@login_required
@require_POST
def panel_remove(request, slug, pk):
    call = _managed_call(request, slug)
    member = get_object_or_404(PanelMember.objects.select_related("reviewer"), call=call, pk=pk)
    try:
        ended = services.remove_panel_member(member, by=request.user)
    except AssignmentError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(name)s left the panel; %(count)d assignment ended.",
                "%(name)s left the panel; %(count)d assignments ended.",
                ended,
            )
            % {"name": member.reviewer.get_full_name(), "count": ended},
        )
    return redirect("reviews:call_panel", slug=call.slug)


@login_required
@require_POST
def conflicts_refresh(request, slug):
    call = _managed_call(request, slug)
    created, ended = services.refresh_conflicts(call, by=request.user)
    messages.success(
        request,
        _("Conflicts checked: %(created)d new, %(ended)d assignments ended.")
        % {"created": created, "ended": ended},
    )
    return redirect("reviews:call_panel", slug=call.slug)


@login_required
@require_POST
def panel_assign(request, slug):
    call = _managed_call(request, slug)
    form = AssignForm(request.POST, proposals=review_pool(call), reviewers=_panel_reviewers(call))
    _assign(request, form)
    if request.POST.get("back") == "proposal" and form.is_valid():
        return redirect("reviews:proposal_assignments", pk=form.cleaned_data["proposal"].pk)
    return redirect("reviews:call_panel", slug=call.slug)


def _assign(request, form) -> None:
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return
    proposal, reviewer = form.cleaned_data["proposal"], form.cleaned_data["reviewer"]
    try:
        services.assign_reviewer(proposal, reviewer=reviewer, by=request.user)
    except AssignmentError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s is assigned to %(reference)s.")
            % {"name": reviewer.get_full_name(), "reference": proposal.reference},
        )


# ---------------------------------------------------------------- one proposal


@login_required
def proposal_assignments(request, pk):
    proposal = _managed_proposal(request, pk)
    call = proposal.call
    assignments = list(
        Assignment.objects.filter(proposal=proposal)
        .select_related("reviewer", "review")
        .order_by("assigned_at", "pk")
    )
    taken = [a.reviewer_id for a in assignments if a.state in services.OPEN_STATES]
    members = [m for m in services.panel_of(call) if m.reviewer_id not in taken]
    reasons = {
        r: reason for _p, r, reason in services.find_automatic_conflicts(call) if _p == proposal.pk
    }
    reasons.update(
        {c.reviewer_id: c.reason or c.get_source_display() for c in proposal.conflicts.all()}
    )
    for member in members:
        member.conflict = reasons.get(member.reviewer_id, "")
    return render(
        request,
        "reviews/assignment/proposal_assignments.html",
        {
            "call": call,
            "proposal": proposal,
            "assignments": assignments,
            "members": members,
            "open_count": len(taken),
            "in_pool": review_pool(call).filter(pk=proposal.pk).exists(),
            "assignable": call.state in services.ASSIGNABLE_CALL_STATES,
        },
    )


@login_required
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("proposal__call", "reviewer"), pk=pk
    )
    proposal = _managed_proposal(request, assignment.proposal_id)
    try:
        services.unassign_reviewer(assignment, by=request.user)
    except AssignmentError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s no longer reviews this proposal.")
            % {"name": assignment.reviewer.get_full_name()},
        )
    return redirect("reviews:proposal_assignments", pk=proposal.pk)


# ---------------------------------------------------------------- automatic


@login_required
def auto_assign(request, slug):
    call = _managed_call(request, slug)
    assignable = call.state in services.ASSIGNABLE_CALL_STATES
    plan = services.plan_automatic_assignment(call) if assignable else None
    if request.method == "POST":
        if not assignable:
            raise PermissionDenied
        written = services.apply_assignment_plan(call, plan, by=request.user)
        if request.POST.get("digest") != plan.digest:
            messages.warning(
                request,
                _(
                    "Proposals, the panel or assignments changed since the preview: the "
                    "assignments were planned again from the current data."
                ),
            )
        messages.success(
            request,
            ngettext("%(count)d assignment saved.", "%(count)d assignments saved.", len(written))
            % {"count": len(written)},
        )
        return redirect("reviews:call_panel", slug=call.slug)
    return render(
        request,
        "reviews/assignment/auto_assign.html",
        {"call": call, "plan": plan, "assignable": assignable},
    )
