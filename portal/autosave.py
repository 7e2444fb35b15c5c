"""The one answer to an autosave request (proposals' drafts, grantees' reports): the page's
script posts the editor's fields with the version it last saw and reads JSON back."""

from collections.abc import Callable

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .refusals import Refusal


def autosave(request, obj, *, editor, save: Callable, more: Callable | None = None):
    """Save what `editor` (a form with `expected_version` and `content()`) holds through the
    service `save(obj, by=, expected_version=, content=)`. Answers 400 when the version is
    missing, 409 with the refusal (and `stale` when somebody saved meanwhile), else the new
    version and the time of the save, with `more(saved)` added."""
    editor.is_valid()
    if editor.expected_version is None:
        return JsonResponse({"ok": False, "error": _("The form is incomplete.")}, status=400)
    try:
        saved = save(
            obj,
            by=request.user,
            expected_version=editor.expected_version,
            content=editor.content(),
        )
    except Refusal as refusal:
        stale = {"stale": True} if refusal.code == "stale" else {}
        return JsonResponse({"ok": False, **stale, "error": str(refusal)}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "version": saved.version,
            "saved_at_display": f"{timezone.localtime(saved.updated_at):%H:%M}",
            **(more(saved) if more else {}),
        }
    )
