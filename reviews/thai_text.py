"""Thai text for official documents: the names the PDFs have always imported from here.

The code lives in portal.thai (one Thai text module for every app); this keeps
`from reviews.thai_text import wrap, baht_text, ...` working.
"""

from portal.thai.amounts import DIGITS, MILLION, PLACES, baht_text, number_text
from portal.thai.lines import (
    LEADING_VOWELS,
    NOT_AT_LINE_START,
    clusters,
    line_pieces,
    may_break_between,
    wrap,
)

__all__ = [
    "DIGITS",
    "LEADING_VOWELS",
    "MILLION",
    "NOT_AT_LINE_START",
    "PLACES",
    "baht_text",
    "clusters",
    "line_pieces",
    "may_break_between",
    "number_text",
    "wrap",
]
