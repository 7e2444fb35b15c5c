"""Reviewer profiles, panels, conflicts and assignments: the services that change them.

Reads shared by the pages (loads, caps, the panel with its numbers) are here too, next to the
rules they apply, so that a page and the service it calls count a reviewer's load the same way.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import CallState
from grants.models import Call
from portal.enums import Role
from portal.models import User
from portal.refusals import Refusal
from proposals.enums import EventKind
from proposals.models import Proposal, ProposalEvent
from proposals.pool import review_pool
from proposals.states import RECEIVED_STATES, log_event

from .. import assignment_solver as solver
from .. import notifications
from ..enums import AssignmentMethod, AssignmentState, ConflictSource, ReviewState
from ..models import Assignment, Conflict, PanelMember, ReviewerProfile

OPEN_STATES = (AssignmentState.AWAITING_DECLARATION, AssignmentState.ACTIVE)
DEFAULT_CAP = ReviewerProfile._meta.get_field("max_per_call").default
ASSIGNABLE_CALL_STATES = (CallState.IN_REVIEW, CallState.CLOSED)


class AssignmentError(Refusal):
    """An assignment, panel or profile change the rules refuse; the message says why."""


# ---------------------------------------------------------------- reviewer profiles


@transaction.atomic
def save_reviewer_profile(*, user: User, fields: dict, expertise) -> ReviewerProfile:
    """Create or update `user`'s reviewer profile.

    Side effects: the profile row and its expertise sectors. Conflicts are not refreshed here:
    officers refresh them per call (refresh_conflicts), which also ends open assignments.
    """
    if not user.has_role(Role.REVIEWER):
        raise AssignmentError(_("Only reviewers have a reviewer profile."))
    allowed = {"organisation_name", "organisation_tax_id", "max_per_call"}
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user, defaults={k: v for k, v in fields.items() if k in allowed}
    )
    profile.expertise.set(expertise)
    return profile


# ---------------------------------------------------------------- caps and loads


def open_assignments(call: Call):
    return Assignment.objects.filter(proposal__call=call, state__in=OPEN_STATES)


def loads(call: Call) -> dict[int, int]:
    """Open assignments per reviewer in `call` (reviewer id → count)."""
    rows = open_assignments(call).values("reviewer").annotate(n=Count("id"))
    return {row["reviewer"]: row["n"] for row in rows}


def cap_of(member: PanelMember) -> int:
    """The member's cap in this call: the panel's override, else their profile's maximum."""
    if member.max_proposals is not None:
        return member.max_proposals
    profile = getattr(member.reviewer, "reviewer_profile", None)
    return profile.max_per_call if profile else DEFAULT_CAP


def panel_of(call: Call) -> list[PanelMember]:
    """The panel, with each member's `cap` and `load` set, ordered by name."""
    members = list(
        PanelMember.objects.filter(call=call)
        .select_related("reviewer__reviewer_profile")
        .prefetch_related("reviewer__reviewer_profile__expertise")
        .order_by("reviewer__full_name", "reviewer__email", "pk")
    )
    counted = loads(call)
    for member in members:
        member.cap = cap_of(member)
        member.load = counted.get(member.reviewer_id, 0)
    return members


def reviewers_not_on_panel(call: Call):
    return (
        User.objects.filter(role_grants__role=Role.REVIEWER, is_active=True)
        .exclude(panels__call=call)
        .order_by("full_name", "email")
        .distinct()
    )


# ---------------------------------------------------------------- panels


@transaction.atomic
def add_panel_member(
    call: Call, *, reviewer: User, by, max_proposals: int | None = None
) -> PanelMember:
    """Put `reviewer` on the call's panel (or change their cap if already on it).

    Side effects: the PanelMember row; for a new member, the panel invitation message.
    """
    if not reviewer.has_role(Role.REVIEWER) or not reviewer.is_active:
        raise AssignmentError(_("Only active reviewers can join a review panel."))
    member, created = PanelMember.objects.get_or_create(
        call=call, reviewer=reviewer, defaults={"added_by": by, "max_proposals": max_proposals}
    )
    if created:
        notifications.panel_invitation(member)
    if not created and member.max_proposals != max_proposals:
        member.max_proposals = max_proposals
        member.save(update_fields=["max_proposals"])
    return member


