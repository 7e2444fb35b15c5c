"""The organisation's team: who belongs with which role, invitations, and joining by link.

Members see the team page; its owners invite, cancel invitations, change roles and remove
people; anybody may leave. To anybody else the organisation does not exist (404).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard
from portal.queries import email_is_registered
from portal.refusals import Refusal, attempt, show_refusal, submit_form

from ..forms import MemberRoleForm, TeamInvitationForm
from ..models import Organisation, OrganisationMembership, TeamInvitation
from ..queries import pending_invitations, role_in, team_of
from ..services import team

ORGANISATION = Load(Organisation, pk="pk")
MEMBERSHIP = Load(OrganisationMembership.objects.select_related("organisation", "user"), pk="pk")
INVITATION = Load(TeamInvitation.objects.select_related("organisation"), pk="pk")


def _team_page(request, organisation, *, form=None, status=200):
    memberships = list(team_of(organisation))
    can_manage = request.user.has_perm("proposals.manage_team", organisation)
    context = {
        "organisation": organisation,
        "memberships": [
            (m, MemberRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in memberships
        ],
        "invitations": list(pending_invitations(organisation)),
        "my_role": role_in(request.user, organisation),
        "can_manage": can_manage,
        "form": form or (TeamInvitationForm() if can_manage else None),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    return render(request, "proposals/team.html", context, status=status)


@guard("proposals.view_team", load=ORGANISATION)
def team_page(request, organisation):
    return _team_page(request, organisation)


@login_required
@require_POST
@guard("proposals.manage_team", load=ORGANISATION, see="proposals.view_team")
def team_invite(request, organisation):
    form = TeamInvitationForm(request.POST)
    invitation = submit_form(request, form, team.invite_to_team, organisation, by=request.user)
    if not invitation:
        return _team_page(request, organisation, form=form)
    messages.success(
        request,
        _("Invitation sent to %(email)s as %(role)s.")
        % {"email": invitation.email, "role": invitation.get_role_display()},
    )
    return redirect("proposals:team", pk=organisation.pk)


@login_required
@require_POST
@guard("proposals.cancel_team_invitation", load=INVITATION, see="proposals.view_team_invitation")
def team_invitation_cancel(request, invitation):
    attempt(
        request,
        team.cancel_team_invitation,
        invitation,
        by=request.user,
        success=_("The invitation to %(email)s is cancelled.") % {"email": invitation.email},
    )
    return redirect("proposals:team", pk=invitation.organisation_id)


@login_required
@require_POST
@guard("proposals.manage_membership", load=MEMBERSHIP, see="proposals.view_membership")
def member_role(request, membership):
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    name = membership.user.full_name or membership.user.email
    if form.is_valid():
        changed = attempt(
            request,
            team.change_member_role,
            membership,
            role=form.cleaned_data["role"],
            by=request.user,
        )
        if changed:
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": name, "role": changed.get_role_display()},
            )
    else:
        messages.error(request, _("Choose one of the roles."))
    return redirect("proposals:team", pk=membership.organisation_id)


@login_required
@require_POST
@guard("proposals.manage_membership", load=MEMBERSHIP, see="proposals.view_membership")
def member_remove(request, membership):
    name = membership.user.full_name or membership.user.email
    attempt(
        request,
        team.remove_member,
        membership,
        by=request.user,
        success=_("%(name)s is no longer a member of the organisation.") % {"name": name},
    )
    return redirect("proposals:team", pk=membership.organisation_id)


@login_required
@require_POST
@guard("proposals.view_team", load=ORGANISATION)
def team_leave(request, organisation):
    if request.POST.get("confirm") != "1":  # the button says what it does; nothing else leaves
        return redirect("proposals:team", pk=organisation.pk)
    if not attempt(
        request,
        team.leave_organisation,
        organisation,
        user=request.user,
        success=_("You have left %(name)s.") % {"name": organisation.name},
    ):
        return redirect("proposals:team", pk=organisation.pk)
    return redirect("portal:dashboard")


BY_TOKEN = Load(
    TeamInvitation.objects.select_related("organisation", "invited_by"),
    token="token",  # noqa: S106 - the name of the URL argument, not a password
)


def _with_next(name: str, path: str, **query: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': path, **query}, safe='/')}"


# The link in the email is the key: whoever holds it may open the page (an unknown token is
# a 404). Signed out, it asks them to log in or to sign up, and brings them back here; signed
# in with the invited address, they accept with one button.
@guard(load=BY_TOKEN, login=False)
def team_join(request, invitation):
    context = {"invitation": invitation, "organisation": invitation.organisation}
    if not invitation.is_usable:
        context["reason"] = str(team.invitation_refusal(invitation))
        context |= {"mode": "unusable"}
        return render(request, "proposals/team_join.html", context, status=410)
    if not request.user.is_authenticated:
        mode = "log_in" if email_is_registered(invitation.email) else "sign_up"
        context |= {
            "mode": mode,
            "login_url": _with_next("login", request.path),
            # The sign-up form starts with the invited address (allauth reads ?email=).
            "signup_url": _with_next("portal:signup", request.path, email=invitation.email),
        }
        return render(request, "proposals/team_join.html", context)
    if request.user.email.lower() != invitation.email:
        return render(request, "proposals/team_join.html", context | {"mode": "other"}, status=403)
    if request.method == "POST":
        try:
            team.accept_team_invitation(invitation, user=request.user)
        except Refusal as refusal:  # accepted, cancelled or expired meanwhile
            show_refusal(request, refusal)
            return redirect(invitation)
        messages.success(
            request,
            _("Welcome to %(name)s. Your role: %(role)s.")
            % {"name": invitation.organisation.name, "role": invitation.get_role_display()},
        )
        return redirect("proposals:team", pk=invitation.organisation_id)
    return render(request, "proposals/team_join.html", context | {"mode": "confirm"})
