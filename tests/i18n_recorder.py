"""What a Thai page shows in English: strings asked of gettext that no Thai catalogue has,
and English phrases in the page's visible text that never went through gettext at all."""

import re
from contextlib import contextmanager
from html.parser import HTMLParser

from django.utils import translation
from django.utils.translation import trans_real

HAS_WORDS = re.compile(r"[A-Za-z]{2,}")


def _missing(key) -> bool:
    catalog = trans_real.translation("th")._catalog
    return key not in catalog


@contextmanager
def record_missing_thai():
    """Yields a set that fills with the msgids rendered in Thai without a Thai translation.

    The Thai catalogue is the merged one: the portal's over Django's and the libraries' own,
    so a string Django (or django-filter, crispy-forms, axes) translates itself is not missing.
    """
    missing: set[str] = set()
    trans = translation._trans
    originals = {name: getattr(trans, name) for name in ("gettext", "pgettext", "ngettext")}

    def active_is_thai() -> bool:
        return (translation.get_language() or "").startswith("th")

    def gettext(message):
        text = str(message)
        if active_is_thai() and HAS_WORDS.search(text) and _missing(text):
            missing.add(text)
        return originals["gettext"](message)

    def pgettext(context, message):
        text = str(message)
        if active_is_thai() and HAS_WORDS.search(text) and _missing(f"{context}\x04{text}"):
            missing.add(f"{context}|{text}")
        return originals["pgettext"](context, message)

    def ngettext(singular, plural, number):
        text = str(singular)  # the admin passes models' lazy verbose names
        if active_is_thai() and HAS_WORDS.search(text) and _missing((text, 0)):
            missing.add(text)
        return originals["ngettext"](singular, plural, number)

    trans.gettext, trans.pgettext, trans.ngettext = gettext, pgettext, ngettext
    try:
        yield missing
    finally:
        for name, function in originals.items():
            setattr(trans, name, function)


# ---------------------------------------------------------------- English seen on a page

# Two or more English words in a row: a phrase someone forgot to translate ("Bangkok time").
# A single word (PDF, NIA, a code) is not counted, nor text in scripts, code, form fields or
# an element marked lang="en" (the language switcher's "English", an English title).
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]+(?: [A-Za-z][a-z]+)+\b")
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "textarea", "template"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # each open element: is its text left out?
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        skipped = (
            self._skipping()
            or tag in SKIPPED_ELEMENTS
            or (values.get("lang") or "th").startswith("en")
        )
        if not skipped:
            self.texts += [values[name] or "" for name in READ_ATTRIBUTES if name in values]
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, skipped))

    def handle_endtag(self, tag):
        # Close up to the matching element (HTML lets some end tags be left out).
        if any(name == tag for name, _skipped in self.open):
            while self.open and self.open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self._skipping():
            self.texts.append(data)


def english_on_page(html: str) -> set[str]:
    """The English phrases a reader sees on a Thai page (text and labelling attributes)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return {m.group() for text in parser.texts for m in ENGLISH_PHRASE.finditer(text)}
