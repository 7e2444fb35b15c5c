"""Officers invite reviewers and committee members; the invited person accepts by link."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import services
from portal.access import Load, guard, load
from portal.forms import AcceptInvitationForm, InvitationForm
from portal.models import Invitation
from portal.queries import email_is_registered, invitations_visible_to
from portal.refusals import Refusal, attempt, submit_form

from .accounts import log_in_new_person

INVITATIONS_PER_PAGE = 25


@guard("portal.invite_people")
def invitation_list(request):
    page = Paginator(invitations_visible_to(request.user), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/invitation_list.html", {"page": page})


@guard("portal.invite_people")
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        invitation = submit_form(request, form, services.invite_person, invited_by=request.user)
        if invitation:
            messages.success(
                request,
                _("Invitation sent to %(email)s as %(role)s.")
                % {"email": invitation.email, "role": invitation.get_role_display()},
            )
            return redirect("portal:invitation_list")
    context = {"form": form, "invitation_valid_days": settings.INVITATION_VALID_DAYS}
    return render(request, "portal/invitation_form.html", context)


# Those who do not invite people are refused (403) before any invitation is looked up; an
# inviter is answered 404 for an invitation they may not see, 403 for one they may not resend.
@require_POST
@guard("portal.invite_people")
def invitation_resend(request, pk: int):
    invitation = load(
        request.user,
        Invitation.objects.select_related("invited_by", "accepted_by"),
        perm="portal.resend_invitation",
        see="portal.view_invitation",
        pk=pk,
    )
    attempt(
        request,
        services.resend_invitation,
        invitation,
        success=_("Invitation sent again to %(email)s.") % {"email": invitation.email},
    )
    return redirect("portal:invitation_list")


def _unusable(request, invitation: Invitation):
    return render(
        request, "portal/invitation_unusable.html", {"invitation": invitation}, status=410
    )


BY_TOKEN = Load(
    Invitation.objects.select_related("invited_by"),
    token="token",  # noqa: S106 - the name of the URL argument, not a password
)


# The link in the email is the key: whoever holds it may open the page (an unknown token is
# a 404); what they may do there depends on the invitation and on who they are.
@guard(load=BY_TOKEN, login=False)
def invitation_accept(request, invitation):
    if not invitation.is_usable:
        return _unusable(request, invitation)
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
    if email_is_registered(invitation.email):
        login_url = f"{reverse('login')}?{urlencode({'next': request.path}, safe='/')}"
        context = {"invitation": invitation, "mode": "log_in", "login_url": login_url}
        return render(request, "portal/invitation_accept.html", context)

    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(invitation, **form.account_fields())
        except Refusal as refusal:
            if refusal.code == services.EMAIL_TAKEN:
                return redirect(invitation)  # an account appeared meanwhile: log in instead
            return _unusable(request, invitation)  # accepted or expired meanwhile
        with translation.override(user.language):  # the language of the next page
            messages.success(request, _("Welcome! Your account is ready."))
        return log_in_new_person(request, user)
    context = {"invitation": invitation, "mode": "new_account", "form": form}
    return render(request, "portal/invitation_accept.html", context)


def _other_account(request, invitation: Invitation):
    context = {"invitation": invitation, "mode": "other_account"}
    return render(request, "portal/invitation_accept.html", context, status=403)


def _accept_signed_in(request, invitation: Invitation):
    if not request.user.has_perm("portal.accept_invitation", invitation):
        return _other_account(request, invitation)  # usable, so the address is what differs
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, user=request.user)
        except Refusal as refusal:
            if refusal.code == services.OTHER_EMAIL:
                return _other_account(request, invitation)
            return _unusable(request, invitation)  # accepted or expired meanwhile
        messages.success(
            request,
            _("Invitation accepted. Your new role: %(role)s.")
            % {"role": invitation.get_role_display()},
        )
        return redirect("portal:role_dashboard", role=invitation.role)
    context = {"invitation": invitation, "mode": "confirm"}
    return render(request, "portal/invitation_accept.html", context)
