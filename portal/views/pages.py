"""Public pages: the home page and the privacy notice."""

from django.conf import settings
from django.shortcuts import render

from portal.access import public
from portal.panels import render_panels


@public
def home(request):
    return render(request, "portal/home.html", {"panels": render_panels("home", request)})


@public
def privacy(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            # Optional: where people send requests about their data (PDPA rights).
            "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
            # The retention rules the notice states, from the settings that enforce them.
            "grant_years": settings.GRANT_RECORD_RETENTION_YEARS,
            "audit_days": settings.AUDIT_RETENTION_DAYS,
            "export_days": settings.DATA_EXPORT_VALID_DAYS,
        },
    )
