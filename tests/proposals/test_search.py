"""Officers' search: Thai and English words in every text of a proposal, whole words,
ranked, with highlighted snippets; the filters still apply. Runs on SQLite here and on
PostgreSQL with DATABASE_URL set (the search vector and its GIN index)."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF

from proposals.models import Answer, Proposal
from proposals.search import INDEX_FIELDS, index_proposal, search_proposals, snippet
from proposals.services.attachments import add_attachment, remove_attachment
from tests.factories import SubmittedProposalFactory
from tests.thai_samples import CITY, FARMING, INCUBATOR, VILLAGE


@pytest.fixture
def proposals(open_call):
    return {
        "village": SubmittedProposalFactory(
            call=open_call, title="หมู่บ้านนวัตกรรมเพื่อสังคม", summary=VILLAGE
        ),
        "city": SubmittedProposalFactory(
            call=open_call, title="ความท้าทายของเมืองและชุมชน", summary=CITY
        ),
        "incubator": SubmittedProposalFactory(
            call=open_call, title="ระบบบ่มเพาะกิจการเพื่อสังคม", summary=INCUBATOR
        ),
        "farming": SubmittedProposalFactory(
            call=open_call,
            title="เกษตรกรรมเชิงพื้นที่วิถีชุมชน",
            summary=FARMING,
            primary_sector__code="agriculture",
        ),
    }


def found(call, query) -> list[str]:
    return list(
        search_proposals(Proposal.objects.filter(call=call), query).values_list("title", flat=True)
    )


def names(proposals, *keys):
    return [proposals[key].title for key in keys]


def test_a_thai_word_inside_unspaced_text_is_found(open_call, proposals):
    assert found(open_call, "เศรษฐกิจพอเพียง") == names(proposals, "farming")
    assert found(open_call, "ที่ปรึกษา") == names(proposals, "incubator")


def test_every_word_must_be_there(open_call, proposals):
    assert set(found(open_call, "สังคม")) == set(names(proposals, "village", "incubator"))
    assert found(open_call, "สังคม ไอเดีย") == names(proposals, "incubator")
    assert found(open_call, "สังคม ไอเดีย ปรัชญา") == []


def test_the_organisation_name_is_searched(open_call, proposals):
    assert len(found(open_call, "วิสาหกิจชุมชน")) == 4


def test_a_title_match_ranks_first(open_call, proposals):
    # นวัตกรรม is in the village's title and text, and in the city's text only.
    result = found(open_call, "นวัตกรรม")
    assert result[0] == proposals["village"].title
    assert proposals["city"].title in result


def test_whole_words_only(open_call, proposals):
    # "นา" (a rice field) is part of การพัฒนา and นวัตกรรม, but no word of them.
    assert found(open_call, "นา") == []


def test_english_spaces_and_thai_digits_do_not_matter(open_call, proposals):
    assert found(open_call, "social innovation VILLAGE") == names(proposals, "village")
    assert found(open_call, "การ ดำเนิน การ") == found(open_call, "การดำเนินการ")
    assert proposals["farming"].title in found(open_call, "๑๐๐,๐๐๐ บาท")


def test_answers_are_searched(open_call, proposals):
    proposal = proposals["city"]
    Answer.objects.create(
        proposal=proposal, question_snapshot={"text_th": "กลุ่มเป้าหมาย"}, value="ผู้สูงอายุติดเตียง"
    )
    index_proposal(proposal)
    assert found(open_call, "ติดเตียง") == names(proposals, "city")


def docx_bytes(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def test_the_text_of_attachments_is_searched(draft, applicant):
    docx = SimpleUploadedFile("แผน.docx", docx_bytes("แผนการปลูกป่าชายเลน", "ร่วมกับประมงพื้นบ้าน"))
    pdf = SimpleUploadedFile("plan.pdf", pdf_bytes("Mangrove restoration with fishing villages"))
    word_file = add_attachment(draft, uploaded_file=docx, by=applicant)
    add_attachment(draft, uploaded_file=pdf, by=applicant)
    assert "ป่าชายเลน" in word_file.text
    queryset = Proposal.objects.filter(pk=draft.pk)
    assert list(search_proposals(queryset, "ประมงพื้นบ้าน")) == [draft]
    assert list(search_proposals(queryset, "mangrove fishing")) == [draft]
    remove_attachment(word_file, by=applicant)
    assert list(search_proposals(queryset, "ประมงพื้นบ้าน")) == []


def test_saving_a_draft_keeps_the_words_current(draft, applicant):
    from proposals.services.drafting import DraftContent, save_draft

    save_draft(
        draft,
        by=applicant,
        expected_version=draft.version,
        content=DraftContent(fields={"summary": INCUBATOR}),
    )
    assert list(search_proposals(Proposal.objects.filter(pk=draft.pk), "โค้ช")) == [draft]


def test_snippet_highlights_and_escapes(open_call, proposals):
    proposal = proposals["farming"]
    proposal.summary = FARMING.replace("หลักปรัชญา", "<b>หลัก</b>ปรัชญา")
    proposal.save()
    html = snippet(proposal, "ปรัชญา")
    assert "<mark>ปรัชญา</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert snippet(proposal, "") == ""


def test_the_officer_list_searches_ranks_and_keeps_the_filters(
    client, officer, open_call, proposals
):
    client.force_login(officer)
    url = reverse("proposals:call_proposals", kwargs={"slug": open_call.slug})
    response = client.get(url, {"q": "ความเหลื่อมล้ำ"})
    listed = [p.title for p in response.context["proposals"]]
    assert set(listed) == set(names(proposals, "village", "farming"))
    assert "<mark>ความเหลื่อมล้ำ</mark>" in response.content.decode()
    response = client.get(url, {"q": "ความเหลื่อมล้ำ", "sector": "agriculture"})
    assert [p.title for p in response.context["proposals"]] == names(proposals, "farming")
    response = client.get(url, {"q": "ความเหลื่อมล้ำ", "o": "title"})
    assert [p.title for p in response.context["proposals"]] == sorted(listed)


def test_the_officer_list_leaves_the_search_columns_unread(client, officer, open_call, proposals):
    client.force_login(officer)
    url = reverse("proposals:call_proposals", kwargs={"slug": open_call.slug})
    listed = client.get(url, {"q": "ความเหลื่อมล้ำ"}).context["proposals"]
    assert listed
    for proposal in listed:  # several kB of vector and words each, not shown
        assert set(INDEX_FIELDS) <= proposal.get_deferred_fields()


def test_the_amount_filter_with_search(open_call, proposals):
    proposals["city"].requested_amount = Decimal("1")
    proposals["city"].save()
    queryset = Proposal.objects.filter(call=open_call, requested_amount__gt=1)
    assert proposals["city"] not in search_proposals(queryset, "ชุมชน")
