"""What the public pages and the open data read about funded projects.

The source of "funded" is `reviews.queries.funded_projects()` (the awarded proposals of
published results). A project's place is its target area's province, else its
organisation's. Its status and outcomes come from one function, `project_facts`.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import pgettext_lazy

from grants.enums import ApplicantType
from grants.models import Province
from reviews.models import Publication
from reviews.queries import funded_projects


@dataclass(frozen=True)
class ProjectFacts:
    """What happened after the award: the status and the outcomes reported."""

    status: str
    status_label: str
    outcomes: list[str] = field(default_factory=list)


LATIN = re.compile(r"[A-Za-z]")
FUNDED = "funded"
STATUS_LABELS = {FUNDED: pgettext_lazy("project status", "Funded")}


def project_facts(proposal_ids) -> dict[int, ProjectFacts]:
    """Each funded project's status and reported outcomes, by proposal id.

    Today every project is "funded" (its results are published) with no outcome reported;
    the grant's own facts (awards.queries.public_grant_facts(proposal_ids)) replace this
    when they exist. No query: callers may pass a page or all 20,000 projects.
    """
    return {
        pk: ProjectFacts(status=FUNDED, status_label=str(STATUS_LABELS[FUNDED]))
        for pk in proposal_ids
    }


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
