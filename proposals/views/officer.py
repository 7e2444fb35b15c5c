"""The officer's pages: a call's proposals (filters, counts, export, bulk screening) and one
proposal (everything in it, the log, screening, requests for information, extensions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.models import Call, Province, Sector

from .. import exports
from ..diff import diff_versions
from ..filters import ProposalFilter
from ..forms import BulkScreeningForm, ExtensionForm, InformationRequestForm, ScreeningForm
from ..models import Answer, Proposal, ProposalEvent, ProposalVersion
from ..queries import received_proposals
from ..rules import officer_of_received
from ..services import screening
from ..states import ProposalStateError

PROPOSALS_PER_PAGE = 25


def _managed_call(request, slug: str) -> Call:
    """The call, when the user manages its proposals: 404 for a draft call, 403 otherwise."""
    call = get_object_or_404(Call, slug=slug)
    if request.user.has_perm("proposals.manage_proposals", call):
        return call
    if not request.user.has_perm("grants.view_call", call):
        raise Http404
    raise PermissionDenied


def _filtered(request, call: Call) -> ProposalFilter:
    return ProposalFilter(request.GET, queryset=received_proposals(call), request=request)


def breakdown(queryset, field: str, model) -> list[dict]:
    """How many proposals of `queryset` have each value of `field` (one grouped query, and
    one for the names): [{"item": Sector, "count": 3}, ...], the most frequent first."""
    counts = dict(
        queryset.order_by()
        .values_list(field)
        .annotate(count=Count("pk"))
        .values_list(field, "count")
    )
    items = model.objects.in_bulk([pk for pk in counts if pk is not None])
    result = [{"item": items[pk], "count": n} for pk, n in counts.items() if pk is not None]
    result.sort(key=lambda row: (-row["count"], str(row["item"])))
    if counts.get(None):
        result.append({"item": None, "count": counts[None]})
    return result


@login_required
def call_proposals(request, slug):
    call = _managed_call(request, slug)
    filterset = _filtered(request, call)
    queryset = filterset.qs
    paginator = Paginator(
        queryset.select_related("organisation", "province", "primary_sector"), PROPOSALS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/officer/call_proposals.html",
        {
            "call": call,
            "filter": filterset,
            "page_obj": page,
            "proposals": page.object_list,
            "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
            "by_sector": breakdown(queryset, "primary_sector", Sector),
            "by_province": breakdown(queryset, "province", Province),
            "ordering": request.GET.get("o", ""),
            "bulk_form": BulkScreeningForm(),
        },
    )


@login_required
def call_proposals_csv(request, slug):
    call = _managed_call(request, slug)
    response = StreamingHttpResponse(
        exports.csv_lines(_filtered(request, call).qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-proposals.csv"'
    return response


@login_required
def call_proposals_xlsx(request, slug):
    call = _managed_call(request, slug)
    response = HttpResponse(
        exports.xlsx_bytes(_filtered(request, call).qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-proposals.xlsx"'
    return response


@require_POST
@login_required
def call_proposals_screen(request, slug):
    call = _managed_call(request, slug)
    form = BulkScreeningForm(request.POST)
    back = reverse("proposals:call_proposals", kwargs={"slug": call.slug})
    if request.POST.get("next", "").startswith("?"):
        back += request.POST["next"]
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    chosen = received_proposals(call).filter(pk__in=form.cleaned_data["ids"]).order_by("pk")
    allowed = [p for p in chosen if request.user.has_perm("proposals.screen_proposal", p)]
    result = screening.screen_proposals(
        allowed,
        eligible=form.cleaned_data["action"] == "eligible",
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    skipped = result.skipped + [
        (p, _("It cannot be screened now.")) for p in chosen if p not in allowed
    ]
    messages.success(
        request,
        ngettext("%(count)d proposal screened.", "%(count)d proposals screened.", result.done_count)
        % {"count": result.done_count},
    )
    for proposal, reason in skipped:
        messages.warning(
            request,
            _("Skipped %(reference)s: %(reason)s")
            % {"reference": proposal.reference or proposal.pk, "reason": reason},
        )
    return redirect(back)


def _officer_proposal(request, pk: int) -> Proposal:
    """The proposal, when the user is an officer of its call and it was received; else 404."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "call",
            "organisation",
            "organisation__province",
            "province",
            "primary_sector",
            "screened_by",
        ),
        pk=pk,
    )
    if not officer_of_received.test(request.user, proposal):
        raise Http404
    return proposal


