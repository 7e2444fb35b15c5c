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


def match_of(proposal: ProposalInput, reviewer: ReviewerInput) -> Match:
    if proposal.primary_sector and proposal.primary_sector in reviewer.expertise:
        return Match.PRIMARY
    if proposal.sectors & reviewer.expertise:
        return Match.SECTOR
    return Match.NONE


MATCH_OF_COST = {PRIMARY_COST: Match.PRIMARY, SECTOR_COST: Match.SECTOR, NO_MATCH_COST: Match.NONE}


def solve(
    proposals: list[ProposalInput],
    reviewers: list[ReviewerInput],
    *,
    per_proposal: int,
    conflicts: set[tuple[int, int]] | frozenset = frozenset(),
    existing: set[tuple[int, int]] | frozenset = frozenset(),
) -> Solution:
    """Plan new assignments so every proposal has `per_proposal` reviewers if possible.

    `conflicts` and `existing` hold (proposal id, reviewer id) pairs. Existing pairs are kept:
    they count towards the proposal's need and the reviewer's cap. A reviewer's `capacity`
    is their whole cap for the call, existing pairs included.
    """
    proposals = sorted(proposals, key=lambda p: p.id)
    reviewers = sorted(reviewers, key=lambda r: r.id)
    proposal_ids = [p.id for p in proposals]
    reviewer_ids = [r.id for r in reviewers]
    p_index = {pid: i for i, pid in enumerate(proposal_ids)}
    r_index = {rid: j for j, rid in enumerate(reviewer_ids)}
    n_p, n_r = len(proposals), len(reviewers)

    # An existing pair counts for its proposal even when its reviewer has left the panel.
    existing = {(p, r) for p, r in existing if p in p_index}
    have = Counter(p for p, _ in existing)
    load = Counter(r for _, r in existing if r in r_index)
    need = np.array([max(0, per_proposal - have[pid]) for pid in proposal_ids], dtype=np.int64)

    # Which pairs may be planned, and at what cost (proposals × reviewers).
    sectors = sorted(
        {s for p in proposals for s in p.sectors | {p.primary_sector} if s}
        | {s for r in reviewers for s in r.expertise}
    )
    s_index = {s: k for k, s in enumerate(sectors)}
    primary = np.zeros((n_p, len(sectors)), dtype=np.int32)
    tagged = np.zeros((n_p, len(sectors)), dtype=np.int32)
    knows = np.zeros((len(sectors), n_r), dtype=np.int32)
    for i, p in enumerate(proposals):
        if p.primary_sector:
            primary[i, s_index[p.primary_sector]] = 1
        for s in p.sectors:
            tagged[i, s_index[s]] = 1
    for j, r in enumerate(reviewers):
        for s in r.expertise:
            knows[s_index[s], j] = 1
    cost = np.where(
        (primary @ knows) > 0,
        PRIMARY_COST,
        np.where((tagged @ knows) > 0, SECTOR_COST, NO_MATCH_COST),
    ).astype(np.int64)
    allowed = np.ones((n_p, n_r), dtype=bool)
    blocked = [(p, r) for p, r in (set(conflicts) | existing) if p in p_index and r in r_index]
    if blocked:
        rows, cols = zip(*((p_index[p], r_index[r]) for p, r in blocked), strict=True)
        allowed[list(rows), list(cols)] = False
    allowed[need == 0, :] = False

    free = np.array(
        [max(0, r.capacity - load[r.id]) for r in reviewers], dtype=np.int64
    )  # places left under each cap

    # Nodes: 0 source, 1 sink, 2.. proposals, then reviewers.
    source, sink = 0, 1
    p_node = 2 + np.arange(n_p, dtype=np.int64)
    r_node = 2 + n_p + np.arange(n_r, dtype=np.int64)

    pr_rows, pr_cols = np.nonzero(allowed)  # row-major: sorted by proposal, then reviewer
    # Reviewer → sink: one unit arc per free place; the k-th proposal overall costs k.
    sink_tails = np.repeat(r_node, free)
    starts = np.repeat(np.array([load[rid] for rid in reviewer_ids], dtype=np.int64), free)
    offsets = np.arange(len(sink_tails), dtype=np.int64) - np.repeat(np.cumsum(free) - free, free)
    sink_costs = (starts + offsets + 1) * BALANCE_COST

    tails = np.concatenate([np.full(n_p, source), p_node[pr_rows], sink_tails])
    heads = np.concatenate([p_node, r_node[pr_cols], np.full(len(sink_tails), sink)])
    capacities = np.concatenate([need, np.ones(len(pr_rows) + len(sink_tails), dtype=np.int64)])
    costs = np.concatenate([np.zeros(n_p, dtype=np.int64), cost[pr_rows, pr_cols], sink_costs])

    total_need = int(need.sum())
    pairs: list[tuple[int, int, Match]] = []
    if total_need and len(pr_rows) and len(sink_tails):
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        flow.set_node_supply(source, total_need)
        flow.set_node_supply(sink, -total_need)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed: status {status}")
        first = n_p
        flows = flow.flows(np.arange(first, first + len(pr_rows), dtype=np.int64))
        chosen = np.nonzero(flows > 0)[0]
        pairs = [
            (
                proposal_ids[pr_rows[a]],
                reviewer_ids[pr_cols[a]],
                MATCH_OF_COST[int(cost[pr_rows[a], pr_cols[a]])],
            )
            for a in chosen
        ]

    got = Counter(have)
    for p, r, _ in pairs:
        got[p] += 1
        load[r] += 1
    conflicted = Counter(p for p, r in set(conflicts) if p in p_index and r in r_index)
    uncovered = []
    for pid in proposal_ids:
        missing = per_proposal - got[pid]
        if missing <= 0:
            continue
        if n_r < per_proposal:
            reason = Shortfall.PANEL_TOO_SMALL
        elif n_r - conflicted[pid] < per_proposal:
            reason = Shortfall.CONFLICTS
        else:
            reason = Shortfall.CAPACITY
        uncovered.append(Uncovered(pid, got[pid], missing, reason))
    return Solution(
        pairs=pairs,
        uncovered=uncovered,
        loads={rid: load[rid] for rid in reviewer_ids},
        existing=len(existing),
    )
