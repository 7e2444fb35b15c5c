"""What the API answers, field by field. The OpenAPI document is generated from these
classes and every response is validated against them.

Text that people type is given in both languages where the portal stores both (`_th`,
`_en`: English may be empty); amounts are baht as decimal strings ("100000.00"); times are
ISO 8601 with the Bangkok offset. Public schemas carry no person's name, email, phone or tax
ID: an applicant organisation of the type "individual" is shown without its name.
"""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from grants.enums import ApplicantType

Money = Decimal


class Reference(Schema):
    code: str
    name_th: str
    name_en: str


class ProvinceOut(Reference):
    region: str


class CriterionOut(Schema):
    title_th: str
    title_en: str
    weight: int = Field(description="Percent of the total; a call's weights sum to 100.")
    max_points: int


class CallOut(Schema):
    slug: str
    code: str
    title_th: str
    title_en: str
    phase: str = Field(description="draft, upcoming, open, closed, in_review, …")
    programme: str = Field(description="The programme's code.")
    sectors: list[str] = Field(description="Codes of the eligible sectors.")
    applicant_types: list[str]
    opens_at: datetime
    deadline: datetime
    review_ends_at: datetime
    results_at: datetime
    budget_total: Money
    max_per_proposal: Money

    @staticmethod
    def resolve_programme(call) -> str:
        return call.programme.code

    @staticmethod
    def resolve_sectors(call) -> list[str]:
        return [sector.code for sector in call.sectors.all()]


class CallDetailOut(CallOut):
    description_th: str
    description_en: str
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(call) -> list:
        return list(call.criteria.all())


def public_organisation_name(organisation) -> str | None:
    """An organisation's name for the public, or None for a private individual."""
    if organisation is None or organisation.type == ApplicantType.INDIVIDUAL:
        return None
    return organisation.name


class ProjectOut(Schema):
    reference: str
    title: str
    summary: str
    call: str = Field(description="The call's slug.")
    programme: str
    primary_sector: str | None
    sectors: list[str]
    province: str | None = Field(description="Where the project works (ISO 3166-2).")
    organisation: str | None = Field(description="Null for a private individual.")
    organisation_type: str
    amount: Money = Field(description="The grant awarded, baht.")
    published_at: datetime

    @staticmethod
    def resolve_call(p) -> str:
        return p.call.slug

    @staticmethod
    def resolve_programme(p) -> str:
        return p.call.programme.code

    @staticmethod
    def resolve_primary_sector(p) -> str | None:
        return p.primary_sector.code if p.primary_sector else None

    @staticmethod
    def resolve_sectors(p) -> list[str]:
        return [sector.code for sector in p.sectors.all()]

    @staticmethod
    def resolve_province(p) -> str | None:
        return p.province.code if p.province else None

    @staticmethod
    def resolve_organisation(p) -> str | None:
        return public_organisation_name(p.organisation)

    @staticmethod
    def resolve_organisation_type(p) -> str:
        return p.organisation.type

    @staticmethod
    def resolve_amount(p) -> Decimal:
        return p.decision.amount

    @staticmethod
    def resolve_published_at(p) -> datetime:
        return p.call.publication.published_at


class AwardedOut(Schema):
    number: int
    reference: str
    title: str
    organisation: str | None = Field(description="Null for a private individual.")
    province: str | None = Field(description="The organisation's province (ISO 3166-2).")
    reason: str = Field(description="Why the committee selected it.")
    amount: Money


class AnnouncementText(Schema):
    heading: str
    subject: str
    intro: str
    lead: str
    total: str
    thanks: str
    dated: str


class ResultsOut(Schema):
    call: str
    published_at: datetime
    total_awarded: Money
    awarded: list[AwardedOut]
    announcement_th: AnnouncementText
    announcement_en: AnnouncementText


class BudgetLineOut(Schema):
    item: str
    amount: Money


class OutcomeOut(Schema):
    outcome: str
    indicator: str
    target: str


class ProposalOut(Schema):
    id: int
    reference: str = Field(description="Empty until first submitted.")
    call: str
    state: str
    title: str
    organisation: str
    primary_sector: str | None
    requested_amount: Money | None
    submitted_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_call(p) -> str:
        return p.call.slug

    @staticmethod
    def resolve_organisation(p) -> str:
        return p.organisation.name

    @staticmethod
    def resolve_primary_sector(p) -> str | None:
        return p.primary_sector.code if p.primary_sector else None


class ProposalDetailOut(ProposalOut):
    summary: str
    problem: str
    innovation: str
    target_group: str
    province: str | None
    district: str
    sectors: list[str]
    duration_months: int | None
    budget_lines: list[BudgetLineOut]
    outcomes: list[OutcomeOut]

    @staticmethod
    def resolve_province(p) -> str | None:
        return p.province.code if p.province else None

    @staticmethod
    def resolve_sectors(p) -> list[str]:
        return [sector.code for sector in p.sectors.all()]

    @staticmethod
    def resolve_budget_lines(p) -> list:
        return list(p.budget_lines.all())

    @staticmethod
    def resolve_outcomes(p) -> list:
        return list(p.outcomes.all())


class PointsOut(Schema):
    criterion: int = Field(description="The criterion's id.")
    points: Decimal


class ReviewOut(Schema):
    reviewer: str = Field(description='The reviewer\'s name, or "Reviewer 1" in blind review.')
    total: Decimal | None
    comment: str = Field(description="For the committee.")
    feedback: str = Field(description="For the applicant.")
    submitted_at: datetime | None
    points: list[PointsOut]


class RankingRowOut(Schema):
    rank: int
    proposal: int = Field(description="The proposal's id.")
    reference: str
    primary_sector: str | None
    requested_amount: Money | None
    reviews: int
    mean: float | None = Field(description="Null where your conflict hides the scores.")
    sd: float | None
    calibrated: float | None
    criterion_means: list[float | None]
    disagreement: bool
    below_threshold: list[str]
    above_line: bool = Field(description="Within the budget, above the funding line.")
    scores_hidden: bool


class MeOut(Schema):
    id: int
    email: str
    roles: list[str]
    token: str | None = Field(description="The name of the token used, if any.")
