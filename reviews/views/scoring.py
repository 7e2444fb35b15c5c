"""The reviewer's pages: the queue, the declaration, the proposal with the rubric, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.phases import current_time
from portal.rules import is_reviewer
from proposals.answers import display_value
from proposals.models import Attachment, Proposal

from .. import blind
from ..enums import AssignmentState, ReviewState
from ..forms import DeclarationForm, ReviewForm, points_field_name
from ..queries import criteria_of, other_reviews, reviewer_queue
from ..rules import assignment_of
from ..scoring import weighted_total
from ..services import scoring
from ..services.scoring import ReviewRefused


@login_required
def my_reviews(request):
    if not is_reviewer(request.user):
        raise PermissionDenied
    groups = reviewer_queue(request.user)
    return render(
        request,
        "reviews/scoring/my_reviews.html",
        {"groups": groups, "viewer": request.user, "now": current_time()},
    )


def _assigned_proposal(request, pk: int) -> tuple[Proposal, object]:
    """The proposal and the user's assignment; 404 unless assigned and not in conflict."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("call", "organisation", "province", "primary_sector"),
        pk=pk,
    )
    assignment = assignment_of(request.user, proposal)
    if assignment is None or assignment.state not in (
        AssignmentState.AWAITING_DECLARATION,
        AssignmentState.ACTIVE,
    ):
        raise Http404
    return proposal, assignment


def _declaration_page(request, proposal, assignment, form=None, status=200):
    return render(
        request,
        "reviews/scoring/declare.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "organisation": blind.visible_organisation(proposal, request.user),
            "blind": blind.hides_applicant(proposal, request.user),
            "form": form or DeclarationForm(),
        },
        status=status,
    )


@login_required
def review_proposal(request, pk):
    proposal, assignment = _assigned_proposal(request, pk)
    user = request.user
    if user.has_perm("reviews.declare_conflict", proposal):
        return _declaration_page(request, proposal, assignment)
    if not user.has_perm("reviews.view_proposal_content", proposal):
        raise Http404
    criteria = criteria_of(proposal.call)
    review = getattr(assignment, "review", None)
    if request.method != "POST":
        form = ReviewForm(initial=ReviewForm.initial_for(review), criteria=criteria)
        return _scoring_page(request, proposal, assignment, criteria, form)

    if review is not None and review.state == ReviewState.SUBMITTED:
        messages.info(request, _("Your review has already been submitted."))
        return redirect("reviews:review_proposal", pk=proposal.pk)
    form = ReviewForm(request.POST, criteria=criteria)
    if not user.has_perm("reviews.score_proposal", proposal):
        if current_time() > proposal.call.review_ends_at:
            # Keep what was typed on the page; nothing is saved.
            messages.error(request, scoring._deadline_message(proposal.call))
            return _scoring_page(request, proposal, assignment, criteria, form)
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Please correct the points marked below."))
        return _scoring_page(request, proposal, assignment, criteria, form)
    submitting = request.POST.get("action") == "submit"
    try:
        scoring.save_review(
            assignment,
            by=user,
            points=form.points(),
            comment=form.cleaned_data["comment"],
            feedback=form.cleaned_data["feedback"],
        )
        if submitting:
            scoring.submit_review(assignment, by=user)
    except ReviewRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        if submitting and getattr(assignment, "review", None) is not None:
            messages.info(request, _("Your draft has been saved."))
        return _scoring_page(request, proposal, assignment, criteria, form)
    if submitting:
        messages.success(request, _("Your review has been submitted. Thank you!"))
    else:
        messages.success(request, _("Your draft has been saved."))
    return redirect("reviews:review_proposal", pk=proposal.pk)


def _attachment_rows(proposal, viewer) -> tuple[list[dict], dict[int, int]]:
    attachments = list(proposal.attachments.order_by("uploaded_at", "pk"))
    numbers = {a.pk: n for n, a in enumerate(attachments, start=1)}
    rows = [
        {
            "attachment": a,
            "label": blind.attachment_label(a, numbers[a.pk], viewer, proposal),
        }
        for a in attachments
    ]
    return rows, numbers


