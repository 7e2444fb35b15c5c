"""The applicant's pages: organisation, starting, editing, autosave, submitting, receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.models import Call
from portal.formatting import format_time
from portal.panels import render_panels

from ..answers import display_value
from ..completeness import missing_for_submission
from ..deadlines import can_still_submit
from ..enums import ProposalState
from ..forms import OrganisationForm, ProposalEditor
from ..models import Proposal
from ..queries import events_for_applicant, organisation_of
from ..services import drafting, submission
from ..services.submission import submission_deadline
from ..states import EDITABLE_STATES, ProposalStateError


def _member_proposal(request, pk: int) -> Proposal:
    """The proposal, or 404 unless the user belongs to its organisation.

    Officers may view received proposals, but these are the applicant's pages: they see
    them on the officer side.
    """
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "organisation", "province", "primary_sector"),
        pk=pk,
    )
    if not request.user.has_perm("proposals.view_proposal", proposal):
        raise Http404
    if not proposal.organisation.members.filter(pk=request.user.pk).exists():
        raise Http404
    return proposal


def _require(request, perm: str, proposal: Proposal) -> None:
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def organisation(request):
    if "applicant" not in request.user.roles:
        raise PermissionDenied
    current = organisation_of(request.user)
    form = OrganisationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        drafting.save_organisation(user=request.user, fields=form.cleaned_data)
        messages.success(request, _("Your organisation's details have been saved."))
        return redirect(_safe_next(request, reverse("portal:dashboard")))
    return render(
        request,
        "proposals/organisation.html",
        {"form": form, "organisation": current, "next": _safe_next(request, "")},
    )


@login_required
@require_POST
def proposal_start(request, slug):
    call = get_object_or_404(Call, slug=slug)
    if not request.user.has_perm("grants.view_call", call):
        raise Http404
    if organisation_of(request.user) is None and "applicant" in request.user.roles:
        messages.info(request, _("Tell us about your organisation before starting a proposal."))
        return redirect(f"{reverse('proposals:organisation')}?next={call.get_absolute_url()}")
    existing = Proposal.objects.filter(call=call, organisation__members=request.user).first()
    if existing is None and not request.user.has_perm("proposals.start_proposal", call):
        raise PermissionDenied
    try:
        proposal = drafting.start_proposal(call, by=request.user)
    except drafting.StartRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(call)
    return redirect("proposals:proposal_edit", pk=proposal.pk)


def _stale_message(error: drafting.StaleDraft) -> str:
    return _(
        "This draft was changed in another tab or by a colleague at %(time)s. Your changes "
        "below have not been saved: copy them, then reload the page."
    ) % {"time": f"{timezone.localtime(error.saved_at):%H:%M}"}


@login_required
def proposal_edit(request, pk):
    proposal = _member_proposal(request, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        messages.info(request, _("This proposal can no longer be edited."))
        return redirect(proposal)
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
        except drafting.StaleDraft as error:
            stale = _stale_message(error)
        except ProposalStateError as error:
            messages.error(request, str(error))
            return redirect(proposal)
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
def proposal_autosave(request, pk):
    proposal = _member_proposal(request, pk)
    if not request.user.has_perm("proposals.change_proposal", proposal):
        return JsonResponse(
            {"ok": False, "error": _("This proposal can no longer be edited.")}, status=403
        )
    editor = ProposalEditor(proposal, request.POST)
    editor.is_valid()
    if editor.expected_version is None:
        return JsonResponse({"ok": False, "error": _("The form is incomplete.")}, status=400)
    try:
        saved = drafting.save_draft(
            proposal,
            by=request.user,
            expected_version=editor.expected_version,
            content=editor.content(),
        )
    except drafting.StaleDraft as error:
        return JsonResponse(
            {"ok": False, "stale": True, "error": _stale_message(error)}, status=409
        )
    except ProposalStateError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "saved_at_display": f"{timezone.localtime(saved.updated_at):%H:%M}",
            "skipped": editor.error_labels(),
            "missing": missing_for_submission(saved),
        }
    )


@login_required
def proposal_detail(request, pk):
    # Links in notifications and the log point here; officers of the call read the
    # proposal on their own page.
    found = Proposal.objects.filter(pk=pk).select_related("organisation").first()
    if (
        found is not None
        and request.user.has_perm("proposals.view_proposal", found)
        and not found.organisation.members.filter(pk=request.user.pk).exists()
    ):
        return redirect("proposals:officer_proposal", pk=pk)
    proposal = _member_proposal(request, pk)
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
            "answers": answers,
            "events": events_for_applicant(proposal),
            "sectors": list(proposal.sectors.all()),
            # The reviews app adds the decision and the feedback here once results are out.
            "proposal_panels": render_panels("proposal_detail", request, proposal=proposal),
        },
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = _member_proposal(request, pk)
    if proposal.state == ProposalState.SUBMITTED:
        # A second click or a reload of the POST: it is already in.
        return redirect("proposals:proposal_receipt", pk=proposal.pk)
    # Past the cutoff the permission is gone, but whoever pressed the button a second too
    # late is owed the reason: the service refuses with the deadline and keeps the draft.
    if proposal.state not in EDITABLE_STATES or can_still_submit(proposal):
        _require(request, "proposals.submit_proposal", proposal)
    try:
        submission.submit_proposal(proposal, by=request.user)
    except submission.SubmissionRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect(proposal)
    messages.success(request, _("Your proposal has been submitted. Thank you!"))
    return redirect("proposals:proposal_receipt", pk=proposal.pk)


@login_required
@require_POST
def proposal_withdraw(request, pk):
    proposal = _member_proposal(request, pk)
    _require(request, "proposals.withdraw_proposal", proposal)
    try:
        submission.withdraw_proposal(proposal, by=request.user)
    except submission.SubmissionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your proposal has been withdrawn."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_reopen(request, pk):
    proposal = _member_proposal(request, pk)
    _require(request, "proposals.reopen_proposal", proposal)
    try:
        submission.reopen_proposal(proposal, by=request.user)
    except submission.SubmissionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(proposal)
    messages.success(
        request,
        _("Your proposal is a draft again: submit it again before the deadline for it to count."),
    )
    return redirect("proposals:proposal_edit", pk=proposal.pk)


@login_required
def proposal_receipt(request, pk):
    proposal = _member_proposal(request, pk)
    if not proposal.reference or proposal.submitted_at is None:
        raise Http404
    return render(
        request,
        "proposals/proposal_receipt.html",
        {"proposal": proposal, "sectors": list(proposal.sectors.all())},
    )
