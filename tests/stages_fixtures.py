"""A multi-stage call for the tests of grants.stages, proposals.stages and reviews' shortlist:
the concept stage in review with scored proposals, the later stages set up by set_up_stages."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.enums import CallState, QuestionKind
from grants.models import Call, Question
from grants.stage_services import set_up_stages
from reviews.enums import AssignmentState
from tests.factories import (
    AssignmentFactory,
    CallInReviewFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    ReviewFactory,
    Role,
    fill_proposal,
    user_with,
)
from tests.factories.reviews import full_points


def staged_call(*, officer, template="concept_full", proposals=3, question=True):
    """A call with the stages of `template` whose first stage is in review, its later stages
    open now (published), and `proposals` eligible concept notes with a review each (the
    first scored highest). Returns (stages, proposals)."""
    first = CallInReviewFactory(officers=[officer], created_by=officer, code="STAGED")
    if question:
        Question.objects.create(
            call=first, position=1, kind=QuestionKind.LONG_TEXT, text_th="ทำไมต้องเป็นชุมชนนี้"
        )
    stages = set_up_stages(first, template=template)
    now = timezone.now()
    for stage in stages[1:]:
        Call.objects.filter(pk=stage.pk).update(
            state=CallState.PUBLISHED,
            opens_at=now - timedelta(hours=1),
            deadline=now + timedelta(days=14),
            review_ends_at=now + timedelta(days=30),
            results_at=now + timedelta(days=40),
        )
        stage.refresh_from_db()
    made = []
    for index in range(proposals):
        member = user_with(Role.APPLICANT, email=f"stage{index}@example.org")
        proposal = EligibleProposalFactory(
            call=first, organisation=OrganisationFactory(members=[member])
        )
        fill_proposal(proposal)
        if question:
            proposal.answers.create(
                question=first.questions.get(),
                question_snapshot=first.questions.get().snapshot(),
                value=f"คำตอบ {index}",
            )
        share = Decimal("0.9") - Decimal("0.2") * index
        ReviewFactory(
            assignment=AssignmentFactory(proposal=proposal, state=AssignmentState.ACTIVE),
            points=full_points(first, share=share),
            feedback=f"ข้อเสนอแนะ {index}",
        )
        made.append(proposal)
    return stages, made
