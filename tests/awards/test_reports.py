"""Reports: saved with a version check, submitted, reviewed, resubmitted with a diff;
reminders 7 days and 1 day before and once overdue."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from awards.enums import ReportState
from awards.models import Report
from awards.public.queries import project_facts
from awards.queries import public_grant_facts
from awards.reminders import queue_report_reminders
from awards.reports import outcome_totals
from awards.services.reports import review_report, save_report, submit_report
from awards.services.tranches import is_payable
from portal.models import Notification
from portal.refusals import Refusal

pytestmark = pytest.mark.django_db

OUTCOMES = [
    {"province": "TH-50", "group": "ผู้สูงอายุ", "people": 120},
    {"province": "TH-57", "group": "เยาวชน", "people": 80},
]


def first_report(grant) -> Report:
    return grant.reports.order_by("due_on").first()


def final_report(grant) -> Report:
    return grant.reports.get(kind="final")


def write(report, by, **content):
    return save_report(report, by=by, expected_version=report.version, content=content)


def test_a_save_from_an_older_version_is_refused_as_stale(active_grant, grantee):
    report = first_report(active_grant)
    write(report, grantee, narrative="ฉบับแรก")
    with pytest.raises(Refusal) as refused:
        save_report(report, by=grantee, expected_version=1, content={"narrative": "ทับ"})
    assert refused.value.code == "stale"
    assert Report.objects.get(pk=report.pk).narrative == "ฉบับแรก"


def test_the_final_report_needs_lessons_recommendations_and_outcomes(active_grant, grantee):
    report = write(final_report(active_grant), grantee, narrative="ทำแล้ว")
    with pytest.raises(Refusal) as refused:
        submit_report(report, by=grantee)
    assert set(refused.value.errors) == {"lessons", "recommendations", "outcomes"}


def test_changes_requested_resubmitted_approved_with_versions_kept(active_grant, grantee, officer):
    report = write(first_report(active_grant), grantee, narrative="จัดอบรม 2 ครั้ง")
    submit_report(report, by=grantee)
    with pytest.raises(Refusal):
        review_report(report, by=officer, approve=False, comment="")
    review_report(report, by=officer, approve=False, comment="ขอรายละเอียดผู้เข้าร่วม")
    report.refresh_from_db()
    assert report.state == ReportState.CHANGES_REQUESTED
    report = write(report, grantee, narrative="จัดอบรม 2 ครั้ง ผู้เข้าร่วม 60 คน")
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=True)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert list(report.versions.values_list("number", flat=True)) == [1, 2]
    assert is_payable(report.tranche)
    kinds = list(Notification.objects.filter(recipient=grantee, kind="report_reviewed"))
    assert len(kinds) == 2


def test_the_officer_sees_what_changed_between_submissions(client, active_grant, grantee, officer):
    report = write(first_report(active_grant), grantee, narrative="จัดอบรมสองครั้ง")
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=False, comment="เพิ่มจำนวนคน")
    report.refresh_from_db()
    submit_report(write(report, grantee, narrative="จัดอบรมสองครั้ง มีผู้เข้าร่วม"), by=grantee)
    client.force_login(officer)
    page = client.get(reverse("awards:report_diff", kwargs={"pk": report.pk, "number": 2}))
    assert "<ins>" in page.text and "มีผู้เข้าร่วม" in page.text


def test_an_approved_report_can_no_longer_be_saved(active_grant, grantee, officer):
    report = write(first_report(active_grant), grantee, narrative="x")
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=True)
    report.refresh_from_db()
    with pytest.raises(Refusal) as refused:
        write(report, grantee, narrative="y")
    assert refused.value.code == "state"


def test_the_grantee_saves_and_submits_through_the_page(client, active_grant, grantee):
    report = first_report(active_grant)
    client.force_login(grantee)
    page = client.get(reverse("awards:report_detail", kwargs={"pk": report.pk}))
    assert 'id="report-form"' in page.text
    data = {
        "version": report.version,
        "narrative": "ลงพื้นที่ 3 ชุมชน",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "ชุมชนที่เข้าร่วม",
        "indicators-0-target": "3",
        "indicators-0-actual": "3",
        "spending-TOTAL_FORMS": "0",
        "spending-INITIAL_FORMS": "0",
        "outcomes-TOTAL_FORMS": "0",
        "outcomes-INITIAL_FORMS": "0",
        "submit": "1",
    }
    response = client.post(reverse("awards:report_save", kwargs={"pk": report.pk}), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.indicators == [{"name": "ชุมชนที่เข้าร่วม", "target": "3", "actual": "3"}]


def test_autosave_answers_json_and_refuses_a_stale_version(client, active_grant, grantee):
    report = first_report(active_grant)
    client.force_login(grantee)
    url = reverse("awards:report_autosave", kwargs={"pk": report.pk})
    empty = {
        f"{p}-{k}": "0"
        for p in ("indicators", "spending", "outcomes")
        for k in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    first = client.post(url, {"version": 1, "narrative": "ก", **empty})
    assert first.json()["ok"] and first.json()["version"] == 2
    stale = client.post(url, {"version": 1, "narrative": "ข", **empty})
    assert stale.status_code == 409 and stale.json()["stale"]


def test_another_grantee_and_another_officer_cannot_open_the_report(
    client, active_grant, other_grantee, other_officer
):
    url = reverse("awards:report_detail", kwargs={"pk": first_report(active_grant).pk})
    for person in (other_grantee, other_officer):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_reminders_7_days_1_day_and_overdue_once_each(active_grant, grantee):
    report = first_report(active_grant)  # due 30 September 2026
    assert queue_report_reminders(date(2026, 9, 23)) == 1
    assert queue_report_reminders(date(2026, 9, 23)) == 1  # the outbox keeps one
    queue_report_reminders(date(2026, 9, 29))
    queue_report_reminders(date(2026, 10, 1))
    keys = sorted(
        Notification.objects.filter(kind="report_reminder", recipient=grantee).values_list(
            "dedupe_key", flat=True
        )
    )
    assert keys == sorted(
        f"report_reminder:{report.pk}:{when}:{grantee.pk}" for when in ("7d", "1d", "overdue")
    )


def test_outcomes_add_up_by_province_and_group(active_grant, grantee):
    report = write(final_report(active_grant), grantee, outcomes=OUTCOMES, social_return="3.5")
    totals = outcome_totals([report])
    assert totals["people"] == 200
    assert totals["by_province"] == {"TH-50": 120, "TH-57": 80}
    assert totals["by_group"] == {"ผู้สูงอายุ": 120, "เยาวชน": 80}


def test_public_facts_carry_the_outcomes_of_the_approved_final_report(
    active_grant, grantee, officer
):
    report = write(
        final_report(active_grant),
        grantee,
        narrative="ปิดโครงการ",
        lessons="ชุมชนต้องเป็นเจ้าของ",
        recommendations="ขยายผลผ่าน อปท.",
        outcomes=OUTCOMES,
    )
    assert (
        public_grant_facts([active_grant.proposal_id])[active_grant.proposal_id]["outcomes"] is None
    )
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=True)
    facts = public_grant_facts([active_grant.proposal_id])[active_grant.proposal_id]
    assert facts["outcomes"]["people"] == 200
    assert facts["outcomes"]["lessons"] == "ชุมชนต้องเป็นเจ้าของ"
    assert facts["state"] == "active" and facts["paid"] == 0


def test_the_public_project_shows_its_grant_s_state_and_approved_outcomes(
    active_grant, grantee, officer
):
    pk = active_grant.proposal_id
    report = write(
        final_report(active_grant),
        grantee,
        narrative="ปิดโครงการ",
        lessons="ชุมชนต้องเป็นเจ้าของ",
        recommendations="ขยายผลผ่าน อปท.",
        outcomes=OUTCOMES,
        social_return="3.5",
    )
    before = project_facts([pk])[pk]
    assert (before.status, before.outcomes) == ("active", [])
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=True)
    with translation.override("en"):
        after = project_facts([pk])[pk]
    assert after.status_label == "Active"
    assert after.outcomes == [
        "People reached: 200",
        "Social return on investment: 3.50",
        "Lessons learned: ชุมชนต้องเป็นเจ้าของ",
        "Recommendations for scaling to other areas: ขยายผลผ่าน อปท.",
    ]


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_a_photo_is_attached_and_only_the_grant_s_people_download_it(
    client, active_grant, grantee, other_grantee, officer
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = first_report(active_grant)
    client.force_login(grantee)
    upload = SimpleUploadedFile("กิจกรรม.png", PNG, content_type="image/png")
    client.post(reverse("awards:report_file_upload", kwargs={"pk": report.pk}), {"file": upload})
    attached = report.files.get()
    assert attached.content_type == "image/png" and attached.original_name == "กิจกรรม.png"
    url = reverse("awards:report_file_download", kwargs={"pk": attached.pk})
    assert b"".join(client.get(url).streaming_content) == PNG
    client.force_login(officer)
    assert client.get(url).status_code == 200
    client.force_login(other_grantee)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_file_that_is_not_what_its_name_says_is_refused(client, active_grant, grantee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = first_report(active_grant)
    client.force_login(grantee)
    upload = SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf")
    response = client.post(
        reverse("awards:report_file_upload", kwargs={"pk": report.pk}),
        {"file": upload},
        follow=True,
    )
    assert not report.files.exists()
    assert "photo.pdf" in response.text


def test_the_ledger_adds_up_outcomes_per_call_and_programme(client, active_grant, grantee, officer):
    report = write(
        final_report(active_grant),
        grantee,
        narrative="ปิดโครงการ",
        lessons="ก",
        recommendations="ข",
        outcomes=OUTCOMES,
        social_return="2.50",
    )
    submit_report(report, by=grantee)
    review_report(report, by=officer, approve=True)
    client.force_login(officer)
    response = client.get(reverse("awards:ledger"))
    [row] = response.context["outcomes_by_call"]
    assert (row["call"], row["reports"], row["people"]) == (active_grant.call, 1, 200)
    [programme] = response.context["outcomes_by_programme"]
    assert programme["programme"] == active_grant.call.programme and programme["people"] == 200
