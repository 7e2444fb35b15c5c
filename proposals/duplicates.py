"""Near-duplicate proposals: the same project sent twice (to two calls, or year after year)
or copied from another applicant.

Each proposal's text has a MinHash fingerprint (portal.thai.minhash, written by
proposals.search.index_proposal). A proposal is compared with every other received proposal
of every call and year in one numpy comparison; those whose estimated similarity reaches
CANDIDATE are read again and their shingles compared exactly; those at DUPLICATE or more
are near-duplicates. The percentage shown is the larger of the Jaccard similarity and the
share of the smaller text found in the other (a proposal copied into a longer one).
"""

from dataclasses import dataclass

import numpy as np

from portal.thai import minhash

from .models import Proposal
from .search import full_text

CANDIDATE = 0.15  # estimated Jaccard: read these again
DUPLICATE = 0.35  # exact similarity from which a proposal is flagged


@dataclass(frozen=True)
class Near:
    proposal_id: int
    similarity: float


def fingerprints(exclude: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, signatures) of every proposal ever received that has a fingerprint."""
    rows = (
        Proposal.objects.filter(submitted_at__isnull=False, fingerprint__isnull=False)
        .exclude(pk=exclude)
        .values_list("pk", "fingerprint")
    )
    ids, signatures = [], []
    for pk, data in rows.iterator(chunk_size=2000):
        ids.append(pk)
        signatures.append(minhash.from_bytes(data))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, minhash.PERMUTATIONS), dtype=np.uint32)
    return np.array(ids), np.vstack(signatures)


def candidates(signature: np.ndarray, ids: np.ndarray, signatures: np.ndarray) -> list[int]:
    """The ids whose estimated similarity with `signature` reaches CANDIDATE, closest first."""
    estimated = minhash.similarities(signature, signatures)
    order = np.argsort(-estimated, kind="stable")
    return [int(ids[i]) for i in order if estimated[i] >= CANDIDATE]


def near_duplicates(proposal: Proposal) -> list[Near]:
    """The received proposals whose text is nearly `proposal`'s, most similar first."""
    text = full_text(proposal)
    own = minhash.shingles(text)
    if not own:
        return []
    ids, signatures = fingerprints(exclude=proposal.pk)
    found = []
    others = Proposal.objects.prefetch_related("answers", "attachments").in_bulk(
        candidates(minhash.signature(own), ids, signatures)[:50]
    )
    for pk, other in others.items():
        score = minhash.overlap(own, minhash.shingles(full_text(other)))
        if score >= DUPLICATE:
            found.append(Near(pk, score))
    return sorted(found, key=lambda near: (-near.similarity, near.proposal_id))
