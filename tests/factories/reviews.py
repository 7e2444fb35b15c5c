"""Reviewers and their profiles, panels, assignments, conflicts, reviews with their scores,
decisions and publications.

Rows are written directly, in the states the services leave them, except publications, which
go through publish_results.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import time_machine
from django.utils import timezone

from portal.enums import Role
from reviews.enums import (
    AssignmentMethod,
    AssignmentState,
    ConflictSource,
    DecisionOutcome,
    ReviewState,
)
from reviews.models import (
    Assignment,
    Conflict,
    Decision,
    PanelMember,
    Publication,
    Review,
    ReviewerProfile,
    Score,
)
from reviews.scoring import weighted_total
from reviews.services.publication import publish_results
from reviews.states import OPEN_ASSIGNMENT_STATES

from .grants import CallInReviewFactory, sectors_of
from .portal import UserFactory, grant_roles
from .proposals import EligibleProposalFactory

BANGKOK = ZoneInfo("Asia/Bangkok")
# The results tests publish at this time (see ResultsCallFactory).
PUBLISHED_AT = datetime(2017, 5, 1, 10, 0, tzinfo=BANGKOK)


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    """`expertise` takes sector codes or objects."""

    class Meta:
        model = ReviewerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    organisation_name = ""
    organisation_tax_id = ""
    max_per_call = 20

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(sectors_of(extracted))


class ReviewerFactory(UserFactory):
    """A user with the reviewer role and a reviewer profile (`profile__max_per_call=1`)."""

    email = factory.Sequence(lambda n: f"expert{n}@example.org")
    full_name = factory.Sequence(lambda n: f"ผู้ทรงคุณวุฒิ {n:03d}")
    profile = factory.RelatedFactory(ReviewerProfileFactory, factory_related_name="user")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        grant_roles(self, create, [Role.REVIEWER] if extracted is None else extracted)


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    call = factory.SubFactory(CallInReviewFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    max_proposals = None


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A reviewer put on a proposal by hand, awaiting the declaration unless `state` says
    otherwise (declared now when active); the reviewer is on the call's panel (unless
    `on_panel=False`)."""

    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    proposal = factory.SubFactory(EligibleProposalFactory)
    reviewer = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    method = AssignmentMethod.MANUAL
    state = AssignmentState.AWAITING_DECLARATION
    declared_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == AssignmentState.ACTIVE else None
    )

    @factory.post_generation
    def on_panel(self, create, extracted, **kwargs):
        if create and extracted is not False:
            PanelMember.objects.get_or_create(call=self.proposal.call, reviewer=self.reviewer)


class ConflictFactory(factory.django.DjangoModelFactory):
    """A declared conflict of interest; the pair's open assignment, if any, ends in conflict
    (as declare_conflict leaves it)."""

    class Meta:
        model = Conflict
        skip_postgeneration_save = True

    proposal = factory.SubFactory(EligibleProposalFactory)
    reviewer = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    source = ConflictSource.DECLARED
    reason = "ญาติ"

    @factory.post_generation
    def ends_assignment(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Assignment.objects.filter(
                proposal=self.proposal, reviewer=self.reviewer, state__in=OPEN_ASSIGNMENT_STATES
            ).update(state=AssignmentState.CONFLICT)


def full_points(call, share=Decimal("0.5")) -> dict:
    """Points for every criterion of `call`: `share` of each maximum, to steps of 0.5."""
    return {
        c.pk: (Decimal(c.max_points) * share * 2).quantize(Decimal("1")) / 2
        for c in call.criteria.all()
    }


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review as submit_review leaves it: submitted (now, or at the end of the review if
    that has passed), one score per criterion and the total from reviews.scoring.weighted_total.

    `points`: a list in criterion order or a dict by criterion pk; by default half of each
    maximum (full_points). `points=False`: no scores and no total (a review read only for
    its feedback).
    """

    class Meta:
        model = Review
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory, state=AssignmentState.ACTIVE)
    state = ReviewState.SUBMITTED
    comment = "ดี"
    submitted_at = factory.LazyAttribute(
        lambda o: min(timezone.now(), o.assignment.proposal.call.review_ends_at)
    )

    @factory.post_generation
    def points(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        call = self.assignment.proposal.call
        criteria = list(call.criteria.order_by("position", "pk"))
        if extracted is None:
            extracted = full_points(call)
        if not isinstance(extracted, dict):
            extracted = {c.pk: p for c, p in zip(criteria, extracted, strict=True)}
        given = {pk: Decimal(str(points)) for pk, points in extracted.items()}
        Score.objects.bulk_create(
            Score(review=self, criterion_id=pk, points=value) for pk, value in given.items()
        )
        self.total = weighted_total(given, criteria)
        self.save(update_fields=["total"])


class DecisionFactory(factory.django.DjangoModelFactory):
    """A pending decision, as record_decision leaves it (without its log row): an award of
    the requested amount unless `outcome` or `amount` say otherwise."""

    class Meta:
        model = Decision

    proposal = factory.SubFactory(EligibleProposalFactory)
    outcome = DecisionOutcome.AWARD
    amount = factory.LazyAttribute(
        lambda o: o.proposal.requested_amount if o.outcome == DecisionOutcome.AWARD else None
    )
    reserve_rank = None
    reason = "พัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ"
    decided_by = factory.SubFactory(UserFactory, roles=[Role.COMMITTEE])


class ResultsCallFactory(CallInReviewFactory):
    """A call in review like seed 004, with the dates of the Department's announcement:
    proposals due 18 April 2560 (2017), results by 1 May 2560."""

    title_th = "นวัตกรรมทางสังคมเพื่อชุมชน"
    title_en = "Social Innovation for Communities"
    opens_at = datetime(2017, 3, 1, 9, 0, tzinfo=BANGKOK)
    deadline = datetime(2017, 4, 18, 16, 30, tzinfo=BANGKOK)
    review_ends_at = datetime(2017, 4, 28, 17, 0, tzinfo=BANGKOK)
    results_at = datetime(2017, 5, 1, 9, 0, tzinfo=BANGKOK)
    budget_total = Decimal("1000000")


class PublicationFactory(factory.django.DjangoModelFactory):
    """The results of a call, published by publish_results with the clock at `published_at`:
    the decisions applied and frozen, the result messages left to the task after commit."""

    class Meta:
        model = Publication

    call = factory.SubFactory(ResultsCallFactory)
    published_by = factory.SubFactory(UserFactory, roles=[Role.COMMITTEE])
    published_at = PUBLISHED_AT

    @classmethod
    def _create(cls, model_class, *, call, published_by, published_at, **kwargs):
        with time_machine.travel(published_at, tick=False):
            return publish_results(call, by=published_by, **kwargs)
