"""Officers invite reviewers and committee members; the invited person accepts by link."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import services
from portal.forms import AcceptInvitationForm, InvitationForm
from portal.models import Invitation
from portal.queries import email_is_registered, invitations_visible_to

from .accounts import log_in_new_person

INVITATIONS_PER_PAGE = 25


def _require_inviter(request) -> None:
    if not request.user.has_perm("portal.invite_people"):
        raise PermissionDenied


@login_required
def invitation_list(request):
    _require_inviter(request)
    page = Paginator(invitations_visible_to(request.user), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/invitation_list.html", {"page": page})


@login_required
def invitation_create(request):
    _require_inviter(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite_person(invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Invitation sent to %(email)s as %(role)s.")
            % {"email": invitation.email, "role": invitation.get_role_display()},
        )
        return redirect("portal:invitation_list")
    context = {"form": form, "invitation_valid_days": settings.INVITATION_VALID_DAYS}
    return render(request, "portal/invitation_form.html", context)


@require_POST
@login_required
def invitation_resend(request, pk: int):
    _require_inviter(request)
    invitation = get_object_or_404(invitations_visible_to(request.user), pk=pk)
    if not request.user.has_perm("portal.resend_invitation", invitation):
        raise PermissionDenied
    try:
        services.resend_invitation(invitation)
    except services.InvitationNotUsable:
        messages.error(request, _("This invitation has been accepted; there is nothing to resend."))
    else:
        messages.success(
            request,
            _("Invitation sent again to %(email)s.") % {"email": invitation.email},
        )
    return redirect("portal:invitation_list")


def _unusable(request, invitation: Invitation):
    return render(
        request, "portal/invitation_unusable.html", {"invitation": invitation}, status=410
    )


def invitation_accept(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("invited_by"), token=token)
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
        except services.InvitationNotUsable as refusal:
            return _unusable(request, refusal.invitation)
        except services.EmailAlreadyRegistered:
            return redirect(invitation)  # an account appeared meanwhile: the page asks to log in
        with translation.override(user.language):  # the language of the next page
            messages.success(request, _("Welcome! Your account is ready."))
        return log_in_new_person(request, user)
    context = {"invitation": invitation, "mode": "new_account", "form": form}
    return render(request, "portal/invitation_accept.html", context)


def _accept_signed_in(request, invitation: Invitation):
    if not request.user.has_perm("portal.accept_invitation", invitation):
        # The invitation is usable, so the address is what differs.
        context = {"invitation": invitation, "mode": "other_account"}
        return render(request, "portal/invitation_accept.html", context, status=403)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, user=request.user)
        except services.InvitationNotUsable as refusal:
            return _unusable(request, refusal.invitation)
        messages.success(
            request,
            _("Invitation accepted. Your new role: %(role)s.")
            % {"role": invitation.get_role_display()},
        )
        return redirect("portal:role_dashboard", role=invitation.role)
    context = {"invitation": invitation, "mode": "confirm"}
    return render(request, "portal/invitation_accept.html", context)
