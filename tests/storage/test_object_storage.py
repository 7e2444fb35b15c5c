"""Attachments on an S3-compatible object store: uploaded through the applicant's page, kept
as private objects in the bucket (never on local disk) and read back only through the
permission-checked download views."""

import os
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals.models import Attachment
from reviews.enums import AssignmentState
from tests.factories import (
    PDF_BYTES,
    AssignmentFactory,
    AttachmentFactory,
    CallInReviewFactory,
    ProposalFactory,
    ProposalToReviewFactory,
)

pytestmark = pytest.mark.django_db


def local_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def draft(open_call, organisation):
    return ProposalFactory(call=open_call, organisation=organisation)


def upload(client, draft, name="แผนงาน.pdf", content=PDF_BYTES):
    return client.post(
        reverse("proposals:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_the_settings_build_an_s3_storage_from_the_environment(s3_storage, object_store):
    options = settings.STORAGES["default"]["OPTIONS"]
    assert settings.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"]) == (s3_storage, object_store.endpoint)
    assert options["default_acl"] is None  # private: the bucket's own ACL, no public-read
    assert options["querystring_expire"] == 300
    assert default_storage.bucket_name == s3_storage


def test_without_a_bucket_files_stay_in_the_local_folder(monkeypatch):
    from portal.settings.base import file_storage_from_env

    monkeypatch.delenv("STORAGE_BUCKET", raising=False)
    assert file_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_upload_goes_to_the_bucket_and_comes_back_through_the_download_view(
    client, applicant, draft, s3_storage, object_store
):
    client.force_login(applicant)
    response = upload(client, draft)
    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=draft)

    assert object_store.keys(s3_storage) == [attachment.file.name]
    assert attachment.file.name.startswith("attachments/")
    assert "แผนงาน" not in attachment.file.name  # a random name, not the applicant's
    assert local_files() == []  # nothing written to the local folder

    download = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert "filename*=utf-8''%E0%B9%81" in download["Content-Disposition"]


def test_the_object_is_private_to_anyone_without_a_signature(
    client, applicant, draft, s3_storage, object_store
):
    client.force_login(applicant)
    upload(client, draft)
    name = Attachment.objects.get(proposal=draft).file.name
    plain = requests.get(f"{object_store.endpoint}/{s3_storage}/{name}", timeout=10)
    assert plain.status_code == 403
    signed = default_storage.url(name)  # a short-lived signed URL (STORAGE_URL_EXPIRE_SECONDS)
    assert "X-Amz-Expires=300" in signed
    assert requests.get(signed, timeout=10).content == PDF_BYTES


def test_someone_who_may_not_see_the_proposal_gets_404(
    client, applicant, other_applicant, draft, s3_storage
):
    client.force_login(applicant)
    upload(client, draft)
    attachment = Attachment.objects.get(proposal=draft)
    client.force_login(other_applicant)
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


def test_removing_an_attachment_deletes_its_object(
    client, applicant, draft, s3_storage, object_store, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    upload(client, draft)
    attachment = Attachment.objects.get(proposal=draft)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("proposals:attachment_delete", args=[attachment.pk]))
    assert object_store.keys(s3_storage) == []


def test_a_refused_upload_stores_nothing(client, applicant, draft, s3_storage, object_store):
    client.force_login(applicant)
    response = upload(client, draft, name="virus.pdf", content=b"MZ\x90\x00 not a pdf")
    assert response.status_code == 302
    assert not Attachment.objects.filter(proposal=draft).exists()
    assert object_store.keys(s3_storage) == []


def test_a_missing_object_answers_404(client, applicant, draft, s3_storage, object_store):
    client.force_login(applicant)
    upload(client, draft)
    attachment = Attachment.objects.get(proposal=draft)
    object_store.client().delete_object(Bucket=s3_storage, Key=attachment.file.name)
    response = client.get(reverse("proposals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_reviewer_reads_the_file_from_the_bucket(
    client, reviewer, officer, s3_storage, object_store
):
    proposal = ProposalToReviewFactory(
        call=CallInReviewFactory(officers=[officer], created_by=officer)
    )
    AssignmentFactory(proposal=proposal, reviewer=reviewer, state=AssignmentState.ACTIVE)
    attachment = AttachmentFactory(proposal=proposal)
    assert object_store.keys(s3_storage) == [attachment.file.name]
    client.force_login(reviewer)
    response = client.get(reverse("reviews:blind_attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_health_checks_the_object_store(client, s3_storage, object_store):
    response = client.get("/health/")
    assert response.status_code == 200
    assert object_store.keys(s3_storage) == []  # its probe file is removed again


def test_health_says_unavailable_when_the_bucket_is_gone(client, settings, s3_storage):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": "no-such"},
        },
    }
    assert client.get("/health/").status_code == 503


def test_the_object_store_is_a_separate_process(object_store):
    """A real S3-protocol server on a local port, not a mock inside this process."""
    response = requests.put(f"{object_store.endpoint}/probe-{os.getpid()}", timeout=10)
    assert response.status_code == 200
    assert "moto" not in {module.split(".")[0] for module in __import__("sys").modules}


def test_a_shared_object_store_with_a_per_process_cache_is_refused(settings, s3_storage):
    from portal.checks import shared_cache_with_shared_files

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in shared_cache_with_shared_files(None)] == ["portal.E001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert shared_cache_with_shared_files(None) == []


def test_local_files_with_a_per_process_cache_are_fine_on_one_machine(settings):
    from portal.checks import shared_cache_with_shared_files

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert shared_cache_with_shared_files(None) == []


def test_a_shared_object_store_with_a_broker_in_a_local_folder_is_refused(settings, s3_storage):
    from portal.checks import shared_broker_with_shared_files

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "filesystem://"
    assert [error.id for error in shared_broker_with_shared_files(None)] == ["portal.E002"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert shared_broker_with_shared_files(None) == []
