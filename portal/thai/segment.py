"""Thai word segmentation: "newmm" maximal matching over PyThaiNLP's dictionary (the file in
its wheel: nothing is downloaded), run by nlpO3, PyThaiNLP's own Rust implementation of
newmm (PyThaiNLP's engine "nlpo3"). It cuts Thai as PyThaiNLP's Python newmm does, about
ten times faster: every proposal is segmented at each save, and a reindex of 10,000 must
take less than a minute.

`tokens` cuts text as it is (joined, the tokens are the text again: line breaking needs
that); `words` gives the comparable words of a text (normalised, lower case, no spaces or
punctuation), which search, duplicate detection and reviewer matching use.

Text is cut at white space first and each piece is segmented once per process (an LRU
cache): titles and short answers repeat (ชุมชน, นวัตกรรมเพื่อสังคม).
"""

import os
import re
from functools import lru_cache
from pathlib import Path

# PyThaiNLP creates ~/pythainlp-data on first use unless read-only; the portal only reads
# the dictionary inside the package (and a server's home may not be writable).
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
import nlpo3
import pythainlp.corpus
from pythainlp.corpus import thai_stopwords

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
_PUNCTUATION = frozenset("""!"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’«»…–—•·""")
STOPWORDS = frozenset(thai_stopwords()) | frozenset(ENGLISH_STOPWORDS)


DICTIONARY = "portal-thai"
nlpo3.load_dict(str(Path(pythainlp.corpus.__file__).parent / "words_th.txt"), DICTIONARY)


@lru_cache(maxsize=50_000)
def _segment(piece: str) -> tuple[str, ...]:
    return tuple(nlpo3.segment(piece, DICTIONARY))


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
        if not _WORD_CHARACTER.search(token):
            continue
        if token[0] in _PUNCTUATION or token[-1] in _PUNCTUATION:
            token = _EDGE_PUNCTUATION.sub("", token)
        word = token.casefold()
        if word in _NOT_WORDS or (drop_stopwords and word in STOPWORDS):
            continue
        found.append(word)
    return found


def segmented(text: str) -> str:
    """`words(text)` joined by single spaces: what a search index stores for `text`."""
    return " ".join(words(text))
