"""Received proposals in bulk for the officer-side tests, saved directly."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from grants.enums import ApplicantType
from grants.models import Province, Sector
from proposals.enums import ProposalState
from proposals.models import Organisation, Proposal


def organisation(name: str, type=ApplicantType.COMMUNITY_ENTERPRISE, province="TH-50"):
    return Organisation.objects.create(
        name=name,
        type=type,
        province=Province.objects.get(code=province),
        address="1 ถนนหลัก",
        phone="053 123 456",
    )


def received(
    call,
    org,
    n: int,
    *,
    title=None,
    state=ProposalState.SUBMITTED,
    sector="urban",
    province="TH-50",
    amount="50000",
    sectors=(),
) -> Proposal:
    """The n-th proposal of `call`, submitted; reference CODE-000n."""
    proposal = Proposal.objects.create(
        call=call,
        organisation=org,
        title=title or f"โครงการที่ {n}",
        state=state,
        sequence=n,
        reference=f"{call.code}-{n:04d}",
        submitted_at=timezone.now() - timedelta(hours=100 - n),
        primary_sector=Sector.objects.get(code=sector) if sector else None,
        province=Province.objects.get(code=province) if province else None,
        district="เมือง",
        requested_amount=Decimal(amount),
        duration_months=12,
    )
    if sectors:
        proposal.sectors.set(Sector.objects.filter(code__in=sectors))
    return proposal


def many(call, count: int) -> list[Proposal]:
    orgs = [organisation(f"องค์กร {i}") for i in range(3)]
    codes = ["urban", "health", "disaster"]
    return [
        received(call, orgs[i % 3], i + 1, sector=codes[i % 3], sectors=[codes[i % 3]])
        for i in range(count)
    ]
