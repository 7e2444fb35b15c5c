"""The proposal form's fields, rendered in plain Python.

Each field is what crispy-bootstrap5's `bootstrap5/field.html` renders (the same wrapper,
classes, ids, aria attributes, error and help markup), without that template per field: the
form has some 80 fields with its row tables, and the template was most of the page's time.
Fields this does not know (choice lists, files, a lone checkbox outside a table) are left to
crispy's own template.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms import widgets
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ASTERISK = SafeString('<span class="asteriskField">*</span>')  # a constant
PLAIN = (widgets.Input, widgets.Textarea)  # Input: text, number, email, hidden, checkbox…


def _bootstrap_class(widget) -> str | None:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
        return None if isinstance(widget, forms.SelectMultiple) else "form-select"
    if isinstance(widget, PLAIN) and not isinstance(widget, forms.FileInput):
        return "form-control"
    return None


def _widget(field, css: str, errors) -> str:
    """The widget with crispy's classes: its own, its kind, then Bootstrap's."""
    kind = field.field.widget.__class__.__name__.lower()
    own = field.field.widget.attrs.get("class", "")
    classes = " ".join(c for c in (own, kind if kind not in own else "", css) if c)
    if errors:
        classes += " is-invalid"
    return field.as_widget(attrs={"class": classes})


def _errors_and_help(field, field_errors) -> str:
    errors = ""
    if field_errors:
        spans = format_html_join(
            "",
            '<span id="error_{}_{}"><strong>{}</strong></span>',
            ((n, field.auto_id, e) for n, e in enumerate(field_errors, 1)),
        )
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>', field_errors.field_id, spans
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            # Written in the code, never by a user; crispy shows help text as safe too.
            mark_safe(field.help_text),  # noqa: S308  # nosec B308 B703
        )
    return format_html("{}{}", errors, help_text)  # both built by format_html (or empty)


def _wrapper_class(field, base: str) -> str:
    extra = field.css_classes()
    return f"{base} {extra}" if extra else base


@register.simple_tag
def field_cell(field, tag: str = "div") -> str:
    """One field with its label, in a `tag` (a table cell: "td", its label visually hidden
    by the page's CSS beside the column headings and shown when a phone stacks the cells)."""
    if field.is_hidden:
        return str(field)
    css = _bootstrap_class(field.field.widget)
    if css is None or (css == "form-check-input" and tag != "td") or field.use_fieldset:
        return as_crispy_field(field)
    required = " requiredField" if field.field.required else ""
    errors = field.errors  # a new ErrorList at each look
    if css == "form-check-input":
        return format_html(
            '<{} id="div_{}" class="{}">{}<label for="{}" class="form-check-label{}">'
            "{}{}</label>{}</{}>",
            tag,
            field.auto_id,
            _wrapper_class(field, "form-check"),
            _widget(field, css, errors),
            field.id_for_label,
            required,
            field.label,
            ASTERISK if required else "",
            _errors_and_help(field, errors),
            tag,
        )
    return format_html(
        '<{} id="div_{}" class="{}"><label for="{}" class="form-label{}">{}{}</label>{}{}</{}>',
        tag,
        field.auto_id,
        _wrapper_class(field, "mb-3"),
        field.id_for_label,
        required,
        field.label,
        ASTERISK if required else "",
        _widget(field, css, errors),
        _errors_and_help(field, errors),
        tag,
    )
