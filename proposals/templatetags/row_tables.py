"""The cells of the proposal form's row tables (budget, team, outcomes), in plain Python.

Each cell is what crispy-bootstrap5's `bootstrap5/field.html` renders with tag="td" and
labels on (the same classes, ids, aria attributes, error and help markup), without its
template per field: with 14 rows and 3 columns that template was half the form's time.
"""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ASTERISK = mark_safe('<span class="asteriskField">*</span>')


def _widget(field, css: str) -> str:
    """The input with crispy's classes: the widget's own, its kind, then Bootstrap's."""
    kind = field.field.widget.__class__.__name__.lower()
    own = field.field.widget.attrs.get("class", "")
    classes = " ".join(c for c in (own, kind if kind not in own else "", css) if c)
    if field.errors:
        classes += " is-invalid"
    return field.as_widget(attrs={"class": classes})


def _errors_and_help(field) -> str:
    errors = ""
    if field.errors:
        spans = format_html_join(
            "",
            '<span id="error_{}_{}"><strong>{}</strong></span>',
            ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
        )
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>', field.errors.field_id, spans
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308 (crispy shows help text as safe too)
        )
    return mark_safe(errors + help_text)  # noqa: S308 (both parts built by format_html)


@register.simple_tag
def row_cell(field) -> str:
    """One field of a row as a table cell, its label visually hidden by the page's CSS
    beside the column headings and shown when a phone stacks the cells."""
    if field.is_hidden:
        return str(field)
    required = " requiredField" if field.field.required else ""
    if isinstance(field.field.widget, forms.CheckboxInput):
        return format_html(
            '<td id="div_{}" class="form-check">{}<label for="{}" class="form-check-label{}">'
            "{}{}</label>{}</td>",
            field.auto_id,
            _widget(field, "form-check-input"),
            field.id_for_label,
            required,
            field.label,
            ASTERISK if required else "",
            _errors_and_help(field),
        )
    return format_html(
        '<td id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label>{}{}</td>',
        field.auto_id,
        field.id_for_label,
        required,
        field.label,
        ASTERISK if required else "",
        _widget(field, "form-control"),
        _errors_and_help(field),
    )
