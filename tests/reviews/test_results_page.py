"""The public results announcement, its call-page panels and the applicant's decision panel."""

import re
from functools import partial

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from grants.enums import CallState
from grants.models import Call
from portal.models import Notification
from proposals.models import Organisation, Proposal
from reviews.enums import DecisionOutcome
from reviews.models import Decision, Publication
from reviews.panels import (
    own_decision_context,
    publish_card_context,
    results_link_context,
)
from reviews.services.publication import publish_results
from tests.factories import (
    PUBLISHED_AT,
    DecisionFactory,
    EligibleProposalFactory,
    OrganisationFactory,
    PublicationFactory,
    ResultsCallFactory,
    ReviewFactory,
    Role,
    user_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(decided, committee_member):
    call, proposals = decided
    PublicationFactory(call=call, published_by=committee_member)
    return Call.objects.get(pk=call.pk), proposals


def results_url(call):
    return reverse("reviews:results", kwargs={"slug": call.slug})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_results_page_answers_404_before_publication(client, decided, committee_member):
    call, _ = decided
    client.force_login(committee_member)
    response = client.get(results_url(call))
    assert response.status_code == 404
    assert call.title_th not in response.content.decode()


def test_results_page_is_public_after_publication(client, published):
    call, _proposals = published
    response = client.get(results_url(call))
    assert response.status_code == 200
    page = text_of(response)
    assert "สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)" in page
    assert call.title_th in page


def test_thai_results_restate_the_dates_in_the_buddhist_era(client, published):
    call, _ = published
    page = text_of(client.get(results_url(call)))
    assert "18 เมษายน 2560" in page
    assert "1 พฤษภาคม 2560" in page
    assert "1 พฤษภาคม พ.ศ. 2560" in page  # the date of the announcement
    assert "2017" not in page


def test_thai_results_list_the_awarded_projects_with_amounts_in_words(client, published):
    call, proposals = published
    page = text_of(client.get(results_url(call)))
    items = re.findall(r"<li class=\"d-flex gap-2 mb-3\">(.*?)</li>", page)
    assert len(items) == 2
    assert "นิคมสร้างตนเองโพธิ์พิสัย" in items[0]
    assert "จังหวัดหนองคาย" in items[0]
    assert "“เกษตรกรรมเชิงพื้นที่วิถีชุมชน”" in items[0]
    assert "100,000 บาท (หนึ่งแสนบาทถ้วน)" in items[0]
    assert "จังหวัดสุราษฎร์ธานี" in items[1]
    assert "200,000 บาท (สองแสนบาทถ้วน)" in page  # the total
    # Neither the reserve list nor those not selected are named in public.
    assert proposals["reserve"].title not in page
    assert proposals["not_selected"].title not in page
    assert proposals["ineligible"].title not in page


def test_thai_numerals_option_prints_every_digit_as_a_thai_numeral(client, published):
    call, _ = published
    Publication.objects.filter(call=call).update(thai_numerals=True)
    page = text_of(client.get(results_url(call)))
    document = page[page.index("<article") : page.index("</article>")]
    assert "๑๐๐,๐๐๐ บาท (หนึ่งแสนบาทถ้วน)" in document
    assert "๑๘ เมษายน ๒๕๖๐" in document
    assert "๑ พฤษภาคม พ.ศ. ๒๕๖๐" in document
    assert re.findall(r"[0-9]", re.sub(r"<[^>]*>", "", document)) == []


def test_english_results_use_the_common_era_and_thb_without_words(client_en, published):
    call, _ = published
    Publication.objects.filter(call=call).update(thai_numerals=True)  # Thai page only
    page = text_of(client_en.get(results_url(call)))
    assert "National Innovation Agency (Public Organization)" in page
    assert call.title_en in page
    assert "18 April 2017" in page
    assert "Announced on 1 May 2017" in page
    assert "THB 100,000" in page
    assert "THB 200,000" in page
    assert "หนึ่งแสน" not in page
    assert "2560" not in page


def test_print_stylesheet_is_linked_for_print_on_the_results_page_only(client, published):
    call, _ = published
    page = client.get(results_url(call)).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    call_page = client.get(call.get_absolute_url()).content.decode()
    assert "print.css" not in call_page


def test_results_link_on_the_call_page_only_after_publication(client, decided, committee_member):
    call, _ = decided
    assert results_url(call) not in client.get(call.get_absolute_url()).content.decode()
    with time_machine.travel(PUBLISHED_AT, tick=False):
        publish_results(call, by=committee_member)
    page = client.get(call.get_absolute_url()).content.decode()
    assert results_url(call) in page
    assert reverse("reviews:results_pdf", kwargs={"slug": call.slug}) in page


def test_publish_card_shows_for_committee_members_while_in_review(
    rf_request, decided, committee_member, officer, applicant
):
    call, _ = decided
    context = publish_card_context(rf_request(committee_member), call=call)
    assert (context["decided"], context["awarded"], context["problems"]) == (4, 2, [])
    assert publish_card_context(rf_request(officer), call=call) is None
    assert publish_card_context(rf_request(applicant), call=call) is None


def test_call_page_has_the_publish_form_with_the_thai_numerals_checkbox(
    client, decided, committee_member
):
    call, _ = decided
    client.force_login(committee_member)
    page = client.get(call.get_absolute_url()).content.decode()
    action = reverse("reviews:publish_results", kwargs={"slug": call.slug})
    assert f'action="{action}" data-confirm=' in page
    assert 'name="thai_numerals"' in page


SIGNATORY = {
    "signatory_name_th": "นายพุฒิพัฒน์ เลิศเขวาสินธุ์",
    "signatory_position_th": "ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ",
    "signatory_name_en": "Mr Phutthiphat Loetkhwasin",
    "signatory_position_en": "Director of the National Innovation Agency",
}


def test_publishing_from_the_call_page_redirects_to_the_results(client, decided, committee_member):
    call, _ = decided
    client.force_login(committee_member)
    url = reverse("reviews:publish_results", kwargs={"slug": call.slug})
    response = client.post(url, {"thai_numerals": "on", **SIGNATORY})
    assert response.status_code == 302
    assert response["Location"] == results_url(call)
    publication = Publication.objects.get(call=call)
    assert publication.thai_numerals is True
    assert {field: getattr(publication, field) for field in SIGNATORY} == SIGNATORY
    assert Call.objects.get(pk=call.pk).state == CallState.RESULTS_PUBLISHED


def test_call_page_publish_form_asks_who_signs_the_announcement(client, decided, committee_member):
    call, _ = decided
    client.force_login(committee_member)
    page = client.get(call.get_absolute_url()).content.decode()
    for field in SIGNATORY:
        assert f'name="{field}"' in page
    assert re.search(r'<input[^>]*name="signatory_name_th"[^>]*required', page)
    assert 'id="id_signatory_name_th"' in page  # the e2e test fills it by this id
    assert not re.search(r'<input[^>]*name="signatory_name_en"[^>]*required', page)


def test_publishing_without_a_signatory_publishes_nothing(client, decided, committee_member):
    call, _ = decided
    client.force_login(committee_member)
    url = reverse("reviews:publish_results", kwargs={"slug": call.slug})
    response = client.post(url, {"thai_numerals": "on"}, follow=True)
    assert response.redirect_chain == [(call.get_absolute_url(), 302)]
    assert "ยังไม่ได้ประกาศผล โปรดตรวจสอบแบบฟอร์ม" in text_of(response)
    assert Publication.objects.count() == 0
    assert Call.objects.get(pk=call.pk).state == CallState.IN_REVIEW


@pytest.fixture
def signed(decided, committee_member):
    """The results published with the signatory's name and position."""
    call, proposals = decided
    Decision.objects.filter(proposal=proposals["reserve"]).update(reason="เหตุผลภายในของกรรมการ")
    PublicationFactory(call=call, published_by=committee_member, **SIGNATORY)
    return Call.objects.get(pk=call.pk), proposals


def announcement_items(response) -> list[str]:
    return re.findall(r"<li class=\"d-flex gap-2 mb-3\">(.*?)</li>", text_of(response))


def test_results_page_gives_the_reason_each_project_was_selected(client, signed):
    call, _ = signed
    response = client.get(results_url(call))
    items = announcement_items(response)
    assert len(items) == 2
    for item in items:  # seed 004: "…” ซึ่งเป็นการพัฒนาชุมชนให้เข้มแข็ง … สนับสนุนงบประมาณ …"
        assert "” ได้รับการคัดเลือกเนื่องจากพัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ สนับสนุน" in item
    assert "เหตุผลภายในของกรรมการ" not in text_of(response)  # the reserve list stays private


def test_results_page_ends_with_the_signatory_name_and_position(client, signed):
    call, _ = signed
    page = text_of(client.get(results_url(call)))
    footer = page[page.index('<footer class="row mt-5">') :]
    dated = footer.index("ประกาศ ณ วันที่ 1 พฤษภาคม พ.ศ. 2560")
    name = footer.index("(นายพุฒิพัฒน์ เลิศเขวาสินธุ์)")
    position = footer.index("ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ")
    assert dated < name < position


def test_english_results_page_is_signed_in_english(client_en, signed):
    call, _ = signed
    english = text_of(client_en.get(results_url(call)))
    assert "Mr Phutthiphat Loetkhwasin" in english
    assert "Director of the National Innovation Agency" in english
    assert "(Mr Phutthiphat" not in english


def test_results_page_without_a_signatory_ends_with_the_issuer(client, published):
    call, _ = published
    page = text_of(client.get(results_url(call)))
    footer = page[page.index('<footer class="row mt-5">') :]
    assert "สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)" in footer
    assert "()" not in footer


def test_thai_numerals_leave_the_digits_applicants_typed(client, decided, committee_member):
    call, proposals = decided
    awarded = proposals["awarded"]
    Proposal.objects.filter(pk=awarded.pk).update(title="เกษตรกรรม รุ่นที่ 2 สำหรับ 50 ครัวเรือน")
    Organisation.objects.filter(pk=awarded.organisation_id).update(name="กลุ่มที่ 7 บ้านนา")
    PublicationFactory(call=call, published_by=committee_member, thai_numerals=True)
    first = announcement_items(client.get(results_url(call)))[0]
    assert "๑." in first
    assert "กลุ่มที่ 7 บ้านนา" in first
    assert "“เกษตรกรรม รุ่นที่ 2 สำหรับ 50 ครัวเรือน”" in first
    assert "๑๐๐,๐๐๐ บาท (หนึ่งแสนบาทถ้วน)" in first


def test_direction_controls_typed_by_applicants_never_reach_the_page(
    client, decided, committee_member
):
    call, proposals = decided
    title = "\u202eABC\u202c \u2067เกษตรกรรม\u2069\u200f"
    Proposal.objects.filter(pk=proposals["awarded"].pk).update(title=title)
    PublicationFactory(call=call, published_by=committee_member)
    page = client.get(results_url(call)).content.decode()
    assert "“ABC เกษตรกรรม”" in page
    assert not set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(page)


def test_publishing_by_an_officer_is_forbidden(client, decided, officer):
    call, _ = decided
    client.force_login(officer)
    url = reverse("reviews:publish_results", kwargs={"slug": call.slug})
    response = client.post(url)
    assert response.status_code == 403
    assert Publication.objects.count() == 0
    assert Notification.objects.count() == 0


def test_publishing_with_undecided_proposals_shows_why_and_changes_nothing(
    client, decided, committee_member
):
    call, proposals = decided
    EligibleProposalFactory(
        call=call, organisation=proposals["reserve"].organisation, title="ยังไม่ตัดสิน", sequence=6
    )
    client.force_login(committee_member)
    url = reverse("reviews:publish_results", kwargs={"slug": call.slug})
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(call.get_absolute_url(), 302)]
    assert "1" in text_of(response)
    assert Publication.objects.count() == 0


