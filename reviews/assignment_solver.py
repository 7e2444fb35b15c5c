"""Automatic reviewer assignment as a min-cost flow (plain data in, plain data out; no Django).

The network::

    source ──need──▶ proposal ──1, match cost──▶ reviewer ──1, k-th unit costs k──▶ sink

- A proposal supplies what it still needs: `per_proposal` minus the reviewers it already has.
- A proposal–reviewer arc exists only when the reviewer is not in conflict with the proposal
  and not already assigned to it; its cost says how well the reviewer's expertise matches
  (the proposal's primary sector cheapest, another of its sectors next, no match dearest).
- A reviewer reaches the sink through one unit arc per free place under their cap; the arc of
  their k-th proposal (counting the ones they already have) costs k × BALANCE_COST. Those
  costs are convex, so the cheapest flow spreads the load as evenly as the matches allow.

With `affinity` (proposal id, reviewer id) → 0..1, how close the reviewer's own words and
past reviews are to the proposal's text (reviews.matching), every cost is multiplied by
COST_SCALE and a pair also costs TEXT_COST × (1 − affinity / AFFINITY_FULL) (affinity at
AFFINITY_FULL or above costs nothing more): among reviewers of the same sector match, the
one whose expertise reads closest to the proposal is chosen, and a very close text can win
over a sector tag. Without it the costs are the sector ones alone, as before.

`solve_max_flow_with_min_cost` first places as many reviewers as possible, then finds the
cheapest way to do so: a proposal that cannot be fully covered does not stop the others.
Everything is sorted by id before the network is built, and the solver is deterministic, so
the same input always gives the same plan (the preview page and the save agree).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from ortools.graph.python import min_cost_flow

# Costs of one proposal–reviewer pair. Against the balance cost below: a primary-sector expert
# is preferred over a reviewer without a match even when they carry up to about
# NO_MATCH_COST / BALANCE_COST more proposals.
PRIMARY_COST = 0
SECTOR_COST = 3
NO_MATCH_COST = 8
BALANCE_COST = 1
# With text affinity: costs in tenths, and a pair with nothing in common in its text costs
# up to TEXT_COST (in the units above) more than one whose texts are close.
COST_SCALE = 10
TEXT_COST = 4
AFFINITY_FULL = 0.35  # TF-IDF cosine from which texts count as fully close


class Match(StrEnum):
    PRIMARY = "primary"
    SECTOR = "sector"
    NONE = "none"


class Shortfall(StrEnum):
    """Why a proposal could not get all its reviewers (the first that applies)."""

    PANEL_TOO_SMALL = "panel_too_small"  # fewer panel members than reviewers per proposal
    CONFLICTS = "conflicts"  # too few panel members without a conflict
    CAPACITY = "capacity"  # enough of them, but at their cap


@dataclass(frozen=True)
class ProposalInput:
    id: int
    primary_sector: str | None = None
    sectors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReviewerInput:
    id: int
    capacity: int  # their cap for this call, counting assignments they already have
    expertise: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Uncovered:
    proposal_id: int
    assigned: int  # reviewers it will have, existing and new
    missing: int
    reason: Shortfall


@dataclass
class Solution:
    """New pairs (proposal id, reviewer id, match), sorted; loads count existing and new."""

    pairs: list[tuple[int, int, Match]] = field(default_factory=list)
    uncovered: list[Uncovered] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    existing: int = 0

    @property
    def match_counts(self) -> Counter:
        return Counter(match for _, _, match in self.pairs)

    @property
    def match_rate(self) -> float | None:
        """Share of new pairs where the reviewer knows one of the proposal's sectors."""
        if not self.pairs:
            return None
        counts = self.match_counts
        return (counts[Match.PRIMARY] + counts[Match.SECTOR]) / len(self.pairs)


MATCH_OF_COST = {PRIMARY_COST: Match.PRIMARY, SECTOR_COST: Match.SECTOR, NO_MATCH_COST: Match.NONE}


def solve(
    proposals: list[ProposalInput],
    reviewers: list[ReviewerInput],
    *,
    per_proposal: int,
    conflicts: set[tuple[int, int]] | frozenset = frozenset(),
    existing: set[tuple[int, int]] | frozenset = frozenset(),
    affinity: dict[tuple[int, int], float] | None = None,
) -> Solution:
    """Plan new assignments so every proposal has `per_proposal` reviewers if possible.

    `conflicts` and `existing` hold (proposal id, reviewer id) pairs. Existing pairs are kept:
    they count towards the proposal's need and the reviewer's cap. A reviewer's `capacity`
    is their whole cap for the call, existing pairs included. `affinity`: see the module.
    """
    problem = _Problem.of(proposals, reviewers, per_proposal, conflicts, existing)
    problem.affinity = affinity
    network = _Network.of(problem)
    pairs = _read_pairs(problem, network, _solve_flow(network, int(problem.need.sum())))
    loads = problem.load.copy()
    loads.update(r for _p, r, _m in pairs)
    return Solution(
        pairs=pairs,
        uncovered=_explain_uncovered(problem, pairs),
        loads={rid: loads[rid] for rid in problem.reviewer_ids},
        existing=len(problem.existing),
    )


