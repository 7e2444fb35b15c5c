"""Published results of any size, for the API's tests."""

from decimal import Decimal

from grants.enums import ApplicantType
from proposals.models import Proposal
from tests.factories import DecisionFactory, OrganisationFactory, PublicationFactory
from tests.factories.reviews import ResultsCallFactory


def published_call(n: int, *, individual: bool = False, recognisable: bool = True):
    """A call whose results are published with `n` awarded projects (the first one by a
    private individual when `individual`); returns the call."""
    call = ResultsCallFactory(max_per_proposal=Decimal("100000"))
    for number in range(n):
        kind = ApplicantType.INDIVIDUAL if individual and number == 0 else None
        organisation = OrganisationFactory(
            recognisable=recognisable and number == 0,
            members__email=f"member-{call.pk}-{number}@example.org",
            **({"type": kind} if kind else {}),
        )
        DecisionFactory(
            proposal__call=call,
            proposal__organisation=organisation,
            proposal__sectors=["health", "urban"],
            amount=Decimal("1000"),
        )
    PublicationFactory(call=call)
    assert Proposal.objects.filter(call=call, state="awarded").count() == n
    return call
