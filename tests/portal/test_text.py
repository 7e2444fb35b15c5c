"""Cleaning typed text: direction controls and white space."""

import pytest

from portal.text import one_line, strip_bidi_controls

CONTROLS = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}


@pytest.mark.parametrize("control", sorted(CONTROLS), ids=CONTROLS.get)
def test_each_direction_control_is_stripped(control):
    assert strip_bidi_controls(f"โครงการ{control}ABC{control} 2") == "โครงการABC 2"


def test_thai_marks_joiners_and_other_invisible_characters_are_kept():
    text = "น้ำ\u200bใจ\u200d ผู้สูงอายุ\u00a0๒๕๖๓"  # a zero-width space, a joiner, a no-break space
    assert strip_bidi_controls(text) == text


def test_one_line_joins_lines_and_spaces_and_strips_controls():
    assert one_line("  พัฒนาชุมชน\r\n\tให้เข้มแข็ง  \u202eลด\u202c  ") == "พัฒนาชุมชน ให้เข้มแข็ง ลด"
