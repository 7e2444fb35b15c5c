"""The reviewer's pages: the queue, the declaration, the proposal with the rubric, files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.phases import current_time
from portal.access import Load, check, guard
from portal.audit import record_download
from portal.refusals import Refusal, attempt, show_refusal
from proposals.models import Attachment, Proposal

from .. import blind
from ..enums import ReviewState
from ..forms import DeclarationForm, ReviewForm, points_field_name
from ..queries import criteria_of, other_reviews, reviewer_queue
from ..rules import assignment_of, is_review_period_over, refuse_after_review_deadline
from ..scoring import weighted_total
from ..services import scoring
from .content import proposal_content

# The assigned reviewer in good standing (not in conflict); for anybody else whether the
# proposal exists is private (404).
REVIEW = "reviews.review_proposal"
PROPOSAL = Load(
    Proposal.objects.select_related("call", "organisation", "province", "primary_sector")
)


@guard("reviews.view_review_queue")
def my_reviews(request):
    groups = reviewer_queue(request.user)
    return render(
        request,
        "reviews/scoring/my_reviews.html",
        {"groups": groups, "viewer": request.user, "now": current_time()},
    )


def _declaration_page(request, proposal, form=None, status=200):
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


@guard(REVIEW, load=PROPOSAL)
def review_proposal(request, proposal):
    """The declaration until it is made; then the content and the rubric."""
    if request.user.has_perm("reviews.declare_conflict", proposal):
        return _declaration_page(request, proposal)
    assignment = assignment_of(request.user, proposal)
    criteria = criteria_of(proposal.call)
    if request.method != "POST":
        review = getattr(assignment, "review", None)
        if review is not None:  # the form's initial points and the page read them: once
            prefetch_related_objects([review], "scores")
        form = ReviewForm(initial=ReviewForm.initial_for(review), criteria=criteria)
        return _scoring_page(request, proposal, assignment, criteria, form)
    return _save_review(request, proposal, assignment, criteria)


def _save_review(request, proposal, assignment, criteria):
    """Save the draft, and submit it when asked; on a refusal the page keeps what was typed."""
    user = request.user
    review = getattr(assignment, "review", None)
    if review is not None and review.state == ReviewState.SUBMITTED:
        messages.info(request, _("Your review has already been submitted."))
        return redirect("reviews:review_proposal", pk=proposal.pk)
    form = ReviewForm(request.POST, criteria=criteria)
    try:
        refuse_after_review_deadline(proposal.call)  # nothing is saved
    except Refusal as refusal:
        show_refusal(request, refusal)
        return _scoring_page(request, proposal, assignment, criteria, form)
    check(user, proposal, perm="reviews.score_proposal", see=REVIEW)
    if not form.is_valid():
        messages.error(request, _("Please correct the points marked below."))
        return _scoring_page(request, proposal, assignment, criteria, form)
    submitting = request.POST.get("action") == "submit"
    saved = attempt(
        request,
        scoring.save_review,
        assignment,
        by=user,
        points=form.points(),
        comment=form.cleaned_data["comment"],
        feedback=form.cleaned_data["feedback"],
        success="" if submitting else _("Your draft has been saved."),
    )
    if saved and submitting:
        success = _("Your review has been submitted. Thank you!")
        if not attempt(request, scoring.submit_review, assignment, by=user, success=success):
            messages.info(request, _("Your draft has been saved."))
            saved = False
    if not saved:
        return _scoring_page(request, proposal, assignment, criteria, form)
    return redirect("reviews:review_proposal", pk=proposal.pk)


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
            **proposal_content(proposal, user),
            "form": form,
            "rows": rows,
            "running_total": weighted_total(_current_points(form, criteria), criteria),
            "can_score": user.has_perm("reviews.score_proposal", proposal),
            "deadline_passed": is_review_period_over(proposal.call),
            "can_see_others": can_see_others,
            "others": others,
        },
    )


@login_required
@require_POST
@guard(REVIEW, load=PROPOSAL)
def declare_conflict(request, proposal):
    if not request.user.has_perm("reviews.declare_conflict", proposal):
        # In good standing and no longer awaiting: the declaration is made.
        messages.info(request, _("You have already declared that you have no conflict."))
        return redirect("reviews:review_proposal", pk=proposal.pk)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _declaration_page(request, proposal, form=form, status=200)
    if form.has_conflict:
        success = _(
            "Thank you. Your conflict of interest is recorded and the program officers "
            "have been told; this proposal has left your list."
        )
    else:
        success = _("Thank you. The proposal is open for you to review.")
    declared = attempt(
        request,
        scoring.declare_conflict,
        assignment_of(request.user, proposal),
        has_conflict=form.has_conflict,
        reason=form.cleaned_data["reason"],
        by=request.user,
        form=form,
        success=success,
    )
    if not declared:  # the refusal is on the form, next to the reason it asks for
        return _declaration_page(request, proposal, form=form, status=400)
    if form.has_conflict:
        return redirect("reviews:my_reviews")
    return redirect("reviews:review_proposal", pk=proposal.pk)


# Not login_required: a redirect to the login page would tell that the file exists.
@guard(
    "reviews.read_attachment",
    load=Load(Attachment.objects.select_related("proposal__call", "proposal__organisation")),
    login=False,
)
def blind_attachment(request, attachment):
    """An attachment for an assigned reviewer; in blind review under a neutral file name."""
    proposal = attachment.proposal
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
    record_download(request, attachment, name=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
