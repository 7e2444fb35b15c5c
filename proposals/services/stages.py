"""A proposal carried forward to the next stage of its call (grants.stages).

`carry_forward` is the one way a proposal reaches a later stage: reviews' shortlisting calls
it for each shortlisted proposal. Nobody starts a proposal on a later stage
(`drafting.start_proposal` refuses).
"""

from django.db import transaction
from django.utils import timezone

from grants.enums import QuestionKind
from grants.models import Call
from grants.stages import is_pitch

from ..enums import ProposalState
from ..models import Answer, BudgetLine, Outcome, Proposal, TeamMember
from ..search import index_proposal
from .submission import _next_sequence

S = ProposalState

# What the applicant wrote that the next stage's form starts from.
CARRIED_FIELDS = (
    "title",
    "summary",
    "problem",
    "innovation",
    "target_group",
    "province_id",
    "district",
    "primary_sector_id",
    "requested_amount",
    "duration_months",
)


@transaction.atomic
def carry_forward(proposal: Proposal, next_stage: Call) -> Proposal:
    """The same project's proposal at `next_stage`, prefilled from `proposal`; the one already
    made when it exists (so shortlisting twice makes one).

    Side effects: a Proposal on `next_stage` for the same organisation with `previous_stage`
    = `proposal`: the project's fields, sectors, budget lines, team and outcomes copied, and
    the answers to the next stage's questions that have the same Thai text as one answered
    at this stage or an earlier one (a pitch asks nothing, the full proposal asks again what
    the concept note asked); file answers are not copied (the file is the earlier
    proposal's). A
    draft the applicant edits and submits by the next stage's deadline, except at a PITCH
    stage: there is no form to fill, so the proposal is created already submitted (with its
    reference number) and the pitch's own pages (slots, booking) take it from there.
    """
    existing = Proposal.objects.filter(previous_stage=proposal).first()
    if existing is not None:
        return existing
    now = timezone.now()
    fields = {name: getattr(proposal, name) for name in CARRIED_FIELDS}
    pitch = is_pitch(next_stage)
    if pitch:
        sequence = _next_sequence(next_stage)
        fields |= {
            "state": S.SUBMITTED,
            "submitted_at": now,
            "sequence": sequence,
            "reference": f"{next_stage.code}-{sequence:04d}",
        }
    carried = Proposal.objects.create(
        call=next_stage,
        organisation_id=proposal.organisation_id,
        created_by_id=proposal.created_by_id,
        previous_stage=proposal,
        created_at=now,
        updated_at=now,
        **fields,
    )
    carried.sectors.set(proposal.sectors.all())
    BudgetLine.objects.bulk_create(
        BudgetLine(proposal=carried, position=row.position, item=row.item, amount=row.amount)
        for row in proposal.budget_lines.all()
    )
    TeamMember.objects.bulk_create(
        TeamMember(
            proposal=carried,
            position=row.position,
            name=row.name,
            role=row.role,
            organisation=row.organisation,
        )
        for row in proposal.team.all()
    )
    Outcome.objects.bulk_create(
        Outcome(
            proposal=carried,
            position=row.position,
            outcome=row.outcome,
            indicator=row.indicator,
            target=row.target,
        )
        for row in proposal.outcomes.all()
    )
    given = _answers_so_far(proposal)
    Answer.objects.bulk_create(
        Answer(
            proposal=carried,
            question=question,
            question_snapshot=question.snapshot(),
            value=given[question.text_th],
        )
        for question in next_stage.questions.all()
        if question.kind != QuestionKind.FILE and question.text_th in given
    )
    index_proposal(carried)
    return carried


def _answers_so_far(proposal: Proposal) -> dict[str, object]:
    """The project's answers by the Thai text of their question, from the first stage to
    `proposal`'s (a later answer to the same question wins)."""
    chain = []
    current = proposal
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.previous_stage
    given = {}
    for earlier in reversed(chain):
        for answer in earlier.answers.all():
            if answer.question_snapshot.get("kind") != QuestionKind.FILE:
                given[answer.question_snapshot.get("text_th")] = answer.value
    return given
