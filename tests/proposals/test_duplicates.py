"""Near-duplicate proposals at screening: the same project recycled into another call (words
reordered, synonyms, spaces) is flagged with its passages side by side; others are not."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from proposals.models import Proposal, SimilarProposal
from proposals.services.screening import check_duplicates
from proposals.services.submission import submit_proposal
from tests.factories import CallFactory, SubmittedProposalFactory, fill_proposal
from tests.thai_samples import (
    CITY,
    FARMING,
    FARMING_REWRITTEN,
    INCUBATOR,
    VILLAGE,
    VILLAGE_REWRITTEN,
)


@pytest.fixture
def last_year(db, other_officer):
    return CallFactory(officers=[other_officer], title_th="ทุนนวัตกรรมเพื่อสังคม 2568")


@pytest.fixture
def earlier(last_year):
    """Proposals of last year's call: the village one is the one that comes back."""
    return {
        name: SubmittedProposalFactory(call=last_year, title=title, summary=text)
        for name, title, text in [
            ("village", "หมู่บ้านนวัตกรรมเพื่อสังคม", VILLAGE),
            ("city", "เมืองและชุมชน", CITY),
            ("incubator", "บ่มเพาะกิจการเพื่อสังคม", INCUBATOR),
        ]
    }


@pytest.fixture
def recycled(open_call, earlier):
    return SubmittedProposalFactory(
        call=open_call, title="หมู่บ้านนวัตกรรมทางสังคม", summary=VILLAGE_REWRITTEN
    )


def test_a_recycled_proposal_of_another_year_is_flagged(recycled, earlier):
    rows = check_duplicates(recycled)

    assert [row.other for row in rows] == [earlier["village"]]
    assert rows[0].percent >= 50
    # The officers of last year's proposal see it too.
    back = SimilarProposal.objects.get(proposal=earlier["village"])
    assert (back.other, back.percent) == (recycled, rows[0].percent)
    recycled.refresh_from_db()
    assert recycled.duplicates_checked_at is not None


def test_copies_within_the_call_are_flagged_and_others_not(open_call, earlier):
    farming = SubmittedProposalFactory(call=open_call, title="เกษตรวิถีชุมชน", summary=FARMING)
    copied = SubmittedProposalFactory(
        call=open_call, title="การเกษตรชุมชน", summary=FARMING_REWRITTEN
    )
    assert [row.other for row in check_duplicates(copied)] == [farming]
    assert check_duplicates(earlier["incubator"]) == []


def test_checking_again_replaces_the_rows(recycled, earlier):
    check_duplicates(recycled)
    recycled.summary = INCUBATOR.replace("ระบบบ่มเพาะ", "ศูนย์บ่มเพาะ")
    recycled.save()
    from proposals.search import index_proposal

    index_proposal(recycled)
    rows = check_duplicates(recycled)
    assert [row.other for row in rows] == [earlier["incubator"]]
    assert not SimilarProposal.objects.filter(proposal=earlier["village"]).exists()


def test_submission_checks_after_commit(
    open_call, organisation, applicant, earlier, django_capture_on_commit_callbacks
):
    with time_machine.travel(open_call.deadline - timedelta(days=2), tick=False):
        draft = Proposal.objects.create(
            call=open_call, organisation=organisation, created_by=applicant, title="หมู่บ้าน"
        )
        fill_proposal(draft)
        draft.summary = VILLAGE_REWRITTEN
        draft.save()
        with django_capture_on_commit_callbacks(execute=True):
            submit_proposal(draft, by=applicant)
    assert list(SimilarProposal.objects.filter(proposal=draft).values_list("other", flat=True)) == [
        earlier["village"].pk
    ]


def test_the_officer_sees_the_flag_and_the_passages(client, officer, recycled, earlier):
    check_duplicates(recycled)
    client.force_login(officer)
    page = client.get(reverse("proposals:officer_proposal", kwargs={"pk": recycled.pk}))
    url = reverse(
        "proposals:officer_similar", kwargs={"pk": recycled.pk, "other": earlier["village"].pk}
    )
    assert url in page.content.decode()

    response = client.get(url)

    assert response.status_code == 200
    pairs = response.context["pairs"]
    assert len(pairs) >= 3
    assert any("Social Innovation Diffusion" in pair.right for pair in pairs)
    # Last year's call is not theirs: its reference is shown, not a link to it.
    assert response.context["may_open_other"] is False
    other_url = reverse("proposals:officer_proposal", kwargs={"pk": earlier["village"].pk})
    assert other_url not in response.content.decode()


def test_a_pair_that_was_not_flagged_is_not_found(client, officer, recycled, earlier):
    check_duplicates(recycled)
    client.force_login(officer)
    url = reverse(
        "proposals:officer_similar", kwargs={"pk": recycled.pk, "other": earlier["city"].pk}
    )
    assert client.get(url).status_code == 404


def test_the_other_calls_officer_sees_it_from_their_side(client, other_officer, recycled, earlier):
    check_duplicates(recycled)
    client.force_login(other_officer)
    mine = reverse(
        "proposals:officer_similar", kwargs={"pk": earlier["village"].pk, "other": recycled.pk}
    )
    theirs = reverse(
        "proposals:officer_similar", kwargs={"pk": recycled.pk, "other": earlier["village"].pk}
    )
    assert client.get(mine).status_code == 200
    assert client.get(theirs).status_code == 404
