"""Role dashboards: one page per role, made of the panels the apps register for it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from portal.enums import Role
from portal.panels import render_panels


@login_required
def dashboard(request):
    """Send the person to the dashboard of their main role."""
    role = request.user.primary_role
    if role is None:
        return render(request, "portal/no_role.html")
    return redirect("portal:role_dashboard", role=role)


@login_required
def role_dashboard(request, role: str):
    if role not in Role.values:
        raise Http404("No such role.")
    if not request.user.has_perm("portal.view_dashboard", role):
        raise PermissionDenied
    context = {
        "role": Role(role),
        "panels": render_panels(f"dashboard:{role}", request),
    }
    return render(request, "portal/dashboard.html", context)
