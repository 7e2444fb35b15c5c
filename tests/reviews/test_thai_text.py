"""Amounts in Thai words, checked against how official documents and cheques write them;
where a line of Thai may break."""

from decimal import Decimal

import pytest

from reviews.thai_text import (
    baht_text,
    clusters,
    line_pieces,
    may_break_between,
    number_text,
    wrap,
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "ศูนย์"),
        (1, "หนึ่ง"),
        (2, "สอง"),
        (10, "สิบ"),
        (11, "สิบเอ็ด"),
        (12, "สิบสอง"),
        (20, "ยี่สิบ"),
        (21, "ยี่สิบเอ็ด"),
        (22, "ยี่สิบสอง"),
        (99, "เก้าสิบเก้า"),
        (100, "หนึ่งร้อย"),
        (101, "หนึ่งร้อยเอ็ด"),
        (110, "หนึ่งร้อยสิบ"),
        (111, "หนึ่งร้อยสิบเอ็ด"),
        (120, "หนึ่งร้อยยี่สิบ"),
        (1_001, "หนึ่งพันเอ็ด"),
        (2_563, "สองพันห้าร้อยหกสิบสาม"),
        (10_000, "หนึ่งหมื่น"),
        (100_000, "หนึ่งแสน"),
        (250_000, "สองแสนห้าหมื่น"),
        (1_000_000, "หนึ่งล้าน"),
        (1_000_001, "หนึ่งล้านหนึ่ง"),
        (1_000_011, "หนึ่งล้านสิบเอ็ด"),
        (1_000_021, "หนึ่งล้านยี่สิบเอ็ด"),
        (1_100_000, "หนึ่งล้านหนึ่งแสน"),
        (11_000_000, "สิบเอ็ดล้าน"),
        (21_000_000, "ยี่สิบเอ็ดล้าน"),
        (70_000_000, "เจ็ดสิบล้าน"),
        (580_000_000, "ห้าร้อยแปดสิบล้าน"),
        (1_000_000_000_000, "หนึ่งล้านล้าน"),
        (1_000_001_000_000, "หนึ่งล้านหนึ่งล้าน"),
        (2_000_000_000_021, "สองล้านล้านยี่สิบเอ็ด"),
    ],
)
def test_numbers_in_thai_words(number, words):
    assert number_text(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (Decimal("100000"), "หนึ่งแสนบาทถ้วน"),
        (Decimal("21"), "ยี่สิบเอ็ดบาทถ้วน"),
        (Decimal("11"), "สิบเอ็ดบาทถ้วน"),
        (Decimal("20"), "ยี่สิบบาทถ้วน"),
        (Decimal("1000001"), "หนึ่งล้านหนึ่งบาทถ้วน"),
        (Decimal("100.50"), "หนึ่งร้อยบาทห้าสิบสตางค์"),
        (Decimal("1.01"), "หนึ่งบาทหนึ่งสตางค์"),
        (Decimal("5.21"), "ห้าบาทยี่สิบเอ็ดสตางค์"),
        (Decimal("0.25"), "ยี่สิบห้าสตางค์"),
        (Decimal("0"), "ศูนย์บาทถ้วน"),
        (Decimal("1250000.75"), "หนึ่งล้านสองแสนห้าหมื่นบาทเจ็ดสิบห้าสตางค์"),
        (Decimal("70000000"), "เจ็ดสิบล้านบาทถ้วน"),
    ],
)
def test_baht_in_thai_words(amount, words):
    assert baht_text(amount) == words


def test_baht_text_takes_whole_numbers_and_strings_too():
    assert [baht_text(100000), baht_text("100000.00")] == ["หนึ่งแสนบาทถ้วน"] * 2


def test_satang_round_half_up():
    assert [baht_text(Decimal("10.005")), baht_text(Decimal("10.004"))] == [
        "สิบบาทหนึ่งสตางค์",
        "สิบบาทถ้วน",
    ]


