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
from ..enums import MemberRole
from ..models import (
    Answer,
    Attachment,
    BudgetLine,
    Organisation,
    OrganisationMembership,
    Outcome,
    Proposal,
    TeamMember,
)
from ..queries import organisation_of, role_in
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
    """Create the user's organisation (making them its owner) or update the one they have.

    Refuses (Refusal) changing an organisation's details to anybody but its owners.
    """
    organisation = organisation_of(user)
    values = {name: fields[name] for name in ORGANISATION_FIELDS if name in fields}
    if organisation is None:
        organisation = Organisation.objects.create(**values)
        OrganisationMembership.objects.create(
            organisation=organisation, user=user, role=MemberRole.OWNER, added_by=user
        )
        return organisation
    if role_in(user, organisation) != MemberRole.OWNER:
        raise Refusal(_("Only an owner of the organisation changes its details."))
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


@transaction.atomic
def start_proposal(call: Call, *, by, title: str = "", now: datetime | None = None) -> Proposal:
    """Start a draft on `call` for `by`'s organisation, or return the one it already has.

    Refuses (Refusal) without an organisation, to a viewer of it, on a later stage of a call
    (only those carried forward from the stage before are there: `carry_forward`), when the
    call does not accept new proposals at `now` (deadlines.moment() by default: the request's
    arrival), or when it does not accept the organisation's type. The draft is created (and
    last saved, by `by`) at `now`.
    """
    now = moment(now)
    organisation = organisation_of(by)
    if organisation is None:
        raise Refusal(_("Tell us about your organisation before starting a proposal."))
    if role_in(by, organisation) == MemberRole.VIEWER:
        raise Refusal(
            _("You can read your organisation's proposals; an owner or editor starts them.")
        )
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
        last_saved_by=by,
    )


@transaction.atomic
def save_draft(proposal: Proposal, *, by, expected_version: int, content: DraftContent) -> Proposal:
    """Write `content` to `proposal` if nobody saved it since `expected_version`.

    Side effects: the version goes up by one, updated_at is now and last_saved_by is `by`;
    sectors, budget lines,
    team, outcomes and answers given in `content` replace the stored ones. Refuses, writing
    nothing, when the version moved on (a colleague or another tab saved it: code "stale",
    with the `saved_at` and `version` now stored) and when the proposal can no longer be
    edited (code "not_editable").
    """
    now = timezone.now()
    fields = {k: v for k, v in content.fields.items() if k in DRAFT_FIELDS}
    updated = Proposal.objects.filter(
        pk=proposal.pk, version=expected_version, state__in=EDITABLE_STATES
    ).update(version=F("version") + 1, updated_at=now, last_saved_by=by, **fields)
    if not updated:
        raise _why_not_saved(proposal, by)
    written = _replace_related(proposal, content)
    _refresh_keeping(proposal, "call", "organisation", "province", "primary_sector")
    # What was just written is what the search index and the missing-list would read back.
    _keep_written(proposal, written)
    proposal.last_saved_by = by  # the person, not a query, for the page that answers
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


def _why_not_saved(proposal: Proposal, by) -> Refusal:
    current = Proposal.objects.select_related("last_saved_by").get(pk=proposal.pk)
    if current.state not in EDITABLE_STATES:
        return Refusal(_("This proposal can no longer be edited."), code="not_editable")
    time = f"{timezone.localtime(current.updated_at):%H:%M}"
    colleague = current.last_saved_by
    if colleague is not None and colleague.pk != getattr(by, "pk", None):
        message = _(
            "%(name)s saved this draft at %(time)s. Your changes below have not been "
            "saved: copy them, then reload the page."
        ) % {"name": colleague.full_name or colleague.email, "time": time}
    else:
        message = _(
            "This draft was changed in another tab or by a colleague at %(time)s. Your "
            "changes below have not been saved: copy them, then reload the page."
        ) % {"time": time}
    return Refusal(
        message,
        code="stale",
        saved_at=current.updated_at,
        version=current.version,
        saved_by=colleague,
    )


def _keep_written(proposal: Proposal, written: dict[str, list]) -> None:
    """Give `proposal` the related rows just written as if prefetched, in their stored order
    (sectors as their model orders them, rows by position): nothing reads them back."""
    for name, objects in written.items():
        manager = getattr(proposal, name)
        related = manager.all()
        if name == "sectors":
            objects = sorted(objects, key=lambda sector: (sector.position, sector.code))
        related._result_cache = list(objects)
        related._prefetch_done = True
        # Where the managers look for prefetched rows (many-to-many, reverse foreign key).
        cache_name = getattr(manager, "prefetch_cache_name", None)
        proposal._prefetched_objects_cache[cache_name or manager.field.remote_field.cache_name] = (
            related
        )


def _replace_related(proposal: Proposal, content: DraftContent) -> dict[str, list]:
    """Sectors, rows and answers given in `content` replace the stored ones. Returns the
    sectors and rows written, by relation name."""
    written: dict[str, list] = {}
    if content.sectors is not None:
        proposal.sectors.set(content.sectors)
        written["sectors"] = list(content.sectors)
    if content.budget_lines is not None:
        proposal.budget_lines.all().delete()
        written["budget_lines"] = BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, position=i, item=row["item"], amount=row["amount"])
            for i, row in enumerate(content.budget_lines)
        )
    if content.team is not None:
        proposal.team.all().delete()
        written["team"] = TeamMember.objects.bulk_create(
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
        written["outcomes"] = Outcome.objects.bulk_create(
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
    return written
