"""Values every page needs: the person's roles and the dashboards they may switch between."""

from django.conf import settings

from .enums import ROLE_PRIORITY, Role


def portal(request) -> dict:
    user = getattr(request, "user", None)
    roles = [Role(r) for r in ROLE_PRIORITY if user and user.is_authenticated and r in user.roles]
    return {"user_roles": roles, "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION}
