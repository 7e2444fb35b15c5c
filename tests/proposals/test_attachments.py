"""Attachments: the upload rules of add_attachment, removal, and who may download."""

from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.enums import CallState
from portal.refusals import Refusal
from proposals import filetypes
from proposals.enums import EventKind, ProposalState
from proposals.models import Attachment
from proposals.services.attachments import add_attachment, clean_file_name, remove_attachment
from tests.factories import CallFactory, Role, user_with

from .test_filetypes import EXE_BYTES, PDF_BYTES, PNG_BYTES


def upload(name="แผนงาน.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def attachment(draft, applicant):
    return add_attachment(draft, uploaded_file=upload(), by=applicant)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# add_attachment


def test_add_attachment_stores_type_size_and_clean_name(draft, applicant):
    attachment = add_attachment(
        draft, uploaded_file=upload("C:\\Users\\me\\แผนงาน ปี 2569.pdf"), by=applicant
    )
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "แผนงาน ปี 2569.pdf",
        filetypes.PDF,
        len(PDF_BYTES),
    )
    assert attachment.uploaded_by == applicant
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert list(draft.events.values_list("kind", "by")) == [(EventKind.ATTACHMENT, applicant.pk)]


def test_stored_name_is_random_and_keeps_nothing_of_the_original(draft, applicant):
    first = add_attachment(draft, uploaded_file=upload("secret-plan.pdf"), by=applicant)
    second = add_attachment(draft, uploaded_file=upload("secret-plan.pdf"), by=applicant)
    stored = PurePath(first.file.name)
    assert "secret" not in first.file.name
    assert stored.suffix == ".pdf"
    assert len(stored.stem) == 32
    assert first.file.name != second.file.name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", EXE_BYTES, "unsupported"),
        ("report.docx", PDF_BYTES, "wrong_extension"),
        ("report.png", PDF_BYTES, "wrong_extension"),
        ("photo.pdf", PNG_BYTES, "wrong_extension"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_add_attachment_refuses_bad_files(draft, applicant, name, content, code):
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=upload(name, content), by=applicant)
    assert refused.value.code == code
    assert list(draft.attachments.all()) == []


def test_wrong_extension_message_names_the_real_type(draft, applicant, client_en):
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=upload("report.docx", PDF_BYTES), by=applicant)
    assert "report.docx" in refused.value.messages[0]
    assert ".pdf" in refused.value.messages[0]


def test_file_over_the_size_limit_is_refused_with_the_limit(draft, applicant, settings):
    settings.ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    big = upload("big.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=big, by=applicant)
    assert refused.value.code == "too_big"
    assert "2 MB" in refused.value.messages[0]


def test_sixth_attachment_is_refused(draft, applicant, settings):
    settings.ATTACHMENT_MAX_COUNT = 5
    for number in range(5):
        add_attachment(draft, uploaded_file=upload(f"{number}.pdf"), by=applicant)
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=upload("6.pdf"), by=applicant)
    assert refused.value.code == "too_many"
    assert draft.attachments.count() == 5


def test_add_attachment_refused_once_submitted(submitted, applicant):
    with pytest.raises(Refusal) as refused:
        add_attachment(submitted, uploaded_file=upload(), by=applicant)
    assert refused.value.code == "not_editable"


def test_add_attachment_refused_to_another_organisation(draft, other_applicant):
    with pytest.raises(Refusal) as refused:
        add_attachment(draft, uploaded_file=upload(), by=other_applicant)
    assert refused.value.code == "not_editable"
    assert list(draft.attachments.all()) == []


def test_clean_file_name_keeps_thai_marks_and_drops_paths():
    assert clean_file_name("../../etc/ข้อเสนอ\x00.pdf") == "ข้อเสนอ .pdf"
    assert clean_file_name("") == "file"
    assert len(clean_file_name("ก" * 300 + ".pdf")) == 255
    assert clean_file_name("ก" * 300 + ".pdf").endswith(".pdf")


# remove_attachment


def test_remove_attachment_deletes_row_and_file_after_commit(
    attachment, applicant, django_capture_on_commit_callbacks
):
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        remove_attachment(attachment, by=applicant)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)
    assert [e.note for e in attachment.proposal.events.order_by("id")] == [
        "+ แผนงาน.pdf",
        "− แผนงาน.pdf",
    ]


