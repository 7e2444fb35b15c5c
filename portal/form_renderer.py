"""A form renderer for the big forms: the common widgets in Python, the others by template.

Django renders every widget through a template (`input.html` including `attrs.html`), which
costs about a third of a millisecond per input, and a select includes a template per option
(77 provinces); the proposal form has some 70 inputs in its row tables. `QuickInputs` writes
the same markup as Django's templates for the plain inputs (text, number, checkbox,
hidden…), textareas and selects directly, and leaves every other widget (choice lists, files,
multi-widgets) to the templates. Use it as a form's or formset's `default_renderer`.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as esc
from django.utils.html import format_html
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


def render_attrs(attrs: dict) -> str:
    """Django's `attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False
    (escaped as the template escapes; plain string building, this runs for every input)."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget: dict) -> SafeString:
    """Django's `input.html` for a widget's context."""
    value = widget["value"]
    shown = "" if value is None else f' value="{esc("%s" % (value,))}"'  # noqa: UP031
    return mark_safe(  # noqa: S308 (every value escaped above)  # nosec B308 B703
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{shown}'
        f"{render_attrs(widget['attrs'])}>"
    )


def render_textarea(widget: dict) -> SafeString:
    """Django's `textarea.html` (its newline after the opening tag included)."""
    return mark_safe(  # noqa: S308 (every value escaped)  # nosec B308 B703
        f'<textarea name="{esc(widget["name"])}"{render_attrs(widget["attrs"])}>\n'
        f"{esc(widget['value'] or '')}</textarea>"
    )


def render_select(widget: dict) -> SafeString | None:
    """Django's `select.html` with its `select_option.html` options; None when an option
    has a template of its own."""
    parts = [f'<select name="{esc(widget["name"])}"{render_attrs(widget["attrs"])}>']
    for group_name, choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            value = esc("%s" % (option["value"],))  # noqa: UP031 (as stringformat:"s")
            attrs = render_attrs(option["attrs"])
            # select_option.html ends with a line break, which its include keeps.
            parts.append(f'\n  <option value="{value}"{attrs}>{esc(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)  # nosec B308 B703


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
QUICK = {
    "django/forms/widgets/textarea.html": render_textarea,
    "django/forms/widgets/select.html": render_select,
    **dict.fromkeys(INPUT_TEMPLATES, render_input),
}


class QuickInputs(DjangoTemplates):
    def render(self, template_name, context, request=None):
        quick = QUICK.get(template_name)
        html = quick(context["widget"]) if quick else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html


# One instance: a renderer holds its template engine, which must not be built per form.
QUICK_INPUTS = QuickInputs()
