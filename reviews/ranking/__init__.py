"""A call's ranking: `compute` works out the rows from plain data (no database), with the
reviewers' leniency from `calibration`; `load` feeds it from a call, behind a cache. The
pages and exports import what they need from here."""

from .calibration import Calibration, ReviewerEstimate, calibrate
from .compute import (
    DISAGREEMENT_SD,
    DISAGREEMENT_SPREAD,
    CriterionData,
    ProposalData,
    RankedProposal,
    ReviewData,
    compute_ranking,
)
from .load import (
    attach_proposals,
    awarded_total_as_ranked,
    ranking,
    ranking_and_reviewers,
    reviewer_calibration,
)

__all__ = [
    "DISAGREEMENT_SD",
    "DISAGREEMENT_SPREAD",
    "Calibration",
    "CriterionData",
    "ProposalData",
    "RankedProposal",
    "ReviewData",
    "ReviewerEstimate",
    "attach_proposals",
    "awarded_total_as_ranked",
    "calibrate",
    "compute_ranking",
    "ranking",
    "ranking_and_reviewers",
    "reviewer_calibration",
]