def test_remove_attachment_refused_once_submitted(attachment, applicant):
    proposal = attachment.proposal
    proposal.state = ProposalState.SUBMITTED
    proposal.save()
    with pytest.raises(Refusal) as refused:
        remove_attachment(attachment, by=applicant)
    assert refused.value.code == "not_editable"
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# views


def test_upload_view_attaches_and_goes_back_to_next(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        reverse("proposals:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": upload("budget.pdf"), "next": "/somewhere/#attachments"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/somewhere/#attachments"
    assert list(draft.attachments.values_list("original_name", flat=True)) == ["budget.pdf"]


def test_upload_view_ignores_an_unsafe_next(client, applicant, draft):
    client.force_login(applicant)
    expected = reverse("proposals:proposal_edit", kwargs={"pk": draft.pk})
    response = client.post(
        reverse("proposals:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": upload("budget.pdf"), "next": "https://evil.example/"},
    )
    assert response["Location"] == expected


def test_upload_view_shows_the_refusal_as_a_message(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(
        reverse("proposals:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": upload("virus.pdf", EXE_BYTES), "next": "/"},
        follow=True,
    )
    assert len(messages_of(response)) == 1
    assert "virus.pdf" in messages_of(response)[0]
    assert list(draft.attachments.all()) == []


def test_upload_view_is_404_for_another_organisation(client, other_applicant, draft):
    client.force_login(other_applicant)
    response = client.post(
        reverse("proposals:attachment_upload", kwargs={"pk": draft.pk}),
        {"file": upload(), "next": "/"},
    )
    assert response.status_code == 404
    assert list(draft.attachments.all()) == []


def test_delete_view_removes_while_editable(client, applicant, attachment):
    client.force_login(applicant)
    response = client.post(
        reverse("proposals:attachment_delete", kwargs={"pk": attachment.pk}), {"next": "/"}
    )
    assert response.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_delete_view_keeps_the_file_once_submitted(client, applicant, attachment):
    proposal = attachment.proposal
    proposal.state = ProposalState.SUBMITTED
    proposal.save()
    client.force_login(applicant)
    response = client.post(
        reverse("proposals:attachment_delete", kwargs={"pk": attachment.pk}),
        {"next": "/"},
        follow=True,
    )
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert len(messages_of(response)) == 1


def test_delete_view_is_404_for_another_organisation(client, other_applicant, attachment):
    client.force_login(other_applicant)
    response = client.post(reverse("proposals:attachment_delete", kwargs={"pk": attachment.pk}))
    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_delete_view_is_post_only(client, applicant, attachment):
    client.force_login(applicant)
    response = client.get(reverse("proposals:attachment_delete", kwargs={"pk": attachment.pk}))
    assert response.status_code == 405
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def download(client, attachment):
    return client.get(reverse("proposals:attachment_download", kwargs={"pk": attachment.pk}))


def test_member_downloads_with_the_original_name(client, applicant, attachment):
    client.force_login(applicant)
    response = download(client, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == filetypes.PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    # A Thai name is sent RFC 5987-encoded.
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_is_404_to_another_organisation(client, other_applicant, attachment):
    client.force_login(other_applicant)
    assert download(client, attachment).status_code == 404


def test_download_is_404_to_anonymous(client, attachment):
    response = download(client, attachment)
    assert response.status_code == 404
    assert not response.has_header("Content-Disposition")


def test_download_of_a_missing_attachment_is_404(client, applicant, attachment):
    client.force_login(applicant)
    response = client.get(reverse("proposals:attachment_download", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_call_officer_downloads_only_after_submission(client, officer, attachment):
    client.force_login(officer)
    assert download(client, attachment).status_code == 404
    proposal = attachment.proposal
    proposal.state = ProposalState.SUBMITTED
    proposal.save()
    response = download(client, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_officer_of_another_call_gets_404(client, attachment):
    other = user_with(Role.OFFICER, email="elsewhere@example.org")
    CallFactory(officers=[other], created_by=other, state=CallState.PUBLISHED)
    proposal = attachment.proposal
    proposal.state = ProposalState.SUBMITTED
    proposal.save()
    client.force_login(other)
    assert download(client, attachment).status_code == 404


def test_media_files_have_no_public_url(client, attachment, settings):
    response = client.get(settings.MEDIA_URL + attachment.file.name)
    assert response.status_code == 404
