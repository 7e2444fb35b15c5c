"""How django-allauth fits the portal: its emails go through the outbox, and a login makes the
person's saved language the site's.

Every message allauth sends (the verification link, the password reset link, "your password
was changed", "a security key was added", ...) becomes one outbox row of kind "account",
rendered from allauth's own templates (or the portal's overrides of them) in the language of
the person it is for, and delivered by the outbox's worker like every other message.
"""

import time
import uuid

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from .models import User
from .outbox import queue_notification
from .queries import user_with_email
from .views.accounts import set_language_cookie

ACCOUNT_KIND = "account"


def _language_now() -> str:
    return (translation.get_language() or "th")[:2]


def _dedupe_key(template_prefix: str, email: str, context: dict) -> str:
    """One row per message: a link's own key when the message carries one (so the same link
    is never queued twice), a new key otherwise."""
    key = context.get("key") or context.get("code") or uuid.uuid4().hex
    return f"account:{template_prefix.rsplit('/', 1)[-1]}:{email.lower()}:{key}"[:200]


def queue_account_mail(template_prefix: str, email: str, context: dict, *, request=None) -> None:
    """Queue allauth's message `template_prefix` to `email` in the outbox.

    To a person with an account at that address: their inbox and language. To another address
    (a new address being verified, an address without an account): the address, in the
    language of the account the message is about, else the page's language.
    """
    person: User | None = context.get("user") if isinstance(context.get("user"), User) else None
    owner = user_with_email(email)
    language = (owner or person).language if (owner or person) else _language_now()
    rendering = {
        "email": email,
        "current_site": get_current_site(request) if request is not None else None,
        **context,
        "subject_template": f"{template_prefix}_subject.txt",
        "message_template": f"{template_prefix}_message.txt",
    }
    queue_notification(
        kind=ACCOUNT_KIND,
        dedupe_key=_dedupe_key(template_prefix, email, context),
        context=rendering,
        recipient=owner,
        email="" if owner else email,
        language=language,
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not in the minutes right after a login: the password (and code) were just given.

        So an officer's first login goes straight on to enrolling a second factor; later,
        changing the second factor or the password asks for the password again.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        timeout = account_settings.REAUTHENTICATION_TIMEOUT
        return not (records and time.time() - records[-1].get("at", 0) < timeout)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        queue_account_mail(template_prefix, email, context, request=allauth_context.request)

    def post_login(self, request, user, **kwargs):
        """allauth's login, in the person's language, which also becomes the site's."""
        with translation.override(user.language):
            response = super().post_login(request, user, **kwargs)
        return set_language_cookie(response, user.language)
