"""Panels that higher apps contribute to the portal's pages (home page, role dashboards).

`portal` is the lowest app and imports no other; `grants`, `proposals` and `reviews` register
their panels here from their AppConfig.ready(), so a dashboard shows calls and proposals
without the portal knowing about them.

    register_panel("dashboard:applicant", template="grants/panels/open_calls.html",
                   context=open_calls_context, order=10)

`context(request, **extra)` returns the template's context, or None to leave the panel out;
`extra` is what the page passes (the call on a call's page, for example).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .queries import invitations_visible_to, role_counts


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable[..., dict | None]
    order: int = 50


_PANELS: dict[str, list[Panel]] = {}


def register_panel(slot: str, *, template: str, context, order: int = 50) -> None:
    panels = _PANELS.setdefault(slot, [])
    if any(p.template == template for p in panels):
        return  # ready() can run more than once (tests, autoreload)
    panels.append(Panel(slot=slot, template=template, context=context, order=order))
    panels.sort(key=lambda p: p.order)


def panels_for(slot: str) -> list[Panel]:
    return list(_PANELS.get(slot, []))


def render_panels(slot: str, request: HttpRequest, **extra) -> list[SafeString]:
    rendered = []
    for panel in panels_for(slot):
        context = panel.context(request, **extra)
        if context is not None:
            # A rendered template is already a SafeString: its variables were escaped.
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered


# ---------------------------------------------------------------- the portal's own panels
# Invitations for officers and administrators, people for administrators; registered from
# PortalConfig.ready().

RECENT_INVITATIONS = 5


def invitations_context(request) -> dict | None:
    if not request.user.has_perm("portal.invite_people"):
        return None
    return {"invitations": list(invitations_visible_to(request.user)[:RECENT_INVITATIONS])}


def people_context(request) -> dict | None:
    if not request.user.has_perm("portal.view_people"):
        return None
    return {"role_counts": role_counts()}


def register() -> None:
    for slot in ("dashboard:officer", "dashboard:admin"):
        register_panel(
            slot, template="portal/panels/invitations.html", context=invitations_context, order=80
        )
    register_panel(
        "dashboard:admin", template="portal/panels/people.html", context=people_context, order=10
    )
