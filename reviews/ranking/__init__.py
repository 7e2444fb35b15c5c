"""A call's ranking: `compute` works out the rows from plain data (no database); `load` feeds
it from a call, behind a cache. The pages and exports import what they need from here."""

from .compute import (
    DISAGREEMENT_SD,
    DISAGREEMENT_SPREAD,
    CriterionData,
    ProposalData,
    RankedProposal,
    ReviewData,
    compute_ranking,
)
from .load import attach_proposals, ranking

__all__ = [
    "DISAGREEMENT_SD",
    "DISAGREEMENT_SPREAD",
    "CriterionData",
    "ProposalData",
    "RankedProposal",
    "ReviewData",
    "attach_proposals",
    "compute_ranking",
    "ranking",
]