@transaction.atomic
def remove_panel_member(member: PanelMember, *, by) -> int:
    """Take a reviewer off the panel, ending their open assignments in the call.

    Refused while they have an open assignment with a submitted review: those scores count.
    Side effects: open assignments become REMOVED (logged on each proposal); the row is deleted.
    Returns the number of assignments ended.
    """
    mine = open_assignments(member.call).filter(reviewer=member.reviewer)
    if mine.filter(review__state=ReviewState.SUBMITTED).exists():
        raise AssignmentError(
            _(
                "%(name)s has submitted reviews in this call: they stay on the panel so "
                "that their scores count."
            )
            % {"name": member.reviewer.get_full_name()}
        )
    ended = list(mine.select_related("proposal"))
    for assignment in ended:
        _end(assignment, AssignmentState.REMOVED, by=by, note=_("Reviewer left the panel."))
    member.delete()
    return len(ended)


def _end(assignment: Assignment, state: str, *, by, note: str) -> bool:
    updated = Assignment.objects.filter(pk=assignment.pk, state__in=OPEN_STATES).update(state=state)
    if updated:
        assignment.state = state
        kind = EventKind.CONFLICT if state == AssignmentState.CONFLICT else EventKind.ASSIGNMENT
        log_event(assignment.proposal, kind=kind, by=by, note=f"{assignment.reviewer}: {note}")
    return bool(updated)


# ---------------------------------------------------------------- conflicts


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip().casefold()


def _automatic_reason(profile: ReviewerProfile | None, organisation) -> str:
    if profile is None:
        return ""
    tax_id = (profile.organisation_tax_id or "").strip()
    if tax_id and tax_id == (organisation.tax_id or "").strip():
        return _("Same organisation tax ID (%(tax_id)s).") % {"tax_id": tax_id}
    name = normalise_name(profile.organisation_name)
    if name and name == normalise_name(organisation.name):
        return _("Same organisation name (%(name)s).") % {"name": organisation.name}
    return ""


def find_automatic_conflicts(call: Call) -> list[tuple[int, int, str]]:
    """(proposal id, reviewer id, reason) for each panel member from an applicant's organisation.

    Same organisation: equal tax IDs (both given), or equal names once case and spaces are
    ignored. Covers the call's received proposals, sorted by proposal then reviewer.
    """
    profiles = list(
        ReviewerProfile.objects.filter(user__panels__call=call).exclude(
            organisation_tax_id="", organisation_name=""
        )
    )
    if not profiles:
        return []
    proposals = (
        Proposal.objects.filter(call=call, state__in=RECEIVED_STATES)
        .select_related("organisation")
        .order_by("pk")
    )
    found = []
    for proposal in proposals:
        for profile in sorted(profiles, key=lambda p: p.user_id):
            reason = _automatic_reason(profile, proposal.organisation)
            if reason:
                found.append((proposal.pk, profile.user_id, reason))
    return found


@transaction.atomic
def refresh_conflicts(call: Call, *, by=None) -> tuple[int, int]:
    """Record the call's automatic conflicts and end the open assignments they touch.

    Side effects: Conflict rows (source automatic; one per pair, never duplicated); open
    assignments in conflict (automatic or declared) become CONFLICT, logged on the proposal.
    Returns (conflicts created, assignments ended).
    """
    created = 0
    for proposal_id, reviewer_id, reason in find_automatic_conflicts(call):
        _conflict, made = Conflict.objects.get_or_create(
            proposal_id=proposal_id,
            reviewer_id=reviewer_id,
            defaults={"source": ConflictSource.AUTOMATIC, "reason": reason},
        )
        created += made
    ended = 0
    clashing = open_assignments(call).filter(proposal__conflicts__reviewer=F("reviewer"))
    for assignment in clashing.select_related("proposal", "reviewer").order_by("pk"):
        ended += _end(
            assignment, AssignmentState.CONFLICT, by=by, note=_("Conflict of interest found.")
        )
    return created, ended


