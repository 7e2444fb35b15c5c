"""Cleaning text that people type before the portal prints it."""

import re

# Unicode's explicit direction controls: the embeddings and overrides (LRE RLE PDF LRO RLO),
# the isolates (LRI RLI FSI PDI) and the marks (LRM RLM ALM). Thai and English never need
# them; pasted into a title they reverse or garble what follows ("ABC" prints "CBA"), on
# the page as in the PDF.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    """`text` without Unicode direction controls (the characters are dropped, not replaced)."""
    return BIDI_CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """`text` as a run of words on one line: no direction controls, each run of white space
    (new lines included) a single space, none at either end."""
    return " ".join(strip_bidi_controls(text).split())
