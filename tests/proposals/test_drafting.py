from decimal import Decimal

import pytest
from django.utils import translation

from grants.enums import ApplicantType
from grants.models import Province, Sector
from portal.refusals import Refusal
from proposals.models import Organisation, Proposal
from proposals.services.drafting import (
    DraftContent,
    save_draft,
    save_organisation,
    start_proposal,
)
from tests.factories import CallFactory


def test_save_organisation_creates_it_with_the_user_as_member(applicant):
    organisation = save_organisation(
        user=applicant,
        fields={
            "name": "กลุ่มเยาวชนรักษ์ถิ่น",
            "type": ApplicantType.YOUTH_GROUP,
            "province": Province.objects.get(code="TH-10"),
            "address": "กรุงเทพฯ",
            "phone": "02 017 5555",
            "tax_id": "",
        },
    )
    assert list(organisation.members.all()) == [applicant]
    assert Organisation.objects.count() == 1


def test_save_organisation_updates_the_existing_one(organisation, applicant):
    save_organisation(user=applicant, fields={"name": "ชื่อใหม่"})
    organisation.refresh_from_db()
    assert organisation.name == "ชื่อใหม่"
    assert Organisation.objects.count() == 1


def test_start_proposal_on_open_call(open_call, organisation, applicant):
    proposal = start_proposal(open_call, by=applicant, title="ชื่อโครงการ")
    assert (proposal.call, proposal.organisation, proposal.state) == (
        open_call,
        organisation,
        "draft",
    )


def test_start_proposal_twice_returns_the_same_one(open_call, organisation, applicant):
    first = start_proposal(open_call, by=applicant)
    assert start_proposal(open_call, by=applicant) == first
    assert Proposal.objects.count() == 1


def test_start_proposal_on_closed_call_is_refused(organisation, applicant):
    from datetime import timedelta

    from django.utils import timezone

    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=20), deadline=timezone.now() - timedelta(days=1)
    )
    with translation.override("en"), pytest.raises(Refusal, match="does not accept new"):
        start_proposal(call, by=applicant)


def test_start_proposal_at_a_time_before_the_deadline_of_a_closed_call(organisation, applicant):
    from datetime import timedelta

    from django.utils import timezone

    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=20), deadline=timezone.now() - timedelta(days=1)
    )
    then = call.deadline - timedelta(days=3)

    proposal = start_proposal(call, by=applicant, now=then)

    assert (proposal.state, proposal.created_at, proposal.updated_at) == ("draft", then, then)


def test_start_proposal_with_ineligible_type_is_refused(organisation, applicant):
    call = CallFactory(applicant_types=[ApplicantType.UNIVERSITY])
    with pytest.raises(Refusal) as refusal:
        start_proposal(call, by=applicant)
    assert "Community enterprise" in str(refusal.value) or "วิสาหกิจ" in str(refusal.value)
    assert Proposal.objects.count() == 0


def test_start_proposal_without_organisation_is_refused(open_call, applicant):
    with translation.override("en"), pytest.raises(Refusal, match="about your organisation"):
        start_proposal(open_call, by=applicant)
    assert Proposal.objects.count() == 0


def test_save_draft_with_only_a_title(draft, applicant):
    saved = save_draft(
        draft, by=applicant, expected_version=1, content=DraftContent(fields={"title": "ใหม่"})
    )
    assert (saved.title, saved.version) == ("ใหม่", 2)


def test_save_draft_keeps_a_loaded_province_only_while_it_is_still_the_one_chosen(draft, applicant):
    first, second = Province.objects.order_by("pk")[:2]
    Proposal.objects.filter(pk=draft.pk).update(province=first)
    draft = Proposal.objects.select_related("province").get(pk=draft.pk)
    version = draft.version
    saved = save_draft(
        draft, by=applicant, expected_version=version, content=DraftContent(fields={"title": "ก"})
    )
    assert saved.province == first
    saved = save_draft(
        saved,
        by=applicant,
        expected_version=version + 1,
        content=DraftContent(fields={"province": second}),
    )
    assert saved.province == second  # not the object loaded before the save
    # The answers are read once, for the index and for the next look.
    assert "answers" in saved._prefetched_objects_cache


def test_save_draft_writes_related_rows(draft, applicant):
    urban = Sector.objects.get(code="urban")
    save_draft(
        draft,
        by=applicant,
        expected_version=1,
        content=DraftContent(
            fields={"requested_amount": Decimal("5000")},
            sectors=[urban],
            budget_lines=[{"item": "ป้าย", "amount": Decimal("5000")}],
            team=[{"name": "ก", "role": "ข"}],
            outcomes=[{"outcome": "x", "indicator": "y"}],
        ),
    )
    assert list(draft.sectors.all()) == [urban]
    assert [(b.item, b.amount) for b in draft.budget_lines.all()] == [("ป้าย", Decimal("5000"))]
    assert [m.name for m in draft.team.all()] == ["ก"]
    assert [o.outcome for o in draft.outcomes.all()] == ["x"]


def test_stale_save_is_refused_and_writes_nothing(draft, applicant):
    save_draft(draft, by=applicant, expected_version=1, content=DraftContent(fields={"title": "A"}))
    with pytest.raises(Refusal) as stale:
        save_draft(
            draft, by=applicant, expected_version=1, content=DraftContent(fields={"title": "B"})
        )
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("A", 2)
    assert (stale.value.code, stale.value.params) == (
        "stale",
        {"saved_at": draft.updated_at, "version": 2, "saved_by": applicant},
    )


def test_saved_rows_are_kept_as_written_without_reading_them_back(
    draft, applicant, django_assert_num_queries
):
    from proposals.completeness import missing_for_submission

    urban, health = Sector.objects.get(code="urban"), Sector.objects.get(code="health")
    saved = save_draft(
        draft,
        by=applicant,
        expected_version=1,
        content=DraftContent(
            fields={"requested_amount": Decimal("7000")},
            sectors=[urban, health],  # not in their stored order
            budget_lines=[
                {"item": "ป้าย", "amount": Decimal("5000")},
                {"item": "ค่าเดินทาง", "amount": Decimal("1000")},
            ],
            team=[{"name": "ก", "role": "ข"}],
            outcomes=[],
        ),
    )
    with django_assert_num_queries(0):
        kept = (
            list(saved.sectors.all()),
            [(b.position, b.item, b.amount) for b in saved.budget_lines.all()],
            [m.name for m in saved.team.all()],
            saved.team.exists(),
            saved.outcomes.exists(),
        )
    fresh = Proposal.objects.get(pk=draft.pk)
    assert kept == (
        list(fresh.sectors.all()),
        [(b.position, b.item, b.amount) for b in fresh.budget_lines.all()],
        [m.name for m in fresh.team.all()],
        True,
        False,
    )
    assert missing_for_submission(saved) == missing_for_submission(fresh)
