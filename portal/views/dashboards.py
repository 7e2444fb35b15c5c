"""Role dashboards: one page per role, made of the panels the apps register for it."""

from django.shortcuts import redirect, render

from portal.access import check, guard
from portal.enums import Role
from portal.panels import render_panels


@guard()  # any signed-in person
def dashboard(request):
    """Send the person to the dashboard of their main role."""
    role = request.user.primary_role
    if role is None:
        return render(request, "portal/no_role.html")
    return redirect("portal:role_dashboard", role=role)


@guard()  # signed in; the role in the address is checked below
def role_dashboard(request, role: str):
    # A role is not a row to load: a made-up one is not found, another's dashboard refused.
    check(request.user, role, perm="portal.view_dashboard", see="portal.see_dashboard")
    context = {
        "role": Role(role),
        "panels": render_panels(f"dashboard:{role}", request),
    }
    return render(request, "portal/dashboard.html", context)
