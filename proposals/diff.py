"""What changed between two submitted versions of a proposal, field by field.

Versions are the dicts kept in ProposalVersion.data. Long texts are compared word by word
with difflib, so the officer sees the words that changed; Thai words are found by the
dictionary (portal.thai.tokens), not at spaces, which Thai does not put between words. Every
piece of text is escaped.
"""

import difflib
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from portal.thai import tokens

from .models import Proposal

LONG_TEXT = 60  # characters: longer texts are compared word by word


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str

    @property
    def is_long(self) -> bool:
        return (
            max(len(self.before), len(self.after)) > LONG_TEXT or "\n" in self.before + self.after
        )

    def highlighted(self) -> SafeString:
        """The new text with removed words in <del> and added words in <ins>, escaped."""
        return highlight(self.before, self.after)


def as_text(value) -> str:
    """A version's value as text: lists one item a line, dicts as 'key: value'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(as_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {as_text(item)}" for key, item in value.items())
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return str(value)


def label_for(field: str) -> str:
    try:
        model_field = Proposal._meta.get_field(field)
    except FieldDoesNotExist:
        return field.replace("_", " ").capitalize()
    if model_field.auto_created and not model_field.concrete:  # budget_lines, team, ...
        return str(model_field.related_model._meta.verbose_name_plural)
    return str(model_field.verbose_name)


def diff_versions(old: dict, new: dict) -> list[Change]:
    """The fields whose value differs between `old` and `new`, in the order of `new`."""
    fields = list(new) + [key for key in old if key not in new]
    changes = []
    for field in fields:
        before, after = as_text(old.get(field)), as_text(new.get(field))
        if before != after:
            changes.append(Change(field=field, label=label_for(field), before=before, after=after))
    return changes


def highlight(before: str, after: str) -> SafeString:
    old, new = tokens(before), tokens(after)
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(old[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", "".join(old[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", "".join(new[b1:b2])))
    return format_html_join("", "{}", ((part,) for part in parts))  # each part already escaped
