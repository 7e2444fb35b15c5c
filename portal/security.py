"""Login throttling with django-axes: how a login attempt is counted and refused.

The settings (limit, cool-off, lockout page) are in portal/settings/base.py.
"""

from axes.backends import AxesStandaloneBackend

AXES_USERNAME_LENGTH = 255  # axes.models.AccessBase.username


def login_username(request, credentials: dict | None = None) -> str:
    """The address a login attempt was for, as axes counts it.

    Email addresses are matched without regard to case (the user manager normalises them), so
    "Applicant@Example.org" and "applicant@example.org" share one counter: an attacker cannot
    get five more guesses by changing the case. Cut to the 255 characters axes' column holds:
    no address is that long (the form refuses more than 254), and a longer one must not fail
    the login page.
    """
    # allauth's login page posts "login" and authenticates with "email"; the admin's login
    # posts and authenticates with "username".
    source = credentials if credentials is not None else request.POST
    username = source.get("email") or source.get("login") or source.get("username")
    return (username or "").strip().lower()[:AXES_USERNAME_LENGTH]


class LoginThrottlingBackend(AxesStandaloneBackend):
    """django-axes' check that refuses locked-out logins, for requests only.

    Every login a person makes goes through a request (the login page, the admin's login,
    which is the same form), and those are counted and refused as axes does. A call to
    `authenticate()` from code with no request (Django's test client `login()`, a shell) is
    not a guess over the network, so it is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
