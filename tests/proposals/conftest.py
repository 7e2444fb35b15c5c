"""Fixtures shared by the proposal tests."""

import factory
import pytest

from tests.factories import OrganisationFactory, SubmittedProposalFactory


@pytest.fixture
def many_received(open_call):
    """many_received(n): n submitted proposals of `open_call`, from three organisations and in
    three sectors in turn."""

    def make(count: int):
        return SubmittedProposalFactory.create_batch(
            count,
            call=open_call,
            organisation=factory.Iterator(OrganisationFactory.create_batch(3)),
            primary_sector__code=factory.Iterator(["urban", "health", "disaster"]),
        )

    return make
