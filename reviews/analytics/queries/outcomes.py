"""The funnel, the decisions awaiting publication, and the money per call."""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from proposals.enums import ProposalState

from ...enums import AssignmentState, DecisionOutcome, ReviewState
from ...models import Decision, Review
from ..data import BAHT, Dataset, Row, Series
from .common import ELIGIBLE, RECEIVED, Scope, funded_in, money_or_zero, proposals_of

# ---------------------------------------------------------------- the funnel


def funnel(scope: Scope) -> Dataset:
    """Drafts started → received → eligible → reviewed → funded (two queries)."""
    reviewed = Review.objects.filter(
        assignment__proposal=OuterRef("pk"),
        assignment__state=AssignmentState.ACTIVE,
        state=ReviewState.SUBMITTED,
    )
    counts = (
        proposals_of(scope)
        .annotate(has_review=Exists(reviewed))
        .aggregate(
            started=Count("pk"),
            received=Count("pk", filter=RECEIVED),
            eligible=Count("pk", filter=ELIGIBLE),
            reviewed=Count("pk", filter=ELIGIBLE & Q(has_review=True)),
        )
    )
    counts["funded"] = funded_in(scope.calls).count()
    stages = [
        ("started", _("Drafts started")),
        ("received", _("Submitted")),
        ("eligible", _("Eligible")),
        ("reviewed", _("Reviewed")),
        ("funded", _("Funded")),
    ]
    return Dataset(
        key="funnel",
        title=_("From draft to funding"),
        description=_(
            "How many proposals reached each stage: drafts started, submitted (not withdrawn), "
            "found eligible, reviewed at least once, and funded in published results."
        ),
        label_header=_("Stage"),
        series=[Series("proposals", _("Proposals"))],
        rows=[Row(label, [counts[key]], key=key) for key, label in stages],
        share_header=_("Share of drafts started (%)"),
    )


def pending_decisions(scope: Scope) -> Dataset:
    """The committee's decisions not yet published, and the eligible proposals still
    undecided (one query)."""

    def pending(outcome):
        return Q(decision__outcome=outcome, decision__final=False)

    counts = (
        proposals_of(scope)
        .filter(state=ProposalState.ELIGIBLE)
        .aggregate(
            award=Count("pk", filter=pending(DecisionOutcome.AWARD)),
            reserve=Count("pk", filter=pending(DecisionOutcome.RESERVE)),
            not_selected=Count("pk", filter=pending(DecisionOutcome.NOT_SELECTED)),
            undecided=Count("pk", filter=Q(decision__isnull=True)),
        )
    )
    rows = [
        ("award", pgettext("decision", "Award")),
        ("reserve", pgettext("decision", "Reserve list")),
        ("not_selected", pgettext("decision", "Not selected")),
        ("undecided", _("Not decided yet")),
    ]
    return Dataset(
        key="pending",
        title=_("Decisions awaiting publication"),
        description=_(
            "The committee's decisions on eligible proposals that are not published yet, and "
            "the eligible proposals still without a decision."
        ),
        label_header=pgettext("ranking column", "Decision"),
        series=[Series("proposals", _("Proposals"))],
        rows=[Row(label, [counts[key]], key=key) for key, label in rows],
    )


# ---------------------------------------------------------------- money


def money(scope: Scope) -> Dataset:
    """Per call: the budget, the amount requested, awarded (published) and awarded pending
    publication (four queries)."""
    calls = list(
        scope.calls.order_by("-deadline", "pk").only("slug", "title_th", "title_en", "budget_total")
    )
    requested = dict(
        proposals_of(scope)
        .filter(RECEIVED)
        .values_list("call")
        .annotate(total=Sum("requested_amount"))
    )
    awarded = dict(
        funded_in(scope.calls).values_list("call").annotate(total=Sum("decision__amount"))
    )
    pending = dict(
        Decision.objects.filter(
            proposal__call__in=scope.calls, final=False, outcome=DecisionOutcome.AWARD
        )
        .order_by()
        .values_list("proposal__call")
        .annotate(total=Sum("amount"))
    )
    rows = [
        Row(
            call.title,
            [
                call.budget_total,
                money_or_zero(requested.get(call.pk)),
                money_or_zero(awarded.get(call.pk)),
                money_or_zero(pending.get(call.pk)),
            ],
            key=call.slug,
        )
        for call in calls
    ]
    return Dataset(
        key="money",
        title=_("Requested, available and awarded"),
        description=_(
            "For each call: its budget, the amounts requested by the proposals submitted, the "
            "amounts awarded in published results and those awarded but not yet published."
        ),
        label_header=_("Call"),
        series=[
            Series("budget", _("Budget available")),
            Series("requested", _("Requested")),
            Series("awarded", _("Awarded")),
            Series("pending", _("Awarded, not yet published")),
        ],
        rows=rows,
        unit=BAHT,
    )
