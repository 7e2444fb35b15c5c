"""The officer's pages: a call's proposals (filters, counts, export, bulk screening) and one
proposal (everything in it, the log, screening, requests for information, extensions)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from grants.models import Call, Province, Sector
from portal.access import Load, check, guard, load
from portal.audit import record_export
from portal.refusals import attempt, submit_form
from portal.thai.passages import matching_passages

from .. import exports
from ..diff import diff_versions
from ..filters import ProposalFilter
from ..forms import (
    BulkScreeningForm,
    ExtensionForm,
    InformationRequestForm,
    LateExtensionForm,
    ScreeningForm,
)
from ..models import Answer, Proposal, ProposalEvent, ProposalVersion, SimilarProposal
from ..queries import late_drafts, received_proposals, similar_proposals
from ..search import INDEX_FIELDS, full_text, index_first, snippet
from ..services import screening

PROPOSALS_PER_PAGE = 25

# A call's proposals: for those who run it; 403 to others, 404 where the call is a draft.
MANAGE = "proposals.manage_proposals"
CALL = Load(Call, slug="slug")
# One proposal: only the officers of its call, once it arrived; 404 to anybody else.
RECEIVED = "proposals.view_received_proposal"
PROPOSAL = Load(
    Proposal.objects.select_related(
        "call",
        "organisation",
        "organisation__province",
        "province",
        "primary_sector",
        "screened_by",
    ),
    pk="pk",
)


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
    return _named_counts(counts, model)


def breakdowns(queryset, *pairs: tuple[str, type]) -> tuple[int, list[list[dict]]]:
    """The number of proposals in `queryset` and, for each (field, model) of `pairs`, its
    `breakdown`, from ONE grouped query over the fields together (a few hundred groups at
    most) instead of a count and a query per field; and one query per model for the names."""
    fields = [field for field, _model in pairs]
    groups = list(
        queryset.order_by()
        .values_list(*fields)
        .annotate(count=Count("pk"))
        .values_list(*fields, "count")
    )
    total = sum(group[-1] for group in groups)
    result = []
    for index, (_field, model) in enumerate(pairs):
        counts: dict = {}
        for group in groups:
            counts[group[index]] = counts.get(group[index], 0) + group[-1]
        result.append(_named_counts(counts, model))
    return total, result


def _named_counts(counts: dict, model) -> list[dict]:
    items = model.objects.in_bulk([pk for pk in counts if pk is not None])
    result = [{"item": items[pk], "count": n} for pk, n in counts.items() if pk is not None]
    result.sort(key=lambda row: (-row["count"], str(row["item"])))
    if counts.get(None):
        result.append({"item": None, "count": counts[None]})
    return result


def is_search(request) -> bool:
    """The officer searched for words (the filter's `q`)."""
    return bool(request.GET.get("q", "").strip())


@guard(MANAGE, load=CALL, see="grants.view_call")
def call_proposals(request, call):
    with index_first(is_search(request)):  # the page counts and lists what the search found
        return _render_call_proposals(request, call)


class CountedPaginator(Paginator):
    """A paginator told its count (worked out with the breakdowns) instead of asking."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class IdsFirst:
    """A list whose page is read in one query of two steps: the page's ids, chosen from the
    filtered and ordered set `filtered`, then only those rows as `rows` reads them.

    The ids of a call's proposals in reference, amount or submission order come from the
    index `proposal_call_state_cover` alone (migration proposals 0013); only the page's rows
    are read from the table, instead of every row of the filtered set to sort them."""

    ordered = True  # for the paginator: `filtered` is ordered

    def __init__(self, filtered, rows) -> None:
        self.filtered = filtered
        self.rows = rows

    def __getitem__(self, window: slice):
        ids = self.filtered.values("pk")[window]
        return self.rows.filter(pk__in=ids).order_by(*self.filtered.query.order_by)


def _render_call_proposals(request, call, late_form=None):
    filterset = _filtered(request, call)
    queryset = filterset.qs
    # The count of the list and its counts per sector and per province: one grouped query.
    total, (by_sector, by_province) = breakdowns(
        queryset, ("primary_sector", Sector), ("province", Province)
    )
    query = request.GET.get("q", "").strip()
    shown = ("organisation", "province", "primary_sector")
    if query:  # ordered by its rank, an annotation of `queryset`: the page in one step
        listed = queryset.select_related(*shown).defer(*INDEX_FIELDS)
    else:
        listed = IdsFirst(queryset, Proposal.objects.select_related(*shown).defer(*INDEX_FIELDS))
    paginator = CountedPaginator(listed, PROPOSALS_PER_PAGE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    if query:
        page.object_list = list(page.object_list.prefetch_related("answers", "attachments"))
        for proposal in page.object_list:
            proposal.snippet = snippet(proposal, query)
    return render(
        request,
        "proposals/officer/call_proposals.html",
        {
            "call": call,
            "filter": filterset,
            "page_obj": page,
            "proposals": page.object_list,
            "is_filtered": any(request.GET.get(name) for name in filterset.form.fields),
            "by_sector": by_sector,
            "by_province": by_province,
            "ordering": request.GET.get("o", ""),
            "bulk_form": BulkScreeningForm(),
            "late_drafts": late_drafts(call),
            "late_form": late_form or LateExtensionForm(drafts=late_drafts(call)),
        },
        status=400 if late_form else 200,
    )


@require_POST
@guard(MANAGE, load=CALL, see="grants.view_call")
def call_late_extension(request, call):
    """An extension for a draft that missed the deadline, chosen by its organisation: the
    officer never sees the draft itself (officer_proposal stays 404 for a draft)."""
    form = LateExtensionForm(request.POST, drafts=late_drafts(call))
    if form.is_valid():
        proposal = form.cleaned_data["proposal"]
        proposal.call = call
        check(request.user, proposal, perm="proposals.grant_extension")
        done = _("The extension is granted to %(organisation)s.") % {
            "organisation": proposal.organisation.name
        }
        granted = attempt(
            request,
            screening.grant_extension,
            proposal,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            form=form,
            success=done,
        )
        if granted:
            url = reverse("proposals:call_proposals", kwargs={"slug": call.slug})
            return redirect(f"{url}#late-drafts")
    return _render_call_proposals(request, call, late_form=form)


@guard(MANAGE, load=CALL, see="grants.view_call")
def call_proposals_csv(request, call):
    response = StreamingHttpResponse(
        exports.csv_lines(_filtered(request, call).qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-proposals.csv"'
    record_export(request, call, name="proposals.csv")
    return response


@guard(MANAGE, load=CALL, see="grants.view_call")
def call_proposals_xlsx(request, call):
    with index_first(is_search(request)):
        content = exports.xlsx_bytes(_filtered(request, call).qs)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.code}-proposals.xlsx"'
    record_export(request, call, name="proposals.xlsx")
    return response


@require_POST
@guard(MANAGE, load=CALL, see="grants.view_call")
def call_proposals_screen(request, call):
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
    result = attempt(
        request,
        screening.screen_proposals,
        allowed,
        eligible=form.cleaned_data["action"] == "eligible",
        reason=form.cleaned_data["reason"],
        by=request.user,
    )
    if not result:
        return redirect(back)
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


@guard(RECEIVED, load=PROPOSAL)
def officer_proposal(request, proposal):
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
        "similar": list(similar_proposals(proposal)),
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


def _back_to(proposal):
    return redirect("proposals:officer_proposal", pk=proposal.pk)


# Each action's form, by the name the proposal page shows it under.
FORM_NAMES = {
    ScreeningForm: "screening_form",
    InformationRequestForm: "info_form",
    ExtensionForm: "extension_form",
}


def _officer_action(request, proposal, form_class, action, done: str):
    """Validate the action's form and run its service; back to the proposal, or the page
    again with the form's errors (and what was typed) in its place."""
    form = form_class(request.POST)
    if submit_form(request, form, action, proposal, by=request.user, success=done):
        return _back_to(proposal)
    return _render_proposal(request, proposal, **{FORM_NAMES[form_class]: form})


@require_POST
@guard("proposals.screen_proposal", load=PROPOSAL, see=RECEIVED)
def officer_screen(request, proposal):
    done = _("The screening is saved.")
    return _officer_action(request, proposal, ScreeningForm, screening.screen_proposal, done)


@require_POST
@guard("proposals.request_information", load=PROPOSAL, see=RECEIVED)
def officer_request_information(request, proposal):
    done = _("The applicant is asked for more information.")
    action = screening.request_information
    return _officer_action(request, proposal, InformationRequestForm, action, done)


# Received proposals only: this page shows the proposal. A draft that missed the deadline is
# extended from the call's page (call_late_extension), which shows nothing of it.
@require_POST
@guard(RECEIVED, load=PROPOSAL)
def officer_grant_extension(request, proposal):
    done = _("The extension is granted.")
    return _officer_action(request, proposal, ExtensionForm, screening.grant_extension, done)


@guard(RECEIVED, load=PROPOSAL)
def officer_version_diff(request, proposal, number):
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


@guard(RECEIVED, load=PROPOSAL)
def officer_similar(request, proposal, other):
    """A near-duplicate found at screening, its passages beside the proposal's. The other
    proposal may be of a call the officer does not run: they see the passages that match
    and its reference, and a link only where they may open it."""
    match = load(
        request.user,
        SimilarProposal.objects.select_related("other__call", "other__organisation"),
        perm=None,
        proposal=proposal,
        other_id=other,
    )
    return render(
        request,
        "proposals/officer/similar.html",
        {
            "proposal": proposal,
            "match": match,
            "other": match.other,
            "may_open_other": request.user.has_perm(RECEIVED, match.other),
            "pairs": matching_passages(full_text(proposal), full_text(match.other)),
        },
    )