@dataclass
class _Problem:
    """The input sorted by id, with what each proposal still needs and each reviewer carries."""

    proposals: list[ProposalInput]
    reviewers: list[ReviewerInput]
    per_proposal: int
    conflicts: set[tuple[int, int]]  # only pairs of the proposals and reviewers given
    existing: set[tuple[int, int]]  # only pairs of the proposals given
    have: Counter  # proposal id → reviewers it already has
    load: Counter  # reviewer id → proposals they already have
    need: np.ndarray  # per proposal, in order: reviewers still missing
    affinity: dict[tuple[int, int], float] | None = None

    @property
    def scale(self) -> int:
        return COST_SCALE if self.affinity is not None else 1

    @classmethod
    def of(cls, proposals, reviewers, per_proposal, conflicts, existing) -> _Problem:
        proposals = sorted(proposals, key=lambda p: p.id)
        reviewers = sorted(reviewers, key=lambda r: r.id)
        p_ids, r_ids = {p.id for p in proposals}, {r.id for r in reviewers}
        # An existing pair counts for its proposal even when its reviewer has left the panel.
        existing = {(p, r) for p, r in existing if p in p_ids}
        have = Counter(p for p, _ in existing)
        need = [max(0, per_proposal - have[p.id]) for p in proposals]
        return cls(
            proposals=proposals,
            reviewers=reviewers,
            per_proposal=per_proposal,
            conflicts={(p, r) for p, r in conflicts if p in p_ids and r in r_ids},
            existing=existing,
            have=have,
            load=Counter(r for _, r in existing if r in r_ids),
            need=np.array(need, dtype=np.int64),
        )

    @property
    def proposal_ids(self) -> list[int]:
        return [p.id for p in self.proposals]

    @property
    def reviewer_ids(self) -> list[int]:
        return [r.id for r in self.reviewers]

    def free_places(self) -> np.ndarray:
        """Per reviewer, in order: places left under their cap."""
        return np.array(
            [max(0, r.capacity - self.load[r.id]) for r in self.reviewers], dtype=np.int64
        )


def _match_costs(problem: _Problem) -> np.ndarray:
    """The cost of each pair (proposals × reviewers): how well the expertise matches."""
    proposals, reviewers = problem.proposals, problem.reviewers
    sectors = sorted(
        {s for p in proposals for s in p.sectors | {p.primary_sector} if s}
        | {s for r in reviewers for s in r.expertise}
    )
    s_index = {s: k for k, s in enumerate(sectors)}
    primary = np.zeros((len(proposals), len(sectors)), dtype=np.int32)
    tagged = np.zeros((len(proposals), len(sectors)), dtype=np.int32)
    knows = np.zeros((len(sectors), len(reviewers)), dtype=np.int32)
    for i, p in enumerate(proposals):
        if p.primary_sector:
            primary[i, s_index[p.primary_sector]] = 1
        tagged[i, [s_index[s] for s in p.sectors]] = 1
    for j, r in enumerate(reviewers):
        knows[[s_index[s] for s in r.expertise], j] = 1
    return np.where(
        (primary @ knows) > 0,
        PRIMARY_COST,
        np.where((tagged @ knows) > 0, SECTOR_COST, NO_MATCH_COST),
    ).astype(np.int64)


