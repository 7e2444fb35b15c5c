"""Reads of proposals that several pages need."""

from django.db.models import Q, QuerySet

from grants.models import Call

from .deadlines import leaves_drafts_behind
from .enums import EventKind, ProposalState
from .models import Proposal, SimilarProposal
from .states import RECEIVED_STATES


def proposals_of(user) -> QuerySet:
    """The proposals of the organisations `user` belongs to (drafts included)."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    return Proposal.objects.filter(organisation__members=user).select_related(
        "call", "organisation", "primary_sector"
    )


def received_proposals(call: Call) -> QuerySet:
    """What officers of `call` see: proposals that arrived, and withdrawn ones that had.

    A proposal reopened by its applicant is a draft again and is not shown until it is
    submitted again: nobody but the applicant sees a draft.
    """
    return Proposal.objects.filter(call=call).filter(
        Q(state__in=RECEIVED_STATES) | Q(state=ProposalState.WITHDRAWN, submitted_at__isnull=False)
    )


def late_drafts(call: Call) -> QuerySet:
    """The drafts of `call` that missed its deadline, as its officers may know them: which
    organisation, the reference (a reopened proposal keeps its own) and any extension.
    Nothing of their content is read, so no page can show it."""
    if not leaves_drafts_behind(call):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(call=call, state=ProposalState.DRAFT)
        .select_related("organisation")
        .only("call_id", "state", "reference", "extension_until", "organisation__name")
        .order_by("organisation__name", "pk")
    )


def organisation_of(user):
    """The applicant's organisation (the first one they belong to), or None."""
    if not user.is_authenticated:
        return None
    return user.organisations.order_by("pk").first()


# Steps of the review that applicants must not follow as they happen: who reviews their
# proposal, conflicts, reviews and pending decisions. Publication tells them the outcome.
HIDDEN_FROM_APPLICANTS = [
    EventKind.ASSIGNMENT,
    EventKind.CONFLICT,
    EventKind.REVIEW,
    EventKind.DECISION,
]


def events_for_applicant(proposal: Proposal) -> QuerySet:
    """The proposal's activity log as its applicant sees it."""
    return proposal.events.exclude(kind__in=HIDDEN_FROM_APPLICANTS).select_related("by")


def similar_proposals(proposal: Proposal) -> QuerySet:
    """The near-duplicates of `proposal` found at screening, most similar first."""
    return SimilarProposal.objects.filter(proposal=proposal).select_related(
        "other__call", "other__organisation"
    )
