"""The projects of the public results announcement, written in plain Python: the lines of
the list (reviews/templatetags/results_rows.py) are the markup of the loop they replace
(results_items_reference.html, beside this file), and the list's sentences
(reviews.announcement.ItemWriter, from plain values) are the ones the announcement wrote a
model object at a time (reference_items below, the code it replaces). In Thai and English,
with Thai numerals, with amendments (one awarding, one taking an award back), and nothing an
applicant typed unescaped."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from grants.models import Call
from portal import formatting
from portal.text import one_line
from portal.thai.amounts import _baht_text, baht_text
from proposals.enums import ProposalState
from proposals.models import Proposal
from reviews.announcement import (
    AwardedItem,
    awarded_proposals,
    build_announcement,
    province_text,
)
from reviews.enums import DecisionOutcome
from reviews.models import Amendment, Decision, Publication
from reviews.templatetags.results_rows import results_items
from tests.factories import (
    DecisionFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).with_name("results_items_reference.html")
HOSTILE_TITLE = '<script>alert("x")</script> \'โครงการ\' & "น้ำท่วม"\n รุ่นที่ 2 </li>'
HOSTILE_ORGANISATION = "<img src=x onerror=\"alert(1)\"> มูลนิธิ & 'เพื่อน' \u202e{0}"
HOSTILE_REASON = "เพราะ <b>ดี</b> & {amount} %(title)s."


# ---------------------------------------------------------------- the code replaced


def reference_amount(amount) -> str:
    if formatting.is_thai():
        return f"{formatting.format_baht(amount)} ({_baht_text(amount)})"
    return formatting.format_baht(amount)


def reference_item(number, proposal, numerals, *, amount=None, reason=None) -> AwardedItem:
    amount = proposal.decision.amount if amount is None else amount
    reason = proposal.decision.reason if reason is None else reason
    values = {
        "organisation": one_line(proposal.organisation.name),
        "province": province_text(proposal.organisation.province),
        "title": one_line(proposal.title),
        "reason": one_line(reason).rstrip("."),
        "amount": numerals(reference_amount(amount)),
    }
    if values["reason"]:
        text = translation.gettext(
            "%(organisation)s, %(province)s, proposed “%(title)s”, selected because "
            "%(reason)s: a grant of %(amount)s."
        )
    else:
        text = translation.gettext(
            "%(organisation)s, %(province)s, proposed “%(title)s”: a grant of %(amount)s."
        )
    return AwardedItem(number=numerals(f"{number}."), text=text % values, **values)


def reference_items(call, publication) -> list[AwardedItem]:
    """The list as the announcement built it before: a model object per proposal,
    organisation, province and decision, each line worked out on its own."""
    thai = formatting.is_thai()
    numerals = formatting.thai_digits if thai and publication.thai_numerals else str
    amendments = list(
        publication.amendments.select_related("proposal__organisation__province").order_by("number")
    )
    printed = awarded_proposals(call).only(
        "sequence",
        "title",
        "organisation__name",
        "organisation__province",
        "decision__amount",
        "decision__reason",
    )
    listed = {p.pk: (p, p.decision.amount, p.decision.reason) for p in printed}
    for amendment in sorted(amendments, key=lambda item: -item.number):
        proposal = amendment.proposal
        if amendment.new_state == ProposalState.AWARDED:
            listed.pop(proposal.pk, None)
        if amendment.previous_state == ProposalState.AWARDED:
            listed[proposal.pk] = (proposal, amendment.previous_amount, amendment.previous_reason)
    rows = sorted(listed.values(), key=lambda item: (item[0].sequence or 0, item[0].pk))
    return [
        reference_item(number, proposal, numerals, amount=amount, reason=reason)
        for number, (proposal, amount, reason) in enumerate(rows, start=1)
    ]


def reference_lines(items) -> str:
    """The lines as the template's loop rendered them, without the indent before the first."""
    html = (
        engines["django"]
        .from_string(REFERENCE.read_text())
        .render({"announcement": {"items": items}})
    )
    assert html.startswith("        ") and html.endswith("\n")
    return html[8:-1]


# ---------------------------------------------------------------- the call


@pytest.fixture
def amended(decided, committee_member):
    """`decided` with every kind of line: a hostile title and organisation in Bangkok (no
    "จังหวัด"), a reason with markup, satang and a million; a line without a reason; two
    projects sharing an amount; published, then amended twice: the project not selected
    awarded (it stays off the list as published) and an award taken back (it stays on the
    list with its amount and reason of then)."""
    call, proposals = decided
    hostile = EligibleProposalFactory(
        call=call,
        organisation=OrganisationFactory(name=HOSTILE_ORGANISATION, province__code="TH-10"),
        title=HOSTILE_TITLE,
        sequence=7,
    )
    DecisionFactory(
        proposal=hostile,
        amount=Decimal("1000001.50"),
        reason=HOSTILE_REASON,
        decided_by=committee_member,
    )
    quiet = EligibleProposalFactory(call=call, title="ไม่มีเหตุผล", sequence=6)
    DecisionFactory(
        proposal=quiet, amount=Decimal("100000.00"), reason="", decided_by=committee_member
    )
    publication = PublicationFactory(call=call, published_by=committee_member)
    not_selected, taken_back = proposals["not_selected"], proposals["awarded_2"]
    Decision.objects.filter(proposal=not_selected).update(
        outcome=DecisionOutcome.AWARD, amount=Decimal("70000")
    )
    Proposal.objects.filter(pk=not_selected.pk).update(state=ProposalState.AWARDED)
    Proposal.objects.filter(pk=taken_back.pk).update(state=ProposalState.RESERVE)
    amendment = {"publication": publication, "reason": "เอกสารครบ <ครบ>"}
    Amendment.objects.create(
        number=1,
        proposal=not_selected,
        previous_state=ProposalState.NOT_SELECTED,
        new_state=ProposalState.AWARDED,
        new_amount=Decimal("70000"),
        **amendment,
    )
    Amendment.objects.create(
        number=2,
        proposal=taken_back,
        previous_state=ProposalState.AWARDED,
        previous_amount=Decimal("99999.99"),
        previous_reason="เหตุผลตอนประกาศ\nบรรทัดสอง.",
        new_state=ProposalState.RESERVE,
        **amendment,
    )
    return Call.objects.get(pk=call.pk), proposals


