"""Records every string a page asks to translate into Thai that the Thai catalogue lacks."""

import re
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import trans_real

HAS_WORDS = re.compile(r"[A-Za-z]{2,}")


def _missing(key) -> bool:
    catalog = trans_real.translation("th")._catalog
    return key not in catalog


@contextmanager
def record_missing_thai():
    """Yields a set that fills with the msgids rendered in Thai without a Thai translation."""
    missing: set[str] = set()
    trans = translation._trans
    originals = {name: getattr(trans, name) for name in ("gettext", "pgettext", "ngettext")}

    def active_is_thai() -> bool:
        return (translation.get_language() or "").startswith("th")

    def gettext(message):
        if active_is_thai() and HAS_WORDS.search(message) and _missing(message):
            missing.add(message)
        return originals["gettext"](message)

    def pgettext(context, message):
        if active_is_thai() and HAS_WORDS.search(message) and _missing(f"{context}\x04{message}"):
            missing.add(f"{context}|{message}")
        return originals["pgettext"](context, message)

    def ngettext(singular, plural, number):
        if active_is_thai() and HAS_WORDS.search(singular) and _missing((singular, 0)):
            missing.add(singular)
        return originals["ngettext"](singular, plural, number)

    trans.gettext, trans.pgettext, trans.ngettext = gettext, pgettext, ngettext
    try:
        yield missing
    finally:
        for name, function in originals.items():
            setattr(trans, name, function)
