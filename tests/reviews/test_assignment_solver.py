"""Property tests of the assignment optimiser (reviews.assignment_solver) on random instances."""

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.assignment_solver import (
    Match,
    ProposalInput,
    ReviewerInput,
    Shortfall,
    solve,
)

SECTORS = ["environment", "urban", "health", "agriculture"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, *, max_proposals=25, max_reviewers=8, caps=None, conflicts=True):
    n_p = draw(st.integers(0, max_proposals))
    n_r = draw(st.integers(0, max_reviewers))
    proposals = []
    for pid in range(1, n_p + 1):
        tags = draw(st.sets(st.sampled_from(SECTORS), max_size=2))
        primary = sorted(tags)[0] if tags else None
        proposals.append(ProposalInput(pid, primary_sector=primary, sectors=frozenset(tags)))
    reviewers = [
        ReviewerInput(
            100 + j,
            capacity=draw(st.integers(0, 12) if caps is None else caps),
            expertise=frozenset(draw(st.sets(st.sampled_from(SECTORS), max_size=2))),
        )
        for j in range(n_r)
    ]
    pairs = [(p.id, r.id) for p in proposals for r in reviewers]
    chosen = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3)) if pairs else set()
    per = draw(st.integers(1, 4))
    return proposals, reviewers, (chosen if conflicts else set()), per


def new_pairs(solution) -> list[tuple[int, int]]:
    return [(p, r) for p, r, _ in solution.pairs]


@FAST
@given(instances())
def test_no_reviewer_is_planned_against_a_conflict(instance):
    proposals, reviewers, conflicts, per = instance
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    assert set(new_pairs(solution)) & conflicts == set()


@FAST
@given(instances())
def test_no_reviewer_goes_above_their_cap(instance):
    proposals, reviewers, conflicts, per = instance
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    caps = {r.id: r.capacity for r in reviewers}
    loads = Counter(r for _, r in new_pairs(solution))
    assert all(loads[rid] <= caps[rid] for rid in caps)
    assert solution.loads == {rid: loads[rid] for rid in caps}


@FAST
@given(instances())
def test_no_proposal_gets_more_than_it_needs_nor_a_reviewer_twice(instance):
    proposals, reviewers, conflicts, per = instance
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    pairs = new_pairs(solution)
    assert len(pairs) == len(set(pairs))
    assert all(n <= per for n in Counter(p for p, _ in pairs).values())


@FAST
@given(instances(caps=st.just(1000)))
def test_with_enough_capacity_every_proposal_gets_all_the_reviewers_it_can(instance):
    proposals, reviewers, conflicts, per = instance
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    got = Counter(p for p, _ in new_pairs(solution))
    for proposal in proposals:
        free = sum(1 for r in reviewers if (proposal.id, r.id) not in conflicts)
        assert got[proposal.id] == min(per, free)


@FAST
@given(instances())
def test_uncovered_proposals_are_exactly_those_short_with_the_first_reason_that_applies(
    instance,
):
    proposals, reviewers, conflicts, per = instance
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    got = Counter(p for p, _ in new_pairs(solution))
    assert [u.proposal_id for u in solution.uncovered] == [
        p.id for p in proposals if got[p.id] < per
    ]
    for item in solution.uncovered:
        free = sum(1 for r in reviewers if (item.proposal_id, r.id) not in conflicts)
        assert item.missing == per - got[item.proposal_id]
        if len(reviewers) < per:
            assert item.reason == Shortfall.PANEL_TOO_SMALL
        elif free < per:
            assert item.reason == Shortfall.CONFLICTS
        else:
            assert item.reason == Shortfall.CAPACITY


@settings(max_examples=60, deadline=None)
@given(
    n_p=st.integers(0, 40),
    n_r=st.integers(1, 9),
    per=st.integers(1, 4),
    cap=st.integers(0, 30),
    expertise=st.sampled_from([frozenset(), frozenset({"urban"})]),
)
def test_interchangeable_reviewers_share_the_load_within_one(n_p, n_r, per, cap, expertise):
    proposals = [ProposalInput(pid, "urban", frozenset({"urban"})) for pid in range(1, n_p + 1)]
    reviewers = [ReviewerInput(100 + j, cap, expertise) for j in range(n_r)]
    solution = solve(proposals, reviewers, per_proposal=per)
    loads = list(solution.loads.values())
    assert max(loads) - min(loads) <= 1
    assert len(solution.pairs) == min(n_p * min(per, n_r), n_r * cap)


@FAST
@given(instances())
def test_the_same_input_gives_the_same_plan_in_any_order(instance):
    proposals, reviewers, conflicts, per = instance
    first = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts)
    second = solve(
        list(reversed(proposals)), list(reversed(reviewers)), per_proposal=per, conflicts=conflicts
    )
    assert first.pairs == second.pairs
    assert first.uncovered == second.uncovered


@FAST
@given(instances(), st.data())
def test_existing_pairs_are_kept_and_only_what_is_missing_is_added(instance, data):
    proposals, reviewers, conflicts, per = instance
    allowed = [(p.id, r.id) for p in proposals for r in reviewers if (p.id, r.id) not in conflicts]
    existing = data.draw(st.sets(st.sampled_from(allowed), max_size=10)) if allowed else set()
    # Existing pairs respect the rules they were made under.
    have, load = Counter(p for p, _ in existing), Counter(r for _, r in existing)
    caps = {r.id: r.capacity for r in reviewers}
    if any(n > per for n in have.values()) or any(load[r] > caps[r] for r in load):
        return
    solution = solve(proposals, reviewers, per_proposal=per, conflicts=conflicts, existing=existing)
    added = new_pairs(solution)
    assert set(added) & existing == set()
    total = Counter(p for p, _ in added) + have
    assert all(total[p.id] <= per for p in proposals)
    loads = Counter(r for _, r in added) + load
    assert all(loads[rid] <= caps[rid] for rid in caps)
    assert solution.loads == {rid: loads[rid] for rid in caps}


def test_a_second_run_on_a_complete_plan_adds_nothing():
    proposals = [ProposalInput(pid, "urban", frozenset({"urban"})) for pid in range(1, 11)]
    reviewers = [ReviewerInput(100 + j, 10, frozenset({"urban"})) for j in range(4)]
    first = solve(proposals, reviewers, per_proposal=2)
    second = solve(
        proposals, reviewers, per_proposal=2, existing={(p, r) for p, r, _ in first.pairs}
    )
    assert second.pairs == []
    assert second.uncovered == []
    assert second.existing == 20


def test_experts_of_the_primary_sector_come_first_then_other_sectors():
    proposals = [ProposalInput(1, "urban", frozenset({"urban", "health"}))]
    reviewers = [
        ReviewerInput(100, 5, frozenset()),
        ReviewerInput(101, 5, frozenset({"health"})),
        ReviewerInput(102, 5, frozenset({"urban"})),
    ]
    one = solve(proposals, reviewers, per_proposal=1)
    two = solve(proposals, reviewers, per_proposal=2)
    assert one.pairs == [(1, 102, Match.PRIMARY)]
    assert two.pairs == [(1, 101, Match.SECTOR), (1, 102, Match.PRIMARY)]
    assert two.match_rate == 1.0


def test_a_panel_smaller_than_needed_is_named_as_the_reason():
    solution = solve(
        [ProposalInput(1)], [ReviewerInput(100, 5), ReviewerInput(101, 5)], per_proposal=3
    )
    assert [(u.proposal_id, u.assigned, u.missing, u.reason) for u in solution.uncovered] == [
        (1, 2, 1, Shortfall.PANEL_TOO_SMALL)
    ]
