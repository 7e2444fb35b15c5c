"""Conflicts of interest: found automatically (same organisation as the applicant), and what
they do to the open assignments. A reviewer's own declaration is in `scoring`."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from grants.models import Call
from portal.models import User
from proposals.models import Proposal
from proposals.states import RECEIVED_STATES

from ..enums import AssignmentState, ConflictSource
from ..models import Conflict, ReviewerProfile
from ..states import end_assignment
from .panels import open_assignments


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
    clashing = (
        open_assignments(call)
        .filter(proposal__conflicts__reviewer=F("reviewer"))
        .select_related("proposal", "reviewer")
        # Locked, so that each move below finds the state read here.
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for assignment in clashing:
        ended += end_assignment(
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
