"""Django's accounts messages (contrib.auth) met in the admin's user pages and the password
forms, for the Thai catalogue. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("%(name)s object with primary key %(key)r does not exist."),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they "
        "may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop("variety"),
    gettext_noop("version"),
    gettext_noop("memory cost"),
    gettext_noop("time cost"),
    gettext_noop("parallelism"),
    gettext_noop("block size"),
    gettext_noop("content type"),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of "
        "their groups."
    ),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ "
        "characters."
    ),
    gettext_noop("Password reset sent"),
    gettext_noop("permission"),
    gettext_noop("permissions"),
    gettext_noop("group"),
    gettext_noop("groups"),
    gettext_noop("Name"),
]
