"""Reads of proposals that several pages need."""

from django.db.models import Case, Q, QuerySet, Value, When

from grants.models import Call
from grants.queries import call_ids_run_by
from portal.rules import is_administrator, is_officer

from .deadlines import leaves_drafts_behind
from .enums import EventKind, MemberRole, ProposalState
from .models import OrganisationMembership, Proposal, SimilarProposal, TeamInvitation
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
    return Proposal.objects.filter(call=call).filter(_received())


def _received() -> Q:
    """Arrived, or withdrawn after arriving (rules.was_received, as a database condition)."""
    return Q(state__in=RECEIVED_STATES) | Q(
        state=ProposalState.WITHDRAWN, submitted_at__isnull=False
    )


def proposals_visible_to(user) -> QuerySet:
    """The proposals `user` may read ("proposals.view_proposal" as a queryset, for lists):
    their organisations' own, drafts included, and the received proposals of the calls they
    run (every call for administrators). tests/api/test_access.py keeps it equal to the rule."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Proposal.objects.none()
    condition = Q(organisation__members=user)
    if is_administrator(user):
        condition |= _received()
    elif is_officer(user):
        condition |= _received() & Q(call__in=call_ids_run_by(user))
    # A subquery, not a join: no duplicate rows, and the caller may order and slice freely.
    return Proposal.objects.filter(pk__in=Proposal.objects.filter(condition).values("pk"))


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


def role_in(user, organisation) -> MemberRole | None:
    """`user`'s role in `organisation` (OrganisationMembership.role), or None: one query."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    role = (
        OrganisationMembership.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )
    return MemberRole(role) if role else None


def team_of(organisation) -> QuerySet:
    """The organisation's memberships with their people: owners first, then by name."""
    order = {MemberRole.OWNER: 0, MemberRole.EDITOR: 1, MemberRole.VIEWER: 2}
    rank = Case(*(When(role=role, then=Value(n)) for role, n in order.items()))
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .select_related("user", "added_by")
        .order_by(rank, "user__full_name", "pk")
    )


def pending_invitations(organisation) -> QuerySet:
    """The organisation's invitations nobody has accepted, cancelled or let expire."""
    return (
        TeamInvitation.objects.pending()
        .filter(organisation=organisation)
        .select_related("invited_by")
        .order_by("created_at", "pk")
    )


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
