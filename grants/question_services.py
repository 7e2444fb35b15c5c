"""Writing a call's questions (the officer's editor).

Answers keep a snapshot of their question and Answer.question is SET_NULL, so changing or
removing a question never changes an answer already given.
"""

from django.db import transaction

from .models import Call, Question


@transaction.atomic
def save_questions(
    call: Call, *, kept: list[tuple[Question | None, dict]], removed: list[Question]
) -> list[Question]:
    """Make `call`'s questions `kept`, in that order; delete `removed`.

    `kept` pairs an existing question of the call (updated in place, so answers stay linked)
    or None (a new question) with its fields. Side effects: Question rows updated, created,
    deleted; positions renumbered 1, 2, 3…
    """
    for question in removed:
        if question.call_id == call.pk:
            question.delete()
    saved = []
    for position, (existing, fields) in enumerate(kept, start=1):
        question = existing if existing and existing.call_id == call.pk else Question(call=call)
        for name, value in fields.items():
            setattr(question, name, value)
        question.position = position
        question.save()
        saved.append(question)
    return saved
