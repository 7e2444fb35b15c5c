"""How close each reviewer's expertise is to each proposal, read from their texts.

A reviewer is described by what they wrote about their expertise (ReviewerProfile
.expertise_text, Thai or English) and by the proposals they reviewed before in other calls
(their submitted reviews, the latest PAST_REVIEWS). A proposal is its search words
(proposals.search: title, texts, answers and attachments, segmented by portal.thai). The two
are compared by TF-IDF cosine (portal.thai.tfidf); the assignment solver adds the distance
to each pair's cost beside the sector match (reviews.assignment_solver).
"""

from collections import Counter, defaultdict

from portal.thai import tfidf
from portal.thai.segment import STOPWORDS
from proposals.models import Proposal

from .models import Review, ReviewerProfile

PAST_REVIEWS = 20


def _bag(search_text: str) -> Counter:
    return Counter(w for w in search_text.split() if w not in STOPWORDS)


def reviewer_bags(reviewer_ids: list[int], *, exclude_call=None) -> dict[int, Counter]:
    """Each reviewer's words: their expertise text and the proposals they reviewed before
    (outside `exclude_call`)."""
    bags: dict[int, Counter] = defaultdict(Counter)
    for user_id, text in ReviewerProfile.objects.filter(user_id__in=reviewer_ids).values_list(
        "user_id", "expertise_text"
    ):
        bags[user_id].update(tfidf.bag(text))
    past = (
        Review.objects.filter(assignment__reviewer_id__in=reviewer_ids, submitted_at__isnull=False)
        .exclude(assignment__proposal__call=exclude_call)
        .order_by("-submitted_at")
        .values_list("assignment__reviewer_id", "assignment__proposal__search_text")
    )
    counted: Counter = Counter()
    for reviewer_id, search_text in past.iterator():
        if counted[reviewer_id] < PAST_REVIEWS:
            counted[reviewer_id] += 1
            bags[reviewer_id].update(_bag(search_text))
    return {rid: bags[rid] for rid in reviewer_ids}


def text_affinity(
    proposals: list[Proposal], reviewer_ids: list[int], *, call=None
) -> dict[tuple[int, int], float]:
    """(proposal id, reviewer id) → cosine similarity 0..1 of their texts; pairs with
    nothing in common are left out (0)."""
    bags = reviewer_bags(reviewer_ids, exclude_call=call)
    reviewers = [rid for rid in reviewer_ids if bags[rid]]
    if not reviewers or not proposals:
        return {}
    matrix = tfidf.similarity_matrix(
        [_bag(p.search_text) for p in proposals], [bags[rid] for rid in reviewers]
    )
    return {
        (proposal.pk, reviewers[j]): float(matrix[i, j])
        for i, proposal in enumerate(proposals)
        for j in matrix[i].nonzero()[0]
    }