def test_negative_amounts_start_with_lop():
    assert baht_text(Decimal("-21")) == "ลบยี่สิบเอ็ดบาทถ้วน"


# --- Line breaks --------------------------------------------------------------------------

THANKS = (
    "กรมพัฒนาสังคมและสวัสดิการ ขอแสดงความยินดีกับหน่วยงานที่ผ่านการคัดเลือก "
    "หวังเป็นอย่างยิ่งว่าจะได้พัฒนาแนวคิดต่อไปและเสนอโครงการเข้ามาอีกในโอกาสต่อไป"
)
MARKS = set(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


def test_line_pieces_give_back_the_text_cut_between_words():
    pieces = line_pieces(THANKS)
    assert "".join(pieces) == THANKS
    assert pieces[:6] == ["กรม", "พัฒนา", "สังคม", "และ", "สวัสดิการ", " "]
    assert pieces[-3:] == ["ใน", "โอกาส", "ต่อไป"]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("เสนอโครงการ “เกษตรกรรม” ต่อ", ["เสนอ", "โครงการ", " ", "“เกษตรกรรม”", " ", "ต่อ"]),
        ("ความรู้ (ดิน, พืช)", ["ความรู้", " ", "(ดิน,", " ", "พืช)"]),
        ("ธุรกิจ S.E. ได้", ["ธุรกิจ", " ", "S.E.", " ", "ได้"]),
        ("https://example.org/a-b", ["https://example.org/a-b"]),
        ("กรมฯ นิคมต่างๆ", ["กรมฯ", " ", "นิคม", "ต่างๆ"]),
        ("๑๐๐,๐๐๐ บาท", ["๑๐๐,๐๐๐", " ", "บาท"]),
    ],
)
def test_punctuation_latin_words_and_numbers_keep_together(text, pieces):
    assert line_pieces(text) == pieces


@pytest.mark.parametrize(
    ("before", "after", "may"),
    [
        ("โครงการ", "นวัตกรรม", True),
        ("โครงการ", "เพื่อ", True),  # before a leading vowel: yes
        ("ที่เ", "ก", False),  # after a leading vowel: no
        ("ก", "\u0e49", False),  # before a tone mark
        ("น", "\u0e33", False),  # before sara am
        ("กรม", "ฯ", False),
        ("ต่าง", "ๆ", False),
        ("“", "เกษตร", False),
        ("เกษตร", "”", False),
        ("Share", "ที่", False),
        ("๒๕๖๐", "ปี", False),
    ],
)
def test_may_break_only_between_two_thai_words(before, after, may):
    assert may_break_between(before, after) is may


def test_wrapped_lines_end_between_words_and_drop_the_space_they_break_at():
    lines = wrap(THANKS, 30, len, first=25)
    assert "".join(lines).replace(" ", "") == THANKS.replace(" ", "")
    assert [line for line in lines if line != line.strip()] == []
    assert len(lines[0]) <= 25
    assert all(len(line) <= 30 for line in lines)
    assert lines[0] == "กรมพัฒนาสังคมและสวัสดิการ"
    words = set(line_pieces(THANKS))
    for line in lines[1:]:  # each line starts with a whole word
        assert any(line.startswith(word) for word in words)
    assert not any(line.endswith("โอกา") for line in lines)


def test_a_word_longer_than_a_line_is_cut_between_clusters_not_marks():
    word = "ผู้สูงอายุที่น้ำท่วมถึง" * 3
    lines = wrap(word, 7, len)
    assert "".join(lines) == word
    assert all(len(line) <= 7 for line in lines)
    assert not [line for line in lines if line[0] in MARKS or line[0] in "ะาำ"]


def test_clusters_keep_marks_with_their_consonant():
    assert clusters("เพื่อน้ำใจ") == ["เพื่", "อ", "น้ำ", "ใจ"]


def test_wrap_of_spaces_only_gives_no_lines():
    assert wrap("   ", 10, len) == []
