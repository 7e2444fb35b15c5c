"""Reviews: reviewer profiles and panels, conflicts, assignments, scores, decisions, results,
meetings, appeals and pitch slots. One module per part; everything is importable from
`reviews.models`."""

from .appeals import OPEN_APPEAL_STATES, Amendment, Appeal, appeal_path
from .decisions import Decision, Publication
from .meetings import AgendaItem, ItemConflict, Meeting, MeetingMember, Vote
from .panels import EXPERTISE_MAX_LENGTH, Conflict, PanelMember, ReviewerProfile
from .pitch import PitchSlot
from .scoring import Assignment, Review, Score

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
    "Review",
    "ReviewerProfile",
    "Score",
    "Vote",
    "appeal_path",
]