def test_publish_is_post_only(client, decided, committee_member):
    call, _ = decided
    client.force_login(committee_member)
    response = client.get(reverse("reviews:publish_results", kwargs={"slug": call.slug}))
    assert response.status_code == 405
    assert Publication.objects.count() == 0


@pytest.fixture
def rf_request():
    def make(user):
        request = RequestFactory().get("/")
        request.user = user
        return request

    return make


def test_applicant_decision_panel_is_hidden_before_publication(rf_request, decided, applicant):
    _, proposals = decided
    ReviewFactory(
        assignment__proposal=proposals["awarded"], feedback="ควรวัดผลลัพธ์ให้ชัดเจน", points=False
    )
    assert own_decision_context(rf_request(applicant), proposal=proposals["awarded"]) is None


def test_applicant_sees_decision_and_feedback_without_reviewer_names(
    rf_request, decided, committee_member, applicant
):
    call, proposals = decided
    awarded = proposals["awarded"]
    named = user_with(Role.REVIEWER, full_name="ดร.ใจดี มีชื่อ")
    review = partial(ReviewFactory, assignment__proposal=awarded, points=False)
    review(assignment__reviewer=named, feedback="ควรวัดผลลัพธ์ให้ชัดเจน")
    review(feedback="")  # no feedback: nothing to show
    review(feedback="ร่างยังไม่ส่ง", state="draft")
    PublicationFactory(call=call, published_by=committee_member)
    awarded.refresh_from_db()
    context = own_decision_context(rf_request(applicant), proposal=awarded)
    assert context["feedback"] == ["ควรวัดผลลัพธ์ให้ชัดเจน"]
    assert context["decision"].amount == 100000
    from django.template.loader import render_to_string

    html = render_to_string("reviews/results/panel_own_decision.html", context)
    assert "ควรวัดผลลัพธ์ให้ชัดเจน" in html
    assert "100,000 บาท" in html
    assert "ใจดี" not in html
    assert named.email not in html  # the role may be named ("reviewers' comments"), not who