@login_required
def officer_proposal(request, pk):
    proposal = _officer_proposal(request, pk)
    return _render_proposal(request, proposal)


def _render_proposal(request, proposal, **forms):
    budget_lines = list(proposal.budget_lines.all())
    answers = Answer.objects.filter(proposal=proposal).select_related("attachment")
    answers = sorted(answers, key=lambda a: (a.question_snapshot.get("position", 0), a.pk))
    now = timezone.localtime()
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "organisation": proposal.organisation,
        "sectors": list(proposal.sectors.all()),
        "budget_lines": budget_lines,
        "budget_total": proposal.budget_lines.aggregate(total=Sum("amount"))["total"],
        "team": list(proposal.team.all()),
        "outcomes": list(proposal.outcomes.all()),
        "answers": answers,
        "attachments": list(proposal.attachments.all()),
        "events": list(ProposalEvent.objects.filter(proposal=proposal).select_related("by")),
        "versions": list(
            ProposalVersion.objects.filter(proposal=proposal)
            .select_related("submitted_by")
            .defer("data")
        ),
        "screening_form": forms.get("screening_form")
        or ScreeningForm(initial={"reason": proposal.screening_reason}),
        "info_form": forms.get("info_form") or InformationRequestForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "now": now,
    }
    status = 400 if forms else 200
    return render(request, "proposals/officer/proposal.html", context, status=status)


def _action(request, pk: int, permission: str) -> Proposal:
    proposal = _officer_proposal(request, pk)
    if not request.user.has_perm(permission, proposal):
        raise PermissionDenied
    return proposal


def _apply(request, proposal, form, form_name: str, action, done: str):
    """Validate `form`, run `action(**cleaned_data)`; the page again with errors otherwise."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(field if field in form.fields else None, item)
            else:
                form.add_error(None, error)
        except ProposalStateError as error:
            messages.error(request, str(error))
            return redirect("proposals:officer_proposal", pk=proposal.pk)
        else:
            messages.success(request, done)
            return redirect("proposals:officer_proposal", pk=proposal.pk)
    return _render_proposal(request, proposal, **{form_name: form})


@require_POST
@login_required
def officer_screen(request, pk):
    proposal = _action(request, pk, "proposals.screen_proposal")
    form = ScreeningForm(request.POST)
    return _apply(
        request,
        proposal,
        form,
        "screening_form",
        lambda eligible, reason: screening.screen_proposal(
            proposal, eligible=eligible, reason=reason, by=request.user
        ),
        _("The screening is saved."),
    )


@require_POST
@login_required
def officer_request_information(request, pk):
    proposal = _action(request, pk, "proposals.request_information")
    form = InformationRequestForm(request.POST)
    return _apply(
        request,
        proposal,
        form,
        "info_form",
        lambda message, due: screening.request_information(
            proposal, message=message, due=due, by=request.user
        ),
        _("The applicant is asked for more information."),
    )


@require_POST
@login_required
def officer_grant_extension(request, pk):
    proposal = _action(request, pk, "proposals.grant_extension")
    form = ExtensionForm(request.POST)
    return _apply(
        request,
        proposal,
        form,
        "extension_form",
        lambda until, reason: screening.grant_extension(
            proposal, until=until, reason=reason, by=request.user
        ),
        _("The extension is granted."),
    )


@login_required
def officer_version_diff(request, pk, number):
    proposal = _officer_proposal(request, pk)
    versions = {
        v.number: v
        for v in ProposalVersion.objects.filter(proposal=proposal, number__in=[number - 1, number])
    }
    if number not in versions:
        raise Http404
    new = versions[number]
    old = versions.get(number - 1)
    changes = diff_versions(old.data if old else {}, new.data)
    return render(
        request,
        "proposals/officer/version_diff.html",
        {"proposal": proposal, "old": old, "new": new, "changes": changes},
    )
