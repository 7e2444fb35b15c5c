"""Reviewer progress and load, the time from submission to decision, and the years."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from proposals.models import Proposal

from ...enums import AssignmentState, ReviewState
from ...models import Assignment, Decision
from ...states import OPEN_ASSIGNMENT_STATES
from ..data import LINE, STACKED, Dataset, Row, Series
from ..scope import reviewer_names_hidden, year_label
from .common import RECEIVED, Scope, funded_in

# Days from submission to decision: (after, up to], in days; None is open-ended.
WAIT_BUCKETS = [(None, 30), (30, 60), (60, 90), (90, 180), (180, None)]


def reviewers(scope: Scope) -> Dataset:
    """Each reviewer's open assignments by how far they got, the busiest first (two
    queries). Named, unless a blind call the viewer does not run is among the calls
    (reviews.blind): then "Reviewer 1", "Reviewer 2"… in the same order."""
    rows = list(
        Assignment.objects.filter(proposal__call__in=scope.calls, state__in=OPEN_ASSIGNMENT_STATES)
        .order_by()
        .values("reviewer", "reviewer__full_name", "reviewer__email")
        .annotate(
            submitted=Count("pk", filter=Q(review__state=ReviewState.SUBMITTED)),
            draft=Count("pk", filter=Q(review__state=ReviewState.DRAFT)),
            not_started=Count("pk", filter=Q(state=AssignmentState.ACTIVE, review__isnull=True)),
            awaiting=Count("pk", filter=Q(state=AssignmentState.AWAITING_DECLARATION)),
            load=Count("pk"),
        )
    )
    rows.sort(key=lambda r: (-r["load"], -r["submitted"], r["reviewer"]))
    hidden = bool(rows) and reviewer_names_hidden(scope.calls, scope.viewer)
    keys = ["submitted", "draft", "not_started", "awaiting"]
    return Dataset(
        key="reviewers",
        title=_("Reviewer progress and load"),
        description=_(
            "Each reviewer's assignments: reviews submitted, drafts saved, not started, and "
            "awaiting the declaration of conflicts of interest."
        ),
        label_header=_("Reviewer"),
        series=[
            Series("submitted", _("Submitted")),
            Series("draft", _("Draft saved")),
            Series("not_started", _("Not started")),
            Series("awaiting", _("Awaiting declaration")),
        ],
        rows=[
            Row(
                _("Reviewer %(number)d") % {"number": number}
                if hidden
                else (row["reviewer__full_name"] or row["reviewer__email"]),
                [row[key] for key in keys],
                key=str(number),
            )
            for number, row in enumerate(rows, start=1)
        ],
        kind=STACKED,
    )


def _bucket_label(after, up_to) -> str:
    if after is None:
        return _("Up to %(days)s days") % {"days": up_to}
    if up_to is None:
        return _("More than %(days)s days") % {"days": after}
    return _("%(first)s–%(last)s days") % {"first": after + 1, "last": up_to}


def _in_bucket(after, up_to) -> Q:
    q = Q()
    if after is not None:
        q &= Q(wait__gt=timedelta(days=after))
    if up_to is not None:
        q &= Q(wait__lte=timedelta(days=up_to))
    return q


def decision_times(scope: Scope) -> Dataset:
    """How long proposals waited from submission to the committee's decision, in ranges of
    days, and the mean (one query)."""
    wait = ExpressionWrapper(F("decided_at") - F("proposal__submitted_at"), DurationField())
    counts = (
        Decision.objects.filter(
            proposal__call__in=scope.calls, proposal__submitted_at__isnull=False
        )
        .annotate(wait=wait)
        .aggregate(
            mean=Avg("wait"),
            **{
                f"b{i}": Count("pk", filter=_in_bucket(after, up_to))
                for i, (after, up_to) in enumerate(WAIT_BUCKETS)
            },
        )
    )
    notes = []
    if counts["mean"] is not None:
        days = round(counts["mean"].total_seconds() / 86400, 1)
        notes.append(_("Mean: %(days)s days.") % {"days": days})
    return Dataset(
        key="decision_times",
        title=_("Time from submission to decision"),
        description=_(
            "How many days proposals waited from their submission to the committee's "
            "decision, in ranges."
        ),
        label_header=_("Days"),
        series=[Series("proposals", _("Proposals"))],
        rows=[
            Row(_bucket_label(after, up_to), [counts[f"b{i}"]], key=str(i))
            for i, (after, up_to) in enumerate(WAIT_BUCKETS)
        ],
        notes=notes,
    )


def _per_year(proposals) -> dict[int, int]:
    """{year of the call: number of proposals}."""
    return dict(
        proposals.order_by()
        .annotate(year=ExtractYear("call__deadline"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )


def years(scope: Scope) -> Dataset:
    """Per year: proposals submitted and projects funded, over every year of the page's
    programme (three queries); the page's own year is highlighted."""
    all_years = sorted({d.year for d in scope.history.dates("deadline", "year")})
    received = _per_year(Proposal.objects.filter(RECEIVED, call__in=scope.history))
    funded = _per_year(funded_in(scope.history))
    return Dataset(
        key="years",
        title=_("This year against previous years"),
        description=_(
            "Proposals submitted and projects funded in each year, by the year of the call."
        ),
        label_header=_("Year"),
        series=[Series("received", _("Submitted")), Series("funded", _("Funded"))],
        rows=[
            Row(
                year_label(year),
                [received.get(year, 0), funded.get(year, 0)],
                key=str(year),
                highlight=year == scope.year,
            )
            for year in all_years
        ],
        kind=LINE,
    )
