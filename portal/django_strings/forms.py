"""Django's messages from forms, model validation, pagination and the CSRF failure page,
for the Thai catalogue (Django's Thai leaves them out). Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext, pgettext

MESSAGES = [
    gettext_noop("- Select an option -"),
    gettext_noop("…"),
    gettext_noop("That page contains no results"),
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop(),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, "
        "e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    ),
    gettext_noop(
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s."
    ),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("Value %(value)r is not a valid choice."),
    gettext_noop("%(field_label)s must be unique for %(date_field_label)s %(lookup_type)s."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value must be either True, False, or None."),
    gettext_noop(),
    gettext_noop(),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD "
        "HH:MM[:ss[.uuuuuu]][TZ] format."
    ),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is "
        "an invalid date/time."
    ),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    ),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either None, True or False."),
    gettext_noop(),
    gettext_noop(
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
    ),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("“%(value)s” is not a valid UUID."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop("%(from)s-%(to)s relationship"),
    gettext_noop("%(from)s-%(to)s relationships"),
    gettext_noop("The number of days must be between {min_days} and {max_days}."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists."
    ),
    gettext_noop("The inline value did not match the parent instance."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist."
    ),
    gettext_noop("No %s matches the given query."),
    gettext_noop("This is not a valid IPv6 address."),
    gettext_noop("CSRF verification failed. Request aborted."),
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be "
        "sent by your web browser, but none was sent. This header is required for security "
        "reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable “Referer” headers, please re-enable them, "
        "at least for this site, or for HTTPS connections, or for “same-origin” requests."
    ),
    gettext_noop(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the '
        "“Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires "
        "the “Referer” header to do strict referer checking. If you’re concerned about privacy, "
        'use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    gettext_noop(
        "You are seeing this message because this site requires a CSRF cookie when submitting "
        "forms. This cookie is required for security reasons, to ensure that your browser is not "
        "being hijacked by third parties."
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at least "
        "for this site, or for “same-origin” requests."
    ),
    gettext_noop("More information is available with DEBUG=True."),
]


def _with_plural_or_context(n: int) -> list[str]:
    """Never called: how makemessages learns plural forms and contexts."""
    return [
        ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            n,
        ),
        ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            n,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.",
            n,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.",
            n,
        ),
        ngettext(
            "Ensure that there are no more than %(max)s digit before the decimal point.",
            "Ensure that there are no more than %(max)s digits before the decimal point.",
            n,
        ),
        ngettext(
            "Ensure this filename has at most %(max)d character (it has %(length)d).",
            "Ensure this filename has at most %(max)d characters (it has %(length)d).",
            n,
        ),
        ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", n),
        ngettext(
            "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", n
        ),
        ngettext("%(num)d year", "%(num)d years", n),
        ngettext("%(num)d month", "%(num)d months", n),
        ngettext("%(num)d week", "%(num)d weeks", n),
        ngettext("%(num)d day", "%(num)d days", n),
        ngettext("%(num)d hour", "%(num)d hours", n),
        ngettext("%(num)d minute", "%(num)d minutes", n),
        pgettext("String to return when truncating text", "%(truncated_text)s…"),
    ]
