"""Where a line of Thai may break, and wrapping text into lines for PDFs.

Thai writes no space between words, so a line may end only between two words, which the
dictionary finds (portal.thai.segment, PyThaiNLP's "newmm" maximal matching). Never inside
a word, never between a consonant and its vowels and tone marks, never before ะ า ำ ๆ ฯ nor
after เ แ โ ใ ไ.
"""

import re
from collections.abc import Callable

from .segment import tokens

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
    for token in tokens(text, keep_whitespace=True):
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
