"""Setting up a multi-stage call (grants.stages): the later stages of a new call.

A later stage is a Call row of its own, so its officers edit it through the call's own pages
(timeline, questions, rubric, panel); here it is only created, from the first stage's
settings, with a timeline that follows the stage before.
"""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from portal.refusals import Refusal

from .enums import CallState, QuestionKind, StageKind
from .models import Call, Criterion, Question
from .stages import DEFAULT_QUESTIONS, STAGE_TEMPLATES

# A later stage's timeline, counted from the results of the stage before.
STAGE_SUBMISSION_DAYS = {StageKind.PITCH: 14}
DEFAULT_SUBMISSION_DAYS = 30
REVIEW_DAYS = 21
RESULTS_DAYS = 7

# The first stage's fields a later stage starts with.
COPIED_FIELDS = (
    "title_th",
    "title_en",
    "description_th",
    "description_en",
    "programme_id",
    "applicant_types",
    "grace_minutes",
    "appeal_days",
    "budget_total",
    "max_per_proposal",
    "reviewers_per_proposal",
    "blind_review",
    "min_total_score",
    "created_by_id",
)


def _free(field: str, base: str, max_length: int) -> str:
    candidate, number = base[:max_length], 1
    while Call.objects.filter(**{field: candidate}).exists():
        number += 1
        suffix = str(number)
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


@transaction.atomic
def set_up_stages(call: Call, *, template: str) -> list[Call]:
    """Give the new call `call` the stages of `template` (a key of STAGE_TEMPLATES).

    Side effects: `call` becomes the first stage (its kind); each later stage is a draft Call
    with the first stage's settings, officers, sectors and rubric, its own address and
    reference prefix, a timeline after the stage before, and the first stage's questions
    (plus the kind's default ones; a pitch asks none). A one-stage template changes nothing.
    Refused for a call that already has stages.
    """
    kinds = STAGE_TEMPLATES.get(template)
    if kinds is None:
        raise Refusal(_("Choose how the call runs."), field="stage_template")
    if call.first_stage_id or call.later_stages.exists():
        raise Refusal(_("This call already has its stages."))
    if len(kinds) == 1:
        return [call]
    Call.objects.filter(pk=call.pk).update(stage_kind=kinds[0])
    call.stage_kind = kinds[0]
    officers = list(call.officers.all())
    sectors = list(call.sectors.all())
    criteria = list(call.criteria.all())
    questions = list(call.questions.all())
    stages, before = [call], call
    for number, kind in enumerate(kinds[1:], start=2):
        opens = before.results_at
        deadline = opens + timedelta(days=STAGE_SUBMISSION_DAYS.get(kind, DEFAULT_SUBMISSION_DAYS))
        review_ends = deadline + timedelta(days=REVIEW_DAYS)
        stage = Call.objects.create(
            **{name: getattr(call, name) for name in COPIED_FIELDS},
            first_stage=call,
            stage_number=number,
            stage_kind=kind,
            state=CallState.DRAFT,
            slug=_free("slug", f"{call.slug}-stage-{number}", 80),
            code=_free("code", f"{call.code[:13]}S{number}", 16),
            opens_at=opens,
            deadline=deadline,
            review_ends_at=review_ends,
            results_at=review_ends + timedelta(days=RESULTS_DAYS),
        )
        stage.officers.set(officers)
        stage.sectors.set(sectors)
        Criterion.objects.bulk_create(
            Criterion(
                call=stage,
                position=c.position,
                title_th=c.title_th,
                title_en=c.title_en,
                guidance_th=c.guidance_th,
                guidance_en=c.guidance_en,
                weight=c.weight,
                max_points=c.max_points,
                min_points=c.min_points,
            )
            for c in criteria
        )
        if kind != StageKind.PITCH:
            _copy_questions(stage, questions, kind)
        stages.append(stage)
        before = stage
    return stages


def _copy_questions(stage: Call, questions: list[Question], kind: str) -> None:
    copies = [
        Question(
            call=stage,
            position=q.position,
            kind=q.kind,
            text_th=q.text_th,
            text_en=q.text_en,
            help_th=q.help_th,
            help_en=q.help_en,
            required=q.required,
            word_limit=q.word_limit,
            choices_th=q.choices_th,
            choices_en=q.choices_en,
        )
        for q in questions
    ]
    start = max((q.position for q in questions), default=0)
    copies += [
        Question(
            call=stage, position=start + i, kind=QuestionKind.LONG_TEXT, text_th=th, text_en=en
        )
        for i, (th, en) in enumerate(DEFAULT_QUESTIONS.get(kind, ()), start=1)
    ]
    Question.objects.bulk_create(copies)