def conflict_reason(proposal: Proposal, reviewer: User) -> str:
    """Why `reviewer` may not review `proposal` ("" when they may)."""
    conflict = Conflict.objects.filter(proposal=proposal, reviewer=reviewer).first()
    if conflict:
        return conflict.reason or conflict.get_source_display()
    profile = ReviewerProfile.objects.filter(user=reviewer).first()
    return _automatic_reason(profile, proposal.organisation)


# ---------------------------------------------------------------- assigning by hand


def check_call_assignable(call: Call) -> None:
    if call.state not in ASSIGNABLE_CALL_STATES:
        raise AssignmentError(
            _(
                "Reviewers are assigned once the call is closed or in review; this call is "
                "“%(state)s”."
            )
            % {"state": call.get_state_display()}
        )


@transaction.atomic
def assign_reviewer(
    proposal: Proposal, *, reviewer: User, by, method: str = AssignmentMethod.MANUAL
) -> Assignment:
    """Assign a panel reviewer to an eligible proposal.

    Refused when the reviewer is not on the panel, is in conflict, is at their cap, or is
    already assigned. Side effects: the Assignment (a removed one is reopened), an ASSIGNMENT
    log row on the proposal, the reviewer_assigned notification.
    """
    call = proposal.call
    check_call_assignable(call)
    if not review_pool(call).filter(pk=proposal.pk).exists():
        raise AssignmentError(_("Only eligible proposals are reviewed."))
    member = (
        PanelMember.objects.filter(call=call, reviewer=reviewer)
        .select_related("reviewer__reviewer_profile")
        .first()
    )
    if member is None:
        raise AssignmentError(_("Add the reviewer to the call's panel first."))
    name = reviewer.get_full_name()
    reason = conflict_reason(proposal, reviewer)
    if reason:
        raise AssignmentError(
            _("%(name)s is in conflict with this proposal: %(reason)s")
            % {"name": name, "reason": reason}
        )
    previous = Assignment.objects.filter(proposal=proposal, reviewer=reviewer).first()
    if previous and previous.state in OPEN_STATES:
        raise AssignmentError(_("%(name)s is already assigned.") % {"name": name})
    if previous and previous.state == AssignmentState.CONFLICT:
        raise AssignmentError(
            _("%(name)s ended this assignment for a conflict of interest.") % {"name": name}
        )
    cap = cap_of(member)
    load = open_assignments(call).filter(reviewer=reviewer).count()
    if load >= cap:
        raise AssignmentError(
            _("%(name)s already has %(load)d proposals, their cap in this call.")
            % {"name": name, "load": load}
        )
    now = timezone.now()
    values = {
        "state": AssignmentState.AWAITING_DECLARATION,
        "method": method,
        "assigned_by": by,
        "assigned_at": now,
        "declared_at": None,
    }
    if previous:
        for key, value in values.items():
            setattr(previous, key, value)
        previous.save(update_fields=list(values))
        assignment = previous
    else:
        assignment = Assignment.objects.create(proposal=proposal, reviewer=reviewer, **values)
    log_event(proposal, kind=EventKind.ASSIGNMENT, by=by, note=str(reviewer))
    notifications.reviewer_assigned(assignment)
    return assignment


