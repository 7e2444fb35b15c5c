"""Fixtures of the public funded-project tests: two earlier years of funded projects (the
demo's history, 14 projects a year in 28 provinces), and a call published through the
services whose one award went to an individual with recognisable personal data."""

from datetime import date

import pytest

from awards.public.demo import seed_funded_history
from grants.enums import ApplicantType
from tests.factories import (
    DecisionFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    PublicationFactory,
    ResultsCallFactory,
)


@pytest.fixture
def history(db):
    """Calls SIG2023 and SIG2024, results published on 15 May of their year."""
    return seed_funded_history(today=date(2026, 6, 1))


@pytest.fixture
def individual(db):
    """An awarded individual applicant (name, address, phone, tax ID, member), published."""
    call = ResultsCallFactory()
    organisation = OrganisationFactory(
        recognisable=True, type=ApplicantType.INDIVIDUAL, province__code="TH-50"
    )
    proposal = EligibleProposalFactory(call=call, organisation=organisation)
    DecisionFactory(proposal=proposal)
    PublicationFactory(call=call)
    proposal.refresh_from_db()
    return proposal
