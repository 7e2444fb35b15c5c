"""Accounts: allauth's pages under the portal's names, the language switcher and "My account".

Sign-up, login, verification, password reset and two-factor authentication are
django-allauth's (portal.account_adapter fits them to the portal: the outbox, the saved
language at login); their templates are the portal's, under templates/account/ and
templates/mfa/.
"""

from allauth.account import views as allauth_views
from allauth.account.internal.flows import email_verification
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as log_in
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from portal import services
from portal.access import guard, public
from portal.forms import ProfileForm
from portal.refusals import submit_form

# Invitations log the new person in without a password check, so login() must be told which
# of the configured backends vouches for them.
MODEL_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """The cookie LocaleMiddleware reads, set as Django's own set_language view sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def log_in_new_person(request, user) -> HttpResponse:
    """Log a just-created account in and go to its dashboard, in its language."""
    log_in(request, user, backend=MODEL_BACKEND)
    return set_language_cookie(redirect("portal:dashboard"), user.language)


# allauth's views under the names the portal (and Django) have always reversed; allauth
# checks the login itself where its view needs one, the guard says so first.
login = public(allauth_views.login)
password_reset = public(allauth_views.password_reset)
password_change = guard()(allauth_views.password_change)
signup = public(allauth_views.signup)  # also at its old address, /signup/


@require_POST
@guard()  # any signed-in person: their own address
def verification_send(request):
    """Send the verification link to the person's address again (allauth's link, through the
    outbox), then back to the page they were on."""
    address = EmailAddress.objects.filter(
        user=request.user, email__iexact=request.user.email
    ).first()
    if address is None or not address.verified:
        if address is None:
            address = EmailAddress.objects.create(
                user=request.user, email=request.user.email, primary=True, verified=False
            )
        # allauth says "sent" itself; it sends one link per few minutes at most.
        if not email_verification.send_verification_email_to_address(request, address):
            messages.info(
                request,
                _(
                    "A link was sent to %(email)s a moment ago. Please wait a few minutes "
                    "before asking for another one, and look in your spam folder too."
                )
                % {"email": address.email},
            )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("portal:profile")
    return redirect(back)


@public
def set_language(request):
    """Django's set_language, which also remembers the choice for a signed-in person."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.save_language_preference(
            request.user, language=request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
        )
    return response


@guard()  # any signed-in person: their own account
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "full_name": user.full_name,
            "language": user.language,
            "reminders_enabled": user.reminders_enabled,
        },
    )
    if request.method == "POST" and submit_form(request, form, services.update_profile, user):
        with translation.override(user.language):  # the language of the next page
            messages.success(request, _("Your account details were saved."))
        return set_language_cookie(redirect("portal:profile"), user.language)
    context = {
        "form": form,
        "roles": request.user.role_grants.order_by("granted_at"),
        "consents": request.user.consents.all(),
    }
    return render(request, "portal/profile.html", context)
