"""The pure ranking: mean and SD, calibration with intervals and rank ranges, disagreement,
thresholds, ties, funding line."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from reviews.ranking.calibration import Calibration
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


def test_calibration_sees_through_a_generous_reviewer_on_shared_proposals():
    # Reviewer A is 10 points more generous than B on the eight proposals both read, and P1 has
    # A's 82 and B's 70: their leniencies cancel, the calibrated score is the mean 76. Every
    # row has an interval and a range of ranks around its own.
    A, B = 1, 2
    reviews = []
    for k in range(8):
        reviews += [review(10 + k, [5 + k * 0.5] * 2, reviewer=A)]
        reviews += [review(10 + k, [4 + k * 0.5] * 2, reviewer=B)]
    reviews += [review(1, [8.2, 8.2], reviewer=A), review(1, [7, 7], reviewer=B)]
    rows = rank([proposal(pk) for pk in (1, *range(10, 18))], reviews)
    by_pk = {row.pk: row for row in rows}
    assert by_pk[1].mean == pytest.approx(76.0)
    assert by_pk[1].calibrated == pytest.approx(76.0, abs=0.5)
    for row in rows:
        assert row.calibrated_low < row.calibrated < row.calibrated_high
        assert row.rank_best <= row.rank <= row.rank_worst


def test_rank_range_marks_ties_within_the_uncertainty():
    # Two close proposals (80, 79) and a far one (40), one reviewer each: the close ones may
    # swap (ranks 1–2), the far one is surely third.
    reviews = [review(1, [8, 8]), review(2, [7.9, 7.9]), review(3, [4, 4])]
    rows = rank([proposal(1), proposal(2), proposal(3)], reviews)
    assert [row.pk for row in rows] == [1, 2, 3]
    assert [(row.rank_best, row.rank_worst) for row in rows] == [(1, 2), (1, 2), (3, 3)]
    assert [row.rank_uncertain for row in rows] == [True, True, False]


def test_a_proposal_without_review_has_no_interval_and_its_own_rank():
    rows = rank([proposal(1), proposal(2)], [review(1, [5, 5])])
    assert rows[1].calibrated_low is None and rows[1].calibrated_high is None
    assert (rows[1].rank_best, rows[1].rank_worst) == (2, 2)


def test_reviewers_with_one_review_leave_the_mean_and_scores_stay_within_0_100():
    # Only single-review reviewers: nothing to calibrate with, the calibrated score is the mean.
    rows = rank([proposal(1), proposal(2)], [review(1, [10, 10]), review(2, [2, 2])])
    assert [round(row.calibrated, 3) for row in rows] == [100.0, 20.0]
    # A reviewer who gave 100, 0, 0, 0 and one who gave 100 and 90: within 0..100.
    reviews = [review(pk, [10, 10] if pk == 1 else [0, 0], reviewer=7) for pk in (1, 2, 3, 4)]
    reviews += [review(1, [10, 10], reviewer=8), review(2, [9, 9], reviewer=8)]
    rows = rank([proposal(pk) for pk in (1, 2, 3, 4)], reviews)
    for row in rows:
        assert 0.0 <= row.calibrated_low <= row.calibrated <= row.calibrated_high <= 100.0
    assert rows[0].pk == 1


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
    # One reviewer each: calibrated = the mean (90 and 40); 40 is below a minimum of 70.
    reviews = [review(1, [9, 9]), review(2, [4, 4])]
    with translation.override("en"):
        rows = rank([proposal(1), proposal(2)], reviews, minimum="70")
    assert [row.pk for row in rows] == [1, 2]
    assert [row.above_line for row in rows] == [True, False]
    assert rows[1].below_threshold == ["Calibrated score 40.00 is below the minimum 70"]
    assert [row.running_total for row in rows] == [Decimal("100000"), None]


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


def test_higher_calibrated_wins_before_higher_mean():
    # A harsh reviewer (15 under the other on ten proposals) scored P1 with the fair one:
    # P1's mean 72.5 is under P2's 75, its calibrated score above.
    reviews = [review(1, [8, 8], reviewer=1), review(1, [6.5, 6.5], reviewer=9)]
    reviews += [review(2, [7.5, 7.5], reviewer=1), review(2, [7.5, 7.5], reviewer=2)]
    for k in range(10):
        reviews += [review(10 + k, [6, 6], reviewer=1), review(10 + k, [4.5, 4.5], reviewer=9)]
    rows = rank([proposal(1), proposal(2), *(proposal(10 + k) for k in range(10))], reviews)
    by_pk = {row.pk: row for row in rows}
    assert by_pk[1].mean < by_pk[2].mean
    assert by_pk[1].calibrated > by_pk[2].calibrated
    assert by_pk[1].rank < by_pk[2].rank


def test_tie_on_calibrated_broken_by_higher_mean():
    # A calibration that scores both 70: the means (80 and 60) decide.
    flat = Calibration(scores={1: 70.0, 2: 70.0}, errors={1: 1.0, 2: 1.0})
    rows = compute_ranking(
        [proposal(1), proposal(2)],
        [review(2, [8, 8]), review(1, [6, 6])],
        TWO,
        budget_total=Decimal("1000000"),
        calibration=flat,
    )
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
