"""Near-duplicate texts: word shingles and MinHash signatures (numpy, no other library).

A text's shingles are its runs of SHINGLE consecutive words (portal.thai.words, stop words
dropped, so "และ", "ที่", "ของ" added or removed do not matter). Two texts share a shingle
wherever they share a phrase, whatever the spacing or the order of the sentences around it.

A signature keeps, for each of PERMUTATIONS hash functions, the smallest hash over the
shingles; the share of equal places in two signatures estimates the Jaccard similarity of
the shingle sets (Broder 1997). Signatures are 128 × 4 bytes; one proposal is compared with
10,000 in one numpy comparison of a 10,000 × 128 matrix (a few milliseconds), so no LSH
index is needed at the portal's scale.

Why not datasketch: it would bring scipy for what is thirty lines here, and its MinHash
objects are compared one pair at a time in Python; the matrix form compares all at once.
"""

import hashlib

import numpy as np

from .segment import STOPWORDS, words

SHINGLE = 2  # words per shingle: short enough to survive reworded sentences
PERMUTATIONS = 128
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_rng = np.random.default_rng(20260401)  # fixed: signatures stored in the database stay valid
_A = _rng.integers(1, (1 << 32) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 32) - 1, size=PERMUTATIONS, dtype=np.uint64)
EMPTY = np.full(PERMUTATIONS, _MAX_HASH, dtype=np.uint32)


def shingles(text: str) -> set[str]:
    """The word shingles of `text` (a text shorter than a shingle is one shingle)."""
    return shingles_of(words(text))


def shingles_of(found: list[str]) -> set[str]:
    """The shingles of a text's words (portal.thai.words), stop words left out."""
    found = [word for word in found if word not in STOPWORDS]
    if len(found) < SHINGLE:
        return {" ".join(found)} if found else set()
    return {" ".join(found[i : i + SHINGLE]) for i in range(len(found) - SHINGLE + 1)}


def _hashes(items: set[str]) -> np.ndarray:
    return np.array(
        [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest()) for s in items],
        dtype=np.uint64,
    )


def signature(items: set[str]) -> np.ndarray:
    """The MinHash signature of a set of shingles (uint32 × PERMUTATIONS)."""
    if not items:
        return EMPTY.copy()
    hashes = _hashes(items)
    # (a·x + b) mod p, truncated to 32 bits: one universal hash per permutation.
    permuted = (np.outer(hashes, _A) + _B) % _PRIME & _MAX_HASH
    return permuted.min(axis=0).astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4")


def similarities(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of `sig` with each row of `others` (n × PERMUTATIONS)."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == sig).mean(axis=1)


def jaccard(a: set[str], b: set[str]) -> float:
    """The exact Jaccard similarity of two shingle sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """How much of `a` is in `b` (a copied part of a longer text scores high here)."""
    return len(a & b) / len(a) if a else 0.0


def overlap(a: set[str], b: set[str]) -> float:
    """The similarity a near-duplicate is flagged by: the larger of the Jaccard similarity
    and the share of the smaller set found in the larger (a text copied into a longer one)."""
    smaller, larger = (a, b) if len(a) <= len(b) else (b, a)
    return max(jaccard(a, b), containment(smaller, larger))
