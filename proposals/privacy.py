"""What the proposals app holds about a person (portal.privacy): their organisations, the
proposals they created or share through an organisation, and the files they uploaded.

Erasure deletes drafts nobody else shares and organisations left with no member and no
proposal; a proposal that was sent stays (under review until the results, then as the
record of how public funds were granted), showing the erased account's name.
"""

from django.conf import settings
from django.db.models import Case, Q, When
from django.utils.translation import gettext_lazy as _

from portal.privacy import Kept, file_name, register_section, row

from .enums import MemberRole, ProposalState
from .models import Attachment, OrganisationMembership, Proposal

# Proposals still being decided on: kept until the call's results are published.
UNDER_REVIEW = {
    ProposalState.SUBMITTED,
    ProposalState.NEEDS_INFO,
    ProposalState.ELIGIBLE,
}
# Proposals a published decision was made on: the record of how public funds were granted.
DECIDED = {
    ProposalState.INELIGIBLE,
    ProposalState.AWARDED,
    ProposalState.RESERVE,
    ProposalState.NOT_SELECTED,
}
ERASABLE = {ProposalState.DRAFT, ProposalState.WITHDRAWN}


def proposals_of_person(user):
    """Proposals `user` created or belongs to through an organisation."""
    return (
        Proposal.objects.filter(Q(created_by=user) | Q(organisation__members=user))
        .distinct()
        .select_related("call", "organisation")
        .order_by("pk")
    )


def _proposal(proposal: Proposal) -> dict:
    return row(
        proposal,
        exclude=("version", "deadline_seen", "duplicates_checked_at"),
        budget=[row(line) for line in proposal.budget_lines.all()],
        team=[row(member) for member in proposal.team.all()],
        outcomes=[row(outcome) for outcome in proposal.outcomes.all()],
        answers=[row(answer) for answer in proposal.answers.all()],
        attachments=[
            row(attachment, exclude=("file",)) for attachment in proposal.attachments.all()
        ],
        sectors=list(proposal.sectors.values_list("code", flat=True)),
    )


def _export(user) -> dict:
    return {
        "organisations": [row(org) for org in user.organisations.order_by("pk")],
        "proposals": [_proposal(proposal) for proposal in proposals_of_person(user)],
    }


def _files(user):
    for attachment in Attachment.objects.filter(uploaded_by=user).order_by("pk"):
        yield file_name("attachments", attachment.pk, attachment.original_name), attachment.file


def _is_shared(proposal: Proposal, user) -> bool:
    return proposal.organisation.members.exclude(pk=user.pk).exists()


def _erase(user) -> None:
    for proposal in proposals_of_person(user).filter(state__in=ERASABLE):
        if _is_shared(proposal, user):
            continue  # the organisation's other members keep working on it
        for attachment in proposal.attachments.all():
            attachment.file.delete(save=False)
        proposal.delete()
    organisations = list(user.organisations.all())
    _hand_over_ownership(user, organisations)
    user.organisations.clear()
    for organisation in organisations:
        if not organisation.members.exists() and not organisation.proposals.exists():
            organisation.delete()


def _hand_over_ownership(user, organisations) -> None:
    """An organisation whose only owner is erased keeps an owner: the member who joined
    first (an editor before a viewer) becomes one, so the team is never left unmanaged."""
    for organisation in organisations:
        memberships = OrganisationMembership.objects.filter(organisation=organisation)
        if memberships.filter(role=MemberRole.OWNER).exclude(user=user).exists():
            continue
        heir = (
            memberships.exclude(user=user)
            .order_by(Case(When(role=MemberRole.EDITOR, then=0), default=1), "added_at", "pk")
            .first()
        )
        if heir is not None:
            memberships.filter(pk=heir.pk).update(role=MemberRole.OWNER)


def _kept(user) -> list[Kept]:
    kept = []
    years = settings.GRANT_RECORD_RETENTION_YEARS
    for proposal in proposals_of_person(user):
        label = _("Proposal %(reference)s “%(title)s”") % {
            "reference": proposal.reference or proposal.pk,
            "title": proposal.title,
        }
        if proposal.state in UNDER_REVIEW:
            reason = _(
                "It is under review: kept until the call's results are published, then as the "
                "record of the decision."
            )
        elif proposal.state in DECIDED:
            reason = _(
                "A published decision was made on it: kept for %(years)s years after the "
                "results as the record of how public funds were granted."
            ) % {"years": years}
        elif _is_shared(proposal, user):
            reason = _("It belongs to your organisation, whose other members keep working on it.")
        else:
            continue  # a draft of their own: erased
        kept.append(Kept(what=label, reason=reason))
    return kept


def register() -> None:
    register_section(
        "proposals",
        export=_export,
        order=20,
        files=_files,
        erase=_erase,
        kept=_kept,
        erases=(
            _("your draft and withdrawn proposals that nobody else shares, with their files"),
            _("your membership of organisations, and an organisation left with nothing"),
        ),
    )
