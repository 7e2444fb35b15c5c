"""Benchmark of the automatic reviewer assignment (the solver only; no Django, no database).

    .venv/bin/python -m bench.assignment [--proposals 5000] [--reviewers 150] [--per 3]

5,000 proposals × 150 reviewers × 3 reviewers each, random sectors from a fixed seed, about
1% of the pairs in conflict, a cap of 110 per reviewer. Prints the time to build and solve,
the coverage, the lowest and highest load and the share of expertise matches.
"""

import argparse
import random
import time

from reviews.assignment_solver import ProposalInput, ReviewerInput, solve

SECTORS = [
    "environment",
    "nexus",
    "public-education",
    "finance-welfare",
    "agriculture",
    "urban",
    "health",
    "tourism-culture",
    "disaster",
]


def instance(n_proposals: int, n_reviewers: int, *, cap: int, conflict_rate: float, seed: int):
    rng = random.Random(seed)
    proposals = []
    for pid in range(1, n_proposals + 1):
        tags = rng.sample(SECTORS, rng.randint(1, 3))
        proposals.append(ProposalInput(pid, primary_sector=tags[0], sectors=frozenset(tags)))
    reviewers = [
        ReviewerInput(10_000 + j, capacity=cap, expertise=frozenset(rng.sample(SECTORS, 2)))
        for j in range(n_reviewers)
    ]
    conflicts = {(p.id, r.id) for p in proposals for r in reviewers if rng.random() < conflict_rate}
    return proposals, reviewers, conflicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=5000)
    parser.add_argument("--reviewers", type=int, default=150)
    parser.add_argument("--per", type=int, default=3)
    parser.add_argument("--cap", type=int, default=110)
    parser.add_argument("--conflicts", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    proposals, reviewers, conflicts = instance(
        args.proposals, args.reviewers, cap=args.cap, conflict_rate=args.conflicts, seed=args.seed
    )
    started = time.perf_counter()
    solution = solve(proposals, reviewers, per_proposal=args.per, conflicts=conflicts)
    elapsed = time.perf_counter() - started

    needed = args.proposals * args.per
    loads = list(solution.loads.values())
    print(
        f"{args.proposals} proposals × {args.reviewers} reviewers × {args.per} each, "
        f"{len(conflicts)} conflicts, cap {args.cap}"
    )
    print(f"build and solve: {elapsed:.2f} s")
    print(
        f"coverage: {len(solution.pairs)}/{needed} places "
        f"({len(solution.pairs) / needed:.1%}), {len(solution.uncovered)} proposals short"
    )
    print(f"load: min {min(loads)}, max {max(loads)}, mean {sum(loads) / len(loads):.1f}")
    counts = solution.match_counts
    print(
        f"expertise match: {solution.match_rate:.1%} "
        f"(primary {counts['primary']}, other sector {counts['sector']}, none {counts['none']})"
    )
    # The solver's own guarantees, checked on the big instance too.
    assert all(load <= args.cap for load in loads)
    assert not {(p, r) for p, r, _ in solution.pairs} & conflicts


if __name__ == "__main__":
    main()
