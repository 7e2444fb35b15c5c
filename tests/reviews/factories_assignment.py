"""Helpers of the assignment tests: eligible proposals, reviewers with profiles, calls."""

from itertools import count

from grants.enums import ApplicantType, CallState
from grants.models import Province, Sector
from proposals.enums import ProposalState
from proposals.models import Organisation, Proposal
from proposals.validators import thai_id_check_digit
from reviews.models import PanelMember, ReviewerProfile
from tests.factories import CallFactory, Role, user_with

_numbers = count(1)


def tax_id(seed: int) -> str:
    """A valid 13-digit Thai tax ID made from `seed`."""
    body = f"{seed:012d}"[-12:]
    return body + str(thai_id_check_digit(body))


def call_in_review(officer, **fields):
    fields.setdefault("state", CallState.IN_REVIEW)
    return CallFactory(officers=[officer], created_by=officer, **fields)


def organisation(name=None, tax_id_value="") -> Organisation:
    n = next(_numbers)
    return Organisation.objects.create(
        name=name or f"วิสาหกิจชุมชน {n}",
        type=ApplicantType.COMMUNITY_ENTERPRISE,
        province=Province.objects.get(code="TH-50"),
        address="12 หมู่ 3",
        phone="053 123 456",
        tax_id=tax_id_value,
    )


def eligible(call, *, org=None, primary="urban", sectors=("urban",), state=ProposalState.ELIGIBLE):
    n = next(_numbers)
    proposal = Proposal.objects.create(
        call=call,
        organisation=org or organisation(),
        title=f"โครงการ {n}",
        state=state,
        sequence=n,
        reference=f"{call.code}-{n:04d}",
        primary_sector=Sector.objects.get(code=primary) if primary else None,
    )
    proposal.sectors.set(Sector.objects.filter(code__in=sectors))
    return proposal


def reviewer(*, expertise=(), organisation_name="", organisation_tax_id="", max_per_call=20, **kw):
    n = next(_numbers)
    kw.setdefault("email", f"expert{n}@example.org")
    kw.setdefault("full_name", f"ผู้ทรงคุณวุฒิ {n:03d}")
    user = user_with(Role.REVIEWER, **kw)
    profile = ReviewerProfile.objects.create(
        user=user,
        organisation_name=organisation_name,
        organisation_tax_id=organisation_tax_id,
        max_per_call=max_per_call,
    )
    profile.expertise.set(Sector.objects.filter(code__in=expertise))
    return user


def on_panel(call, *reviewers, max_proposals=None):
    for person in reviewers:
        PanelMember.objects.create(call=call, reviewer=person, max_proposals=max_proposals)
    return reviewers
