"""Assignment pages: the reviewer's profile, a call's panel, a proposal's reviewers and the
automatic assignment (preview, then save)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.access import Load, check, guard
from portal.models import User
from portal.refusals import Refusal, attempt, show_refusal
from proposals.models import Proposal
from proposals.pool import review_pool

from ..forms import AssignForm, PanelMemberForm, ReviewerProfileForm
from ..models import Assignment, PanelMember, ReviewerProfile
from ..services.assignment import assign_reviewer, unassign_reviewer
from ..services.automatic import apply_assignment_plan, plan_automatic_assignment
from ..services.conflicts import find_automatic_conflicts, refresh_conflicts
from ..services.panels import (
    add_panel_member,
    panel_of,
    remove_panel_member,
    reviewers_not_on_panel,
    save_reviewer_profile,
)
from ..states import ASSIGNABLE_CALL_STATES, OPEN_ASSIGNMENT_STATES

# The officers who run a call manage its panel; whoever may see the call is told no (403),
# for anybody else a draft call does not exist (404).
MANAGE = "reviews.manage_assignments"
CALL = Load(Call, slug="slug")
SEE_CALL = "grants.view_call"


def _panel_reviewers(call: Call):
    return User.objects.filter(panels__call=call).order_by("full_name", "email")


def _show_form_errors(request, form) -> None:
    """The errors of a form posted from the panel page, which is shown again by a redirect."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# ---------------------------------------------------------------- reviewer profile


@guard("reviews.edit_reviewer_profile")
def reviewer_profile(request):
    profile = ReviewerProfile.objects.filter(user=request.user).first()
    form = ReviewerProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            request,
            save_reviewer_profile,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            expertise=form.cleaned_data["expertise"],
            form=form,
            success=_("Your reviewer profile is saved."),
        )
        if saved:
            return redirect("reviews:reviewer_profile")
    return render(request, "reviews/assignment/reviewer_profile.html", {"form": form})


# ---------------------------------------------------------------- panel


@guard(MANAGE, load=CALL, see=SEE_CALL)
def call_panel(request, call):
    members = panel_of(call)
    candidates = reviewers_not_on_panel(call)
    pool = review_pool(call).annotate(
        open_count=Count("assignments", filter=Q(assignments__state__in=OPEN_ASSIGNMENT_STATES))
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
            "assignable": call.state in ASSIGNABLE_CALL_STATES,
        },
    )


@login_required
@require_POST
@guard(MANAGE, load=CALL, see=SEE_CALL)
def panel_add(request, call):
    form = PanelMemberForm(request.POST, candidates=reviewers_not_on_panel(call))
    if not form.is_valid():
        _show_form_errors(request, form)
        return redirect("reviews:call_panel", slug=call.slug)
    reviewer = form.cleaned_data["reviewer"]
    attempt(
        request,
        add_panel_member,
        call,
        reviewer=reviewer,
        by=request.user,
        max_proposals=form.cleaned_data["max_proposals"],
        success=_("%(name)s joined the panel.") % {"name": reviewer.get_full_name()},
    )
    return redirect("reviews:call_panel", slug=call.slug)


@login_required
@require_POST
@guard(MANAGE, load=CALL, see=SEE_CALL)
def panel_remove(request, call, pk):
    # Whoever manages the call manages its panel: the member is looked up within the call.
    member = get_object_or_404(PanelMember.objects.select_related("reviewer"), call=call, pk=pk)
    try:
        ended = remove_panel_member(member, by=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
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
@guard(MANAGE, load=CALL, see=SEE_CALL)
def conflicts_refresh(request, call):
    created, ended = refresh_conflicts(call, by=request.user)
    messages.success(
        request,
        _("Conflicts checked: %(created)d new, %(ended)d assignments ended.")
        % {"created": created, "ended": ended},
    )
    return redirect("reviews:call_panel", slug=call.slug)


@login_required
@require_POST
@guard(MANAGE, load=CALL, see=SEE_CALL)
def panel_assign(request, call):
    form = AssignForm(request.POST, proposals=review_pool(call), reviewers=_panel_reviewers(call))
    if not form.is_valid():
        _show_form_errors(request, form)
        return redirect("reviews:call_panel", slug=call.slug)
    proposal, reviewer = form.cleaned_data["proposal"], form.cleaned_data["reviewer"]
    attempt(
        request,
        assign_reviewer,
        proposal,
        reviewer=reviewer,
        by=request.user,
        success=_("%(name)s is assigned to %(reference)s.")
        % {"name": reviewer.get_full_name(), "reference": proposal.reference},
    )
    if request.POST.get("back") == "proposal":
        return redirect("reviews:proposal_assignments", pk=proposal.pk)
    return redirect("reviews:call_panel", slug=call.slug)


# ---------------------------------------------------------------- one proposal


@guard(
    "reviews.manage_proposal_assignments",
    load=Load(Proposal.objects.select_related("call", "organisation")),
)
def proposal_assignments(request, proposal):
    call = proposal.call
    assignments = list(
        Assignment.objects.filter(proposal=proposal)
        .select_related("reviewer", "review")
        .order_by("assigned_at", "pk")
    )
    taken = [a.reviewer_id for a in assignments if a.state in OPEN_ASSIGNMENT_STATES]
    members = [m for m in panel_of(call) if m.reviewer_id not in taken]
    reasons = {r: reason for _p, r, reason in find_automatic_conflicts(call) if _p == proposal.pk}
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
            "assignable": call.state in ASSIGNABLE_CALL_STATES,
        },
    )


@login_required
@require_POST
@guard(
    "reviews.remove_assignment",
    load=Load(Assignment.objects.select_related("proposal__call", "reviewer")),
)
def assignment_remove(request, assignment):
    attempt(
        request,
        unassign_reviewer,
        assignment,
        by=request.user,
        success=_("%(name)s no longer reviews this proposal.")
        % {"name": assignment.reviewer.get_full_name()},
    )
    return redirect("reviews:proposal_assignments", pk=assignment.proposal_id)


# ---------------------------------------------------------------- automatic


@guard(MANAGE, load=CALL, see=SEE_CALL)
def auto_assign(request, call):
    assignable = call.state in ASSIGNABLE_CALL_STATES
    if request.method == "POST":
        check(request.user, call, perm="reviews.assign_automatically", see=SEE_CALL)
        return _save_automatic_assignment(request, call)
    plan = plan_automatic_assignment(call) if assignable else None
    return render(
        request,
        "reviews/assignment/auto_assign.html",
        {"call": call, "plan": plan, "assignable": assignable},
    )


def _save_automatic_assignment(request, call):
    """Plan again from the current data and save; say so when it differs from the preview."""
    plan = plan_automatic_assignment(call)
    try:
        written = apply_assignment_plan(call, plan, by=request.user)
    except Refusal as refusal:
        show_refusal(request, refusal)
        return redirect("reviews:call_panel", slug=call.slug)
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
