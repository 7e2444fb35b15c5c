"""The sign-up form of single sign-on (django-allauth's socialaccount, SOCIALACCOUNT_FORMS).

It asks what the portal's own sign-up asks (portal.forms: the name, the language, the PDPA
consent); it is a module of its own only because it builds on allauth's socialaccount forms,
which need socialaccount installed to be imported.
"""

from allauth.socialaccount import forms as socialaccount_forms
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import _consent_field, _consent_label, _current_language, _language_field
from .models import User


class SocialSignupForm(socialaccount_forms.SignupForm):
    """The first single sign-on of someone new: the provider's address and name, checked by
    the person, with the portal's language and the PDPA consent, as at every sign-up.

    An address the provider did not say it verified, and that is someone's account already,
    is refused here (allauth's "already exists" at the address): single sign-on never joins
    an account by an address it cannot vouch for.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As it should appear on your proposals and reviews."),
    )
    language = _language_field()
    consent = _consent_field()

    field_order = ["email", "full_name", "language", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _("Messages about your proposals go to this address.")
        self.fields["consent"].label = _consent_label()
        self.fields["language"].initial = _current_language()
        self.fields["full_name"].initial = self._name_from_provider()

    def _name_from_provider(self) -> str:
        account = self.sociallogin.account
        common = account.get_provider().extract_common_fields(account.extra_data)
        parts = (common.get("first_name"), common.get("last_name"))
        return common.get("name") or " ".join(part for part in parts if part)

    def save(self, request) -> User:
        """allauth's account and link to the provider, then the portal's applicant role and
        consent (portal.services), all or nothing."""
        with transaction.atomic():
            user = super().save(request)
            return services.welcome_applicant_from_provider(
                user,
                full_name=self.cleaned_data["full_name"],
                language=self.cleaned_data["language"],
            )
