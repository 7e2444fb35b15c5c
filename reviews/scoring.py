"""A review's weighted total on the 0–100 scale: the one function that computes it.

Each criterion counts for its weight (the weights of a call sum to 100); the points given are
taken as a share of the criterion's maximum. The page, the ranking, the exports and the tests
all use this function.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.001")


def weighted_total(points: Mapping[int, Decimal], criteria: Iterable) -> Decimal:
    """Σ points / max_points × weight over `criteria` (objects with pk, weight, max_points).

    `points` maps a criterion's pk to the points given; a criterion without points counts 0.
    """
    total = Decimal("0")
    for criterion in criteria:
        given = Decimal(str(points.get(criterion.pk, 0)))
        total += given / Decimal(criterion.max_points) * Decimal(criterion.weight)
    return total.quantize(PLACES, rounding=ROUND_HALF_UP)
