"""The pure ranking: mean and SD, calibration, disagreement, thresholds, ties, funding line."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from reviews.ranking.compute import (
    CriterionData,
    ProposalData,
    ReviewData,
    compute_ranking,
    mean_sd,
)
from reviews.scoring import weighted_total

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TWO = [CriterionData(1, "c1", 50, 10), CriterionData(2, "c2", 50, 10)]


def proposal(pk, *, amount="100000", submitted_at=None, reference=None):
    return ProposalData(
        pk=pk,
        reference=reference or f"P-{pk:04d}",
        requested_amount=Decimal(amount),
        submitted_at=submitted_at or T0 + timedelta(minutes=pk),
    )


_reviewer_ids = iter(range(1000, 100000))


def review(proposal_id, points, criteria=TWO, reviewer=None):
    """A review with its total from reviews.scoring (a new reviewer unless given)."""
    given = {c.pk: Decimal(str(p)) for c, p in zip(criteria, points, strict=True)}
    return ReviewData(
        proposal_id=proposal_id,
        reviewer_id=reviewer if reviewer is not None else next(_reviewer_ids),
        total=weighted_total(given, criteria),
        points=given,
    )


def rank(proposals, reviews, criteria=TWO, budget="1000000", minimum=None):
    return compute_ranking(
        proposals,
        reviews,
        criteria,
        budget_total=Decimal(budget),
        min_total_score=Decimal(minimum) if minimum is not None else None,
    )


def test_totals_are_the_stored_weighted_totals_and_mean_and_sample_sd_follow_them():
    # c1 60 %, c2 40 %: 8/10×60 + 5/10×40 = 68; 6/10×60 + 10/10×40 = 76; 10/10×60 + 0 = 60.
    criteria = [CriterionData(1, "c1", 60, 10), CriterionData(2, "c2", 40, 10)]
    reviews = [
        review(1, [8, 5], criteria),
        review(1, [6, 10], criteria),
        review(1, [10, 0], criteria),
    ]
    assert [r.total for r in reviews] == [Decimal("68.000"), Decimal("76.000"), Decimal("60.000")]
    (row,) = rank([proposal(1)], reviews, criteria)
    assert row.n_reviews == 3
    assert row.mean == pytest.approx(68.0)
    # sample SD: deviations 0, 8, −8 → (0 + 64 + 64) / (3 − 1) = 64 → 8
    assert row.sd == pytest.approx(8.0)
    assert row.spread == pytest.approx(16.0)
    # per criterion: c1 (8 + 6 + 10) / 3 = 8; c2 (5 + 10 + 0) / 3 = 5
    assert row.criterion_means == [pytest.approx(8.0), pytest.approx(5.0)]


def test_mean_sd_population_sample_and_single_value():
    assert mean_sd([]) == (None, None)
    assert mean_sd([70.0], sample=True) == (70.0, 0.0)
    assert mean_sd([40.0, 60.0]) == (50.0, 10.0)
    assert mean_sd([40.0, 60.0], sample=True)[1] == pytest.approx(14.142135, abs=1e-6)


def test_calibration_worked_example_three_reviewers_four_proposals():
    # Reviewer A (lenient): P1 90, P2 80, P3 70 → mean 80, population SD √(200/3) = 8.16497
    #   z = +1.22474, 0, −1.22474
    # Reviewer B (severe):  P1 60, P2 50, P4 40 → mean 50, same SD → z = +1.22474, 0, −1.22474
    # Reviewer C (flat):    P2 70, P3 70, P4 70 → SD 0 → z = 0, 0, 0
    # Mean z per proposal: P1 (1.22474 + 1.22474)/2 = 1.22474 = √1.5; P2 0;
    #   P3 (−1.22474 + 0)/2 = −0.61237; P4 (−1.22474 + 0)/2 = −0.61237
    # All nine totals: sum 600 → mean 66.6667; squared deviations sum 1800 → SD √200 = 14.1421
    # Calibrated = 66.6667 + z × 14.1421:
    #   P1 66.6667 + √1.5·√200 = 66.6667 + √300 = 66.6667 + 17.3205 = 83.9872
    #   P2 66.6667
    #   P3 = P4 = 66.6667 − 8.6603 = 58.0064
    # Raw means: P1 75, P2 66.667, P3 70, P4 55: P3 beats P2 on the mean only because
    # reviewer A is generous; calibration puts P2 ahead. P3 and P4 tie on the calibrated score
    # and P3 wins on the mean.
    A, B, C = 1, 2, 3
    points = {90: [9, 9], 80: [8, 8], 70: [7, 7], 60: [6, 6], 50: [5, 5], 40: [4, 4]}
    reviews = [
        review(1, points[90], reviewer=A),
        review(2, points[80], reviewer=A),
        review(3, points[70], reviewer=A),
        review(1, points[60], reviewer=B),
        review(2, points[50], reviewer=B),
        review(4, points[40], reviewer=B),
        review(2, points[70], reviewer=C),
        review(3, points[70], reviewer=C),
        review(4, points[70], reviewer=C),
    ]
    rows = rank([proposal(pk) for pk in (1, 2, 3, 4)], reviews)
    assert [row.pk for row in rows] == [1, 2, 3, 4]
    assert [round(row.calibrated, 4) for row in rows] == [83.9872, 66.6667, 58.0064, 58.0064]
    assert [round(row.mean, 3) for row in rows] == [75.0, 66.667, 70.0, 55.0]
    assert [row.rank for row in rows] == [1, 2, 3, 4]


def test_reviewer_with_one_review_contributes_zero_and_score_is_clipped():
    # Only single-review reviewers: every z is 0, so every calibrated score is the call mean.
    rows = rank([proposal(1), proposal(2)], [review(1, [10, 10]), review(2, [2, 2])])
    assert [round(row.calibrated, 3) for row in rows] == [60.0, 60.0]
    # Clipping: one reviewer, totals 100, 0, 0, 0 → z(P1) = +√3 = 1.732; call mean 25, SD 43.30
    # → 25 + 1.732 × 43.30 = 100.0; with a second reviewer pushing further it must stay ≤ 100.
    reviews = [review(pk, [10, 10] if pk == 1 else [0, 0], reviewer=7) for pk in (1, 2, 3, 4)]
    reviews += [review(1, [10, 10], reviewer=8), review(2, [9, 9], reviewer=8)]
    rows = rank([proposal(pk) for pk in (1, 2, 3, 4)], reviews)
    assert all(0.0 <= row.calibrated <= 100.0 for row in rows)
    assert rows[0].pk == 1 and rows[0].calibrated == 100.0


@pytest.mark.parametrize(
    ("totals_points", "flagged"),
    [
        ([[5, 5], [7.5, 7.5]], True),  # 50 and 75: spread 25 → flagged
        ([[5, 5], [7, 7]], False),  # 50 and 70: spread 20, sample SD 14.14 → not flagged
        ([[5, 5], [7.2, 7.2]], True),  # 50 and 72: spread 22, sample SD 15.56 → flagged by SD
        ([[5, 5], [6.25, 6.25], [7.5, 7.5]], True),  # 50, 62.5, 75: SD 12.5, spread 25 → flagged
    ],
)
def test_disagreement_flag_on_spread_or_sd(totals_points, flagged):
    (row,) = rank([proposal(1)], [review(1, points) for points in totals_points])
    assert row.disagreement is flagged


def test_total_threshold_on_calibrated_score_pushes_below_the_line_whatever_the_rank():
    # One reviewer each: calibrated = call mean (65) for both → both below a minimum of 70.
    reviews = [review(1, [9, 9]), review(2, [4, 4])]
    with translation.override("en"):
        rows = rank([proposal(1), proposal(2)], reviews, minimum="70")
    assert [row.pk for row in rows] == [1, 2]
    assert [row.above_line for row in rows] == [False, False]
    assert rows[0].below_threshold == ["Calibrated score 65.00 is below the minimum 70"]
    assert [row.running_total for row in rows] == [None, None]


def test_criterion_threshold_on_mean_points_pushes_the_best_below_the_line():
    criteria = [CriterionData(1, "c1", 50, 10, Decimal("6")), CriterionData(2, "c2", 50, 10)]
    # P1: c1 mean (5 + 6)/2 = 5.5 < 6 despite the best total (75 and 80); P2: c1 mean 7.
    reviews = [
        review(1, [5, 10], criteria, reviewer=1),
        review(1, [6, 10], criteria, reviewer=2),
        review(2, [7, 7], criteria, reviewer=1),
        review(2, [7, 7], criteria, reviewer=2),
    ]
    rows = rank([proposal(1), proposal(2)], reviews, criteria)
    assert [row.pk for row in rows] == [1, 2]
    assert [row.above_line for row in rows] == [False, True]
    assert len(rows[0].below_threshold) == 1
    assert "5.50" in rows[0].below_threshold[0]
    assert rows[1].below_threshold == []
    assert rows[1].running_total == Decimal("100000")


def test_proposal_without_reviews_is_last_and_not_funded():
    rows = rank([proposal(1), proposal(2)], [review(2, [5, 5])])
    assert [row.pk for row in rows] == [2, 1]
    assert rows[1].calibrated is None and rows[1].n_reviews == 0
    assert [row.above_line for row in rows] == [True, False]


def test_tie_higher_calibrated_wins_before_higher_mean():
    # Worked example: P2 (mean 66.7) ranks above P3 (mean 70) on the calibrated score.
    A, B = 1, 2
    reviews = [
        review(1, [9, 9], reviewer=A),
        review(2, [7, 7], reviewer=A),
        review(2, [5, 5], reviewer=B),
        review(1, [4, 4], reviewer=B),
    ]
    # A: 90, 70 → z +1, −1; B: 50, 40 → z +1 (P2), −1 (P1): both proposals z = 0 → tie on
    # calibrated; P1 mean 65, P2 mean 60 → P1 first.
    rows = rank([proposal(1), proposal(2)], reviews)
    assert rows[0].calibrated == pytest.approx(rows[1].calibrated)
    assert [row.pk for row in rows] == [1, 2]


def test_tie_on_calibrated_broken_by_higher_mean():
    # Single-review reviewers: calibrated equal (the call mean); means 80 and 60.
    rows = rank([proposal(1), proposal(2)], [review(2, [8, 8]), review(1, [6, 6])])
    assert [row.pk for row in rows] == [2, 1]


def test_tie_on_mean_broken_by_first_criterion():
    # Totals both 70: P1 c1 5, P2 c1 9 → P2 first.
    rows = rank([proposal(1), proposal(2)], [review(1, [5, 9]), review(2, [9, 5])])
    assert [row.pk for row in rows] == [2, 1]


def test_tie_on_first_criterion_broken_by_second():
    criteria = [
        CriterionData(1, "c1", 40, 10),
        CriterionData(2, "c2", 30, 10),
        CriterionData(3, "c3", 30, 10),
    ]
    # Both 62: 5×4 + 5×3 + 9×3 = 62 (P1) and 5×4 + 9×3 + 5×3 = 62 (P2); c1 equal, c2 P2 ahead.
    reviews = [review(1, [5, 5, 9], criteria), review(2, [5, 9, 5], criteria)]
    assert reviews[0].total == reviews[1].total == Decimal("62.000")
    rows = rank([proposal(1), proposal(2)], reviews, criteria)
    assert [row.pk for row in rows] == [2, 1]


def test_tie_on_every_score_broken_by_earlier_submission():
    proposals = [proposal(1, submitted_at=T0 + timedelta(hours=2)), proposal(2, submitted_at=T0)]
    rows = rank(proposals, [review(1, [7, 7]), review(2, [7, 7])])
    assert [row.pk for row in rows] == [2, 1]


def test_tie_on_everything_else_broken_by_reference():
    proposals = [
        proposal(1, submitted_at=T0, reference="CCIC-0002"),
        proposal(2, submitted_at=T0, reference="CCIC-0001"),
    ]
    rows = rank(proposals, [review(1, [7, 7]), review(2, [7, 7])])
    assert [row.proposal.reference for row in rows] == ["CCIC-0001", "CCIC-0002"]


def test_funding_line_running_totals_against_the_budget():
    # Budget 250,000; requests 100k, 100k, 80k, 20k in rank order (means 90, 80, 70, 60).
    proposals = [
        proposal(1, amount="100000"),
        proposal(2, amount="100000"),
        proposal(3, amount="80000"),
        proposal(4, amount="20000"),
    ]
    reviews = [review(1, [9, 9]), review(2, [8, 8]), review(3, [7, 7]), review(4, [6, 6])]
    rows = rank(proposals, reviews, budget="250000")
    assert [row.pk for row in rows] == [1, 2, 3, 4]
    # 100k, 200k, 280k (> 250k: the line), 300k: the small one below does not jump the line.
    assert [row.running_total for row in rows] == [
        Decimal("100000"),
        Decimal("200000"),
        Decimal("280000"),
        Decimal("300000"),
    ]
    assert [row.above_line for row in rows] == [True, True, False, False]


def test_funding_line_skips_proposals_below_thresholds():
    criteria = [CriterionData(1, "c1", 50, 10, Decimal("6")), CriterionData(2, "c2", 50, 10)]
    proposals = [proposal(1, amount="150000"), proposal(2), proposal(3)]
    # P1 is best (c1 5 < 6: below); P2 and P3 fit in 200,000 once P1 is skipped.
    reviews = [
        review(1, [5, 10], criteria),
        review(2, [8, 6], criteria),
        review(3, [7, 6], criteria),
    ]
    rows = rank(proposals, reviews, criteria, budget="200000")
    assert [row.pk for row in rows] == [1, 2, 3]
    assert [row.running_total for row in rows] == [None, Decimal("100000"), Decimal("200000")]
    assert [row.above_line for row in rows] == [False, True, True]
