"""How close two sets of texts are in what they talk about: TF-IDF vectors over the words
(portal.thai.words, stop words dropped) and their cosine similarity.

Only words that occur on both sides can add to a cosine, so the vectors keep just those:
the matrices stay small (a call's proposals × a panel) and numpy multiplies them at once.
"""

import math
from collections import Counter

import numpy as np

from .segment import words


def bag(text: str) -> Counter:
    """The words of `text` with their counts."""
    return Counter(words(text, drop_stopwords=True))


def similarity_matrix(left: list[Counter], right: list[Counter]) -> np.ndarray:
    """Cosine similarity (0..1) of each bag of `left` with each bag of `right`, TF-IDF
    weighted (sublinear term frequency; document frequency over both lists)."""
    if not left or not right:
        return np.zeros((len(left), len(right)))
    documents = len(left) + len(right)
    frequency = Counter(w for b in left + right for w in b)
    shared = sorted({w for b in left for w in b} & {w for b in right for w in b})
    index = {w: k for k, w in enumerate(shared)}

    def idf(word: str) -> float:
        return math.log((1 + documents) / (1 + frequency[word])) + 1

    a, b = _matrix(left, index, idf), _matrix(right, index, idf)
    return np.clip(a @ b.T, 0.0, 1.0)


def _matrix(bags: list[Counter], index: dict, idf) -> np.ndarray:
    """Rows of TF-IDF weights over `index`'s words, each divided by the norm of the whole
    bag (the words left out count towards the norm, as they would in a full vector)."""
    matrix = np.zeros((len(bags), len(index)))
    for row, counts in enumerate(bags):
        norm = 0.0
        for word, n in counts.items():
            weight = (1 + math.log(n)) * idf(word)
            norm += weight**2
            if word in index:
                matrix[row, index[word]] = weight
        if norm:
            matrix[row] /= math.sqrt(norm)
    return matrix
