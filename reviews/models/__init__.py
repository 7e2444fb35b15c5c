"""Reviews: reviewer profiles and panels, conflicts, assignments, scores, decisions, results,
meetings, appeals, pitch slots, stage results and the ranking's version number. One module
per part; everything is importable from `reviews.models`."""

from .appeals import OPEN_APPEAL_STATES, Amendment, Appeal, appeal_path
from .decisions import Decision, Publication
from .meetings import AgendaItem, ItemConflict, Meeting, MeetingMember, Vote
from .panels import EXPERTISE_MAX_LENGTH, Conflict, PanelMember, ReviewerProfile
from .pitch import PitchSlot
from .ranking import RankingVersion
from .scoring import Assignment, Review, Score
from .stages import StageResult

__all__ = [
    "EXPERTISE_MAX_LENGTH",
    "OPEN_APPEAL_STATES",
    "AgendaItem",
    "Amendment",
    "Appeal",
    "Assignment",
    "Conflict",
    "Decision",
    "ItemConflict",
    "Meeting",
    "MeetingMember",
    "PanelMember",
    "PitchSlot",
    "Publication",
    "RankingVersion",
    "Review",
    "ReviewerProfile",
    "Score",
    "StageResult",
    "Vote",
    "appeal_path",
]
