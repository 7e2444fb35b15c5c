"""The automatic assignment: a plan from the solver (reads only), then written in one step."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Call
from portal.models import User
from portal.refusals import Refusal
from proposals.enums import EventKind
from proposals.models import Proposal, ProposalEvent
from proposals.pool import review_pool

from .. import assignment_solver as solver
from .. import notifications
from ..enums import AssignmentMethod, AssignmentState
from ..matching import text_affinity
from ..models import Assignment, Conflict, PanelMember
from ..states import ASSIGNMENTS, check_call_assignable
from .assignment import assign_reviewer
from .conflicts import find_automatic_conflicts
from .panels import loads, open_assignments, panel_of


@dataclass
class Plan:
    """What the solver proposes for a call; nothing is written until it is applied."""

    call: Call
    solution: solver.Solution
    proposals: dict[int, Proposal] = field(default_factory=dict)
    reviewers: dict[int, User] = field(default_factory=dict)
    caps: dict[int, int] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """A fingerprint of the new pairs: the saved plan equals the preview when they match."""
        text = ";".join(f"{p}:{r}" for p, r, _m in sorted(self.solution.pairs))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def new_count(self) -> int:
        return len(self.solution.pairs)

    @property
    def load_stats(self) -> dict | None:
        values = list(self.solution.loads.values())
        if not values:
            return None
        return {"min": min(values), "max": max(values), "mean": sum(values) / len(values)}

    def load_rows(self) -> list[dict]:
        new = Counter(r for _p, r, _m in self.solution.pairs)
        return [
            {
                "reviewer": self.reviewers[rid],
                "load": load,
                "new": new[rid],
                "cap": self.caps[rid],
            }
            for rid, load in sorted(
                self.solution.loads.items(),
                key=lambda item: (self.reviewers[item[0]].get_full_name(), item[0]),
            )
        ]

    def uncovered_rows(self) -> list[dict]:
        return [
            {"proposal": self.proposals[u.proposal_id], "item": u} for u in self.solution.uncovered
        ]


def plan_automatic_assignment(call: Call) -> Plan:
    """Ask the solver for the missing assignments of `call` (reads only, writes nothing):
    sectors and how close each reviewer's texts are to each proposal's (reviews.matching)."""
    pool = list(
        review_pool(call)
        .select_related("primary_sector", "organisation")
        .prefetch_related("sectors")
    )
    panel = panel_of(call)
    pool_ids = [p.pk for p in pool]
    # Open pairs are kept; removed ones may be planned again; ended ones sit in the conflicts.
    existing = set(
        open_assignments(call)
        .filter(proposal_id__in=pool_ids)
        .values_list("proposal_id", "reviewer_id")
    )
    solution = solver.solve(
        [_proposal_input(p) for p in pool],
        [_reviewer_input(member) for member in panel],
        per_proposal=call.reviewers_per_proposal,
        conflicts=_conflicting_pairs(call, pool_ids),
        existing=existing,
        affinity=text_affinity(pool, [m.reviewer_id for m in panel], call=call),
    )
    return Plan(
        call=call,
        solution=solution,
        proposals={p.pk: p for p in pool},
        reviewers={m.reviewer_id: m.reviewer for m in panel},
        caps={m.reviewer_id: m.cap for m in panel},
    )


def _proposal_input(proposal: Proposal) -> solver.ProposalInput:
    return solver.ProposalInput(
        proposal.pk,
        primary_sector=proposal.primary_sector.code if proposal.primary_sector else None,
        sectors=frozenset(s.code for s in proposal.sectors.all()),
    )


def _reviewer_input(member: PanelMember) -> solver.ReviewerInput:
    profile = getattr(member.reviewer, "reviewer_profile", None)
    expertise = frozenset(s.code for s in profile.expertise.all()) if profile else frozenset()
    return solver.ReviewerInput(member.reviewer_id, member.cap, expertise)


def _conflicting_pairs(call: Call, pool_ids: list[int]) -> set[tuple[int, int]]:
    """(proposal id, reviewer id) that may not be planned: recorded conflicts, automatic ones
    not recorded yet, and assignments ended for a conflict."""
    conflicts = set(
        Conflict.objects.filter(proposal_id__in=pool_ids).values_list("proposal_id", "reviewer_id")
    )
    conflicts |= {(p, r) for p, r, _reason in find_automatic_conflicts(call)}
    conflicts |= set(
        Assignment.objects.filter(
            proposal_id__in=pool_ids, state=AssignmentState.CONFLICT
        ).values_list("proposal_id", "reviewer_id")
    )
    return conflicts


@transaction.atomic
def apply_assignment_plan(call: Call, plan: Plan, *, by) -> list[Assignment]:
    """Write the plan's new assignments (method automatic).

    Side effects: Assignment rows (bulk; a removed pair is reopened), one ASSIGNMENT log row
    per proposal and reviewer, a reviewer_assigned notification for each.
    Returns the assignments written.
    """
    check_call_assignable(call)
    pairs = [(p, r) for p, r, _m in plan.solution.pairs]
    if not pairs:
        return []
    now = timezone.now()
    fields = {"method": AssignmentMethod.AUTOMATIC, "assigned_by": by, "assigned_at": now}
    removed = _removed_assignments(call, pairs)
    written = []
    for pair in pairs:
        if pair in removed:
            assignment = removed[pair]
            ASSIGNMENTS.move(
                assignment, AssignmentState.AWAITING_DECLARATION, declared_at=None, **fields
            )
            written.append(assignment)
    written += Assignment.objects.bulk_create(
        Assignment(
            proposal_id=p,
            reviewer_id=r,
            state=AssignmentState.AWAITING_DECLARATION,
            **fields,
        )
        for p, r in pairs
        if (p, r) not in removed
    )
    ProposalEvent.objects.bulk_create(
        ProposalEvent(
            proposal_id=a.proposal_id,
            kind=EventKind.ASSIGNMENT,
            by=by,
            at=now,
            note=_("%(reviewer)s (automatic)") % {"reviewer": plan.reviewers[a.reviewer_id]},
        )
        for a in written
    )
    for assignment in written:
        assignment.proposal = plan.proposals[assignment.proposal_id]
        assignment.proposal.call = call
        assignment.reviewer = plan.reviewers[assignment.reviewer_id]
        notifications.reviewer_assigned(assignment)
    return written


def _removed_assignments(call: Call, pairs: list[tuple[int, int]]) -> dict:
    """The call's removed assignments among `pairs`, by (proposal id, reviewer id), locked:
    they are assigned again."""
    return {
        (a.proposal_id, a.reviewer_id): a
        for a in Assignment.objects.filter(
            proposal__call=call,
            state=AssignmentState.REMOVED,
            proposal_id__in={p for p, _r in pairs},
            reviewer_id__in={r for _p, r in pairs},
        ).select_for_update(of=("self",))
    }


@transaction.atomic
def assign_extra_reviewer(proposal: Proposal, *, by) -> Assignment:
    """One more reviewer for `proposal` (its reviewers disagree, say), chosen by the solver
    of the automatic assignment among the panel: free of conflict, under their cap, the best
    match of expertise, the lightest load.

    Refused when nobody on the panel is free. Side effects: those of `assign_reviewer`
    (method automatic): the Assignment, an ASSIGNMENT log row, the reviewer_assigned
    notification.
    """
    call = proposal.call
    check_call_assignable(call)
    mine = set(
        open_assignments(call).filter(proposal=proposal).values_list("proposal_id", "reviewer_id")
    )
    carried = loads(call)
    # The solver counts the given existing pairs towards a cap: here only this proposal's.
    reviewers = [
        solver.ReviewerInput(
            member.reviewer_id,
            member.cap
            - carried.get(member.reviewer_id, 0)
            + ((proposal.pk, member.reviewer_id) in mine),
            _reviewer_input(member).expertise,
        )
        for member in panel_of(call)
    ]
    solution = solver.solve(
        [_proposal_input(proposal)],
        reviewers,
        per_proposal=len(mine) + 1,
        conflicts=_conflicting_pairs(call, [proposal.pk]),
        existing=mine,
    )
    if not solution.pairs:
        raise Refusal(
            _(
                "Nobody on the panel is free to review %(reference)s: every other member is in "
                "conflict with it, already assigned or at their cap."
            )
            % {"reference": proposal.reference}
        )
    _p, reviewer_id, _match = solution.pairs[0]
    return assign_reviewer(
        proposal,
        reviewer=User.objects.get(pk=reviewer_id),
        by=by,
        method=AssignmentMethod.AUTOMATIC,
    )
