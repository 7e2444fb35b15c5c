"""Accounts: django-allauth's pages under /accounts/, and before them the names the portal and
Django have always reversed (`login`, `logout`, `password_change`, `password_reset`) on the
same addresses as allauth's own (`account_login`, ...).
"""

from allauth.urls import build_provider_urlpatterns
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .access import public
from .views import accounts

urlpatterns = [
    path("accounts/login/", accounts.login, name="login"),
    # POST only (Django's LogoutView refuses GET), so a link cannot log anyone out.
    path("accounts/logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("accounts/password/change/", accounts.password_change, name="password_change"),
    path("accounts/password/reset/", accounts.password_reset, name="password_reset"),
    # allauth's URLs, as allauth.urls lists them but without its deprecated redirects from
    # addresses this portal never had.
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("accounts/", include(build_provider_urlpatterns())),  # single sign-on providers
]
