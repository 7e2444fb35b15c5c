"""Calls with their rubric, and the reference data they point to."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.enums import CallState
from grants.models import Call, Criterion, Programme, Province, Sector
from grants.rubric import DEFAULT_RUBRIC


class ProvinceFactory(factory.django.DjangoModelFactory):
    """A province the data migration loaded, by its code (`province__code="TH-10"`)."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "TH-50"


class SectorFactory(factory.django.DjangoModelFactory):
    """A sector the data migration loaded, by its code (`primary_sector__code="health"`)."""

    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = "urban"


def sectors_of(items) -> list[Sector]:
    """Sectors given as objects or as codes."""
    codes = [item for item in items if isinstance(item, str)]
    by_code = {sector.code: sector for sector in Sector.objects.filter(code__in=codes)}
    return [by_code[item] if isinstance(item, str) else item for item in items]


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory("tests.factories.grants.CallFactory", rubric=False)
    position = 0
    title_th = factory.LazyAttribute(lambda o: f"เกณฑ์ {o.position + 1}")
    title_en = factory.LazyAttribute(lambda o: f"Criterion {o.position + 1}")
    weight = 50


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open for ten days and for twenty more, with the default rubric."""

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
        """The criteria: the default rubric, or one criterion per dict of fields given
        (`rubric=[{"weight": 60}, {"weight": 40}]`), or none (`rubric=False`)."""
        if create and extracted is not False:
            items = DEFAULT_RUBRIC if extracted is None else extracted
            Criterion.objects.bulk_create(
                CriterionFactory.build(call=self, position=position, **fields)
                for position, fields in enumerate(items)
            )


class CallInReviewFactory(CallFactory):
    """A call whose submission deadline passed five days ago and whose review runs for ten
    more days."""

    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=40))
    deadline = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    review_ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    state = CallState.IN_REVIEW
