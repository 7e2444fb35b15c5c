"""One place for Thai text: every app segments, normalises, compares and breaks Thai lines
through this package, so that search, duplicate detection, reviewer matching, the version
diff and the PDFs agree on what a word is.

- normalise: one spelling for what looks the same (digits, zero-width characters, sara am,
  repeated marks);
- segment: words by PyThaiNLP's dictionary (newmm), offline;
- lines: where a line may break, and wrapping for PDFs;
- amounts: amounts in Thai words (บาทถ้วน);
- minhash: shingles and MinHash signatures for near-duplicates;
- passages: the passages two texts share, side by side;
- tfidf: TF-IDF cosine similarity between sets of texts.
"""

from .amounts import baht_text, number_text
from .lines import clusters, line_pieces, may_break_between, wrap
from .normalise import join_thai, normalise
from .segment import segmented, tokens, words

__all__ = [
    "baht_text",
    "clusters",
    "join_thai",
    "line_pieces",
    "may_break_between",
    "normalise",
    "number_text",
    "segmented",
    "tokens",
    "words",
    "wrap",
]
