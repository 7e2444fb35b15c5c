"""Every constraint of a model field, checked by the form field that edits it.

A ModelForm field carries little of its model field's rules: a PositiveSmallIntegerField
with MinValueValidator(1) becomes a form IntegerField that only knows "at least 0", a
DecimalField loses its MinValueValidator, and the proposal's forms skip the model's own
validation (a draft may be incomplete). `ModelChecksMixin` gives each field the rules of its
model field, so that a wrong value is refused next to what was typed, with the bound:

- number bounds: the strictest of the model's MinValueValidator/MaxValueValidator (and the
  database's range), also as the input's min/max;
- length: the model's max_length (TextFields included), counted as the browser counts it
  (a line break is one character), also as the input's maxlength (the page's counter reads
  it);
- every other validator of the model field (a phone pattern, a tax ID check digit);
- check constraints of the model on the form's fields, in clean().

`stored_value_problems()` applies the same rules to values already stored, for those saved
before a rule existed: submitting refuses them (completeness.missing_for_submission).
"""

import copy

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint
from django.utils.translation import gettext_lazy as _

BOUND_VALIDATORS = (MinValueValidator, MaxValueValidator, MaxLengthValidator)


class MaxCharacters(MaxLengthValidator):
    """At most `limit_value` characters, a line break counting once (browsers send it as
    "\\r\\n" but count it as one against maxlength); the message gives both numbers."""

    message = _("At most %(limit)s characters: this has %(count)s.")

    def clean(self, x) -> int:
        return len(str(x).replace("\r\n", "\n"))

    def __call__(self, value) -> None:
        count = self.clean(value)
        if count > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit": f"{self.limit_value:,}", "count": f"{count:,}"},
            )


def number_bounds(model_field) -> tuple:
    """(lowest, highest) value the model field allows; None where it sets none."""
    lows, highs = [], []
    for validator in model_field.validators:
        if callable(getattr(validator, "limit_value", None)):
            continue
        if isinstance(validator, MinValueValidator):
            lows.append(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            highs.append(validator.limit_value)
    return (max(lows) if lows else None), (min(highs) if highs else None)


def length_limit(model_field) -> int | None:
    """The most characters a text field allows (a TextField's max_length too), or None."""
    if model_field.get_internal_type() not in ("CharField", "TextField"):
        return None
    return model_field.max_length


def field_validators(model_field) -> list:
    """The validators that check a value of `model_field`: its bounds, its length and the rest."""
    low, high = number_bounds(model_field)
    result = [v for v in model_field.validators if not isinstance(v, BOUND_VALIDATORS)]
    if low is not None:
        result.append(MinValueValidator(low))
    if high is not None:
        result.append(MaxValueValidator(high))
    if limit := length_limit(model_field):
        result.append(MaxCharacters(limit))
    return result


def limit_length(form_field: forms.CharField, limit: int) -> forms.CharField:
    """At most `limit` characters in `form_field` (MaxCharacters), as the input's maxlength;
    a textarea also shows a counter (data-counter, read by static/js/proposal_form.js)."""
    form_field.validators = [
        v for v in form_field.validators if not isinstance(v, MaxLengthValidator)
    ] + [MaxCharacters(limit)]
    form_field.max_length = limit
    form_field.widget.attrs["maxlength"] = str(limit)
    if isinstance(form_field.widget, forms.Textarea):
        form_field.widget.attrs.setdefault("data-counter", "")
    return form_field


def enforce(form_field: forms.Field, model_field) -> None:
    """Give `form_field` every check of `model_field` (its bounds in place of the field's)."""
    low, high = number_bounds(model_field)
    if low is not None or high is not None:
        bounds = (MinValueValidator, MaxValueValidator)
        form_field.validators = [v for v in form_field.validators if not isinstance(v, bounds)]
    for validator in field_validators(model_field):
        if not isinstance(validator, MaxCharacters) and validator not in form_field.validators:
            form_field.validators.append(validator)
    attrs = form_field.widget.attrs
    if low is not None:
        form_field.min_value = low
        attrs["min"] = str(low)
    if high is not None:
        form_field.max_value = high
        attrs["max"] = str(high)
    limit = length_limit(model_field)
    if limit and isinstance(form_field, forms.CharField):
        limit_length(form_field, limit)


class ModelChecksMixin:
    """For ModelForms: each field checks what its model field allows (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for name, form_field in self.fields.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (the version, a formset's DELETE)
                continue
            if not model_field.is_relation:
                enforce(form_field, model_field)

    @property
    def checked_constraints(self) -> list[CheckConstraint]:
        """The model's check constraints on fields of this form, all of them in the form."""
        return [
            constraint
            for constraint in self._meta.model._meta.constraints
            if isinstance(constraint, CheckConstraint)
            and constraint.condition.referenced_base_fields <= set(self.fields)
        ]

    def clean(self):
        cleaned = super().clean()
        for constraint in self.checked_constraints:
            names = constraint.condition.referenced_base_fields
            if any(name in self.errors or name not in cleaned for name in names):
                continue
            candidate = copy.copy(self.instance)  # the instance itself stays as stored
            for name in names:
                setattr(candidate, name, cleaned[name])
            try:
                constraint.validate(type(candidate), candidate)
            except ValidationError as error:
                self.add_error(next(iter(names)) if len(names) == 1 else None, error)
        return cleaned


def stored_value_problems(instance, names) -> list[tuple[str, str]]:
    """(field name, message) for each stored value of `names` that its field's checks refuse."""
    problems = []
    for name in names:
        model_field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if value in (None, ""):
            continue
        for validator in field_validators(model_field):
            try:
                validator(value)
            except ValidationError as error:
                problems.append((name, " ".join(error.messages)))
                break
    return problems
