"""Reviewer profiles and a call's panel: who reviews, up to how many proposals, carrying how many.

The reads of the assignment pages (loads, caps, the panel with its numbers) are here too, next
to the rules they apply, so that a page and the service it calls count a reviewer's load the
same way.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from grants.models import Call
from portal.enums import Role
from portal.models import User
from portal.refusals import Refusal

from .. import notifications
from ..enums import AssignmentState, ReviewState
from ..models import Assignment, PanelMember, ReviewerProfile
from ..states import OPEN_ASSIGNMENT_STATES, end_assignment

DEFAULT_CAP = ReviewerProfile._meta.get_field("max_per_call").default


# ---------------------------------------------------------------- reviewer profiles


@transaction.atomic
def save_reviewer_profile(*, user: User, fields: dict, expertise) -> ReviewerProfile:
    """Create or update `user`'s reviewer profile.

    Side effects: the profile row and its expertise sectors. Conflicts are not refreshed here:
    officers refresh them per call (refresh_conflicts), which also ends open assignments.
    """
    if not user.has_role(Role.REVIEWER):
        raise Refusal(_("Only reviewers have a reviewer profile."))
    allowed = {"organisation_name", "organisation_tax_id", "max_per_call", "expertise_text"}
    profile, _created = ReviewerProfile.objects.update_or_create(
        user=user, defaults={k: v for k, v in fields.items() if k in allowed}
    )
    profile.expertise.set(expertise)
    return profile


# ---------------------------------------------------------------- caps and loads


def open_assignments(call: Call):
    return Assignment.objects.filter(proposal__call=call, state__in=OPEN_ASSIGNMENT_STATES)


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
        raise Refusal(_("Only active reviewers can join a review panel."), field="reviewer")
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
        raise Refusal(
            _(
                "%(name)s has submitted reviews in this call: they stay on the panel so "
                "that their scores count."
            )
            % {"name": member.reviewer.get_full_name()}
        )
    # Locked, so that each move below finds the state read here.
    ended = list(mine.select_related("proposal").select_for_update(of=("self",)))
    for assignment in ended:
        end_assignment(
            assignment, AssignmentState.REMOVED, by=by, note=_("Reviewer left the panel.")
        )
    member.delete()
    return len(ended)
