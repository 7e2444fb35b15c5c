"""Factories for the tests (factory-boy)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.enums import CallState
from grants.models import Call, Criterion, Programme, Sector
from grants.rubric import DEFAULT_RUBRIC
from portal.enums import Role
from portal.models import RoleGrant, User

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


__all__ = ["PASSWORD", "CallFactory", "Role", "UserFactory", "user_with"]
