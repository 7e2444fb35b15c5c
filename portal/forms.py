"""Forms for accounts and invitations. They validate; portal.services writes."""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from allauth.account.utils import setup_user_email
from allauth.socialaccount import forms as socialaccount_forms
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordMixin
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .enums import INVITABLE_ROLES, Language
from .formatting import notice_version_label
from .models import User
from .queries import has_pending_invitation, user_with_email


def _consent_field() -> forms.BooleanField:
    # Never pre-ticked: PDPA consent has to be an act of the person, not a default.
    return forms.BooleanField(
        required=True,
        initial=False,
        error_messages={
            "required": _("Please read the privacy notice and tick this box to continue."),
        },
    )


def _consent_label() -> str:
    # Built per request, so the link and the text follow the active language.
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("portal:privacy"),
        gettext("privacy notice"),
    )
    return format_html(
        gettext(
            "I have read the {link} (version {version}) and consent to the portal processing "
            "my personal data as it describes."
        ),
        link=link,
        version=notice_version_label(settings.PRIVACY_NOTICE_VERSION),
    )


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        help_text=_("The portal and its emails will use this language."),
    )


def _current_language() -> str:
    code = (translation.get_language() or Language.THAI)[:2]
    return code if code in Language.values else Language.THAI


class _NewAccountForm(SetPasswordMixin, forms.Form):
    """Name, password twice, language and consent: what every new account asks."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As it should appear on your proposals and reviews."),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )
    language = _language_field()
    consent = _consent_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _consent_label()
        self.fields["language"].initial = _current_language()

    def email_for_validation(self) -> str:
        """The address the password must not resemble; each subclass knows where it is."""
        return ""

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        # The validators compare the password with the name and address, so build the user.
        person = User(email=self.email_for_validation(), full_name=cleaned_data.get("full_name"))
        self.validate_password_for_user(person)
        return cleaned_data

    def account_fields(self) -> dict:
        return {
            "full_name": self.cleaned_data["full_name"],
            "password": self.cleaned_data["password1"],
            "language": self.cleaned_data["language"],
        }


class LoginForm(allauth_forms.LoginForm):
    """allauth's login by email, the address field focused as the page opens."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autofocus"] = True


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up (email, password twice) with the portal's name, language and consent.

    An address that has an account already is not said so here (that would tell anybody who
    has an account): allauth shows the usual "check your email" page and writes to the
    owner of the address instead.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As it should appear on your proposals and reviews."),
    )
    language = _language_field()
    consent = _consent_field()

    field_order = ["email", "full_name", "password1", "password2", "language", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _("You will log in with this address.")
        self.fields["consent"].label = _consent_label()
        self.fields["language"].initial = _current_language()

    def save(self, request) -> User:
        """The account through portal.services (applicant role, consent), then allauth's
        unverified address, whose verification link allauth sends next."""
        email = self.cleaned_data["email"]
        if self.account_already_exists:
            raise ValueError(email)
        user = services.register_applicant(
            email=email,
            full_name=self.cleaned_data["full_name"],
            password=self.cleaned_data["password1"],
            language=self.cleaned_data["language"],
        )
        setup_user_email(request, user, [EmailAddress(email=user.email)])
        return user


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


class AcceptInvitationForm(_NewAccountForm):
    """A new account for the invited address; the address itself is not editable."""

    def __init__(self, *args, invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)
        self.fields["full_name"].initial = invitation.full_name
        self.fields["language"].initial = invitation.language

    def email_for_validation(self) -> str:
        return self.invitation.email


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = _language_field()
    reminders_enabled = forms.BooleanField(
        label=_("Send me deadline reminders"),
        required=False,
        help_text=_("Receipts, assignments and results are always sent."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Used to greet them in the email; they can correct it when they accept."),
    )
    role = forms.ChoiceField(label=_("Invite as"), choices=[])
    language = forms.ChoiceField(label=_("Language of the email"), choices=Language.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in INVITABLE_ROLES]
        self.fields["language"].initial = _current_language()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned_data = super().clean()
        email, role = cleaned_data.get("email"), cleaned_data.get("role")
        if not email or not role:
            return cleaned_data
        person = user_with_email(email)
        if person is not None and person.has_role(role):
            self.add_error(
                "email",
                gettext("%(person)s already holds this role.") % {"person": person.email},
            )
        elif has_pending_invitation(email, role):
            self.add_error(
                "email",
                gettext(
                    "This address already has a pending invitation for this role. Resend it "
                    "from the list of invitations instead."
                ),
            )
        return cleaned_data


class ErasureForm(forms.Form):
    """Erasing an account: the password again, and a tick that says they understand."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and cannot be restored."),
        required=True,
        initial=False,
    )
