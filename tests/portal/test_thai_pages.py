"""Thai where people read it: Django's own words on the portal's forms, the admin's years,
and the call, ranking and navigation pages as a Thai reader meets them."""

import json
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from grants.enums import CallState
from portal.formatting import notice_version_label
from reviews.models import Publication

from ..factories import (
    CallFactory,
    CallInReviewFactory,
    EligibleProposalFactory,
    ReviewFactory,
    Role,
    user_with,
)


def text_of(html: str) -> str:
    """The page's text, tags removed and spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- Django's words on forms


def test_the_empty_choice_of_a_dropdown_is_thai(client, applicant):
    client.force_login(applicant)
    html = client.get(reverse("proposals:organisation")).content.decode()
    assert "Select an option" not in html
    assert '<option value="" selected>— เลือก —</option>' in html


def test_the_call_form_says_in_thai_that_times_are_bangkok_time(client, officer):
    client.force_login(officer)
    html = client.get(reverse("grants:call_create")).content.decode()
    assert "Bangkok time" not in html
    assert "เวลาทั้งหมดเป็นเวลาประเทศไทย (UTC+7)" in text_of(html)


def test_the_call_form_says_in_english_that_times_are_bangkok_time(client_en, officer):
    client_en.force_login(officer)
    html = client_en.get(reverse("grants:call_create")).content.decode()
    assert "All times are Bangkok time (UTC+7)." in text_of(html)


@pytest.mark.parametrize(
    ("language", "version", "label"),
    [
        ("th", "2026-11", "พฤศจิกายน 2569"),
        ("en", "2026-11", "November 2026"),
        ("th", "2027-01", "มกราคม 2570"),
        ("th", "v3", "v3"),  # not a year and month: shown as it is
    ],
)
def test_a_privacy_notice_version_reads_as_its_month(language, version, label):
    with translation.override(language):
        assert notice_version_label(version) == label


def test_the_consent_line_names_the_notice_by_its_month(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    text = text_of(client.get(reverse("portal:signup")).content.decode())
    assert "2026-11" not in text
    assert "(ฉบับเดือนพฤศจิกายน 2569)" in text


def test_the_privacy_notice_and_the_profile_name_the_version_by_its_month(
    client, applicant, settings
):
    settings.PRIVACY_NOTICE_VERSION = "2026-11"
    applicant.consents.create(notice_version="2026-11")
    notice = text_of(client.get(reverse("portal:privacy")).content.decode())
    client.force_login(applicant)
    profile = text_of(client.get(reverse("portal:profile")).content.decode())
    assert "2026-11" not in notice + profile
    assert "ฉบับเดือนพฤศจิกายน 2569" in notice
    assert "ประกาศความเป็นส่วนตัว ฉบับเดือนพฤศจิกายน 2569" in profile


# ---------------------------------------------------------------- the admin's years


def _bangkok(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 23, 59))


@pytest.fixture
def calls_of_two_years(db, officer):
    return [
        CallFactory(deadline=_bangkok(2025, 12, 5), opens_at=_bangkok(2025, 10, 1)),
        CallFactory(deadline=_bangkok(2026, 3, 31), opens_at=_bangkok(2026, 1, 5)),
    ]


def _hierarchy(client, query: str = "") -> str:
    html = client.get(reverse("admin:grants_call_changelist") + query).content.decode()
    nav = re.search(r'<nav class="toplinks".*?</nav>', html, re.S)
    assert nav, "no date hierarchy on the page"
    return text_of(nav.group())


def test_the_admin_date_hierarchy_counts_years_in_the_buddhist_era(
    client, administrator, calls_of_two_years
):
    client.force_login(administrator)
    assert _hierarchy(client).split() == ["กรองตาม", "กำหนดส่งข้อเสนอ", "2568", "2569"]
    months = _hierarchy(client, "?deadline__year=2026")
    assert "มีนาคม 2569" in months
    assert "2026" not in months
    days = _hierarchy(client, "?deadline__year=2026&deadline__month=3")
    assert "&lsaquo; 2569" in days
    assert "2026" not in days


def test_the_admin_date_hierarchy_keeps_the_common_era_in_english(
    client_en, administrator, calls_of_two_years
):
    client_en.force_login(administrator)
    assert _hierarchy(client_en).split()[-2:] == ["2025", "2026"]


# ---------------------------------------------------------------- pages


@pytest.fixture
def published_call(db, officer, committee_member):
    call = CallFactory(
        officers=[officer],
        opens_at=timezone.now() - timedelta(days=120),
        deadline=timezone.now() - timedelta(days=60),
        state=CallState.RESULTS_PUBLISHED,
    )
    call.results_at = timezone.now() - timedelta(days=5)
    call.review_ends_at = timezone.now() - timedelta(days=10)
    call.save()
    Publication.objects.create(
        call=call, published_by=committee_member, total_awarded=Decimal("200000")
    )
    return call


def test_a_published_call_shows_one_results_card(client, published_call):
    html = client.get(published_call.get_absolute_url()).content.decode()
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    results = [text_of(h).strip() for h in headings if "ประกาศผล" in h]
    assert results == ["ประกาศผลแล้ว"]
    timeline = text_of(re.search(r'<ol class="timeline-list">.*?</ol>', html, re.S).group())
    assert "กำหนดประกาศผล" in timeline
    assert "วันประกาศผล" not in text_of(html)


def test_the_ranking_column_of_review_counts_says_so(client, officer):
    call = CallInReviewFactory(
        officers=[officer], budget_total=Decimal("300000"), rubric=[{"weight": 60}, {"weight": 40}]
    )
    ReviewFactory(
        assignment__proposal=EligibleProposalFactory(call=call),
        assignment__reviewer=user_with(Role.REVIEWER),
        points=[8, 7],
    )
    client.force_login(officer)
    html = client.get(reverse("reviews:ranking", kwargs={"slug": call.slug})).content.decode()
    headers = [text_of(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]
    assert "จำนวนผลประเมิน" in headers
    assert "ผลการประเมิน" not in headers


@pytest.mark.parametrize("role_fixture", ["officer", "administrator"])
def test_officers_and_administrators_find_the_outbox_in_the_menu_and_dashboard(
    client, request, role_fixture
):
    person = request.getfixturevalue(role_fixture)
    client.force_login(person)
    role = person.primary_role
    html = client.get(reverse("portal:role_dashboard", kwargs={"role": role})).content.decode()
    menu = re.search(r'<ul class="dropdown-menu.*?</ul>', html, re.S).group()
    main = html.split("<main", 1)[1]
    assert f'href="{reverse("portal:outbox")}"' in menu
    assert f'href="{reverse("portal:outbox")}"' in main


def test_people_who_may_not_open_the_outbox_get_no_link_to_it(client, applicant):
    client.force_login(applicant)
    html = client.get(reverse("portal:role_dashboard", kwargs={"role": "applicant"})).content
    assert reverse("portal:outbox").encode() not in html


def test_the_inbox_bell_is_in_the_bar_once_per_screen_size(client, applicant):
    """On a phone the bell sits next to the menu button; the menu itself has none."""
    client.force_login(applicant)
    html = client.get(reverse("portal:profile")).content.decode()
    bells = re.findall(r'<a [^>]*href="/inbox/"[^>]*>', html)
    assert len(bells) == 2
    phone, wide = bells
    assert "d-lg-none" in phone
    assert "d-none d-lg-inline-block" in wide
    for bell in bells:
        assert re.search(r'aria-label="กล่องข้อความ[^"]*"', bell), bell


def test_the_admin_scripts_speak_thai(client, administrator):
    """The admin's calendar and two-box selector take their words from the portal's catalogue."""
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalog["Choose all %s"] == "เลือก%sทั้งหมด"
    assert catalog["abbrev. month January\x04Jan"] == "ม.ค."