def test_other_applicants_do_not_see_the_decision_panel(rf_request, published, other_user):
    _, proposals = published
    assert own_decision_context(rf_request(other_user), proposal=proposals["awarded"]) is None
    member_of_other = proposals["reserve"].organisation.members.first()
    assert own_decision_context(rf_request(member_of_other), proposal=proposals["awarded"]) is None


@pytest.fixture
def other_user(db):
    return user_with(Role.APPLICANT, email="stranger@example.org")


def test_results_link_panel_context_is_none_before_publication(rf_request, decided, applicant):
    call, _ = decided
    assert results_link_context(rf_request(applicant), call=call) is None


@pytest.mark.parametrize("size", [3, 12])
def test_results_page_queries_do_not_grow_with_the_number_of_awards(
    client, committee_member, applicant, django_assert_num_queries, size
):
    call = ResultsCallFactory()
    for n in range(size):
        organisation = OrganisationFactory(
            members=[user_with(Role.APPLICANT, email=f"m{n}@example.org")],
            name=f"องค์กร {n}",
            province__code="TH-43",
        )
        proposal = EligibleProposalFactory(
            call=call, organisation=organisation, title=f"โครงการ {n}", sequence=n + 1
        )
        DecisionFactory(
            proposal=proposal,
            outcome=DecisionOutcome.AWARD,
            decided_by=committee_member,
            amount=50000,
        )
    PublicationFactory(call=call, published_by=committee_member)
    # The publication with its call and programme, its amendments (none), then the awards.
    with django_assert_num_queries(3):
        response = client.get(results_url(call))
    assert text_of(response).count("50,000 บาท (ห้าหมื่นบาทถ้วน)") == size
