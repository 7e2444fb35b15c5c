"""Thai text for official documents: amounts in words, and where a line of Thai may break.

Amounts: 100,000 → "หนึ่งแสนบาทถ้วน". The rules of Thai number words:
- a 1 in the units place of a number above ten is "เอ็ด" (11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด);
- a 2 in the tens place is "ยี่" (20 ยี่สิบ), a 1 there is just "สิบ" (10 สิบ, not หนึ่งสิบ);
- the places repeat every six digits, joined by "ล้าน" (1,000,001 หนึ่งล้านหนึ่ง,
  10¹² หนึ่งล้านล้าน);
- baht and satang: "ถ้วน" (exactly) when there are no satang, otherwise "…บาท…สตางค์";
  amounts under one baht are only satang ("ห้าสิบสตางค์").

Line breaks: Thai writes no space between words, so a line may end only between two words,
which a dictionary finds (PyThaiNLP's "newmm" maximal matching, with the dictionary in its
wheel: nothing is downloaded). Never inside a word, never between a consonant and its
vowels and tone marks, never before ะ า ำ ๆ ฯ nor after เ แ โ ใ ไ.
"""

import os
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

# PyThaiNLP creates ~/pythainlp-data on first use unless read-only; the portal only reads
# the dictionary inside the package (and a server's home may not be writable).
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
from pythainlp.tokenize import word_tokenize

DIGITS = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
PLACES = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]
MILLION = "ล้าน"


def _below_million(number: int) -> str:
    """Words for 0 < number < 1,000,000."""
    digits = [int(d) for d in str(number)]
    words = []
    for position, digit in enumerate(digits):
        place = len(digits) - 1 - position
        if digit == 0:
            continue
        if place == 1 and digit == 1:
            words.append(PLACES[1])
        elif place == 1 and digit == 2:
            words.append("ยี่" + PLACES[1])
        elif place == 0 and digit == 1 and number > 9:
            words.append("เอ็ด")
        else:
            words.append(DIGITS[digit] + PLACES[place])
    return "".join(words)


def number_text(number: int) -> str:
    """A whole number in Thai words: 21 → "ยี่สิบเอ็ด", 1,000,001 → "หนึ่งล้านหนึ่ง"."""
    if number < 0:
        return "ลบ" + number_text(-number)
    if number == 0:
        return DIGITS[0]
    millions, rest = divmod(number, 1_000_000)
    text = number_text(millions) + MILLION if millions else ""
    if rest:
        # After millions a lone 1 stays "หนึ่ง" (หนึ่งล้านหนึ่ง); "เอ็ด" only ends a group
        # above nine (ล้านสิบเอ็ด, ล้านหนึ่งร้อยเอ็ด).
        text += _below_million(rest)
    return text


def baht_text(amount: Decimal | int | str) -> str:
    """An amount of baht in Thai words, rounded to the satang.

    100000 → "หนึ่งแสนบาทถ้วน"; 100.50 → "หนึ่งร้อยบาทห้าสิบสตางค์"; 0.25 → "ยี่สิบห้าสตางค์".
    """
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "ลบ" if value < 0 else ""
    baht, satang = divmod(int(abs(value) * 100), 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    text = sign
    if baht:
        text += number_text(baht) + "บาท"
    if satang:
        return text + number_text(satang) + "สตางค์"
    return text + "ถ้วน"


# Characters that cannot start a line: the marks above and below a consonant, the vowels
# that follow it (ะ า ำ ๅ), and the repetition and abbreviation signs (ๆ ฯ).
NOT_AT_LINE_START = "\u0e2f\u0e30-\u0e3a\u0e45-\u0e4e"
# Vowels written before their consonant (เ แ โ ใ ไ): they cannot end a line.
LEADING_VOWELS = "\u0e40-\u0e44"
_THAI_LETTER = re.compile("[\u0e01-\u0e4f\u0e5a\u0e5b]")  # Thai script, digits aside
_CLUSTER = re.compile(f"[{LEADING_VOWELS}]*.[{NOT_AT_LINE_START}]*", re.S)


def may_break_between(before: str, after: str) -> bool:
    """May a line end between `before` and `after`, two words with no space between them?

    Only between two Thai words: Latin words and numbers break at spaces only, and
    punctuation stays with its word (“ and ( with the next, ” ) , with the previous).
    """
    last, first = before[-1], after[0]
    return (
        bool(_THAI_LETTER.match(last))
        and bool(_THAI_LETTER.match(first))
        and not re.match(f"[{LEADING_VOWELS}]", last)
        and not re.match(f"[{NOT_AT_LINE_START}]", first)
    )


def line_pieces(text: str) -> list[str]:
    """`text` cut where a line may break: runs of spaces (pieces of their own) and the
    boundaries between Thai words. Joined, the pieces are `text` again."""
    pieces: list[str] = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=True):
        previous = pieces[-1] if pieces else ""
        joined = previous and not previous.isspace() and not token.isspace()
        if joined and not may_break_between(previous, token):
            pieces[-1] += token
        else:
            pieces.append(token)
    return pieces


def clusters(word: str) -> list[str]:
    """`word` cut into what a line may end after when a word is longer than a line: each
    consonant with its marks and following vowels (and a leading vowel before it)."""
    return _CLUSTER.findall(word)


def wrap(
    text: str, width: float, measure: Callable[[str], float], *, first: float | None = None
) -> list[str]:
    """The lines of `text`, each at most `width` wide by `measure` (the first at most
    `first`, for an indent), broken at `line_pieces`: at spaces, which the break drops,
    and between Thai words. A word longer than a line is cut between `clusters`."""
    lines: list[str] = []
    line, used, limit = "", 0.0, width if first is None else first
    narrowest = min(width, limit)
    for piece in line_pieces(text):
        if piece.isspace():
            if line:  # a space that would start a line is dropped
                line, used = line + piece, used + measure(piece)
            continue
        size = measure(piece)
        for part in clusters(piece) if size > narrowest else [piece]:
            part_size = size if part is piece else measure(part)
            if line and used + part_size > limit:
                lines.append(line.rstrip())
                line, used, limit = "", 0.0, width
            line, used = line + part, used + part_size
    if line.strip():
        lines.append(line.rstrip())
    return lines
