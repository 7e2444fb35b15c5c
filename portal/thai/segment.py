"""Thai word segmentation: PyThaiNLP's dictionary-based "newmm" (maximal matching), whose
dictionary ships inside the wheel, so nothing is downloaded.

`tokens` cuts text as it is (joined, the tokens are the text again: line breaking needs
that); `words` gives the comparable words of a text (normalised, lower case, no spaces or
punctuation), which search, duplicate detection and reviewer matching use.

Speed: text is cut at white space first and each piece is segmented once per process (an
LRU cache): proposals repeat many phrases (the call's wording, ชุมชน, นวัตกรรมเพื่อสังคม).
"""

import os
import re
from functools import lru_cache

# PyThaiNLP creates ~/pythainlp-data on first use unless read-only; the portal only reads
# the dictionary inside the package (and a server's home may not be writable).
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
from pythainlp.corpus import thai_stopwords
from pythainlp.tokenize import word_tokenize

from .normalise import join_thai, normalise

_SPACES = re.compile(r"(\s+)")
# Signs that are not words: ๆ (repeat the word before) and ฯ (abbreviation).
_NOT_WORDS = {"ๆ", "ฯ", "ฯลฯ"}
_WORD_CHARACTER = re.compile(r"\w")
# Punctuation that newmm may leave stuck to a word ("(NIA)", "ชุมชน,").
_EDGE_PUNCTUATION = re.compile(r"^[^\w\u0e01-\u0e4e]+|[^\w\u0e01-\u0e4e]+$")
ENGLISH_STOPWORDS = (
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "is",
    "it",
    "of",
    "on",
    "or",
    "that",
    "the",
    "to",
    "with",
)
STOPWORDS = frozenset(thai_stopwords()) | frozenset(ENGLISH_STOPWORDS)


@lru_cache(maxsize=200_000)
def _segment(piece: str) -> tuple[str, ...]:
    return tuple(word_tokenize(piece, engine="newmm", keep_whitespace=True))


def tokens(text: str, *, keep_whitespace: bool = True) -> list[str]:
    """`text` cut into words (Thai by the dictionary, others at spaces and punctuation),
    unchanged: with white space kept, the tokens joined are `text` again."""
    result: list[str] = []
    for piece in _SPACES.split(text or ""):
        if not piece:
            continue
        if piece.isspace():
            if keep_whitespace:
                result.append(piece)
            continue
        result.extend(_segment(piece))
    return result


def words(text: str, *, drop_stopwords: bool = False) -> list[str]:
    """The words of `text` to compare and search: normalised (portal.thai.normalise), spaces
    between Thai words ignored, lower case, without punctuation; in order, repeats kept."""
    found = []
    for token in tokens(join_thai(normalise(text)), keep_whitespace=False):
        word = _EDGE_PUNCTUATION.sub("", token).casefold()
        if not word or word in _NOT_WORDS or not _WORD_CHARACTER.search(word):
            continue
        if drop_stopwords and word in STOPWORDS:
            continue
        found.append(word)
    return found


def segmented(text: str) -> str:
    """`words(text)` joined by single spaces: what a search index stores for `text`."""
    return " ".join(words(text))
