"""Each chart's numbers against the hand count of conftest.world; the CSV and the chart are
read from the same Dataset."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from grants.enums import CallState
from grants.models import Call
from reviews.analytics.charts import MAX_ROWS, draw
from reviews.analytics.data import Dataset, Row, Series, csv_lines
from reviews.analytics.queries import CHARTS, Scope
from reviews.analytics.scope import analytics_calls

pytestmark = pytest.mark.django_db


def scope_of(user, *calls):
    visible = analytics_calls(user)
    chosen = visible.filter(pk__in=[c.pk for c in calls]) if calls else visible
    return Scope(calls=chosen, history=visible, viewer=user)


def numbers(dataset: Dataset) -> dict:
    return {row.key: row.values for row in dataset.rows}


def test_the_officer_counts_the_calls_they_run_and_no_other(world, officer):
    assert set(analytics_calls(officer)) == {world["published"], world["review"]}


def test_the_committee_counts_every_call_but_drafts(world, committee_member):
    Call.objects.filter(pk=world["other"].pk).update(state=CallState.DRAFT)
    assert set(analytics_calls(committee_member)) == {world["published"], world["review"]}


def test_funnel(world, officer):
    dataset = CHARTS["funnel"](scope_of(officer))
    assert numbers(dataset) == {
        "started": [13],
        "received": [10],
        "eligible": [7],
        "reviewed": [3],
        "funded": [2],
    }
    assert dataset.shares() == [
        Decimal("100.0"),
        Decimal("76.9"),
        Decimal("53.8"),
        Decimal("23.1"),
        Decimal("15.4"),
    ]


def test_funnel_of_one_call(world, officer):
    dataset = CHARTS["funnel"](scope_of(officer, world["published"]))
    assert [row.values[0] for row in dataset.rows] == [7, 5, 4, 2, 2]


def test_pending_decisions_leave_out_the_published_ones(world, officer):
    assert numbers(CHARTS["pending"](scope_of(officer))) == {
        "award": [1],
        "reserve": [0],
        "not_selected": [1],
        "undecided": [1],
    }


def test_money_per_call(world, officer):
    assert numbers(CHARTS["money"](scope_of(officer))) == {
        "r-now": [Decimal("5000000"), Decimal("500000"), Decimal("0"), Decimal("50000")],
        "p-2017": [Decimal("1000000"), Decimal("500000"), Decimal("180000"), Decimal("0")],
    }


def test_sectors_and_their_money(world, officer):
    counts = numbers(CHARTS["sectors"](scope_of(officer)))
    assert len(counts) == 9  # every sector, in NIA's order, those with nothing too
    assert counts["health"] == [5, 2]
    assert counts["urban"] == [3, 0]  # withdrawn p7 is not counted
    assert counts["agriculture"] == [2, 0]
    assert counts["tourism-culture"] == [0, 0]  # the other officer's call
    money = numbers(CHARTS["sector_money"](scope_of(officer)))
    assert money["health"] == [Decimal("500000"), Decimal("180000")]
    assert money["urban"] == [Decimal("300000"), Decimal("0")]


def test_provinces_the_most_first_with_the_organisations_where_no_area_is_given(world, officer):
    dataset = CHARTS["provinces"](scope_of(officer))
    assert [(row.key, row.values) for row in dataset.rows] == [
        ("TH-10", [4, 0]),
        ("TH-43", [3, 1]),
        ("TH-84", [2, 1]),
        ("TH-50", [1, 0]),
    ]
    money = numbers(CHARTS["province_money"](scope_of(officer)))
    assert money["TH-43"] == [Decimal("300000"), Decimal("100000")]
    assert money["TH-84"] == [Decimal("200000"), Decimal("80000")]


def test_reviewers_progress_the_busiest_first(world, officer):
    dataset = CHARTS["reviewers"](scope_of(officer))
    assert [(row.label, row.values) for row in dataset.rows] == [
        ("ผู้ทรงคุณวุฒิ 1", [3, 0, 1, 0]),
        ("ผู้ทรงคุณวุฒิ 2", [0, 1, 0, 1]),
    ]


def test_reviewers_are_numbered_for_the_committee_of_a_blind_call(world, committee_member):
    Call.objects.filter(pk=world["review"].pk).update(blind_review=True)
    with translation.override("en"):
        dataset = CHARTS["reviewers"](scope_of(committee_member))
    assert [(row.label, row.values) for row in dataset.rows] == [
        ("Reviewer 1", [3, 0, 1, 0]),
        ("Reviewer 2", [0, 1, 0, 1]),
    ]


def test_reviewers_are_named_to_the_officer_who_runs_the_blind_call(world, officer):
    Call.objects.filter(pk=world["review"].pk).update(blind_review=True)
    dataset = CHARTS["reviewers"](scope_of(officer))
    assert [row.label for row in dataset.rows] == ["ผู้ทรงคุณวุฒิ 1", "ผู้ทรงคุณวุฒิ 2"]


def test_days_from_submission_to_decision(world, officer):
    dataset = CHARTS["decision_times"](scope_of(officer))
    assert [row.values[0] for row in dataset.rows] == [4, 1, 1, 0, 0]
    assert len(dataset.notes) == 1  # the mean


def test_years_highlight_the_chosen_one(world, officer):
    this_year = timezone.localtime(world["review"].deadline).year
    scope = scope_of(officer)
    scope.year = this_year
    dataset = CHARTS["years"](scope)
    assert numbers(dataset) == {"2017": [5, 2], str(this_year): [5, 0]}
    assert [row.label for row in dataset.rows] == ["2560", str(this_year + 543)]
    assert [row.highlight for row in dataset.rows] == [False, True]


def test_the_csv_is_the_table(world, officer):
    dataset = CHARTS["funnel"](scope_of(officer))
    text = "".join(csv_lines(dataset))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [dataset.label_header, dataset.series[0].label, dataset.share_header]
    assert [r[1:] for r in rows[1:]] == [
        ["13", "100.0"],
        ["10", "76.9"],
        ["7", "53.8"],
        ["3", "23.1"],
        ["2", "15.4"],
    ]


def _dataset(values, kind="bars") -> Dataset:
    return Dataset(
        key="t",
        title="t",
        description="d",
        label_header="l",
        series=[Series("a", "A"), Series("b", "B")],
        rows=[Row(f"row {i}", list(v), key=str(i)) for i, v in enumerate(values)],
        kind=kind,
    )


def test_bars_are_as_long_as_their_values(world):
    figure = draw(_dataset([(10, 5), (2, 0)]))
    widths = [rect.width for rect in figure.rects]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[0] == pytest.approx(5 * widths[2])
    assert widths[3] == 0


def test_stacked_segments_follow_each_other(world):
    figure = draw(_dataset([(3, 1)], kind="stacked"))
    first, second = figure.rects
    assert second.x == pytest.approx(first.x + first.width)
    assert first.width == pytest.approx(3 * second.width)


def test_a_chart_of_zeros_is_not_drawn(world):
    assert draw(_dataset([(0, 0)])) is None


def test_many_rows_are_added_up_in_the_last_bar(world):
    figure = draw(_dataset([(1, 1)] * (MAX_ROWS + 5)))
    labels = [text.text for text in figure.texts if text.css == "chart-label"]
    assert len(labels) == MAX_ROWS
    assert figure.rects[-2].title.endswith("6")  # the six rows left over, added up
    assert figure.notes


def test_a_line_has_a_point_per_year(world):
    figure = draw(_dataset([(1, 0), (4, 2), (2, 2)], kind="line"))
    assert len(figure.polylines) == 2
    assert len(figure.dots) == 6


def test_the_sector_chart_leaves_out_the_sectors_with_nothing(world, officer):
    dataset = CHARTS["sectors"](scope_of(officer))
    labels = [text.text for text in draw(dataset).texts if text.css == "chart-label"]
    assert len(dataset.rows) == 9
    assert len(labels) == 3  # health, urban, agriculture
