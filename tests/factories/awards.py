"""Factories of the awards app: a grant as publishing the results leaves it."""

from datetime import date
from decimal import Decimal

import factory

from awards.enums import GrantState
from awards.models import Grant, GrantTransition
from awards.services.lifecycle import grant_reference
from grants.enums import CallState
from proposals.enums import ProposalState

from .grants import CallFactory
from .proposals import ProposalFactory


class PublishedCallFactory(CallFactory):
    """A call whose results are published (its Publication row is not made)."""

    state = CallState.RESULTS_PUBLISHED


def next_grant_number(call) -> int:
    return Grant.objects.filter(call=call).count() + 1


class GrantFactory(factory.django.DjangoModelFactory):
    """A grant of an awarded proposal, "agreement pending" unless `state` says otherwise,
    with its creation logged; the call's first officer in charge."""

    class Meta:
        model = Grant
        skip_postgeneration_save = True

    proposal = factory.SubFactory(
        ProposalFactory,
        call=factory.SubFactory(PublishedCallFactory),
        state=ProposalState.AWARDED,
    )
    call = factory.SelfAttribute("proposal.call")
    organisation = factory.SelfAttribute("proposal.organisation")
    number = factory.LazyAttribute(lambda o: next_grant_number(o.call))
    reference = factory.LazyAttribute(lambda o: grant_reference(o.call.code, o.number))
    amount = Decimal("100000")
    starts_on = date(2026, 6, 1)
    ends_on = date(2027, 5, 31)
    officer = factory.LazyAttribute(lambda o: o.call.officers.order_by("pk").first())
    state = GrantState.AGREEMENT_PENDING
    budget = factory.LazyFunction(
        lambda: [
            {"line": "ค่าวัสดุอุปกรณ์", "amount": "60000.00"},
            {"line": "ค่าตอบแทนวิทยากร", "amount": "40000.00"},
        ]
    )

    @factory.post_generation
    def logged(self, create, extracted, **kwargs):
        if create:
            GrantTransition.objects.create(grant=self, from_state="", to_state=self.state)
