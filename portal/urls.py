"""The project's URLs: accounts and dashboards (portal), calls (grants), and Django's admin."""

from django.contrib import admin
from django.urls import include, path

from portal.views.accounts import set_language

urlpatterns = [
    # Django's set_language, also saving the choice of a signed-in person.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("calls/", include("grants.urls")),
    path("proposals/", include("proposals.urls")),
    path("reviews/", include("reviews.urls")),
    path("", include("portal.accounts_urls")),
    path("", include("portal.site_urls")),
]
