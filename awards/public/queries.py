"""What the public pages and the open data read about funded projects.

The source of "funded" is `reviews.queries.funded_projects()` (the awarded proposals of
published results). A project's place is its target area's province, else its
organisation's. Its status and outcomes come from one function, `project_facts`.
"""

import re
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from awards.enums import GrantState
from awards.queries import public_grant_facts
from grants.enums import ApplicantType
from grants.models import Province
from reviews.models import Publication
from reviews.queries import funded_projects


@dataclass(frozen=True)
class ProjectFacts:
    """What happened after the award: the status and the outcomes reported."""

    status: str  # "funded", or the grant's state (awards.enums.GrantState)
    status_label: str
    outcomes: list[str] = field(default_factory=list)


LATIN = re.compile(r"[A-Za-z]")
FUNDED = "funded"
STATUS_LABELS = {FUNDED: pgettext_lazy("project status", "Funded")}


def project_facts(proposal_ids) -> dict[int, ProjectFacts]:
    """Each funded project's status and reported outcomes, by proposal id.

    A project with a grant (awards.queries.public_grant_facts) has the grant's state and, once
    its final report is approved, its outcomes; one without (an earlier round, before the
    portal ran its grants) is "funded". Two queries, whatever the number of projects.
    """
    ids = list(proposal_ids)
    grants = public_grant_facts(ids)
    return {pk: _facts(grants.get(pk)) for pk in ids}


def _facts(grant: dict | None) -> ProjectFacts:
    if grant is None:
        return ProjectFacts(status=FUNDED, status_label=str(STATUS_LABELS[FUNDED]))
    return ProjectFacts(
        status=grant["state"],
        status_label=str(GrantState(grant["state"]).label),
        outcomes=_outcome_lines(grant["outcomes"]),
    )


def _outcome_lines(outcomes: dict | None) -> list[str]:
    """The approved final report's outcomes as the project page lists them."""
    if not outcomes:
        return []
    lines = [_("People reached: %(people)s") % {"people": intcomma(outcomes["people"])}]
    if outcomes.get("social_return") is not None:
        lines.append(
            _("Social return on investment: %(ratio)s")
            % {"ratio": f"{outcomes['social_return']:.2f}"}
        )
    for label, text in (
        (_("Lessons learned"), outcomes.get("lessons")),
        (_("Recommendations for scaling to other areas"), outcomes.get("recommendations")),
    ):
        if text:
            lines.append(f"{label}: {text}")
    return lines


def projects() -> QuerySet:
    """Every funded project, with `area_id`: the province it is counted in."""
    return (
        funded_projects()
        .select_related("call__publication")
        .annotate(
            area_id=Coalesce("province_id", "organisation__province_id"),
            amount=F("decision__amount"),
        )
    )


def in_province(queryset: QuerySet, province: Province) -> QuerySet:
    return queryset.filter(area_id=province.pk)


def in_region(queryset: QuerySet, region: str) -> QuerySet:
    return queryset.filter(
        Q(province__region=region) | Q(province__isnull=True, organisation__province__region=region)
    )


def matching_words(queryset: QuerySet, text: str) -> QuerySet:
    """Projects whose reference, title, summary or organisation has every word of `text`.
    An individual's name is not searched: it is not shown either (`public_organisation`)."""
    named = ~Q(organisation__type=ApplicantType.INDIVIDUAL)
    for word in text.split():
        # Thai has no letter case: a plain LIKE, without upper-casing every row.
        lookup = "icontains" if LATIN.search(word) else "contains"
        queryset = queryset.filter(
            Q(**{f"reference__{lookup}": word})
            | Q(**{f"title__{lookup}": word})
            | Q(**{f"summary__{lookup}": word})
            | (named & Q(**{f"organisation__name__{lookup}": word}))
        )
    return queryset


@dataclass(frozen=True)
class ProvinceTotal:
    count: int
    amount: object  # Decimal baht


def province_totals(queryset: QuerySet) -> dict[int, ProvinceTotal]:
    """Number and amount of the projects in `queryset` by province id: one query."""
    rows = (
        queryset.order_by()
        .values("area_id")
        .annotate(count=Count("pk"), total=Sum("decision__amount"))
        .values_list("area_id", "count", "total")
    )
    return {area: ProvinceTotal(count, total or 0) for area, count, total in rows if area}


def funded_years() -> list[int]:
    """The years (Common Era, Bangkok time) in which results with funded projects came out.
    Read from the few publications, not the many projects."""
    funded = funded_projects().order_by().filter(call=OuterRef("call"))
    publications = Publication.objects.filter(Exists(funded))
    return [moment.year for moment in publications.datetimes("published_at", "year", order="DESC")]


def in_order(pks: list[int]) -> list:
    """The funded projects `pks`, in that order: a page is sorted and cut on the ids alone
    (narrow rows), then its twenty projects are read whole."""
    found = {project.pk: project for project in projects().filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def public_organisation(proposal) -> str:
    """The organisation's name as the public pages and the open data print it: none for an
    individual applicant, whose name is personal data."""
    organisation = proposal.organisation
    if organisation.type == ApplicantType.INDIVIDUAL:
        return ""
    return organisation.name


def project_province(proposal) -> Province | None:
    return proposal.province or proposal.organisation.province


@dataclass(frozen=True)
class ProjectRow:
    """A funded project as the public pages show it."""

    project: object  # proposals.Proposal, from projects()
    facts: ProjectFacts
    organisation: str  # empty for an individual
    province: Province | None


def project_rows(proposals) -> list[ProjectRow]:
    proposals = list(proposals)
    facts = project_facts([p.pk for p in proposals])
    return [
        ProjectRow(p, facts[p.pk], public_organisation(p), project_province(p)) for p in proposals
    ]
