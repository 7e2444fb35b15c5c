"""PDPA rights: a copy of a person's data, withdrawing optional processing, erasure."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from grants.enums import CallState
from grants.models import SectorFollow
from portal import services
from portal.enums import AuditAction, DataExportState
from portal.models import AuditEvent, DataExport, Notification, User
from portal.refusals import Refusal
from proposals.models import Organisation, Proposal
from tests.factories import (
    PASSWORD,
    AttachmentFactory,
    ProposalFactory,
    ReviewFactory,
    SectorFactory,
    UserFactory,
)
from tests.factories.awards import GrantFactory

pytestmark = pytest.mark.django_db


def zip_of(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def data_of(export: DataExport) -> dict:
    return json.loads(zip_of(export).read("data.json"))


# A copy of the data


def test_asking_for_a_copy_builds_the_zip_and_tells_the_person(
    applicant, submitted, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(proposal=submitted, uploaded_by=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_data_export(applicant)

    export.refresh_from_db()
    assert export.state == DataExportState.READY
    assert export.expires_at - export.ready_at == timedelta(days=7)
    assert default_storage.exists(export.file.name)
    data = data_of(export)
    assert data["account"]["account"]["email"] == "applicant@example.org"
    assert "password" not in data["account"]["account"]
    assert [p["title"] for p in data["proposals"]["proposals"]] == [submitted.title]
    assert [o["name"] for o in data["proposals"]["organisations"]] == [submitted.organisation.name]
    names = zip_of(export).namelist()
    assert f"files/attachments/{attachment.pk}-{attachment.original_name}" in names
    ready = Notification.objects.get(kind="data_export_ready")
    assert (ready.recipient, ready.dedupe_key) == (applicant, f"data_export:{export.pk}")
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.DATA_EXPORT_REQUESTED, actor=applicant
    ).exists()


def test_a_reviewers_copy_holds_their_reviews_and_scores(django_capture_on_commit_callbacks):
    review = ReviewFactory()
    reviewer = review.assignment.reviewer
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_data_export(reviewer)

    export.refresh_from_db()
    assignments = data_of(export)["reviews"]["assignments"]
    assert [a["review"]["comment"] for a in assignments] == ["ดี"]
    assert len(assignments[0]["review"]["scores"]) == review.scores.count() > 0


def test_a_second_request_is_refused_while_one_is_being_prepared(applicant):
    services.request_data_export(applicant)  # not run: the task waits for the commit

    with pytest.raises(Refusal) as refused:
        services.request_data_export(applicant)

    assert refused.value.code == services.EXPORT_PENDING
    assert DataExport.objects.filter(user=applicant).count() == 1


def test_building_twice_builds_once(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_data_export(applicant)

    assert services.build_data_export(export.pk) is None
    assert Notification.objects.filter(kind="data_export_ready").count() == 1


def test_expired_copies_are_deleted(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.request_data_export(applicant)
    export.refresh_from_db()
    name = export.file.name
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(1))

    assert services.delete_expired_data_exports() == 1

    export.refresh_from_db()
    assert (export.state, export.file.name) == (DataExportState.EXPIRED, "")
    assert not default_storage.exists(name)


def test_a_request_whose_task_was_lost_is_marked_failed_so_the_person_may_ask_again(
    applicant,
):
    lost = services.request_data_export(applicant)  # its task waits for a commit never made
    DataExport.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - timedelta(hours=7))

    services.delete_expired_data_exports()

    lost.refresh_from_db()
    assert lost.state == DataExportState.FAILED
    assert services.request_data_export(applicant).state == DataExportState.PENDING


def test_the_owner_downloads_the_copy_and_it_is_audited(
    client, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:data_export_request"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=applicant)

    response = client.get(reverse("portal:data_export_download", kwargs={"pk": export.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert json.loads(archive.read("data.json"))["account"]["account"]["id"] == applicant.pk
    assert AuditEvent.objects.filter(
        action=AuditAction.DATA_EXPORT_DOWNLOADED, actor=applicant, object_id=str(export.pk)
    ).exists()


def test_somebody_elses_copy_does_not_exist(client, applicant, other_applicant):
    export = DataExport.objects.create(
        user=applicant, state=DataExportState.READY, expires_at=timezone.now() + timedelta(1)
    )
    client.force_login(other_applicant)

    response = client.get(reverse("portal:data_export_download", kwargs={"pk": export.pk}))

    assert response.status_code == 404


def test_an_expired_copy_sends_the_owner_back_with_a_message(client, applicant):
    export = DataExport.objects.create(
        user=applicant, state=DataExportState.EXPIRED, expires_at=timezone.now() - timedelta(1)
    )
    client.force_login(applicant)

    response = client.get(
        reverse("portal:data_export_download", kwargs={"pk": export.pk}), follow=True
    )

    assert response.redirect_chain == [(reverse("portal:privacy_centre"), 302)]
    assert "ไม่มีให้ดาวน์โหลดแล้ว" in response.content.decode()


# Optional processing


def test_withdrawing_reminders_and_sector_alerts(client, applicant):
    SectorFollow.objects.create(user=applicant, sector=SectorFactory())
    client.force_login(applicant)

    for key in ("reminders", "sector_alerts"):
        response = client.post(reverse("portal:consent_withdraw", kwargs={"key": key}))
        assert response.status_code == 302

    applicant.refresh_from_db()
    assert applicant.reminders_enabled is False
    assert not SectorFollow.objects.filter(user=applicant).exists()
    assert sorted(
        AuditEvent.objects.filter(action=AuditAction.CONSENT_WITHDRAWN).values_list(
            "summary", flat=True
        )
    ) == ["reminders", "sector_alerts"]


def test_an_unknown_processing_is_not_found(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("portal:consent_withdraw", kwargs={"key": "nonsense"}))

    assert response.status_code == 404


# Erasure


def test_erasure_removes_a_lone_draft_and_keeps_a_submitted_proposal(
    applicant, submitted, open_call
):
    lone = ProposalFactory(
        call=open_call, organisation=submitted.organisation, created_by=applicant
    )
    file_name = AttachmentFactory(proposal=lone, uploaded_by=applicant).file.name

    kept = services.erase_person(applicant, password=PASSWORD)

    applicant.refresh_from_db()
    assert applicant.full_name == f"บัญชีที่ลบแล้ว {applicant.pk}"
    assert applicant.email == f"erased-{applicant.pk}@invalid"
    assert (applicant.is_active, applicant.has_usable_password()) == (False, False)
    assert applicant.erased_at is not None
    assert list(applicant.role_grants.all()) == [] and list(applicant.consents.all()) == []
    assert not Proposal.objects.filter(pk=lone.pk).exists()
    assert not default_storage.exists(file_name)
    assert Proposal.objects.get(pk=submitted.pk).created_by == applicant
    assert Organisation.objects.filter(pk=submitted.organisation_id).exists()
    assert list(applicant.organisations.all()) == []
    assert [str(item.what) for item in kept] == [
        "รายการในบันทึกการตรวจสอบที่เกี่ยวกับบัญชีของท่าน",
        f"ข้อเสนอโครงการ {submitted.reference} “{submitted.title}”",
    ]
    assert AuditEvent.objects.filter(action=AuditAction.ERASURE, subject=applicant).exists()


def test_an_erased_sole_owner_hands_the_organisation_to_the_first_editor(applicant, organisation):
    from proposals.enums import MemberRole
    from proposals.models import OrganisationMembership

    viewer, editor, later_editor = UserFactory(), UserFactory(), UserFactory()
    OrganisationMembership.objects.filter(organisation=organisation, user=applicant).update(
        role=MemberRole.OWNER
    )
    for person, role in [
        (viewer, MemberRole.VIEWER),
        (editor, MemberRole.EDITOR),
        (later_editor, MemberRole.EDITOR),
    ]:
        OrganisationMembership.objects.create(organisation=organisation, user=person, role=role)

    services.erase_person(applicant, password=PASSWORD)

    roles = dict(
        OrganisationMembership.objects.filter(organisation=organisation).values_list("user", "role")
    )
    assert roles == {
        viewer.pk: MemberRole.VIEWER,
        editor.pk: MemberRole.OWNER,
        later_editor.pk: MemberRole.EDITOR,
    }


def test_the_plan_names_only_what_the_person_has(applicant):
    from reviews.models import ReviewerProfile

    before = services.erasure_plan(applicant).erases
    ReviewerProfile.objects.create(user=applicant)
    after = services.erasure_plan(applicant).erases

    assert "ข้อมูลผู้ประเมินของท่าน: ความเชี่ยวชาญและหน่วยงาน" not in before
    assert after == [*before, "ข้อมูลผู้ประเมินของท่าน: ความเชี่ยวชาญและหน่วยงาน"]


def test_erasure_keeps_a_funded_grant_with_its_reason(applicant, organisation):
    grant = GrantFactory(proposal__organisation=organisation)

    plan = services.erasure_plan(applicant)

    grant_items = [item for item in plan.kept if grant.reference in item.what]
    assert len(grant_items) == 1
    assert "10" in grant_items[0].reason


def test_erasure_with_a_wrong_password_is_refused_and_changes_nothing(applicant):
    with pytest.raises(Refusal) as refused:
        services.erase_person(applicant, password="wrong")

    assert refused.value.code == services.WRONG_PASSWORD
    assert list(refused.value.errors) == ["password"]
    applicant.refresh_from_db()
    assert applicant.is_active and applicant.erased_at is None


def test_an_officer_still_running_a_call_cannot_be_erased(officer, open_call):
    with pytest.raises(Refusal) as refused:
        services.erase_person(officer, password=PASSWORD)

    assert refused.value.code == services.ERASURE_BLOCKED
    assert open_call.code in str(refused.value)
    officer.refresh_from_db()
    assert officer.is_active


def test_an_officer_whose_calls_are_archived_can_be_erased(officer, open_call):
    open_call.state = CallState.ARCHIVED
    open_call.save()

    services.erase_person(officer, password=PASSWORD)

    assert list(open_call.officers.all()) == []


def test_the_erasure_page_shows_what_goes_and_what_stays(client, applicant, submitted):
    client.force_login(applicant)

    response = client.get(reverse("portal:erase_account"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "สิ่งที่จะถูกลบ" in html and submitted.title in html
    assert 'name="password"' in html


def test_the_erasure_page_refuses_an_officer_running_a_call(client, officer, open_call):
    client.force_login(officer)

    response = client.post(reverse("portal:erase_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert open_call.code in response.content.decode()
    assert 'name="password"' not in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_active


def test_erasing_from_the_page_signs_out_and_lists_what_is_kept(client, applicant, submitted):
    client.force_login(applicant)

    response = client.post(reverse("portal:erase_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert submitted.title in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not client.login(email="applicant@example.org", password=PASSWORD)
    assert User.objects.get(pk=applicant.pk).erased_at is not None


def test_a_wrong_password_on_the_page_keeps_the_form(client, applicant):
    client.force_login(applicant)

    response = client.post(reverse("portal:erase_account"), {"password": "x", "confirm": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    applicant.refresh_from_db()
    assert applicant.is_active


def test_the_privacy_centre_lists_optional_processing(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("portal:privacy_centre"))

    assert [o.key for o, _on in response.context["optional"]] == ["reminders", "sector_alerts"]
    assert [on for _o, on in response.context["optional"]] == [True, False]


def test_the_privacy_notice_states_the_retention_rules(client, settings):
    settings.AUDIT_RETENTION_DAYS = 400

    html = client.get(reverse("portal:privacy")).content.decode()

    assert "400" in html
