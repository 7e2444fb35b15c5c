"""The project's URLs: accounts and dashboards (portal), calls (grants), and Django's admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("calls/", include("grants.urls")),
    path("", include("portal.accounts_urls")),
    path("", include("portal.site_urls")),
]
