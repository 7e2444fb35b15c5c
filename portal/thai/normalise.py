"""Thai text made comparable: the same words typed in different ways become the same text.

What people type differs in ways a reader does not see: Thai digits (๒๕๖๙) or Arabic ones
(2569); zero-width spaces pasted from Word or a web page; sara am typed as nikhahit and
sara aa (น ํ ้ า for น้ำ), tone marks and vowels in the wrong order or typed twice, two
sara e for sara ae (เเ for แ); spaces between Thai words where none are needed. PyThaiNLP's
`normalize` fixes the marks; the rest is done here.
"""

import re
import unicodedata

from pythainlp.util import normalize as pythainlp_normalize

from portal.text import strip_bidi_controls

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_THAI = "\u0e01-\u0e5b"
# A run of spaces between two Thai characters: a Thai reader's pause, not a word boundary.
_SPACE_IN_THAI = re.compile(f"(?<=[{_THAI}])[ \u00a0]+(?=[{_THAI}])")


def normalise(text: str) -> str:
    """`text` with one spelling for what looks the same: NFC, no invisible or direction
    characters, Arabic digits, sara am composed, tone marks and vowels in order and not
    repeated, white space runs as single spaces. Letters keep their case."""
    text = unicodedata.normalize("NFC", text or "")
    text = strip_bidi_controls(_INVISIBLE.sub("", text)).translate(THAI_DIGITS)
    text = pythainlp_normalize(text)
    return " ".join(text.split())


def join_thai(text: str) -> str:
    """`text` without the spaces between Thai characters, so that where someone put a space
    does not change how the words are found ("การ พัฒนา" and "การพัฒนา" segment alike)."""
    return _SPACE_IN_THAI.sub("", text)
