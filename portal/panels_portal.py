"""The portal's own dashboard panels: invitations for officers and administrators, people
for administrators. Registered from PortalConfig.ready()."""

from .panels import register_panel
from .queries import invitations_visible_to, role_counts

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
