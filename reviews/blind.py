"""Blind review: the one place that decides what a viewer may not learn about the applicant.

In a call with `blind_review` on, the reviewers read a proposal without knowing who sent it:
the organisation (name, tax ID, address, phone), its members, the organisations and names of
the team (their roles stay: they say what the team can do), and the original names of the
attached files (a file called "budget-foundation-xyz.pdf" gives the game away).

The committee decides blind too: it reads the proposals and their reviews as the reviewers
read the proposals, without the applicant's identity, and it reads the reviews without the
reviewers' names ("Reviewer 1", "Reviewer 2", in the order they were assigned), so that a
decision rests on what was written and not on who wrote it. The public announcement names the
selected organisations once the results are out. The people who run the call (its officers and
the administrators: they screened the proposals and chose the reviewers) and the applicant's
own members still see everything.

Pages, panels and notifications call the functions below instead of reading those fields, so
what is hidden is decided here once:

    visible_organisation(proposal, viewer)   the organisation's name, or None
    applicant_label(proposal, viewer)        the organisation's name, or a neutral label
    visible_team(proposal, viewer)           team rows with names and organisations hidden
    attachment_label(attachment, n, viewer)  the file name, or "Attachment n (PDF)"
    answer_text(answer, text, viewer)        an answer's text, without a file's name
    reviewer_label(reviewer, n, call, viewer) the reviewer's name, or "Reviewer n"
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from grants.rules import is_call_officer
from portal.rules import is_administrator, is_applicant, is_officer
from proposals.filetypes import EXTENSIONS

# The fields of the applicant's organisation that a blind reviewer never sees.
HIDDEN_ORGANISATION_FIELDS = ("name", "tax_id", "address", "phone", "members")


def _sees_everything(call, viewer) -> bool:
    """Runs the call (one of its officers) or administers the portal.

    Reviewers and committee members hold neither role, so for them this costs no query
    (roles are cached on the user): their pages stay at a flat number of queries.
    """
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if is_administrator(viewer):
        return True
    if not is_officer(viewer):
        return False
    cache = viewer.__dict__.setdefault("_blind_officer_cache", {})
    if call.pk not in cache:
        cache[call.pk] = bool(is_call_officer(viewer, call))
    return cache[call.pk]


def hides_identity(call, viewer) -> bool:
    """Whether `viewer` must not learn who applied to `call`, nor who reviewed (blind review)."""
    return bool(call.blind_review) and not _sees_everything(call, viewer)


def _is_member(proposal, viewer) -> bool:
    # Only applicants belong to organisations: for anyone else, no query.
    return bool(
        is_applicant(viewer) and proposal.organisation.members.filter(pk=viewer.pk).exists()
    )


def hides_applicant(proposal, viewer) -> bool:
    """`hides_identity` for one proposal; the applicant's own members always see their own."""
    if not hides_identity(proposal.call, viewer):
        return False
    return not _is_member(proposal, viewer)


def visible_organisation(proposal, viewer):
    """The applicant's organisation, or None when blind review hides it from `viewer`."""
    return None if hides_applicant(proposal, viewer) else proposal.organisation


def applicant_label(proposal, for_user) -> str:
    """Who applied, as `for_user` may read it: the organisation's name or a neutral label.

    For notifications and lists: "มูลนิธิเพื่อนชุมชน", or "Applicant of CALL0001-0003" in blind
    review (the reference says which proposal without saying whose).
    """
    if not hides_applicant(proposal, for_user):
        return proposal.organisation.name
    if proposal.reference:
        return _("Applicant of %(reference)s") % {"reference": proposal.reference}
    return _("Applicant (hidden: blind review)")


@dataclass(frozen=True)
class TeamRow:
    name: str
    role: str
    organisation: str


def visible_team(proposal, viewer, team=None) -> list[TeamRow]:
    """The team as `viewer` may read it: in blind review, "Team member 1", its role, no org."""
    members = list(team if team is not None else proposal.team.all())
    if not hides_applicant(proposal, viewer):
        return [TeamRow(m.name, m.role, m.organisation) for m in members]
    return [
        TeamRow(_("Team member %(number)d") % {"number": n}, m.role, "")
        for n, m in enumerate(members, start=1)
    ]


def _extension(attachment) -> str:
    """'.pdf' for a PDF: from the type read from the content, never from the original name."""
    return EXTENSIONS.get(attachment.content_type, ("",))[0]


def neutral_attachment_name(attachment, number: int) -> str:
    """'Attachment 1 (PDF)': a name that says what the file is, not who made it."""
    return _("Attachment %(number)d (%(kind)s)") % {
        "number": number,
        "kind": _extension(attachment).lstrip(".").upper() or _("file"),
    }


def neutral_download_name(attachment, number: int) -> str:
    """The file name sent with a blind download: 'attachment-1.pdf'."""
    return f"attachment-{number}{_extension(attachment)}"


def attachment_label(attachment, number: int, viewer, proposal=None) -> str:
    proposal = proposal or attachment.proposal
    if hides_applicant(proposal, viewer):
        return neutral_attachment_name(attachment, number)
    return attachment.original_name


def answer_text(answer, text: str, viewer, proposal, numbers: dict[int, int]) -> str:
    """An answer's text; a file question's answer is the file's (neutral) name."""
    if answer.attachment_id and hides_applicant(proposal, viewer):
        number = numbers.get(answer.attachment_id)
        if number is None:
            return _("Attached file")
        return neutral_attachment_name(answer.attachment, number)
    return text


def reviewer_label(reviewer, number: int, call, viewer) -> str:
    """Who wrote a review, as `viewer` may read it: the reviewer's name, or "Reviewer 2" in a
    blind call for those who do not run it (the committee). `number` counts from 1 in the
    order the reviewers were assigned, so a reviewer keeps their number on every visit."""
    if hides_identity(call, viewer):
        return _("Reviewer %(number)d") % {"number": number}
    return reviewer.get_full_name() or reviewer.email
