"""What the reviews app holds about a person (portal.privacy): a reviewer's profile, panels,
assignments, reviews and scores, declared conflicts, committee seats and votes, and the
appeals they lodged (with their files).

Erasure removes the reviewer's profile (expertise, organisation); the reviews, scores,
conflicts, votes and appeals stay, under the erased account's name, as the record of how a
decision was reached.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.privacy import Kept, file_name, register_section, row

from .enums import ReviewState
from .models import (
    Appeal,
    Assignment,
    Conflict,
    ItemConflict,
    MeetingMember,
    PanelMember,
    ReviewerProfile,
    Vote,
)


def _assignment(assignment: Assignment) -> dict:
    data = row(assignment, proposal_reference=assignment.proposal.reference)
    review = getattr(assignment, "review", None)
    if review is not None:
        data["review"] = row(review, scores=[row(score) for score in review.scores.all()])
    return data


def _export(user) -> dict:
    profile = ReviewerProfile.objects.filter(user=user).first()
    seats = MeetingMember.objects.filter(user=user)
    return {
        "reviewer_profile": (
            row(profile, expertise=list(profile.expertise.values_list("code", flat=True)))
            if profile
            else None
        ),
        "panels": [row(member) for member in PanelMember.objects.filter(reviewer=user)],
        "assignments": [
            _assignment(a)
            for a in Assignment.objects.filter(reviewer=user)
            .select_related("proposal", "review")
            .order_by("pk")
        ],
        "conflicts": [row(conflict) for conflict in Conflict.objects.filter(reviewer=user)],
        "meeting_seats": [row(seat) for seat in seats],
        "meeting_conflicts": [row(c) for c in ItemConflict.objects.filter(member__in=seats)],
        "votes": [row(vote) for vote in Vote.objects.filter(member__in=seats)],
        "appeals": [
            row(appeal, exclude=("file",)) for appeal in Appeal.objects.filter(lodged_by=user)
        ],
    }


def _files(user):
    for appeal in Appeal.objects.filter(lodged_by=user).order_by("pk"):
        yield file_name("appeals", appeal.pk, appeal.original_name), appeal.file


def _erase(user) -> None:
    ReviewerProfile.objects.filter(user=user).delete()


def _kept(user) -> list[Kept]:
    kept = []
    years = settings.GRANT_RECORD_RETENTION_YEARS
    reviews = Assignment.objects.filter(reviewer=user, review__state=ReviewState.SUBMITTED).count()
    if reviews:
        kept.append(
            Kept(
                what=ngettext(
                    "%(count)s review with its scores",
                    "%(count)s reviews with their scores",
                    reviews,
                )
                % {"count": reviews},
                reason=_(
                    "Reviews feed the committee's decision: kept for %(years)s years after the "
                    "results as the record of how it was reached."
                )
                % {"years": years},
            )
        )
    conflicts = Conflict.objects.filter(reviewer=user).count()
    if conflicts:
        kept.append(
            Kept(
                what=ngettext(
                    "%(count)s declared conflict of interest",
                    "%(count)s declared conflicts of interest",
                    conflicts,
                )
                % {"count": conflicts},
                reason=_("They show that the review was impartial; kept with the reviews."),
            )
        )
    if Vote.objects.filter(member__user=user).exists():
        kept.append(
            Kept(
                what=_("Your committee votes"),
                reason=_("They are part of the minutes of the committee's decisions."),
            )
        )
    appeals = Appeal.objects.filter(lodged_by=user).count()
    if appeals:
        kept.append(
            Kept(
                what=ngettext("%(count)s appeal", "%(count)s appeals", appeals)
                % {"count": appeals},
                reason=_("Appeals are part of the record of a published decision."),
            )
        )
    return kept


def _erases(user) -> tuple:
    if ReviewerProfile.objects.filter(user=user).exists():
        return (_("your reviewer profile: expertise and organisation"),)
    return ()


def register() -> None:
    register_section(
        "reviews",
        export=_export,
        order=30,
        files=_files,
        erase=_erase,
        kept=_kept,
        erases=_erases,
    )