def _current_points(form, criteria) -> dict:
    """The points shown in the form: as typed (when valid), otherwise as saved."""
    points = {}
    for criterion in criteria:
        name = points_field_name(criterion)
        value = form.initial.get(name)
        if form.is_bound:
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if value not in (None, ""):
            points[criterion.pk] = value
    return points


def _scoring_page(request, proposal, assignment, criteria, form):
    user = request.user
    review = getattr(assignment, "review", None)
    attachments, numbers = _attachment_rows(proposal, user)
    answers = [
        (answer, blind.answer_text(answer, display_value(answer), user, proposal, numbers))
        for answer in proposal.answers.select_related("attachment")
    ]
    answers.sort(key=lambda pair: (pair[0].question_snapshot.get("position", 0), pair[0].pk))
    can_see_others = user.has_perm("reviews.view_other_scores", proposal)
    others = other_reviews(assignment) if can_see_others else []
    submitted = review is not None and review.state == ReviewState.SUBMITTED
    own_points = {s.criterion_id: s.points for s in review.scores.all()} if review else {}
    rows = [
        {
            "criterion": criterion,
            "field": form.points_bound_field(criterion),
            "own": own_points.get(criterion.pk),
            "others": [other.points.get(criterion.pk) for other in others],
        }
        for criterion in criteria
    ]
    return render(
        request,
        "reviews/scoring/review_proposal.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "assignment": assignment,
            "review": review,
            "submitted": submitted,
            "blind": blind.hides_applicant(proposal, user),
            "organisation": blind.visible_organisation(proposal, user),
            "team": blind.visible_team(proposal, user),
            "sectors": list(proposal.sectors.all()),
            "budget_lines": list(proposal.budget_lines.all()),
            "outcomes": list(proposal.outcomes.all()),
            "attachments": attachments,
            "answers": answers,
            "form": form,
            "rows": rows,
            "running_total": weighted_total(_current_points(form, criteria), criteria),
            "can_score": user.has_perm("reviews.score_proposal", proposal),
            "deadline_passed": current_time() > proposal.call.review_ends_at,
            "can_see_others": can_see_others,
            "others": others,
        },
    )


@login_required
@require_POST
def declare_conflict(request, pk):
    proposal, assignment = _assigned_proposal(request, pk)
    if not request.user.has_perm("reviews.declare_conflict", proposal):
        if assignment.state == AssignmentState.ACTIVE:
            messages.info(request, _("You have already declared that you have no conflict."))
            return redirect("reviews:review_proposal", pk=proposal.pk)
        raise Http404
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _declaration_page(request, proposal, assignment, form=form, status=200)
    try:
        scoring.declare_conflict(
            assignment,
            has_conflict=form.has_conflict,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ReviewRefused as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("reviews:my_reviews")
    if form.has_conflict:
        messages.success(
            request,
            _(
                "Thank you. Your conflict of interest is recorded and the program officers "
                "have been told; this proposal has left your list."
            ),
        )
        return redirect("reviews:my_reviews")
    messages.success(request, _("Thank you. The proposal is open for you to review."))
    return redirect("reviews:review_proposal", pk=proposal.pk)


def blind_attachment(request, pk):
    """An attachment for an assigned reviewer; in blind review under a neutral file name."""
    # Not login_required: a redirect to the login page would tell that the file exists.
    attachment = get_object_or_404(
        Attachment.objects.select_related("proposal__call", "proposal__organisation"), pk=pk
    )
    proposal = attachment.proposal
    if not request.user.has_perm("reviews.view_proposal_content", proposal):
        raise Http404
    # Reviewers may not use proposals:attachment_download (proposals.view_proposal is for the
    # applicant and the call's officers), so the file is served here in both cases.
    if blind.hides_applicant(proposal, request.user):
        ids = list(proposal.attachments.order_by("uploaded_at", "pk").values_list("pk", flat=True))
        filename = blind.neutral_download_name(attachment, ids.index(attachment.pk) + 1)
    else:
        filename = attachment.original_name
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
