"""Builders for the ranking and decision tests: calls in review with their own rubric,
eligible proposals, and submitted reviews written directly (total by reviews.scoring)."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from grants.enums import ApplicantType, CallState
from grants.models import Criterion, Province, Sector
from proposals.enums import ProposalState
from proposals.models import Organisation, Proposal
from reviews.enums import AssignmentMethod, AssignmentState, ReviewState
from reviews.models import Assignment, Review, Score
from reviews.scoring import weighted_total
from tests.factories import CallFactory, Role, user_with

_sequence = count(1)


def make_organisation(name: str) -> Organisation:
    return Organisation.objects.create(
        name=name,
        type=ApplicantType.COMMUNITY_ENTERPRISE,
        province=Province.objects.get(code="TH-50"),
        address="12 หมู่ 3 ต.ดอนแก้ว อ.แม่ริม",
        phone="053 123 456",
    )


def make_call(*, weights=(60, 40), max_points=10, min_points=None, **fields):
    """A call in review whose rubric has one criterion per weight (max_points each)."""
    fields.setdefault("state", CallState.IN_REVIEW)
    fields.setdefault("budget_total", Decimal("300000"))
    call = CallFactory(rubric=False, **fields)
    min_points = min_points or [None] * len(weights)
    for position, (weight, minimum) in enumerate(zip(weights, min_points, strict=True)):
        Criterion.objects.create(
            call=call,
            position=position,
            title_th=f"เกณฑ์ {position + 1}",
            title_en=f"Criterion {position + 1}",
            weight=weight,
            max_points=max_points,
            min_points=minimum,
        )
    return call


def make_proposal(call, *, amount="100000", sector="urban", organisation=None, **fields):
    """An eligible proposal with the next reference of its call."""
    number = next(_sequence)
    if organisation is None:
        organisation = make_organisation(name=f"วิสาหกิจชุมชน {number}")
    fields.setdefault(
        "submitted_at", timezone.now() - timedelta(days=30) + timedelta(minutes=number)
    )
    return Proposal.objects.create(
        call=call,
        organisation=organisation,
        title=fields.pop("title", f"โครงการที่ {number}"),
        state=fields.pop("state", ProposalState.ELIGIBLE),
        sequence=number,
        reference=fields.pop("reference", f"{call.code}-{number:04d}"),
        requested_amount=Decimal(str(amount)) if amount is not None else None,
        primary_sector=Sector.objects.get(code=sector),
        province=Province.objects.get(code="TH-50"),
        **fields,
    )


def make_reviewer(**fields):
    return user_with(Role.REVIEWER, **fields)


def make_review(proposal, reviewer, points: list, *, submitted_at=None) -> Review:
    """A submitted review giving `points` (in criterion order), as the scoring service
    leaves it: an active assignment, the total from weighted_total, one Score per criterion."""
    criteria = list(proposal.call.criteria.order_by("position", "pk"))
    given = {c.pk: Decimal(str(p)) for c, p in zip(criteria, points, strict=True)}
    assignment = Assignment.objects.create(
        proposal=proposal,
        reviewer=reviewer,
        state=AssignmentState.ACTIVE,
        method=AssignmentMethod.MANUAL,
    )
    review = Review.objects.create(
        assignment=assignment,
        state=ReviewState.SUBMITTED,
        total=weighted_total(given, criteria),
        submitted_at=submitted_at or timezone.now(),
    )
    Score.objects.bulk_create(
        Score(review=review, criterion_id=pk, points=value) for pk, value in given.items()
    )
    return review
