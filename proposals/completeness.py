"""What a proposal still lacks before it can be submitted: the one list the form page, the
proposal page, the dashboard and submit_proposal all use."""

from django.utils.translation import gettext as _

from grants.enums import QuestionKind
from grants.stages import hidden_parts
from portal.formatting import format_baht, is_thai

from .fieldchecks import stored_value_problems
from .models import Proposal

REQUIRED_FIELDS = [
    "title",
    "summary",
    "problem",
    "innovation",
    "target_group",
    "province",
    "district",
    "requested_amount",
    "duration_months",
]
MAX_SECTORS = 3


def count_words(text: str) -> int:
    return len(str(text or "").split())


def is_answered(answer) -> bool:
    if answer is None:
        return False
    if answer.question_snapshot.get("kind") == QuestionKind.FILE:
        return answer.attachment_id is not None
    return answer.value not in (None, "", [])


def question_text(snapshot: dict) -> str:
    """The question as answered, in the active language (Thai when English is missing)."""
    if not is_thai() and snapshot.get("text_en"):
        return snapshot["text_en"]
    return snapshot.get("text_th", "")


def missing_for_submission(proposal: Proposal) -> list[str]:
    """Everything that stops `proposal` from being submitted, in the form's order; [] if none."""
    hidden = hidden_parts(proposal.call)  # a concept note's short form asks less
    return [
        *_missing_fields(proposal),
        *_out_of_range(proposal),
        *_missing_sectors(proposal),
        *_missing_budget(proposal, hidden),
        *_missing_rows(proposal, hidden),
        *_missing_answers(proposal),
    ]


def _missing_fields(proposal: Proposal) -> list[str]:
    return [
        _("Fill in “%(field)s”.") % {"field": Proposal._meta.get_field(name).verbose_name}
        for name in REQUIRED_FIELDS
        if getattr(proposal, name) in (None, "")
    ]


def _out_of_range(proposal: Proposal) -> list[str]:
    """Values the form now refuses (a duration of 999 months, a negative amount, a text over
    its limit) that were stored before it did."""
    names = [name for name in REQUIRED_FIELDS if not Proposal._meta.get_field(name).is_relation]
    return [
        _("“%(field)s”: %(problem)s")
        % {"field": Proposal._meta.get_field(name).verbose_name, "problem": problem}
        for name, problem in stored_value_problems(proposal, names)
    ]


def _missing_sectors(proposal: Proposal) -> list[str]:
    missing = []
    sectors = list(proposal.sectors.all())
    eligible = set(proposal.call.sectors.values_list("pk", flat=True))
    if not 1 <= len(sectors) <= MAX_SECTORS:
        missing.append(_("Choose 1 to 3 sectors."))
    if any(sector.pk not in eligible for sector in sectors):
        missing.append(_("Choose only sectors that this call accepts."))
    if proposal.primary_sector_id is None or proposal.primary_sector_id not in {
        s.pk for s in sectors
    }:
        missing.append(_("Mark one of the chosen sectors as the primary one."))
    return missing


def _missing_budget(proposal: Proposal, hidden=frozenset()) -> list[str]:
    missing = []
    call = proposal.call
    requested = proposal.requested_amount
    if requested is not None and requested > call.max_per_proposal:
        missing.append(
            _("The requested amount is more than this call's maximum of %(max)s.")
            % {"max": format_baht(call.max_per_proposal)}
        )
    if "budget_lines" in hidden:
        return missing
    lines = list(proposal.budget_lines.all())
    if not lines:
        missing.append(_("Add at least one budget line."))
    elif requested is not None:
        total = sum(line.amount for line in lines)
        if total != requested:
            missing.append(
                _("The budget lines add up to %(total)s, not the requested %(requested)s.")
                % {"total": format_baht(total), "requested": format_baht(requested)}
            )
    return missing


def _missing_rows(proposal: Proposal, hidden=frozenset()) -> list[str]:
    missing = []
    if "team" not in hidden and not proposal.team.exists():
        missing.append(_("Add at least one team member."))
    if "outcomes" not in hidden and not proposal.outcomes.exists():
        missing.append(_("Add at least one expected outcome."))
    return missing


def _missing_answers(proposal: Proposal) -> list[str]:
    missing = []
    answers = {a.question_id: a for a in proposal.answers.all()}
    for question in proposal.call.questions.all():
        answer = answers.get(question.pk)
        if question.required and not is_answered(answer):
            missing.append(_("Answer the question “%(question)s”.") % {"question": question.text})
        elif (
            answer is not None
            and question.word_limit
            and question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
            and count_words(answer.value) > question.word_limit
        ):
            missing.append(
                _("The answer to “%(question)s” has %(count)d words; the limit is %(limit)d.")
                % {
                    "question": question_text(question.snapshot()),
                    "count": count_words(answer.value),
                    "limit": question.word_limit,
                }
            )
    return missing
