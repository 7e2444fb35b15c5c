"""The applicant's pages: organisation, starting, editing, autosave, submitting, receipt.

These are the pages of the organisation's members: anybody else is answered 404 (officers
read received proposals on their own pages, proposal_detail sends them there).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.access import Load, guard
from portal.arrival import arrived_at
from portal.autosave import autosave
from portal.formatting import format_time
from portal.panels import render_panels
from portal.queries import email_is_verified
from portal.refusals import Refusal, attempt, show_refusal
from portal.services import EMAIL_UNVERIFIED_MESSAGE

from ..answers import display_value
from ..completeness import missing_for_submission
from ..enums import ProposalState
from ..forms import OrganisationForm, ProposalEditor
from ..models import Proposal
from ..queries import events_for_applicant, organisation_of
from ..services import drafting, submission
from ..services.submission import submission_deadline
from . import safe_next

OWN = "proposals.view_own_proposal"
# What the proposal form shows and missing_for_submission checks, besides the proposal.
EDITOR_ROWS = ("sectors", "budget_lines", "team", "outcomes", "answers")
PROPOSAL = Load(
    Proposal.objects.select_related("call", "organisation", "province", "primary_sector"),
    pk="pk",
)


@guard("proposals.edit_organisation")
def organisation(request):
    current = organisation_of(request.user)
    form = OrganisationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        drafting.save_organisation(user=request.user, fields=form.cleaned_data)
        messages.success(request, _("Your organisation's details have been saved."))
        return redirect(safe_next(request, reverse("portal:dashboard")))
    return render(
        request,
        "proposals/organisation.html",
        {"form": form, "organisation": current, "next": safe_next(request, "")},
    )


# The POST-only actions: signed in first, then POST only, then the object, so that a GET is
# 405 for every signed-in person, whatever they may see.
@login_required
@require_POST
@guard("proposals.apply_to_call", load=Load(Call, slug="slug"), see="grants.view_call")
def proposal_start(request, call):
    if organisation_of(request.user) is None:
        messages.info(request, _("Tell us about your organisation before starting a proposal."))
        return redirect(f"{reverse('proposals:organisation')}?next={call.get_absolute_url()}")
    proposal = attempt(
        request, drafting.start_proposal, call, by=request.user, now=arrived_at(request)
    )
    if not proposal:
        return redirect(call)
    return redirect("proposals:proposal_edit", pk=proposal.pk)


@guard(OWN, load=PROPOSAL)
def proposal_edit(request, proposal):
    if not request.user.has_perm("proposals.change_proposal", proposal):
        messages.info(request, _("This proposal can no longer be edited."))
        return redirect(proposal)
    # The form and the list of what is missing read the same rows: once each (a POST that
    # saves reads them again, after).
    prefetch_related_objects([proposal.call], "questions")
    if request.method == "GET":
        prefetch_related_objects([proposal], *EDITOR_ROWS)
    editor = ProposalEditor(proposal, request.POST if request.method == "POST" else None)
    stale = None
    if request.method == "POST" and editor.is_valid():
        try:
            drafting.save_draft(
                proposal,
                by=request.user,
                expected_version=editor.expected_version,
                content=editor.content(),
            )
        except Refusal as refusal:
            if refusal.code != "stale":
                show_refusal(request, refusal)
                return redirect(proposal)
            stale = str(refusal)  # shown above the form, which keeps what was typed
        else:
            messages.success(request, _("Your draft has been saved."))
            if "save_and_review" in request.POST:
                return redirect(proposal)
            return redirect("proposals:proposal_edit", pk=proposal.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "proposal": proposal,
            "editor": editor,
            "stale": stale,
            "missing": missing_for_submission(proposal),
            "deadline": submission_deadline(proposal),
            "has_errors": request.method == "POST" and stale is None,
        },
    )


@login_required
@require_POST
@guard(OWN, load=PROPOSAL)
def proposal_autosave(request, proposal):
    # The script shows `error`: a refusal is JSON here, not a page.
    if not request.user.has_perm("proposals.change_proposal", proposal):
        return JsonResponse(
            {"ok": False, "error": _("This proposal can no longer be edited.")}, status=403
        )
    prefetch_related_objects([proposal.call], "questions")  # for the form and the answer
    editor = ProposalEditor(proposal, request.POST)
    return autosave(
        request,
        proposal,
        editor=editor,
        save=drafting.save_draft,
        more=lambda saved: {
            "skipped": editor.error_labels(),
            "missing": missing_for_submission(saved),
        },
    )


@guard("proposals.view_proposal", load=PROPOSAL)
def proposal_detail(request, proposal):
    # Links in notifications and the log point here; officers of the call read the
    # proposal on their own page.
    if not request.user.has_perm(OWN, proposal):
        return redirect("proposals:officer_proposal", pk=proposal.pk)
    answers = [
        (a, display_value(a))
        for a in proposal.answers.select_related("attachment").order_by("question__position", "pk")
    ]
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "missing": missing_for_submission(proposal)
            if proposal.state in (ProposalState.DRAFT, ProposalState.NEEDS_INFO)
            else [],
            "deadline": submission_deadline(proposal),
            "deadline_time": format_time(submission_deadline(proposal)),
            "email_verified": proposal.state not in (ProposalState.DRAFT, ProposalState.NEEDS_INFO)
            or email_is_verified(request.user),
            "answers": answers,
            "events": events_for_applicant(proposal),
            "sectors": list(proposal.sectors.all()),
            # The reviews app adds the decision and the feedback here once results are out.
            "proposal_panels": render_panels("proposal_detail", request, proposal=proposal),
        },
    )


@login_required
@require_POST
@guard("proposals.attempt_submission", load=PROPOSAL, see=OWN)
def proposal_submit(request, proposal):
    # Past the cutoff the permission to submit is gone, but whoever pressed the button a
    # second too late is owed the reason: a draft is let through (attempt_submission), and
    # the service refuses with the deadline and keeps the draft. Lateness is judged by when
    # the request arrived, not by when a busy server got to it (portal.arrival).
    if proposal.state == ProposalState.SUBMITTED:
        # A second click or a reload of the POST: it is already in.
        return redirect("proposals:proposal_receipt", pk=proposal.pk)
    if not email_is_verified(request.user):
        # Drafts may be written before, but nothing is submitted from an unverified address;
        # the proposal page offers to send the link again.
        messages.error(request, EMAIL_UNVERIFIED_MESSAGE)
        return redirect(proposal)
    success = _("Your proposal has been submitted. Thank you!")
    submitted = attempt(
        request,
        submission.submit_proposal,
        proposal,
        by=request.user,
        at=arrived_at(request),
        success=success,
    )
    if not submitted:
        return redirect(proposal)
    return redirect("proposals:proposal_receipt", pk=proposal.pk)


@login_required
@require_POST
@guard("proposals.withdraw_proposal", load=PROPOSAL, see=OWN)
def proposal_withdraw(request, proposal):
    success = _("Your proposal has been withdrawn.")
    at = arrived_at(request)
    attempt(
        request, submission.withdraw_proposal, proposal, by=request.user, at=at, success=success
    )
    return redirect(proposal)


@login_required
@require_POST
@guard("proposals.reopen_proposal", load=PROPOSAL, see=OWN)
def proposal_reopen(request, proposal):
    success = _(
        "Your proposal is a draft again: submit it again before the deadline for it to count."
    )
    at = arrived_at(request)
    if not attempt(
        request, submission.reopen_proposal, proposal, by=request.user, at=at, success=success
    ):
        return redirect(proposal)
    return redirect("proposals:proposal_edit", pk=proposal.pk)


@guard("proposals.view_receipt", load=PROPOSAL)
def proposal_receipt(request, proposal):
    return render(
        request,
        "proposals/proposal_receipt.html",
        {"proposal": proposal, "sectors": list(proposal.sectors.all())},
    )
