"""Sign-up, login with the saved language, the language switcher and "My account"."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n

from portal import services
from portal.access import guard, public
from portal.forms import (
    EmailAuthenticationForm,
    PortalPasswordResetForm,
    ProfileForm,
    SignupForm,
)
from portal.refusals import attempt, submit_form

# Sign-up and invitations log the new person in without a password check, so login() must be
# told which of the configured backends vouches for them.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


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


def log_in_new_person(request, user, next_url: str = "") -> HttpResponse:
    """Log a just-created account in and go to `next_url` (its dashboard by default), in its
    language."""
    login(request, user, backend=MODEL_BACKEND)
    return set_language_cookie(redirect(next_url or "portal:dashboard"), user.language)


def next_url(request) -> str:
    """The `next` page asked for (an invitation link, say), when it is on this site; else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@public
def signup(request):
    after = next_url(request)  # e.g. an invitation to join an organisation's team
    if request.user.is_authenticated:
        messages.info(request, _("You already have an account and are logged in."))
        return redirect(after or "portal:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # An address taken meanwhile is refused at the email field.
        user = attempt(
            request,
            services.register_applicant,
            form=form,
            email=form.cleaned_data["email"],
            **form.account_fields(),
        )
        if user:
            with translation.override(user.language):  # the language of the next page
                messages.success(
                    request,
                    _("Welcome, %(name)s! Your account is ready.") % {"name": user.full_name},
                )
            return log_in_new_person(request, user, after)
    return render(request, "portal/signup.html", {"form": form, "next": after})


@method_decorator(public, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login by email, then the language the person saved becomes the site's."""

    authentication_form = EmailAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        return set_language_cookie(response, form.get_user().language)


@method_decorator(public, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    subject_template_name = "notifications/password_reset_subject.txt"
    email_template_name = "notifications/password_reset_body.txt"
    html_email_template_name = "notifications/password_reset_body.html"
    success_url = reverse_lazy("password_reset_done")


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
