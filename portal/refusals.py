"""The one way a service says no, and the one way a view shows it.

A service that refuses raises `Refusal` with translated messages, each for the whole action or
for one field of the form that asked for it. A view calls the service through `attempt()` (or
`submit_form()`, which validates a form first); a refusal then lands on the form, next to its
field, or among the page's messages, and what the person typed stays on the page.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError

NON_FIELD = None


class Refusal(Exception):
    """An action that the rules, the state or the calendar does not allow now.

    `Refusal(_("Closed."))` refuses the whole action; `Refusal(_("Too much."), field="amount")`
    points at a field; `Refusal.of({"amount": [...], None: [...]})` does both. `code` names
    the reason for code that must tell reasons apart; `params` carries the values the message
    was made from (a deadline, a version), for pages that show more than the sentence.
    """

    def __init__(self, *messages: Any, field: str | None = NON_FIELD, code: str = "", **params):
        self.errors: dict[str | None, list[str]] = (
            {field: [str(m) for m in messages]} if messages else {}
        )
        self.code = code
        self.params = params
        super().__init__(" ".join(self.messages))

    @classmethod
    def of(cls, errors: Mapping[str | None, Iterable[Any]], *, code: str = "", **params):
        refusal = cls(code=code, **params)
        refusal.errors = {field: [str(m) for m in items] for field, items in errors.items()}
        Exception.__init__(refusal, " ".join(refusal.messages))
        return refusal

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "Refusal":
        if hasattr(error, "error_dict"):
            return cls.of(
                {
                    (None if field == "__all__" else field): [str(m) for e in items for m in e]
                    for field, items in error.error_dict.items()
                }
            )
        return cls(*error.messages)

    @property
    def messages(self) -> list[str]:
        return [message for items in self.errors.values() for message in items]

    def __str__(self) -> str:
        return " ".join(self.messages)


def show_refusal(request, refusal: Refusal, form=None) -> None:
    """Put `refusal` on `form` (field messages at their field) or, without a form, in the
    page's messages. A field the form does not have gets the message at the top of the form."""
    for field, items in refusal.errors.items():
        for message in items:
            if form is None:
                messages.error(request, message)
            else:
                form.add_error(field if field in form.fields else None, message)


def attempt(request, action: Callable, *args, form=None, success: str = "", **kwargs):
    """Run the service `action(*args, **kwargs)`; True-ish result on success.

    On success the `success` message (if any) is added and the action's result returned
    (or True when it returned None). On a `Refusal` it is shown (on `form`, or in messages)
    and False is returned, so the view shows the page again with what was typed.
    """
    try:
        result = action(*args, **kwargs)
    except Refusal as refusal:
        show_refusal(request, refusal, form)
        return False
    if success:
        messages.success(request, success)
    return True if result is None else result


def submit_form(request, form, action: Callable, *args, success: str = "", **kwargs):
    """Validate `form`, then `attempt(action, *args, **form.cleaned_data, **kwargs)`.

    False when the form is invalid or the service refused (the errors are on the form)."""
    if not form.is_valid():
        return False
    return attempt(
        request, action, *args, form=form, success=success, **form.cleaned_data, **kwargs
    )
