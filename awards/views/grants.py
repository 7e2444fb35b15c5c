"""The officer's list of grants, a grant's page, and the officer's state changes."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard
from portal.panels import render_panels
from portal.refusals import attempt

from ..filters import GrantFilter
from ..forms import ReasonForm
from ..models import Grant
from ..queries import grants_run_by, with_progress
from ..services import lifecycle

GRANTS_PER_PAGE = 25

# A grant by its id: the grantee's members and the officers of its call see it; for anybody
# else it does not exist (404).
GRANT = Load(Grant.objects.select_related("call", "organisation", "proposal", "officer"))


@guard("awards.view_grant_list")
def grant_list(request):
    grants = with_progress(grants_run_by(request.user))
    filterset = GrantFilter(request.GET, queryset=grants, request=request)
    page = Paginator(filterset.qs, GRANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/grant_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "grants": page.object_list,
            "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
        },
    )


@guard("awards.view_grant", load=GRANT)
def grant_detail(request, grant):
    manages = request.user.has_perm("awards.manage_grant", grant)
    return render(
        request,
        "awards/grant_detail.html",
        {
            "grant": grant,
            "manages": manages,
            "transitions": grant.transitions.select_related("by"),
            "reason_form": ReasonForm() if manages else None,
            # The parts of a grant (agreement, tranches, reports, amendments) add theirs here.
            "grant_panels": render_panels("grant_detail", request, grant=grant),
        },
    )


def _change_state(request, grant, action, success: str):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(request, action, grant, by=request.user, reason=reason, success=success)
    return redirect(grant)


@require_POST
@guard("awards.suspend_grant", load=GRANT, see="awards.view_grant")
def grant_suspend(request, grant):
    return _change_state(request, grant, lifecycle.suspend_grant, _("The grant is suspended."))


@require_POST
@guard("awards.resume_grant", load=GRANT, see="awards.view_grant")
def grant_resume(request, grant):
    return _change_state(request, grant, lifecycle.resume_grant, _("The grant is active again."))


@require_POST
@guard("awards.cancel_grant", load=GRANT, see="awards.view_grant")
def grant_cancel(request, grant):
    return _change_state(request, grant, lifecycle.cancel_grant, _("The grant is cancelled."))