@transaction.atomic
def unassign_reviewer(assignment: Assignment, *, by) -> Assignment:
    """End an open assignment that has no submitted review.

    Side effects: the assignment becomes REMOVED; an ASSIGNMENT log row says so.
    """
    review = getattr(assignment, "review", None)
    if review is not None and review.state == ReviewState.SUBMITTED:
        raise AssignmentError(_("The review is submitted: the assignment stays."))
    if not _end(assignment, AssignmentState.REMOVED, by=by, note=_("Assignment removed.")):
        raise AssignmentError(_("This assignment has already ended."))
    return assignment


# ---------------------------------------------------------------- automatic assignment


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
    """Ask the solver for the missing assignments of `call` (reads only, writes nothing)."""
    pool = list(
        review_pool(call)
        .select_related("primary_sector", "organisation")
        .prefetch_related("sectors")
    )
    panel = panel_of(call)
    pool_ids = [p.pk for p in pool]
    proposals = [
        solver.ProposalInput(
            p.pk,
            primary_sector=p.primary_sector.code if p.primary_sector else None,
            sectors=frozenset(s.code for s in p.sectors.all()),
        )
        for p in pool
    ]
    reviewers = []
    for member in panel:
        profile = getattr(member.reviewer, "reviewer_profile", None)
        expertise = frozenset(s.code for s in profile.expertise.all()) if profile else frozenset()
        reviewers.append(solver.ReviewerInput(member.reviewer_id, member.cap, expertise))
    conflicts = set(
        Conflict.objects.filter(proposal_id__in=pool_ids).values_list("proposal_id", "reviewer_id")
    )
    conflicts |= {(p, r) for p, r, _reason in find_automatic_conflicts(call)}
    conflicts |= set(
        Assignment.objects.filter(
            proposal_id__in=pool_ids, state=AssignmentState.CONFLICT
        ).values_list("proposal_id", "reviewer_id")
    )
    # Open pairs are kept; removed ones may be planned again; ended ones sit in `conflicts`.
    existing = set(
        open_assignments(call)
        .filter(proposal_id__in=pool_ids)
        .values_list("proposal_id", "reviewer_id")
    )
    solution = solver.solve(
        proposals,
        reviewers,
        per_proposal=call.reviewers_per_proposal,
        conflicts=conflicts,
        existing=existing,
    )
    return Plan(
        call=call,
        solution=solution,
        proposals={p.pk: p for p in pool},
        reviewers={m.reviewer_id: m.reviewer for m in panel},
        caps={m.reviewer_id: m.cap for m in panel},
    )


@transaction.atomic
def apply_assignment_plan(call: Call, plan: Plan, *, by) -> list[Assignment]:
    """Write the plan's new assignments (method automatic).

    Side effects: Assignment rows (bulk; a removed pair is reopened), one ASSIGNMENT log row
    per proposal and reviewer, a reviewer_assigned notification for each.
    Returns the assignments written.
    """
    check_call_assignable(call)
    now = timezone.now()
    pairs = [(p, r) for p, r, _m in plan.solution.pairs]
    if not pairs:
        return []
    reopened = {
        (a.proposal_id, a.reviewer_id): a
        for a in Assignment.objects.filter(
            proposal__call=call, state=AssignmentState.REMOVED
        ).filter(
            Q(proposal_id__in={p for p, _r in pairs}) & Q(reviewer_id__in={r for _p, r in pairs})
        )
    }
    values = {
        "state": AssignmentState.AWAITING_DECLARATION,
        "method": AssignmentMethod.AUTOMATIC,
        "assigned_by": by,
        "assigned_at": now,
        "declared_at": None,
    }
    fresh, written = [], []
    for pair in pairs:
        previous = reopened.get(pair)
        if previous is None:
            fresh.append(Assignment(proposal_id=pair[0], reviewer_id=pair[1], **values))
            continue
        for key, value in values.items():
            setattr(previous, key, value)
        written.append(previous)
    if written:
        Assignment.objects.bulk_update(written, list(values))
    written += Assignment.objects.bulk_create(fresh)
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
