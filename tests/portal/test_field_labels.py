"""Every model field has a translated label, so the admin's columns and forms read in Thai."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

APPS = ("portal", "grants", "proposals", "reviews")
# Labels the Thai catalogue deliberately keeps as they are (acronyms).
SAME_IN_THAI = {"HTML"}


def _fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if getattr(field, "concrete", False) and not field.auto_created:
                    yield f"{app}.{model.__name__}.{field.name}", field


FIELDS = dict(_fields())


def test_the_apps_have_fields():
    assert len(FIELDS) > 100


def test_every_field_label_is_lazily_translated():
    assert [name for name, f in FIELDS.items() if not isinstance(f.verbose_name, Promise)] == []


@pytest.mark.parametrize("app", APPS)
def test_every_field_label_reads_in_thai(app):
    untranslated = []
    for name, field in FIELDS.items():
        if not name.startswith(f"{app}."):
            continue
        with translation.override("en"):
            english = str(field.verbose_name)
        with translation.override("th"):
            thai = str(field.verbose_name)
        if thai == english and english not in SAME_IN_THAI:
            untranslated.append(f"{name}: {english!r}")
    assert untranslated == []
