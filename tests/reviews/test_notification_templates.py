"""Every notification renders in Thai and in English, with nothing left unfilled."""

import copy

import pytest

from portal.outbox import render_message
from tests.factories import NOTIFICATION_KINDS as KINDS
from tests.i18n_recorder import record_missing_thai

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_templates(settings):
    """Any variable a template uses but the context lacks shows up as MISSING."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"
    settings.TEMPLATES = templates


@pytest.mark.parametrize("kind", KINDS)
def test_each_message_renders_in_both_languages_completely(
    kind, notification_context, strict_templates
):
    context = notification_context
    with record_missing_thai() as missing:
        thai = render_message(kind, context, "th")
    english = render_message(kind, context, "en")

    assert sorted(missing) == []  # every sentence has its Thai translation

    for subject, text, _html in (thai, english):
        assert subject.strip() and text.strip()
        assert "MISSING[" not in subject + text
        assert "&amp;" not in subject + text and "&quot;" not in text  # plain text, not HTML
    assert thai[0] != english[0]  # the subject is translated
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai[1])  # Thai script in the Thai body
