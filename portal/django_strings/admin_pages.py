"""Django admin messages the portal's admin pages show, for the Thai catalogue.

Django's Thai leaves these out, or words them awkwardly ("None available" as "not free"):
the portal's catalogue, which takes precedence, has them. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext

MESSAGES = [
    gettext_noop("Empty"),
    gettext_noop("Not empty"),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop('The app "%s" could not be found.'),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop(),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(", "),
    gettext_noop("We’re sorry, but the requested page could not be found."),
    gettext_noop(
        "There’s been an error. It’s been reported to the site administrators via email and "
        "should be fixed shortly. Thanks for your patience."
    ),
    gettext_noop("Run"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Error:"),
    gettext_noop("Set password"),
    gettext_noop(),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("Skip to main content"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
        "following related items will be deleted:"
    ),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop(
        "Something’s wrong with your database installation. Make sure the appropriate database "
        "tables have been created, and make sure the database is readable by the appropriate "
        "user."
    ),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop(),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Search %(name)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Logout"),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password "
        "twice so we can verify you typed it in correctly."
    ),
    gettext_noop(
        "We’ve emailed you instructions for setting your password, if an account exists with the "
        "email you entered. You should receive them shortly."
    ),
    gettext_noop(
        "If you don’t receive an email, please make sure you’ve entered the address you "
        "registered with, and check your spam folder."
    ),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we’ll email instructions "
        "for setting a new one."
    ),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Unknown"),
    gettext_noop("Any date"),
    gettext_noop("Past 7 days"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Action:"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Change history: %s"),
    gettext_noop("Objects"),
    gettext_noop("Delete multiple objects"),
    gettext_noop("No, take me back"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    gettext_noop("None available"),
    gettext_noop("Save as new"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Clear selection"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Popup closing…"),
    gettext_noop("Lookup"),
    gettext_noop("Action"),
    gettext_noop("Addition"),
    gettext_noop("Deletion"),
    gettext_noop("action time"),
    gettext_noop("object id"),
    gettext_noop("object repr"),
    gettext_noop("action flag"),
    gettext_noop("change message"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("LogEntry Object"),
    gettext_noop("Changed {fields}."),
    gettext_noop("No fields changed."),
    gettext_noop("You may edit it again below."),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both "
        "fields may be case-sensitive."
    ),
    gettext_noop("Welcome,"),
    gettext_noop("Date:"),
    gettext_noop("Time:"),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
    gettext_noop(),
    gettext_noop("No action selected."),
    gettext_noop("Content Types"),
    gettext_noop("Content type %(ct_id)s object %(obj_id)s doesn’t exist"),
    gettext_noop("%(ct_name)s objects don’t have a get_absolute_url() method"),
    gettext_noop("content types"),
    gettext_noop("python model class name"),
]


def _with_plural_or_context(n: int) -> list[str]:
    """Never called: how makemessages learns plural forms and contexts."""
    return [
        ngettext("…and %(count)d more object.", "…and %(count)d more objects.", n),
        ngettext("entry", "entries", n),
        ngettext("%(total_count)s selected", "All %(total_count)s selected", n),
        ngettext("%(counter)s result", "%(counter)s results", n),
        ngettext(
            "%(count)s %(name)s was changed successfully.",
            "%(count)s %(name)s were changed successfully.",
            n,
        ),
        ngettext("Please correct the error below.", "Please correct the errors below.", n),
    ]