def _text_costs(problem: _Problem, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For the pairs (rows, cols): the cost, in scaled units, of texts that are far apart."""
    if problem.affinity is None:
        return np.zeros(len(rows), dtype=np.int64)
    p_ids, r_ids = problem.proposal_ids, problem.reviewer_ids
    closeness = np.array(
        [problem.affinity.get((p_ids[i], r_ids[j]), 0.0) for i, j in zip(rows, cols, strict=True)]
    )
    closeness = np.clip(closeness / AFFINITY_FULL, 0.0, 1.0)
    return np.rint(TEXT_COST * COST_SCALE * (1.0 - closeness)).astype(np.int64)


def _allowed_pairs(problem: _Problem) -> np.ndarray:
    """Which pairs may be planned (proposals × reviewers): not in conflict, not existing, and
    only for proposals that still need someone."""
    p_index = {pid: i for i, pid in enumerate(problem.proposal_ids)}
    r_index = {rid: j for j, rid in enumerate(problem.reviewer_ids)}
    allowed = np.ones((len(p_index), len(r_index)), dtype=bool)
    blocked = [
        (p_index[p], r_index[r]) for p, r in problem.conflicts | problem.existing if r in r_index
    ]
    if blocked:
        rows, cols = zip(*blocked, strict=True)
        allowed[list(rows), list(cols)] = False
    allowed[problem.need == 0, :] = False
    return allowed


@dataclass
class _Network:
    """The arcs of the flow network, in three runs: source → proposal (one per proposal),
    proposal → reviewer (one per allowed pair, row-major), reviewer → sink (one per free place).

    Nodes: 0 the source, 1 the sink, 2.. the proposals, then the reviewers."""

    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    pair_rows: np.ndarray  # per proposal → reviewer arc: the proposal's index
    pair_cols: np.ndarray  # ... and the reviewer's index
    pair_costs: np.ndarray  # ... and its sector match cost (unscaled: Match)
    n_proposals: int
    n_sink_arcs: int

    SOURCE = 0
    SINK = 1

    @classmethod
    def of(cls, problem: _Problem) -> _Network:
        n_p, n_r = len(problem.proposals), len(problem.reviewers)
        p_node = 2 + np.arange(n_p, dtype=np.int64)
        r_node = 2 + n_p + np.arange(n_r, dtype=np.int64)
        rows, cols = np.nonzero(_allowed_pairs(problem))  # sorted by proposal, then reviewer
        pair_costs = _match_costs(problem)[rows, cols]
        arc_costs = pair_costs * problem.scale + _text_costs(problem, rows, cols)
        sink_tails, sink_costs = _balance_arcs(problem, r_node)
        return cls(
            tails=np.concatenate([np.full(n_p, cls.SOURCE), p_node[rows], sink_tails]),
            heads=np.concatenate([p_node, r_node[cols], np.full(len(sink_tails), cls.SINK)]),
            capacities=np.concatenate(
                [problem.need, np.ones(len(rows) + len(sink_tails), dtype=np.int64)]
            ),
            costs=np.concatenate([np.zeros(n_p, dtype=np.int64), arc_costs, sink_costs]),
            pair_rows=rows,
            pair_cols=cols,
            pair_costs=pair_costs,
            n_proposals=n_p,
            n_sink_arcs=len(sink_tails),
        )

    @property
    def pair_arcs(self) -> np.ndarray:
        """The indexes of the proposal → reviewer arcs."""
        return np.arange(self.n_proposals, self.n_proposals + len(self.pair_rows), dtype=np.int64)


def _balance_arcs(problem: _Problem, r_node: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reviewer → sink: one unit arc per free place; the arc of a reviewer's k-th proposal
    overall (counting the ones they have) costs k × BALANCE_COST."""
    free = problem.free_places()
    tails = np.repeat(r_node, free)
    starts = np.repeat(
        np.array([problem.load[rid] for rid in problem.reviewer_ids], dtype=np.int64), free
    )
    offsets = np.arange(len(tails), dtype=np.int64) - np.repeat(np.cumsum(free) - free, free)
    return tails, (starts + offsets + 1) * BALANCE_COST * problem.scale


def _solve_flow(network: _Network, total_need: int) -> np.ndarray:
    """The flow on each proposal → reviewer arc (empty when nothing can flow)."""
    if not (total_need and len(network.pair_rows) and network.n_sink_arcs):
        return np.zeros(0, dtype=np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        network.tails, network.heads, network.capacities, network.costs
    )
    # The source supplies what the proposals need; the sink takes as much.
    flow.set_node_supply(network.SOURCE, total_need)
    flow.set_node_supply(network.SINK, -total_need)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: status {status}")
    return flow.flows(network.pair_arcs)


def _read_pairs(
    problem: _Problem, network: _Network, flows: np.ndarray
) -> list[tuple[int, int, Match]]:
    """The new pairs: the proposal → reviewer arcs that carry flow, sorted as the arcs are."""
    proposal_ids, reviewer_ids = problem.proposal_ids, problem.reviewer_ids
    return [
        (
            proposal_ids[network.pair_rows[a]],
            reviewer_ids[network.pair_cols[a]],
            MATCH_OF_COST[int(network.pair_costs[a])],
        )
        for a in np.nonzero(flows > 0)[0]
    ]


def _explain_uncovered(problem: _Problem, pairs: list[tuple[int, int, Match]]) -> list[Uncovered]:
    """The proposals still short of reviewers, each with the first reason that applies."""
    got = problem.have + Counter(p for p, _r, _m in pairs)
    conflicted = Counter(p for p, _r in problem.conflicts)
    n_r, per = len(problem.reviewers), problem.per_proposal
    uncovered = []
    for pid in problem.proposal_ids:
        missing = per - got[pid]
        if missing <= 0:
            continue
        if n_r < per:
            reason = Shortfall.PANEL_TOO_SMALL
        elif n_r - conflicted[pid] < per:
            reason = Shortfall.CONFLICTS
        else:
            reason = Shortfall.CAPACITY
        uncovered.append(Uncovered(pid, got[pid], missing, reason))
    return uncovered