def results_url(call) -> str:
    return reverse("reviews:results", kwargs={"slug": call.slug})


# ---------------------------------------------------------------- the sentences


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("thai_numerals", [False, True])
def test_the_list_says_what_the_announcement_said(amended, language, thai_numerals):
    call, proposals = amended
    Publication.objects.filter(call=call).update(thai_numerals=thai_numerals)
    publication = Publication.objects.select_related("call__programme").get(call=call)
    with translation.override(language):
        items = build_announcement(call, publication).items
        assert items == reference_items(call, publication)
    # The list covered what it should: as published (the amended award off it, the award
    # taken back on it with its amount of then), the shared amount, no reason, Bangkok.
    titles = [item.title for item in items]
    assert proposals["not_selected"].title not in titles
    assert proposals["awarded_2"].title in titles
    assert len(items) == 4
    assert any(not item.reason for item in items)
    assert len({item.amount for item in items}) == 3  # 100,000 twice
    if language == "th":
        assert "กรุงเทพมหานคร" in [item.province for item in items]
        assert any("เก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้าบาทเก้าสิบเก้าสตางค์" in i.amount for i in items)


def test_the_list_is_the_same_whatever_was_remembered_before(amended):
    """Twice over, and English between: nothing a language wrote is kept for the other."""
    call, _ = amended
    publication = Publication.objects.get(call=call)
    seen = []
    for language in ["th", "en", "th", "en"]:
        with translation.override(language):
            seen.append(build_announcement(call, publication).items)
            assert seen[-1] == reference_items(call, publication)
    assert seen[0] == seen[2] != seen[1] == seen[3]


# ---------------------------------------------------------------- the markup


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_lines_are_the_markup_the_loop_made(amended, language):
    call, _ = amended
    publication = Publication.objects.get(call=call)
    with translation.override(language):
        items = build_announcement(call, publication).items
    assert results_items(items) == reference_lines(items)
    assert results_items([]) == reference_lines([]) == ""


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_page_shows_the_lines(client, settings, amended, language):
    """Through the view: the page's list is the loop's lines, and the amendments follow."""
    call, _ = amended
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(results_url(call))
    assert response.status_code == 200
    html = response.content.decode()
    start = '<ol class="list-unstyled results-items mb-3">\n        '
    body = html[html.index(start) + len(start) : html.index("\n      </ol>")]
    assert body == reference_lines(response.context["announcement"].items)
    assert body.count("<li") == 4
    assert 'id="amendment-1"' in html and 'id="amendment-2"' in html


def test_a_hostile_title_organisation_and_reason_stay_escaped(client, settings, amended):
    call, _ = amended
    for language in ("th", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(results_url(call)).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>ดี</b>" not in html
        assert "<ครบ>" not in html
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x27;โครงการ&#x27; &amp; "
            "&quot;น้ำท่วม&quot; รุ่นที่ 2 &lt;/li&gt;"
        ) in html
        assert (
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; มูลนิธิ &amp; &#x27;เพื่อน&#x27; {0}" in html
        )
        assert "เพราะ &lt;b&gt;ดี&lt;/b&gt; &amp; {amount} %(title)s" in html
        assert "\u202e" not in html
        items = re.findall(r'<li class="d-flex gap-2 mb-3">(.*?)</li>', html, re.S)
        assert len(items) == 4


# ---------------------------------------------------------------- the amounts in words


def test_remembered_amounts_in_words_are_the_words_worked_out():
    amounts = [0, 1, 11, 21, 101, 100_000, 1_000_001, 10**12, -250_000]
    amounts += [Decimal(n) for n in amounts]
    amounts += [Decimal("100000.00"), Decimal("1E+5"), Decimal("0.25"), Decimal("100.50")]
    amounts += [Decimal("0.005"), Decimal("-0.004"), Decimal("-0"), Decimal("99999.995")]
    amounts += ["100000", "100000.0", "0.5", 0.5, 2.675, 1e6]
    amounts += [Decimal(n) / 100 for n in range(0, 200_000, 997)]
    for _ in range(2):  # worked out, then remembered
        for amount in amounts:
            assert baht_text(amount) == _baht_text(amount), amount
    # 1 and True are equal keys: the remembered words are kept apart by type.
    assert baht_text(1) == "หนึ่งบาทถ้วน"
    for wrong in [True, None, "abc", Decimal("sNaN"), [1]]:
        with pytest.raises(Exception) as remembered:
            baht_text(wrong)
        with pytest.raises(Exception) as worked_out:
            _baht_text(wrong)
        assert type(remembered.value) is type(worked_out.value), wrong
