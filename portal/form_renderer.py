"""A form renderer for the big forms: plain inputs in Python, everything else by template.

Django renders every widget through a template (`input.html` including `attrs.html`), which
costs about a third of a millisecond per input; the proposal form has some 70 inputs in its
row tables. `QuickInputs` writes the same markup for the plain inputs (text, number,
checkbox, hidden…) directly, and leaves every other widget (selects, textareas, choice lists)
to Django's templates. Use it as a form's or formset's `default_renderer`.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# The widget templates that are Django's `input.html` and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
)


def render_attrs(attrs: dict) -> SafeString:
    """Django's `attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def render_input(widget: dict) -> SafeString:
    """Django's `input.html` for a widget's context."""
    value = widget["value"]
    shown = "" if value is None else format_html(' value="{}"', "%s" % (value,))  # noqa: UP031
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        shown,
        render_attrs(widget["attrs"]),
    )


class QuickInputs(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(render_input(context["widget"]))  # noqa: S308 (built by format_html)
        return super().render(template_name, context, request=request)


# One instance: a renderer holds its template engine, which must not be built per form.
QUICK_INPUTS = QuickInputs()
