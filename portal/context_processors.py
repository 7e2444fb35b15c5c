"""Values every page needs: the person's roles and the dashboards they may switch between."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Notification
from .rules import roles_held


def portal(request) -> dict:
    user = getattr(request, "user", None)
    roles = roles_held(user)
    unread = SimpleLazyObject(  # one COUNT, only on pages that show it
        lambda: (
            Notification.objects.filter(recipient=user, read_at__isnull=True).count()
            if user and user.is_authenticated
            else 0
        )
    )
    return {
        "user_roles": roles,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "unread_notifications": unread,
    }
