"""The passages two texts share, side by side: what an officer reads to judge a duplicate.

Texts are cut into passages at line ends and at the spaces Thai puts between sentences
(and at . ! ? in English); each passage of one text is paired with the passage of the other
that shares the most shingles, when they share enough.
"""

import re
from dataclasses import dataclass

from .minhash import jaccard, shingles
from .normalise import normalise

_PASSAGE_END = re.compile(r"\n+|(?<=[.!?])\s+|(?<=[\u0e01-\u0e4e])\s{1,}(?=[\u0e01-\u0e4e])")
MIN_PASSAGE = 20  # characters: shorter pieces join the next one
PASSAGE_MATCH = 0.3  # Jaccard of shingles above which two passages are shown as matching


@dataclass(frozen=True)
class PassagePair:
    left: str
    right: str
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def passages(text: str) -> list[str]:
    """`text` cut into sentence-like passages of at least MIN_PASSAGE characters."""
    found: list[str] = []
    pending = ""
    for piece in _PASSAGE_END.split(text or ""):
        pending = f"{pending} {piece.strip()}".strip() if pending else piece.strip()
        if len(pending) >= MIN_PASSAGE:
            found.append(pending)
            pending = ""
    if pending:
        found.append(pending)
    return found


def matching_passages(left: str, right: str, *, limit: int = 50) -> list[PassagePair]:
    """Pairs of passages of `left` and `right` that say nearly the same, in `left`'s order."""
    right_sets = [(p, shingles(p)) for p in passages(right)]
    pairs = []
    for passage in passages(left):
        own = shingles(passage)
        if not own:
            continue
        best, score = max(
            ((p, jaccard(own, s)) for p, s in right_sets), key=lambda x: x[1], default=("", 0)
        )
        if score >= PASSAGE_MATCH or (score and normalise(best) == normalise(passage)):
            pairs.append(PassagePair(passage, best, score))
            if len(pairs) >= limit:
                break
    return pairs
