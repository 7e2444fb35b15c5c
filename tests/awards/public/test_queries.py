"""What the public pages read: the projects, their province totals, facts and names."""

from decimal import Decimal

import pytest

from awards.public import queries
from grants.models import Province
from tests.factories import ORGANISATION_NAME

pytestmark = pytest.mark.django_db


def test_projects_are_the_awarded_proposals_of_published_results(history, individual):
    projects = queries.projects()

    assert projects.count() == 29
    assert {p.call.code for p in projects} == {"SIG2023", "SIG2024", individual.call.code}


def test_projects_without_a_grant_are_funded_in_two_queries(history, django_assert_num_queries):
    projects = list(queries.projects())

    with django_assert_num_queries(2):  # the grants, and their approved final reports
        facts = queries.project_facts([p.pk for p in projects])

    assert {f.status for f in facts.values()} == {"funded"}
    assert set(facts) == {p.pk for p in projects}
    assert all(f.outcomes == [] for f in facts.values())


def test_province_totals_count_and_sum_by_province_in_one_query(history, django_assert_num_queries):
    nong_khai = Province.objects.get(code="TH-43")

    with django_assert_num_queries(1):
        totals = queries.province_totals(queries.projects())

    assert len(totals) == 28
    assert sum(t.count for t in totals.values()) == 28
    assert totals[nong_khai.pk].count == 1
    assert totals[nong_khai.pk].amount == Decimal("200000")


def test_funded_years_are_the_years_of_publication_newest_first(history):
    assert queries.funded_years() == [2024, 2023]


def test_an_individual_is_neither_named_nor_found_by_name(individual):
    (row,) = queries.project_rows(queries.projects())

    assert row.organisation == ""
    assert queries.matching_words(queries.projects(), ORGANISATION_NAME).count() == 0
    assert queries.matching_words(queries.projects(), individual.reference).count() == 1


def test_latin_words_match_in_any_case_and_thai_words_as_they_are(history):
    by_reference = queries.matching_words(queries.projects(), "sig2024-0001")
    by_thai = queries.matching_words(queries.projects(), "ฝาย ต้นน้ำ")

    assert [p.reference for p in by_reference] == ["SIG2024-0001"]
    assert [p.title for p in by_thai] == ["ฝายมีชีวิตต้นน้ำน่าน"]
