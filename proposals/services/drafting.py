"""The applicant's side before submission: the organisation, starting and saving drafts."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import Call, Question
from grants.phases import accepts_new_drafts
from grants.stages import is_later_stage
from portal.refusals import Refusal

from ..deadlines import moment
from ..models import Answer, Attachment, BudgetLine, Organisation, Outcome, Proposal, TeamMember
from ..queries import organisation_of
from ..search import index_proposal
from ..states import EDITABLE_STATES

# The proposal's own fields that a draft save may write.
DRAFT_FIELDS = frozenset(
    {
        "title",
        "summary",
        "problem",
        "innovation",
        "target_group",
        "province",
        "district",
        "primary_sector",
        "requested_amount",
        "duration_months",
    }
)
ORGANISATION_FIELDS = ("name", "type", "province", "address", "phone", "tax_id")


@dataclass
class DraftContent:
    """What one save of the proposal form writes. None leaves that part as it is."""

    fields: dict = field(default_factory=dict)
    sectors: list | None = None
    budget_lines: list[dict] | None = None
    team: list[dict] | None = None
    outcomes: list[dict] | None = None
    # {Question: (value, Attachment or None)}
    answers: dict[Question, tuple[object, Attachment | None]] | None = None


@transaction.atomic
def save_organisation(*, user, fields: dict) -> Organisation:
    """Create the user's organisation (making them its member) or update the one they have."""
    organisation = organisation_of(user)
    values = {name: fields[name] for name in ORGANISATION_FIELDS if name in fields}
    if organisation is None:
        organisation = Organisation.objects.create(**values)
        organisation.members.add(user)
        return organisation
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


@transaction.atomic
def start_proposal(call: Call, *, by, title: str = "", now: datetime | None = None) -> Proposal:
    """Start a draft on `call` for `by`'s organisation, or return the one it already has.

    Refuses (Refusal) without an organisation, on a later stage of a call (only those carried
    forward from the stage before are there: `carry_forward`), when the call does not accept new
    proposals at `now` (deadlines.moment() by default: the request's arrival), or when it does
    not accept the organisation's type. The draft is created (and last saved) at `now`.
    """
    now = moment(now)
    organisation = organisation_of(by)
    if organisation is None:
        raise Refusal(_("Tell us about your organisation before starting a proposal."))
    # Lock the organisation so that two clicks cannot start two proposals on the same call.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    existing = Proposal.objects.filter(call=call, organisation=organisation).first()
    if existing is not None:
        return existing
    if is_later_stage(call):
        raise Refusal(
            _(
                "This stage of the call is open only to proposals shortlisted at the stage "
                "before; new proposals start at the first stage."
            ),
            code="later_stage",
        )
    if not accepts_new_drafts(call, now):
        raise Refusal(_("This call does not accept new proposals."))
    if not call.accepts_applicant_type(organisation.type):
        raise Refusal(
            _("This call does not accept proposals from a “%(type)s”; it is open to: %(types)s.")
            % {
                "type": organisation.get_type_display(),
                "types": ", ".join(str(label) for label in call.applicant_type_labels),
            }
        )
    return Proposal.objects.create(
        call=call,
        organisation=organisation,
        created_by=by,
        title=title or _("Untitled proposal"),
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def save_draft(proposal: Proposal, *, by, expected_version: int, content: DraftContent) -> Proposal:
    """Write `content` to `proposal` if nobody saved it since `expected_version`.

    Side effects: the version goes up by one and updated_at is now; sectors, budget lines,
    team, outcomes and answers given in `content` replace the stored ones. Refuses, writing
    nothing, when the version moved on (a colleague or another tab saved it: code "stale",
    with the `saved_at` and `version` now stored) and when the proposal can no longer be
    edited (code "not_editable").
    """
    now = timezone.now()
    fields = {k: v for k, v in content.fields.items() if k in DRAFT_FIELDS}
    updated = Proposal.objects.filter(
        pk=proposal.pk, version=expected_version, state__in=EDITABLE_STATES
    ).update(version=F("version") + 1, updated_at=now, **fields)
    if not updated:
        raise _why_not_saved(proposal)
    _replace_related(proposal, content)
    _refresh_keeping(proposal, "call", "organisation", "province", "primary_sector")
    # Read once for the search index and for whoever checks the saved draft next.
    prefetch_related_objects([proposal], "answers")
    index_proposal(proposal)
    return proposal


def _refresh_keeping(proposal: Proposal, *relations: str) -> None:
    """Read `proposal` again, keeping the loaded objects of `relations` whose key did not
    change (a draft's call and organisation never do): the autosave's answer reads them."""
    kept = {
        name: getattr(proposal, name)
        for name in relations
        if Proposal._meta.get_field(name).is_cached(proposal)
    }
    proposal.refresh_from_db()
    for name, obj in kept.items():
        if getattr(proposal, f"{name}_id") == (obj.pk if obj is not None else None):
            setattr(proposal, name, obj)


def _why_not_saved(proposal: Proposal) -> Refusal:
    current = Proposal.objects.get(pk=proposal.pk)
    if current.state not in EDITABLE_STATES:
        return Refusal(_("This proposal can no longer be edited."), code="not_editable")
    return Refusal(
        _(
            "This draft was changed in another tab or by a colleague at %(time)s. Your "
            "changes below have not been saved: copy them, then reload the page."
        )
        % {"time": f"{timezone.localtime(current.updated_at):%H:%M}"},
        code="stale",
        saved_at=current.updated_at,
        version=current.version,
    )


def _replace_related(proposal: Proposal, content: DraftContent) -> None:
    """Sectors, rows and answers given in `content` replace the stored ones."""
    if content.sectors is not None:
        proposal.sectors.set(content.sectors)
    if content.budget_lines is not None:
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, position=i, item=row["item"], amount=row["amount"])
            for i, row in enumerate(content.budget_lines)
        )
    if content.team is not None:
        proposal.team.all().delete()
        TeamMember.objects.bulk_create(
            TeamMember(
                proposal=proposal,
                position=i,
                name=row["name"],
                role=row["role"],
                organisation=row.get("organisation", ""),
            )
            for i, row in enumerate(content.team)
        )
    if content.outcomes is not None:
        proposal.outcomes.all().delete()
        Outcome.objects.bulk_create(
            Outcome(
                proposal=proposal,
                position=i,
                outcome=row["outcome"],
                indicator=row["indicator"],
                target=row.get("target", ""),
            )
            for i, row in enumerate(content.outcomes)
        )
    for question, (value, attachment) in (content.answers or {}).items():
        Answer.objects.update_or_create(
            proposal=proposal,
            question=question,
            defaults={
                "question_snapshot": question.snapshot(),
                "value": value,
                "attachment": attachment,
            },
        )
