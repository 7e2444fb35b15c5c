"""Factories for the tests (factory-boy)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.enums import ApplicantType, CallState
from grants.models import Call, Criterion, Programme, Province, Sector
from grants.rubric import DEFAULT_RUBRIC
from portal.enums import Role
from portal.models import RoleGrant, User
from proposals.models import BudgetLine, Organisation, Outcome, Proposal, TeamMember

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"สมชาย ใจดี {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleGrant.objects.create(user=self, role=role)
        self.__dict__.pop("roles", None)  # forget the cached roles
        if create:
            self.save()


def user_with(*roles: str, **kwargs) -> User:
    return UserFactory(roles=list(roles), **kwargs)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    title_th = factory.Sequence(lambda n: f"โครงการนวัตกรรมสำหรับเมืองและชุมชน {n}")
    title_en = factory.Sequence(lambda n: f"City & Community Innovation Challenge {n}")
    description_th = "เชิญชวนเสนอแนวคิดที่แก้ปัญหาจากการเติบโตของเมืองและชุมชน"
    description_en = "Ideas that solve challenges arising from the growth of cities."
    slug = factory.Sequence(lambda n: f"call-{n}")
    code = factory.Sequence(lambda n: f"CALL{n:04d}")
    programme = factory.LazyFunction(lambda: Programme.objects.get(code="project-grants"))
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    review_ends_at = factory.LazyAttribute(lambda o: o.deadline + timedelta(days=30))
    results_at = factory.LazyAttribute(lambda o: o.review_ends_at + timedelta(days=7))
    budget_total = Decimal("5000000")
    max_per_proposal = Decimal("100000")
    reviewers_per_proposal = 3
    state = CallState.PUBLISHED

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.set(extracted or Sector.objects.filter(code__in=["urban", "health"]))

    @factory.post_generation
    def officers(self, create, extracted, **kwargs):
        if create and extracted:
            self.officers.set(extracted)

    @factory.post_generation
    def rubric(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Criterion.objects.bulk_create(
                Criterion(call=self, position=i, **item) for i, item in enumerate(DEFAULT_RUBRIC)
            )


def make_organisation(*members, name="วิสาหกิจชุมชนบ้านดอนแก้ว", **fields) -> Organisation:
    fields.setdefault("type", ApplicantType.COMMUNITY_ENTERPRISE)
    fields.setdefault("province", Province.objects.get(code="TH-50"))
    fields.setdefault("address", "12 หมู่ 3 ต.ดอนแก้ว อ.แม่ริม")
    fields.setdefault("phone", "053 123 456")
    organisation = Organisation.objects.create(name=name, **fields)
    organisation.members.set(members)
    return organisation


def fill_proposal(proposal: Proposal) -> Proposal:
    """Give `proposal` everything missing_for_submission asks for."""
    call = proposal.call
    urban = Sector.objects.get(code="urban")
    proposal.summary = "ระบบแจ้งเตือนน้ำท่วมโดยชุมชน"
    proposal.problem = "น้ำท่วมซ้ำซากทุกปี"
    proposal.innovation = "เซนเซอร์ราคาถูกและกลุ่มไลน์ของชุมชน"
    proposal.target_group = "ครัวเรือนริมน้ำ 200 ครัวเรือน"
    proposal.province = Province.objects.get(code="TH-50")
    proposal.district = "แม่ริม"
    proposal.primary_sector = urban
    proposal.requested_amount = min(Decimal("80000"), call.max_per_proposal)
    proposal.duration_months = 12
    proposal.save()
    proposal.sectors.set([urban])
    BudgetLine.objects.create(
        proposal=proposal, position=0, item="เซนเซอร์", amount=proposal.requested_amount
    )
    TeamMember.objects.create(proposal=proposal, name="สมหญิง รักดี", role="หัวหน้าโครงการ")
    Outcome.objects.create(
        proposal=proposal, outcome="แจ้งเตือนล่วงหน้า", indicator="ครัวเรือนที่ได้รับแจ้ง", target="200"
    )
    return proposal


# Every kind of notification the portal sends (templates/notifications/<kind>_*.txt).
NOTIFICATION_KINDS = [
    "proposal_submitted",
    "proposal_withdrawn",
    "information_requested",
    "extension_granted",
    "draft_reminder",
    "deadline_changed",
    "new_call",
    "invitation",
    "panel_invitation",
    "reviewer_assigned",
    "conflict_declared",
    "review_reminder",
    "officer_digest",
    "result",
]

__all__ = [
    "NOTIFICATION_KINDS",
    "PASSWORD",
    "CallFactory",
    "Role",
    "UserFactory",
    "fill_proposal",
    "make_organisation",
    "user_with",
]
