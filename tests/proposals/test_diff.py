"""Differences between submitted versions (proposals.diff)."""

from django.utils import translation

from proposals.diff import diff_versions


def test_diff_versions_worked_example():
    old = {
        "title": "น้ำสะอาด",
        "summary": "We install cheap sensors along the river so that villagers get warnings early.",
        "requested_amount": "80000.00",
        "budget_lines": [{"item": "sensor", "amount": "80000"}],
        "district": "แม่ริม",
    }
    new = {
        "title": "น้ำสะอาด",
        "summary": (
            "We install solar sensors along the river so that villagers get SMS warnings early."
        ),
        "requested_amount": "95000.00",
        "budget_lines": [{"item": "sensor", "amount": "80000"}, {"item": "SMS", "amount": "15000"}],
    }

    changes = diff_versions(old, new)

    assert [c.field for c in changes] == ["summary", "requested_amount", "budget_lines", "district"]
    with translation.override("en"):
        assert [c.label for c in diff_versions(old, new)] == [
            "summary",
            "requested amount (baht)",
            "budget lines",
            "district",
        ]
    assert (changes[1].before, changes[1].after) == ("80000.00", "95000.00")
    assert changes[2].after == "item: sensor, amount: 80000\nitem: SMS, amount: 15000"
    assert (changes[3].before, changes[3].after) == ("แม่ริม", "")
    assert changes[0].is_long
    assert str(changes[0].highlighted()) == (
        "We install <del>cheap</del><ins>solar</ins> sensors along the river so that villagers "
        "get <ins>SMS </ins>warnings early."
    )


def test_highlight_escapes_everything():
    old = {"summary": "a <script>alert(1)</script> " * 5}
    new = {"summary": "b <script>alert(2)</script> " * 5}
    html = str(diff_versions(old, new)[0].highlighted())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<del>" in html and "<ins>" in html


def test_unchanged_versions_have_no_changes():
    assert diff_versions({"title": "x"}, {"title": "x"}) == []


def test_thai_is_compared_word_by_word():
    from proposals.diff import highlight

    before = "ซึ่งเป็นการพัฒนาชุมชนให้เข้มแข็ง ลดความเหลื่อมล้ำ นำหลักปรัชญาเศรษฐกิจพอเพียงมาใช้"
    after = "ซึ่งเป็นการพัฒนาชุมชนให้ยั่งยืน ลดความเหลื่อมล้ำ นำหลักปรัชญาเศรษฐกิจพอเพียงมาปรับใช้"

    html = str(highlight(before, after))

    # Only the words that changed are marked, not the whole run of text between spaces.
    assert "<del>เข้มแข็ง</del><ins>ยั่งยืน</ins>" in html
    assert "<ins>ปรับ</ins>" in html or "<del>ใช้</del><ins>ปรับใช้</ins>" in html
    assert "ซึ่งเป็นการพัฒนาชุมชนให้<del>" in html
    assert "ลดความเหลื่อมล้ำ" in html and "<del>ลดความเหลื่อมล้ำ" not in html
