"""Django's messages on the portal's own account pages (password validators, the login form)
and forms, for the Thai catalogue. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_MESSAGES = [
    # Password validators: help texts and errors.
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    # Forms.
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    gettext_noop("This field is required."),
    # Sorting labels that django-filter's ordering filter builds.
    gettext_noop("%s (descending)"),
]


def _plural_messages(n: int) -> list[str]:
    """Never called: ngettext is how makemessages learns a message's plural form."""
    return [
        ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            n,
        ),
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            n,
        ),
    ]
