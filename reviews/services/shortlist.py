"""Moving on from one stage of a multi-stage call to the next (grants.stages): the shortlist.

After a stage's review, its officers (or the committee) tick the proposals that go on, with
the stage's ranking and the final stage's budget in view, and give the reason for the
others. `shortlist_stage` is the one service that applies it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.enums import CallState
from grants.models import Call
from grants.services import open_call
from grants.stages import next_stage_of
from portal.refusals import Refusal
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.services.stages import carry_forward
from proposals.states import transition_many

from .. import notifications
from ..models import StageResult
from ..ranking.load import ranked_queryset

S = ProposalState


def shortlist_candidates(call: Call):
    """The proposals a stage's shortlist chooses among: the eligible ones on its ranking."""
    return ranked_queryset(call).filter(state=S.ELIGIBLE)


def is_shortlisted(call: Call) -> bool:
    """Whether the stage's shortlist has been confirmed (its results are stored)."""
    return StageResult.objects.filter(proposal__call=call).exists()


def _check(candidates: list[int], wanted: set[int], reason: str, reasons: dict) -> None:
    """Refuse a shortlist of `wanted` among the stage's `candidates` (their ids)."""
    if wanted - set(candidates):
        raise Refusal(_("Only eligible proposals of this stage can be shortlisted."))
    if not wanted:
        raise Refusal(_("Tick at least one proposal to go on to the next stage."))
    if any(not (reasons.get(pk) or reason) for pk in candidates if pk not in wanted):
        raise Refusal(
            _("Give the reason for those not shortlisted."), field="reason", code="no_reason"
        )


@transaction.atomic
def shortlist_stage(
    call: Call, *, shortlisted: list[int], reason: str, by, reasons: dict[int, str] | None = None
) -> list[StageResult]:
    """Apply the shortlist of stage `call`: the proposals with ids in `shortlisted` go on to
    the next stage, every other eligible proposal of the stage does not, for `reason` (or its
    own one in `reasons`).

    All or nothing. Refused: at the last stage (nothing comes next), before the stage's review
    has begun, without a reason when somebody is left out, with an id that is not among the
    stage's eligible proposals, and once the shortlist is confirmed (confirming the same
    shortlist again changes nothing and returns the stored results).

    Side effects: a StageResult per proposal (advanced, reason, by, at); the next stage
    published if it was still a draft (its timeline must allow it); for each shortlisted
    proposal, its next-stage proposal (`proposals.services.stages.carry_forward`, prefilled)
    and an invitation to every member of its organisation with the next stage's deadline and
    link; the others move to "not selected" (a log row each) and their members are told the
    result with the reviewers' feedback and the reason. Messages go through the outbox.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    after = next_stage_of(call)
    if after is None:
        raise Refusal(
            _("This is the last stage of the call: nothing comes after it."), code="last_stage"
        )
    wanted = set(shortlisted)
    stored = list(StageResult.objects.filter(proposal__call=call).select_related("proposal"))
    if stored:
        if {r.proposal_id for r in stored if r.advanced} == wanted:
            return stored  # a double click, or the same shortlist confirmed twice
        raise Refusal(_("The shortlist of this stage is already confirmed."), code="confirmed")
    if call.state != CallState.IN_REVIEW:
        raise Refusal(_("A stage is shortlisted after its review has begun."))
    reason = (reason or "").strip()
    reasons = {pk: (text or "").strip() for pk, text in (reasons or {}).items()}
    # Refused from the ids alone, before the thousands of proposals of a national call load.
    _check(
        list(shortlist_candidates(call).order_by().values_list("pk", flat=True)),
        wanted,
        reason,
        reasons,
    )
    candidates = list(shortlist_candidates(call).select_related("organisation"))
    _check([p.pk for p in candidates], wanted, reason, reasons)  # as they are loaded
    left_out = [p for p in candidates if p.pk not in wanted]
    if after.state == CallState.DRAFT:
        open_call(after, by=by)
    now = timezone.now()
    results = StageResult.objects.bulk_create(
        StageResult(
            proposal=p,
            advanced=p.pk in wanted,
            reason="" if p.pk in wanted else (reasons.get(p.pk) or reason),
            decided_by=by,
            decided_at=now,
        )
        for p in candidates
    )
    for proposal in candidates:
        if proposal.pk in wanted:
            carried = carry_forward(proposal, after)
            notifications.stage_invitation(proposal, carried)
    if left_out:
        transition_many(
            Proposal.objects.filter(pk__in=[p.pk for p in left_out]),
            S.NOT_SELECTED,
            by=by,
            note=_("Not shortlisted for the next stage"),
        )
        for proposal in left_out:
            proposal.state = S.NOT_SELECTED
            notifications.stage_not_shortlisted(proposal, reasons.get(proposal.pk) or reason)
    return results
