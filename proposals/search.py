"""Officers' search of proposals: any words, Thai or English, in the title, the summary and
the other texts, the organisation's name, the answers to the call's questions and the text
of PDF/DOCX attachments.

The words come from portal.thai.words (Thai segmented by dictionary, normalised, lower case)
and are stored once per save in Proposal.search_text, separated by spaces, with a space at
either end. Searching asks for every word of the query (as whole words):

- on PostgreSQL through Proposal.search_vector (to_tsvector 'simple' of the words; GIN
  index), ranked by ts_rank over search_head (the title, weight A, and the start of the
  summary, weight B: a small vector, cheap to rank by); more than RANK_AT_MOST matches are
  not ranked; pages evaluate searches inside `index_first()`;
- elsewhere (SQLite, the tests) with `icontains " word "` over the same column, ranked by
  how often the words occur, a title match counting RANK_TITLE_BONUS times more.

Both give the same proposals. Snippets show the first passage holding a word, highlighted.
"""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import Cast, Length, Lower, Replace
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from portal.thai import minhash, normalise, segmented, words

from .diff import as_text
from .models import Proposal

SNIPPET_CHARACTERS = 90  # on either side of the first word found
HEAD_WORDS = 120  # words of the summary that rank a proposal beside its title
# More matches than this are listed in the usual order: words that most proposals hold say
# nothing about which is nearer, and ranking them all costs more than the rest of the page.
RANK_AT_MOST = 2_000
RANK_TITLE_BONUS = 5
# Columns written for search and duplicate detection that no list shows: large (a vector is
# several kB), so lists defer them rather than read, sort and send them.
INDEX_FIELDS = ("search_text", "search_vector", "search_head", "fingerprint")


def proposal_texts(proposal: Proposal) -> list[tuple[str, str]]:
    """The texts of `proposal` that search and duplicate detection read, with a label."""
    texts = [
        (_("Title"), proposal.title),
        (_("Summary"), proposal.summary),
        (_("The problem"), proposal.problem),
        (_("The innovation"), proposal.innovation),
        (_("Target group"), proposal.target_group),
    ]
    for answer in proposal.answers.all():
        question = answer.question_snapshot or {}
        if isinstance(answer.value, str | list | dict):
            texts.append((question.get("text_th") or _("Answer"), as_text(answer.value)))
    for attachment in proposal.attachments.all():
        texts.append((attachment.original_name, attachment.text))
    return [(label, text) for label, text in texts if text and text.strip()]


def full_text(proposal: Proposal) -> str:
    return "\n".join(text for _label, text in proposal_texts(proposal))


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index_proposal(proposal: Proposal) -> None:
    """Write the search words and the MinHash fingerprint of `proposal`'s text (and, on
    PostgreSQL, its search vector). Called by every service that changes the text."""
    found = words(full_text(proposal))
    search_text = f" {segmented(proposal.organisation.name)} {' '.join(found)} "
    fields = {
        "search_text": search_text,
        "fingerprint": minhash.to_bytes(minhash.signature(minhash.shingles_of(found))),
    }
    if is_postgresql():
        head = words(proposal.summary)[:HEAD_WORDS]
        fields["search_vector"] = SearchVector(Value(search_text), config="simple")
        fields["search_head"] = SearchVector(
            Value(segmented(proposal.title)), config="simple", weight="A"
        ) + SearchVector(Value(" ".join(head)), config="simple", weight="B")
    Proposal.objects.filter(pk=proposal.pk).update(**fields)
    proposal.search_text = search_text


@contextmanager
def index_first(searching: bool = True):
    """Run what is inside with PostgreSQL told to match through the GIN index.

    For a word most proposals hold, the planner would rather read every row and test its
    large vector (half a second at 10,000 proposals); the index finds the same rows without
    opening any vector. SET LOCAL lasts until the end of this block's transaction. The
    officer's list renders inside it. Without a search (`searching` false) nothing is set:
    the plain list keeps its plans and its queries."""
    if not searching or not is_postgresql():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def query_words(query: str) -> list[str]:
    """The distinct words of what the officer typed, in order."""
    return list(dict.fromkeys(words(query)))


def search_proposals(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to the proposals holding every word of `query`, annotated with
    `rank` and ordered by it (best first)."""
    found = query_words(query)
    if not found:
        return queryset
    if is_postgresql():
        terms = SearchQuery(" ".join(found), config="simple", search_type="plain")
        matching = Proposal.objects.filter(search_vector=terms).values("pk")
        queryset = queryset.filter(pk__in=matching)  # a subquery the GIN index answers
        with index_first():  # unordered, so the scan stops at the first RANK_AT_MOST + 1
            many = len(matching.order_by()[: RANK_AT_MOST + 1]) > RANK_AT_MOST
        if many:  # words nearly every proposal holds rank nothing
            return queryset.annotate(rank=Value(0.0, FloatField()))
        return queryset.annotate(rank=SearchRank(F("search_head"), terms)).order_by("-rank", "pk")
    for word in found:
        queryset = queryset.filter(search_text__contains=f" {word} ")
    rank = Value(0.0, output_field=FloatField())
    for word in found:
        rank = rank + _occurrences("search_text", f" {word} ")
        rank = rank + RANK_TITLE_BONUS * _occurrences(Lower("title"), word)
    return queryset.annotate(rank=rank).order_by("-rank", "pk")


def _occurrences(field, word: str):
    """How many times `word` is in `field`, as an SQL expression."""
    expression = F(field) if isinstance(field, str) else field
    removed = Length(expression) - Length(Replace(expression, Value(word), Value("")))
    return Cast(removed, FloatField()) / len(word)


def snippet(proposal: Proposal, query: str) -> SafeString:
    """The first passage of `proposal` after its title holding a word of `query`, escaped,
    with the words found in <mark>; "" when none is found as typed."""
    found = query_words(query)
    if not found:
        return SafeString("")
    texts = [(label, text) for label, text in proposal_texts(proposal) if text != proposal.title]
    for label, text in texts:  # the title is shown already
        text = normalise(text)
        lowered = text.casefold()
        hits = [(lowered.find(w), w) for w in found if lowered.find(w) >= 0]
        if hits:
            start = max(0, min(hits)[0] - SNIPPET_CHARACTERS)
            end = min(len(text), min(hits)[0] + SNIPPET_CHARACTERS)
            return _highlight(label, text, start, end, found)
    return SafeString("")


def _highlight(label, text: str, start: int, end: int, found: list[str]) -> SafeString:
    window, lowered = text[start:end], text[start:end].casefold()
    marks = sorted({(i, i + len(w)) for w in found for i in _positions(lowered, w)})
    parts, at = [], 0
    for begin, finish in marks:
        if begin < at:
            continue
        parts.append(format_html("{}<mark>{}</mark>", window[at:begin], window[begin:finish]))
        at = finish
    parts.append(escape(window[at:]))
    return format_html(
        '<span class="text-body-secondary">{}:</span> {}{}{}',
        label,
        "…" if start else "",
        format_html_join("", "{}", ((part,) for part in parts)),
        "…" if end < len(text) else "",
    )


def _positions(text: str, word: str) -> list[int]:
    positions, at = [], text.find(word)
    while at >= 0:
        positions.append(at)
        at = text.find(word, at + len(word))
    return positions
