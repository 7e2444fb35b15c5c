"""What every chart's query starts from: the scope of a page and the words of the charts."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.states import RECEIVED_STATES

from ...queries import funded_projects

ELIGIBLE = Q(state=ProposalState.ELIGIBLE) | Q(decision__isnull=False)
RECEIVED = Q(state__in=RECEIVED_STATES)


@dataclass
class Scope:
    """What a page counts: its calls; the calls of its year-over-year chart (every year of
    the same filter, or of the call's programme); who is looking; the year to highlight."""

    calls: QuerySet
    history: QuerySet
    viewer: object
    year: int | None = None


def proposals_of(scope: Scope) -> QuerySet:
    return Proposal.objects.filter(call__in=scope.calls).order_by()


def funded_in(calls: QuerySet) -> QuerySet:
    return funded_projects().filter(call__in=calls).order_by()


def money_or_zero(value) -> Decimal:
    return value if value is not None else Decimal("0")
