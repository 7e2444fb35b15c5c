"""portal.thai on real Thai: normalisation, segmentation, shingles and TF-IDF."""

import pytest

from portal.thai import join_thai, normalise, segmented, tokens, words
from portal.thai.minhash import overlap, shingles, signature, similarities
from portal.thai.passages import matching_passages, passages
from portal.thai.tfidf import bag, similarity_matrix
from tests.thai_samples import (
    ALL,
    CITY,
    FARMING,
    FARMING_REWRITTEN,
    INCUBATOR,
    LIVESTOCK,
    SEOUL,
    VILLAGE,
    VILLAGE_REWRITTEN,
)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("ปี ๒๕๖๙", "ปี 2569"),  # Thai digits
        ("ไทย\u200bแลนด์", "ไทยแลนด์"),  # a zero-width space pasted in
        ("น\u0e4d\u0e49\u0e32", "น้ำ"),  # sara am typed as nikhahit + tone + sara aa
        ("น\u0e49\u0e4d\u0e32", "น้ำ"),
        ("เเม่", "แม่"),  # two sara e for sara ae
        ("ก่่า", "ก่า"),  # a tone mark typed twice
        ("ชุมชน\u202e  เข้มแข็ง\n", "ชุมชน เข้มแข็ง"),  # a direction override, white space
    ],
)
def test_normalise_gives_one_spelling(typed, normal):
    assert normalise(typed) == normal


def test_tokens_keep_the_text_as_it_was():
    for text in ALL:
        assert "".join(tokens(text)) == text


def test_words_are_dictionary_words_of_a_real_sentence():
    found = words(INCUBATOR)
    for word in ["ระบบ", "บ่ม", "เพาะ", "กิจการ", "สังคม", "โปรแกรม", "สนับสนุน", "ไอเดีย", "ความยั่งยืน"]:
        assert word in found
    assert "ระบบบ่มเพาะ" not in found  # Thai written without spaces is cut into words
    assert " " not in "".join(found) and "(" not in "".join(found)


def test_words_do_not_depend_on_spaces_digits_or_case():
    assert words("การ พัฒนา ชุมชน") == words("การพัฒนาชุมชน")
    assert words("งบประมาณ ๑๐๐ บาท") == words("งบประมาณ 100 บาท")
    assert words("Social Innovation Village") == ["social", "innovation", "village"]
    assert segmented("สนช. (NIA)") == "สนช nia"


def test_join_thai_only_joins_thai():
    assert join_thai("กระจาย สู่ ชุมชน Social Innovation") == "กระจายสู่ชุมชน Social Innovation"


@pytest.mark.parametrize(
    ("original", "rewritten"), [(VILLAGE, VILLAGE_REWRITTEN), (FARMING, FARMING_REWRITTEN)]
)
def test_rewritten_passages_are_still_near_duplicates(original, rewritten):
    score = overlap(shingles(original), shingles(rewritten))
    assert score >= 0.5
    estimated = similarities(signature(shingles(original)), signature(shingles(rewritten))[None])
    assert estimated[0] >= 0.35


def test_different_texts_are_not_near_duplicates():
    # The same notice's two entries share a template sentence, nothing more.
    assert overlap(shingles(FARMING), shingles(LIVESTOCK)) < 0.35
    for left, right in [(VILLAGE, CITY), (INCUBATOR, SEOUL), (CITY, FARMING)]:
        assert overlap(shingles(left), shingles(right)) < 0.1


def test_matching_passages_pair_the_rewritten_sentences():
    pairs = matching_passages(FARMING_REWRITTEN, FARMING)
    assert len(pairs) >= 3
    left_sides = " ".join(pair.left for pair in pairs)
    assert "กรมส่งเสริมการเกษตร" in left_sides
    assert all(pair.similarity >= 0.3 for pair in pairs)
    assert matching_passages(INCUBATOR, FARMING) == []


def test_passages_cut_at_thai_sentence_spaces():
    found = passages(CITY)
    assert len(found) > 2
    assert "".join(found).replace(" ", "") == CITY.replace(" ", "")


def test_tfidf_finds_the_closest_text():
    texts = [VILLAGE, INCUBATOR, FARMING]
    reviewers = [
        bag("การเกษตร เศรษฐกิจพอเพียง ดินและพืชเพาะปลูก ชุมชนเกษตรกรรม"),
        bag("บ่มเพาะกิจการเพื่อสังคม โค้ชและที่ปรึกษา สตาร์ทอัพ ไอเดีย"),
    ]
    matrix = similarity_matrix([bag(t) for t in texts], reviewers)
    assert matrix.shape == (3, 2)
    assert matrix[2, 0] > matrix[2, 1]  # farming → the farming expert
    assert matrix[1, 1] > matrix[1, 0]  # incubation → the incubation expert
    assert ((matrix >= 0) & (matrix <= 1)).all()


def test_pdf_lines_break_only_between_words_of_a_real_passage():
    from portal.thai import wrap
    from reviews.thai_text import wrap as reexported

    assert reexported is wrap
    lines = wrap(VILLAGE, 120, len)
    assert len(lines) > 5 and all(len(line) <= 120 for line in lines)
    boundaries, at = set(), 0
    for token in tokens(VILLAGE):
        at += len(token)
        boundaries.add(at)
    at = 0
    for line in lines[:-1]:
        at = VILLAGE.index(line, at) + len(line)
        assert at in boundaries, line[-10:]
