"""The demo's earlier years of funded projects."""

from datetime import date

import pytest

from awards.public import queries
from awards.public.demo import seed_funded_history
from grants.enums import CallPhase, Region

pytestmark = pytest.mark.django_db


def test_two_earlier_years_of_funded_projects_across_provinces_and_regions(history):
    projects = list(queries.projects())
    provinces = {queries.project_province(p) for p in projects}

    assert [c.phase for c in history] == [CallPhase.RESULTS_PUBLISHED] * 2
    assert queries.funded_years() == [2024, 2023]
    assert len(projects) == 28
    assert len(provinces) == 28
    assert {p.region for p in provinces} == set(Region.values)
    assert sum(1 for row in queries.project_rows(projects) if not row.organisation) == 1


def test_seeding_again_adds_nothing(history):
    again = seed_funded_history(today=date(2026, 6, 1))

    assert again == history
    assert queries.projects().count() == 28
