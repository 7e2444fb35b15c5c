"""The audit log: one writer, what it records, the admin's read-only list and its pruning."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from portal import audit
from portal.enums import AuditAction, Role
from portal.models import AuditEvent, RoleGrant
from portal.tasks import prune_audit_events_task
from tests.factories import PASSWORD, AttachmentFactory

pytestmark = pytest.mark.django_db


def test_record_writes_one_row_with_the_request_s_person_ip_and_browser(rf, applicant):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/140")
    request.user = applicant

    event = audit.record(request, AuditAction.DOWNLOAD, obj=applicant, summary="x")

    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1
    event.refresh_from_db()
    assert (event.actor, event.ip, event.user_agent) == (applicant, "203.0.113.7", "Firefox/140")
    assert (event.object_type, event.object_id) == ("portal.user", str(applicant.pk))


def test_recording_a_download_is_one_insert(rf, applicant, django_assert_num_queries):
    request = rf.get("/")
    request.user = applicant

    with django_assert_num_queries(1):
        audit.record_download(request, applicant, name="a.pdf")


def test_signing_in_and_a_failed_sign_in_are_recorded(client, applicant):
    client.post(reverse("login"), {"login": applicant.email, "password": "wrong"})
    client.post(reverse("login"), {"login": applicant.email, "password": PASSWORD})

    signing_in = [AuditAction.SIGN_IN, AuditAction.SIGN_IN_FAILED]
    events = list(
        AuditEvent.objects.filter(action__in=signing_in)
        .order_by("pk")
        .values_list("action", "actor", "summary")
    )
    assert events == [
        (AuditAction.SIGN_IN_FAILED, None, applicant.email),
        (AuditAction.SIGN_IN, applicant.pk, applicant.email),
    ]


def test_an_attachment_download_is_recorded(client, applicant, draft):
    attachment = AttachmentFactory(proposal=draft, uploaded_by=applicant)
    client.force_login(applicant)
    AuditEvent.objects.all().delete()  # the sign-in

    response = client.get(reverse("proposals:attachment_download", kwargs={"pk": attachment.pk}))

    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_type, event.object_id) == (
        AuditAction.DOWNLOAD,
        applicant,
        "proposals.attachment",
        str(attachment.pk),
    )


def test_a_refused_download_records_nothing(client, other_applicant, draft):
    attachment = AttachmentFactory(proposal=draft)
    client.force_login(other_applicant)
    AuditEvent.objects.all().delete()

    response = client.get(reverse("proposals:attachment_download", kwargs={"pk": attachment.pk}))

    assert response.status_code == 404
    assert AuditEvent.objects.count() == 0


def test_an_officer_s_export_is_recorded_with_its_filters(client, officer, open_call):
    client.force_login(officer)
    AuditEvent.objects.all().delete()

    url = reverse("proposals:call_proposals_csv", kwargs={"slug": open_call.slug})
    client.get(url + "?state=submitted")

    event = AuditEvent.objects.get()
    assert (event.action, event.object_id, event.summary) == (
        AuditAction.EXPORT,
        str(open_call.pk),
        "proposals.csv state=submitted",
    )


def test_role_changes_are_recorded_about_the_person(applicant):
    AuditEvent.objects.all().delete()  # the applicant's own role, granted by the fixture
    grant = RoleGrant.objects.create(user=applicant, role=Role.REVIEWER)
    grant.delete()

    assert list(
        AuditEvent.objects.filter(subject=applicant).order_by("pk").values_list("action", flat=True)
    ) == [AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED]


def test_an_administrator_s_edit_in_the_admin_is_recorded(administrator, applicant):
    LogEntry.objects.log_actions(
        user_id=administrator.pk,
        queryset=[applicant],
        action_flag=CHANGE,
        change_message="Changed full name.",
    )

    event = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert (event.actor, event.object_type, event.object_id) == (
        administrator,
        "portal.user",
        str(applicant.pk),
    )
    assert ContentType.objects.get_for_model(applicant).model == "user"


def test_old_events_are_pruned(settings, applicant):
    settings.AUDIT_RETENTION_DAYS = 30
    AuditEvent.objects.all().delete()
    old = audit.record(None, AuditAction.SIGN_IN, actor=applicant)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    recent = audit.record(None, AuditAction.SIGN_IN, actor=applicant)

    assert prune_audit_events_task() == 1

    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_administrators_search_the_log_but_cannot_change_it(client, administrator, applicant):
    audit.record(None, AuditAction.DOWNLOAD, actor=applicant, summary="แผนงาน.pdf")
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    changelist = reverse("admin:portal_auditevent_changelist")

    found = client.get(changelist, {"q": "แผนงาน"})
    missing = client.get(changelist, {"q": "ไม่มีสิ่งนี้"})

    assert list(found.context["cl"].result_list.values_list("summary", flat=True)) == ["แผนงาน.pdf"]
    assert list(missing.context["cl"].result_list) == []
    assert client.get(reverse("admin:portal_auditevent_add")).status_code == 403
