"""The project's URLs: accounts and dashboards (portal), calls (grants), Django's admin, and the
health check."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from portal.access import public
from portal.health import HealthView
from portal.views.accounts import set_language

# The admin's own login would check the password alone: its page sends people to the portal's
# login instead, which asks for the second factor (and which axes throttles).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # Django's set_language, also saving the choice of a signed-in person.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Status only, for container healthchecks; exempt from the HTTPS redirect (production.py).
    # The view is async: public()'s wrapper keeps its marker, so Django awaits what it returns.
    path("health/", public(HealthView.as_view()), name="health"),
    path("calls/", include("grants.urls")),
    path("proposals/", include("proposals.urls")),
    path("reviews/", include("reviews.urls")),
    path("awards/", include("awards.urls")),
    path("api/", include("api.urls")),
    path("projects/", include("awards.public.urls")),
    path("data/", include("awards.public.data_urls")),
    path("", include("portal.accounts_urls")),
    path("", include("portal.site_urls")),
]
