from decimal import Decimal
from types import SimpleNamespace

from reviews.scoring import weighted_total


def criterion(pk, weight, max_points=10):
    return SimpleNamespace(pk=pk, weight=weight, max_points=max_points)


def test_full_marks_make_100_and_none_make_0():
    criteria = [criterion(1, 60), criterion(2, 40, max_points=5)]
    assert weighted_total({1: 10, 2: 5}, criteria) == Decimal("100.000")
    assert weighted_total({}, criteria) == Decimal("0.000")


def test_points_count_as_a_share_of_their_criterions_maximum_times_its_weight():
    criteria = [criterion(1, 15), criterion(2, 15), criterion(3, 70, max_points=20)]
    # 7/10 × 15 + 4/10 × 15 + 13/20 × 70 = 10.5 + 6 + 45.5
    assert weighted_total({1: 7, 2: 4, 3: 13}, criteria) == Decimal("62.000")


def test_fractional_points_round_half_up_to_three_places():
    criteria = [criterion(1, 100, max_points=3)]
    assert weighted_total({1: Decimal("1")}, criteria) == Decimal("33.333")
    assert weighted_total({1: Decimal("2")}, criteria) == Decimal("66.667")
