"""Appeals against published results: the window, who may appeal, one open appeal at a time,
the file checks, the states, and the numbered amendments that leave the publication alone."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.test import Client, TestCase
from django.utils import translation

from portal.models import Notification
from portal.outbox import render_message
from portal.refusals import Refusal
from proposals import virusscan
from proposals.enums import ProposalState
from proposals.models import Proposal
from proposals.states import ALLOWED_TRANSITIONS
from reviews.announcement import build_amendment, build_announcement
from reviews.enums import AppealState, DecisionOutcome
from reviews.models import Amendment, Appeal, Decision, Publication
from reviews.rules import appeal_closes_at, appeal_last_day
from reviews.services.appeals import (
    decide_appeal,
    lodge_appeal,
    route_appeal,
    withdraw_appeal,
)
from reviews.services.decisions import amend_decision
from reviews.services.publication import publish_results
from reviews.states import APPEALS
from tests.factories import PDF_BYTES, PUBLISHED_AT, ConflictFactory, Role, user_with
from tests.factories.reviews import BANGKOK

pytestmark = pytest.mark.django_db

IN_WINDOW = datetime(2017, 5, 10, 9, 0, tzinfo=BANGKOK)
LAST_MOMENT = datetime(2017, 5, 16, 23, 59, 59, 999999, tzinfo=BANGKOK)
FIRST_MOMENT_AFTER = datetime(2017, 5, 17, 0, 0, tzinfo=BANGKOK)


def pdf(name="เหตุผลการอุทธรณ์.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def member_of(proposal):
    return proposal.organisation.members.first()


@pytest.fixture
def published(decided, committee_member, officer):
    call, proposals = decided
    call.officers.add(officer)
    with time_machine.travel(PUBLISHED_AT, tick=False):
        publish_results(call, by=committee_member)
    for key, proposal in proposals.items():
        proposals[key] = Proposal.objects.select_related("call", "organisation").get(pk=proposal.pk)
    return call, proposals


def lodge(proposal, *, at=IN_WINDOW, by=None, **kwargs):
    kwargs.setdefault("grounds", "คะแนนด้านความยั่งยืนไม่ได้พิจารณาเอกสารแนบที่ส่งครบถ้วน")
    kwargs.setdefault("uploaded_file", pdf())
    with TestCase.captureOnCommitCallbacks(execute=False):
        return lodge_appeal(proposal, by=by or member_of(proposal), at=at, **kwargs)


def routed(proposal, officer):
    appeal = lodge(proposal)
    return route_appeal(appeal, note="เอกสารครบ", by=officer)


def uphold(appeal, by, *, amount=Decimal("80000"), outcome=DecisionOutcome.AWARD):
    return decide_appeal(
        appeal, upheld=True, outcome=outcome, amount=amount, reason="เอกสารแนบครบ", by=by
    )


# ---------------------------------------------------------------- the window


def test_the_window_ends_at_midnight_bangkok_after_the_last_day(published):
    call, _ = published
    publication = Publication.objects.get(call=call)
    assert call.appeal_days == 15
    assert appeal_last_day(publication).isoformat() == "2017-05-16"
    assert appeal_closes_at(publication) == FIRST_MOMENT_AFTER


def test_an_appeal_arriving_at_the_last_moment_of_the_last_day_is_accepted(published):
    _, proposals = published
    appeal = lodge(proposals["not_selected"], at=LAST_MOMENT)
    assert (appeal.state, appeal.lodged_at) == (AppealState.LODGED, LAST_MOMENT)


def test_an_appeal_arriving_at_midnight_after_the_last_day_is_refused(published):
    _, proposals = published
    with pytest.raises(Refusal) as refused:
        lodge(proposals["not_selected"], at=FIRST_MOMENT_AFTER)
    assert refused.value.code == "window"
    assert Appeal.objects.count() == 0


def test_the_window_follows_the_calls_appeal_days(published):
    call, proposals = published
    call.appeal_days = 3
    call.save(update_fields=["appeal_days"])
    proposal = Proposal.objects.get(pk=proposals["not_selected"].pk)
    with pytest.raises(Refusal):
        lodge(proposal, at=datetime(2017, 5, 5, 0, 0, tzinfo=BANGKOK))
    assert lodge(proposal, at=datetime(2017, 5, 4, 23, 59, tzinfo=BANGKOK)).pk


def test_the_window_is_judged_by_the_requests_arrival_not_when_it_is_processed(
    published, client, settings
):
    """Sent at 23:59:50 on the last day, processed after midnight: in time."""
    settings.REQUEST_START_HEADER = "X-Request-Start"
    _, proposals = published
    proposal = proposals["not_selected"]
    client.force_login(member_of(proposal))
    sent = datetime(2017, 5, 16, 23, 59, 50, tzinfo=BANGKOK)
    with time_machine.travel(datetime(2017, 5, 17, 0, 0, 30, tzinfo=BANGKOK), tick=False):
        response = client.post(
            f"/reviews/proposal/{proposal.pk}/appeal/",
            {"grounds": "ขออุทธรณ์", "file": pdf()},
            headers={"X-Request-Start": f"t={sent.timestamp():.3f}"},
        )
        other = Client()
        other.force_login(member_of(proposals["reserve"]))
        late = other.post(
            f"/reviews/proposal/{proposals['reserve'].pk}/appeal/",
            {"grounds": "ขออุทธรณ์", "file": pdf()},
        )
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert (appeal.proposal_id, appeal.lodged_at) == (proposal.pk, sent)
    assert late.status_code == 403  # the reserve one, arriving after midnight


# ---------------------------------------------------------------- who may appeal


def test_only_the_proposals_organisation_may_appeal(published):
    _, proposals = published
    stranger = member_of(proposals["reserve"])
    with pytest.raises(Refusal) as refused:
        lodge(proposals["not_selected"], by=stranger)
    assert refused.value.code == "member"
    with time_machine.travel(IN_WINDOW, tick=False):
        assert not stranger.has_perm("reviews.lodge_appeal", proposals["not_selected"])
        assert member_of(proposals["not_selected"]).has_perm(
            "reviews.lodge_appeal", proposals["not_selected"]
        )


def test_an_awarded_result_is_not_appealed(published):
    _, proposals = published
    with pytest.raises(Refusal) as refused:
        lodge(proposals["awarded"])
    assert refused.value.code == "result"


def test_nothing_is_appealed_before_the_results_are_published(decided):
    _, proposals = decided
    proposal = proposals["not_selected"]
    with pytest.raises(Refusal) as refused:
        lodge(proposal)
    assert refused.value.code == "unpublished"


def test_an_appeal_needs_its_grounds_and_a_file(published):
    _, proposals = published
    with pytest.raises(Refusal) as no_grounds:
        lodge(proposals["not_selected"], grounds="  ")
    with pytest.raises(Refusal) as no_file:
        lodge(proposals["not_selected"], uploaded_file=None)
    assert (list(no_grounds.value.errors), no_file.value.code) == (["grounds"], "file")


# ---------------------------------------------------------------- one open appeal


def test_one_open_appeal_per_proposal(published, officer):
    _, proposals = published
    proposal = proposals["not_selected"]
    first = lodge(proposal)
    with pytest.raises(Refusal) as refused:
        lodge(proposal)
    assert refused.value.code == "open_appeal"
    route_appeal(first, by=officer)
    with pytest.raises(Refusal):
        lodge(proposal)
    withdraw_appeal(first, by=member_of(proposal))
    second = lodge(proposal)
    assert sorted(Appeal.objects.values_list("pk", "state")) == [
        (first.pk, AppealState.WITHDRAWN),
        (second.pk, AppealState.LODGED),
    ]


def test_the_database_keeps_one_open_appeal_per_proposal(published):
    _, proposals = published
    appeal = lodge(proposals["not_selected"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            proposal=appeal.proposal, grounds="x", original_name="x.pdf", content_type="x", size=1
        )


# ---------------------------------------------------------------- the file checks


def test_a_file_that_is_not_an_accepted_type_is_refused(published):
    _, proposals = published
    with pytest.raises(Refusal) as refused:
        lodge(proposals["not_selected"], uploaded_file=pdf("note.pdf", b"just text"))
    assert refused.value.code == "unsupported"
    assert Appeal.objects.count() == 0


def test_a_pdf_that_runs_a_script_is_refused(published):
    _, proposals = published
    script = b"%PDF-1.7\n1 0 obj<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>endobj\n"
    with pytest.raises(Refusal) as refused:
        lodge(proposals["not_selected"], uploaded_file=pdf(content=script))
    assert refused.value.code == "pdf_active_content"


def test_the_virus_scan_hook_refuses_an_infected_file(published, settings, monkeypatch):
    settings.CLAMD = "tcp://clamav:3310"
    monkeypatch.setattr(
        virusscan, "scan", lambda file, address: virusscan.ScanResult(False, "Eicar-Test")
    )
    _, proposals = published
    with pytest.raises(Refusal) as refused:
        lodge(proposals["not_selected"])
    assert refused.value.code == "virus"


def test_a_clean_scanned_file_is_stored_with_its_scan_time(published, settings, monkeypatch):
    settings.CLAMD = "tcp://clamav:3310"
    monkeypatch.setattr(virusscan, "scan", lambda file, address: virusscan.ScanResult(True))
    _, proposals = published
    with time_machine.travel(IN_WINDOW, tick=False):
        appeal = lodge(proposals["not_selected"])
    assert appeal.scanned_at == IN_WINDOW
    assert (appeal.original_name, appeal.content_type) == ("เหตุผลการอุทธรณ์.pdf", "application/pdf")
    assert appeal.file.read() == PDF_BYTES
    assert appeal.file.name.startswith(f"appeals/{appeal.proposal.call_id}/")


# ---------------------------------------------------------------- states


def test_the_state_table():
    S = AppealState
    moves = {(old, new) for old, targets in APPEALS.allowed.items() for new in targets}
    assert moves == {
        (S.LODGED, S.WITH_COMMITTEE),
        (S.LODGED, S.WITHDRAWN),
        (S.WITH_COMMITTEE, S.UPHELD),
        (S.WITH_COMMITTEE, S.REJECTED),
        (S.WITH_COMMITTEE, S.WITHDRAWN),
    }


def test_the_proposal_table_allows_only_an_appeals_moves_after_publication():
    S = ProposalState
    assert (
        ALLOWED_TRANSITIONS[S.AWARDED],
        ALLOWED_TRANSITIONS[S.RESERVE],
        ALLOWED_TRANSITIONS[S.NOT_SELECTED],
    ) == (frozenset(), frozenset({S.AWARDED}), frozenset({S.AWARDED, S.RESERVE}))


def test_a_lodged_appeal_is_not_decided_before_it_reaches_the_committee(
    published, committee_member
):
    _, proposals = published
    appeal = lodge(proposals["not_selected"])
    with pytest.raises(Refusal) as refused:
        uphold(appeal, committee_member)
    assert refused.value.code == "transition"
    assert Proposal.objects.get(pk=appeal.proposal_id).state == ProposalState.NOT_SELECTED


def test_a_rejected_appeal_keeps_the_result_and_is_final(published, officer, committee_member):
    _, proposals = published
    appeal = routed(proposals["not_selected"], officer)
    decide_appeal(appeal, upheld=False, reason="ไม่มีข้อเท็จจริงใหม่", by=committee_member)
    appeal.refresh_from_db()
    assert (appeal.state, appeal.decision_reason, appeal.decided_by) == (
        AppealState.REJECTED,
        "ไม่มีข้อเท็จจริงใหม่",
        committee_member,
    )
    assert Proposal.objects.get(pk=appeal.proposal_id).state == ProposalState.NOT_SELECTED
    assert Amendment.objects.count() == 0
    with pytest.raises(Refusal):
        withdraw_appeal(appeal, by=member_of(appeal.proposal))


def test_a_decision_needs_a_reason(published, officer, committee_member):
    _, proposals = published
    appeal = routed(proposals["not_selected"], officer)
    with pytest.raises(Refusal) as refused:
        decide_appeal(appeal, upheld=False, reason=" ", by=committee_member)
    assert list(refused.value.errors) == ["reason"]


# ---------------------------------------------------------------- upheld: the amendment


def test_an_upheld_appeal_changes_the_result_through_the_decision_path(
    published, officer, committee_member
):
    _, proposals = published
    appeal = routed(proposals["not_selected"], officer)
    with time_machine.travel(datetime(2017, 5, 20, 10, 0, tzinfo=BANGKOK), tick=False):
        uphold(appeal, committee_member)
    proposal = Proposal.objects.get(pk=appeal.proposal_id)
    decision = Decision.objects.get(proposal=proposal)
    amendment = Amendment.objects.get()
    assert proposal.state == ProposalState.AWARDED
    assert (decision.outcome, decision.amount, decision.final) == (
        DecisionOutcome.AWARD,
        Decimal("80000"),
        True,
    )
    assert (amendment.number, amendment.appeal, amendment.proposal) == (1, appeal, proposal)
    assert (amendment.previous_state, amendment.new_state, amendment.new_amount) == (
        ProposalState.NOT_SELECTED,
        ProposalState.AWARDED,
        Decimal("80000"),
    )
    assert proposal.events.filter(
        from_state=ProposalState.NOT_SELECTED, to_state=ProposalState.AWARDED
    ).exists()


def test_amendments_are_numbered_per_publication(published, officer, committee_member):
    _, proposals = published
    first = routed(proposals["not_selected"], officer)
    second = routed(proposals["reserve"], officer)
    uphold(first, committee_member, amount=Decimal("50000"))
    uphold(second, committee_member, amount=Decimal("60000"))
    assert list(Amendment.objects.values_list("number", "proposal")) == [
        (1, proposals["not_selected"].pk),
        (2, proposals["reserve"].pk),
    ]


def test_an_award_beyond_the_budget_is_refused_and_nothing_changes(
    published, officer, committee_member
):
    call, proposals = published  # budget 1,000,000; 200,000 awarded
    call.budget_total = Decimal("250000")
    call.save(update_fields=["budget_total"])
    appeal = routed(proposals["not_selected"], officer)
    with pytest.raises(Refusal) as refused:
        uphold(appeal, committee_member, amount=Decimal("80000"))
    assert (refused.value.code, list(refused.value.errors)) == ("budget", ["amount"])
    appeal.refresh_from_db()
    assert appeal.state == AppealState.WITH_COMMITTEE
    assert Amendment.objects.count() == 0
    assert Proposal.objects.get(pk=appeal.proposal_id).state == ProposalState.NOT_SELECTED


def test_upheld_to_the_reserve_list_goes_last_on_it(published, officer, committee_member):
    _, proposals = published
    appeal = routed(proposals["not_selected"], officer)
    uphold(appeal, committee_member, outcome=DecisionOutcome.RESERVE, amount=None)
    decision = Decision.objects.get(proposal=appeal.proposal)
    assert (decision.outcome, decision.reserve_rank) == (DecisionOutcome.RESERVE, 2)
    assert Proposal.objects.get(pk=appeal.proposal_id).state == ProposalState.RESERVE


def test_the_publication_is_never_edited_and_the_announcement_reads_as_published(
    published, officer, committee_member
):
    call, proposals = published
    publication = Publication.objects.get(call=call)
    row_before = model_to_dict(publication)
    with translation.override("en"):
        before = build_announcement(call, publication)
    appeal = routed(proposals["not_selected"], officer)
    uphold(appeal, committee_member)
    publication = Publication.objects.get(call=call)
    assert model_to_dict(publication) == row_before
    with translation.override("en"):
        after = build_announcement(call, publication)
        amendment = build_amendment(call, publication, Amendment.objects.get())
    assert after == before
    assert [item.title for item in after.items] == [
        "เกษตรกรรมเชิงพื้นที่วิถีชุมชน",
        "พลังเปิดพัฒนาชุมชนสู่วิถีการพึ่งตนเอง",
    ]
    assert amendment.subject.startswith("Subject: amendment No. 1 to the results")
    assert "“ขอทานบอกที่”, not selected in the announcement, is selected" in amendment.lead
    assert amendment.total == "The grants of this call now total THB 280,000."


# ---------------------------------------------------------------- messages


def test_the_officers_hear_of_an_appeal_and_the_applicant_of_the_decision(
    published, officer, committee_member
):
    call, proposals = published
    proposal = proposals["not_selected"]
    appeal = routed(proposal, officer)
    uphold(appeal, committee_member)
    lodged = Notification.objects.filter(kind="appeal_lodged")
    decided = Notification.objects.filter(kind="appeal_decided")
    assert {(n.recipient, n.call_ref) for n in lodged} >= {(officer, call.pk)}
    assert [(n.recipient, n.call_ref) for n in decided] == [(member_of(proposal), call.pk)]
    assert "amendment" in decided.get().body_text.lower() or "แก้ไข" in decided.get().body_text


def test_a_committee_member_in_conflict_does_not_see_the_appeal(
    published, officer, committee_member
):
    _, proposals = published
    appeal = routed(proposals["not_selected"], officer)
    other = user_with(Role.COMMITTEE, email="other-committee@example.org")
    ConflictFactory(proposal=appeal.proposal, reviewer=other)
    assert committee_member.has_perm("reviews.decide_appeal", appeal)
    assert not other.has_perm("reviews.view_appeal", appeal)


# ---------------------------------------------------------------- the decision path


def test_amending_a_decision_before_publication_is_refused(decided, committee_member):
    _, proposals = decided
    with pytest.raises(Refusal):
        amend_decision(
            proposals["not_selected"],
            outcome=DecisionOutcome.AWARD,
            amount=Decimal("1000"),
            reason="x",
            by=committee_member,
        )
    assert Decision.objects.get(proposal=proposals["not_selected"]).outcome == (
        DecisionOutcome.NOT_SELECTED
    )


def test_an_award_is_never_taken_back_by_an_amendment(published, committee_member):
    _, proposals = published
    with pytest.raises(Refusal) as refused:
        amend_decision(
            proposals["awarded"],
            outcome=DecisionOutcome.RESERVE,
            reason="x",
            by=committee_member,
        )
    assert refused.value.code == "transition"
    with pytest.raises(Refusal) as not_selected:
        amend_decision(
            proposals["reserve"],
            outcome=DecisionOutcome.NOT_SELECTED,
            reason="x",
            by=committee_member,
        )
    assert list(not_selected.value.errors) == ["outcome"]


def test_the_result_message_tells_the_not_funded_how_long_they_may_appeal(published):
    _, proposals = published

    def body(proposal, language):
        context = {"proposal": proposal, "call": proposal.call, "decision": proposal.decision}
        return render_message("result", context, language)[1]

    not_selected, awarded = proposals["not_selected"], proposals["awarded"]
    assert "you may appeal within 15 days of the announcement" in body(not_selected, "en")
    assert "อุทธรณ์ได้ภายใน 15 วัน" in body(not_selected, "th")
    assert "appeal" not in body(awarded, "en")
