"""Fixtures of the analytics tests: the hand-counted world (see world.py)."""

import pytest

from tests.factories import Role, user_with

from .world import build_world


@pytest.fixture
def reviewers(db):
    return [
        user_with(Role.REVIEWER, email=f"r{n}@example.org", full_name=f"ผู้ทรงคุณวุฒิ {n}")
        for n in (1, 2, 3)
    ]


@pytest.fixture
def world(officer, other_officer, committee_member, reviewers):
    return build_world(
        officer=officer,
        other_officer=other_officer,
        committee_member=committee_member,
        reviewers=reviewers,
    )
