"""The one guarded state change every app uses: a table of allowed moves, a conditional write.

An app describes its states once (`StateTable`: the model, the allowed next states, the
labels and its two sentences of refusal) and changes a state only through `move()`:

- nothing happens (False) when the object is already in the state asked for;
- a move the table does not allow (or that the caller's own condition forbids) is refused;
- the write is `filter(pk=..., state=old).update(state=new)`: when somebody else changed
  the state meanwhile, nothing is overwritten and the refusal says so.

The caller writes its own log row after a move that happened (True), in the same
transaction, because each app logs to its own table.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models

from .refusals import Refusal


@dataclass(frozen=True)
class StateTable:
    model: type[models.Model]
    allowed: Mapping[str, frozenset[str]]
    labels: type[models.TextChoices]
    # "A proposal that is “%(from)s” cannot become “%(to)s”." (lazy, with from/to)
    refused: str
    # "This proposal was changed meanwhile by somebody else; reload the page." (lazy)
    raced: str
    field: str = "state"

    def can_move(self, from_state: str, to_state: str) -> bool:
        return to_state in self.allowed.get(from_state, frozenset())

    def refusal(self, from_state: str, to_state: str) -> Refusal:
        return Refusal(
            self.refused
            % {"from": self.labels(from_state).label, "to": self.labels(to_state).label},
            code="transition",
        )

    def move(self, obj, to_state: str, *, allowed: bool = True, **fields) -> bool:
        """Move `obj` to `to_state`, also writing `fields`; False when it is there already.

        `allowed=False` refuses a move the table allows but the caller's own rule (a
        timeline, a calendar) does not, with the same sentence."""
        from_state = getattr(obj, self.field)
        if from_state == to_state:
            return False
        if not (allowed and self.can_move(from_state, to_state)):
            raise self.refusal(from_state, to_state)
        updated = self.model._default_manager.filter(pk=obj.pk, **{self.field: from_state}).update(
            **{self.field: to_state}, **fields
        )
        if not updated:
            raise Refusal(self.raced, code="raced")
        for name, value in fields.items():
            setattr(obj, name, value)
        setattr(obj, self.field, to_state)
        return True

    def check_many(self, from_states: Iterable[str], to_state: str) -> None:
        """Refuse unless every state of `from_states` may move to `to_state`."""
        for from_state in from_states:
            if from_state != to_state and not self.can_move(from_state, to_state):
                raise self.refusal(from_state, to_state)
