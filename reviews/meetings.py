"""The arithmetic of a committee meeting, decided once: the quorum, the tally, the agenda.

Pure functions of plain numbers and ranking rows (no database), used by the services, the
meeting page and the minutes alike:

- Quorum: the members who count for an item are the meeting's members without a conflict
  declared on it. "More than half" needs floor(n / 2) + 1 of them present, "at least two
  thirds" ceil(2n / 3), a fixed number that number. A conflicted member leaves the item: they
  count neither among the members nor among those present.
- Tally: the votes of the members present count (a member marked absent after voting no
  longer does); abstentions are counted and reported but decide nothing. A resolution needs one
  choice (fund, reserve list, do not fund) to have more than half of the other votes; the
  amount of a "fund" resolution is the lower median of the amounts its votes gave (at least
  half of those who voted to fund agreed to that much or more).
- Agenda: from the ranking, the proposals within `window` places of the funding line are
  discussed one by one, first, in rank order; the others are clear cases resolved in bulk as
  proposed (above the line: fund the requested amount; below it or under a threshold: do not
  fund).
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .enums import QuorumRule, VoteChoice

DEFAULT_LINE_WINDOW = 2  # places on each side of the funding line discussed one by one


def quorum_required(rule: str, members: int, fixed: int | None = None) -> int:
    """How many of `members` (those without a conflict) must be present."""
    if rule == QuorumRule.FIXED:
        return fixed or 0
    if rule == QuorumRule.TWO_THIRDS:
        return math.ceil(Decimal(2 * members) / 3)
    return members // 2 + 1


@dataclass(frozen=True)
class Quorum:
    members: int  # without a conflict on the item
    present: int  # of those, present
    required: int

    @property
    def met(self) -> bool:
        return self.present > 0 and self.present >= self.required


def item_quorum(
    rule: str, fixed: int | None, present: dict[int, bool], conflicted: Iterable[int]
) -> Quorum:
    """The quorum of one item: `present` maps each member's id to whether they came."""
    out = set(conflicted)
    counted = [pk for pk in present if pk not in out]
    return Quorum(
        members=len(counted),
        present=sum(1 for pk in counted if present[pk]),
        required=quorum_required(rule, len(counted), fixed),
    )


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # every choice, abstentions included
    winner: str | None  # None: no choice has more than half of the votes that decide
    amount: Decimal | None  # for "fund"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def lower_median(amounts: Sequence[Decimal]) -> Decimal | None:
    ordered = sorted(amounts)
    return ordered[(len(ordered) - 1) // 2] if ordered else None


def tally(votes: Iterable[tuple[str, Decimal | None]]) -> Tally:
    """Count `(choice, amount)` votes (see the module's rules)."""
    votes = list(votes)
    counts = Counter(choice for choice, _amount in votes)
    deciding = sum(n for choice, n in counts.items() if choice != VoteChoice.ABSTAIN)
    winner = next(
        (
            choice
            for choice, n in counts.most_common()
            if choice != VoteChoice.ABSTAIN and 2 * n > deciding
        ),
        None,
    )
    amount = None
    if winner == VoteChoice.FUND:
        amount = lower_median([a for c, a in votes if c == VoteChoice.FUND and a is not None])
    return Tally(
        counts={choice: counts.get(choice, 0) for choice in VoteChoice.values},
        winner=winner,
        amount=amount,
    )


@dataclass(frozen=True)
class PlannedItem:
    proposal_id: int
    in_bulk: bool
    proposed: str
    proposed_amount: Decimal | None


def plan_agenda(rows, *, window: int = DEFAULT_LINE_WINDOW) -> list[PlannedItem]:
    """The agenda from ranking rows (rank order): around the funding line first, then the
    clear cases. `rows` need rank, above_line, passes_thresholds, requested_amount, pk."""
    rows = sorted(rows, key=lambda row: row.rank)
    funded = [row.rank for row in rows if row.above_line]
    line = (max(funded) if funded else 0) + 0.5  # between the last funded row and the next
    close, clear = [], []
    for row in rows:
        fund = row.above_line
        item = PlannedItem(
            proposal_id=row.pk,
            in_bulk=abs(row.rank - line) > window or not row.passes_thresholds,
            proposed=VoteChoice.FUND if fund else VoteChoice.NOT_FUND,
            proposed_amount=row.requested_amount if fund else None,
        )
        (clear if item.in_bulk else close).append(item)
    return close + clear
