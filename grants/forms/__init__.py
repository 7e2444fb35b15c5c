"""Forms of the grants app. They validate; `grants.services` writes.

- `calls`: a call with its rubric, and the note of an early close.
- `questions`: the officer's editor of a call's questions to applicants.
- `follow`: the sectors a person follows.
"""

from .calls import (
    CALL_FIELDS,
    RESERVED_SLUGS,
    RUBRIC_PREFIX,
    BangkokDateTimeField,
    BaseRubricFormSet,
    CallForm,
    CloseCallForm,
    CriterionForm,
    RubricFormSet,
    rubric_formset,
)
from .follow import FollowForm
from .questions import (
    CHOICE_KINDS,
    QUESTION_FIELDS,
    QUESTIONS_PREFIX,
    BaseQuestionFormSet,
    QuestionForm,
    QuestionFormSet,
    question_formset,
)

__all__ = [
    "CALL_FIELDS",
    "CHOICE_KINDS",
    "QUESTIONS_PREFIX",
    "QUESTION_FIELDS",
    "RESERVED_SLUGS",
    "RUBRIC_PREFIX",
    "BangkokDateTimeField",
    "BaseQuestionFormSet",
    "BaseRubricFormSet",
    "CallForm",
    "CloseCallForm",
    "CriterionForm",
    "FollowForm",
    "QuestionForm",
    "QuestionFormSet",
    "RubricFormSet",
    "question_formset",
    "rubric_formset",
]
