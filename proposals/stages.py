"""Where a proposal stands in a multi-stage call (grants.stages), as its applicant sees it:
"Stage 1 of 3 · Concept note · shortlisted — next: Pitch, book a slot by …".

`stage_statuses(proposals)` answers for a whole list in two queries whatever its length (the
stages of the calls involved, and the proposals carried forward from them). What comes next
is said by `next_step_text`, which other parts of the portal may extend with
`register_next_step` (the pitch's booking says "book a slot by …" with its own link).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from grants.enums import StageKind
from grants.models import Call

from .deadlines import cutoff_for
from .enums import ProposalState
from .models import Proposal

S = ProposalState


@dataclass
class StageStatus:
    number: int
    total: int
    kind: str
    kind_label: str
    state_label: str
    shortlisted: bool = False
    not_shortlisted: bool = False
    is_final: bool = False
    next_kind: str = ""
    next_label: str = ""
    next_deadline: datetime | None = None
    next_proposal: Proposal | None = None
    next_text: str = ""


# Functions (status, proposal) -> str | None: the first that answers says what comes next.
_NEXT_STEP_HOOKS: list[Callable[[StageStatus, Proposal], str | None]] = []


def register_next_step(hook: Callable[[StageStatus, Proposal], str | None]) -> None:
    """Let another part of the portal say what comes next (e.g. the pitch's booking)."""
    if hook not in _NEXT_STEP_HOOKS:
        _NEXT_STEP_HOOKS.append(hook)


def next_step_text(status: StageStatus, proposal: Proposal) -> str:
    """What the applicant does next, in a sentence (empty when nothing)."""
    for hook in _NEXT_STEP_HOOKS:
        text = hook(status, proposal)
        if text:
            return text
    if not status.shortlisted or status.next_deadline is None:
        return ""
    from portal.formatting import format_datetime

    deadline = format_datetime(status.next_deadline)
    if status.next_kind == StageKind.PITCH:
        return _("book a pitch slot by %(deadline)s") % {"deadline": deadline}
    return _("submit by %(deadline)s") % {"deadline": deadline}


def stage_statuses(proposals) -> dict[int, StageStatus]:
    """The stage status of each proposal of a multi-stage call among `proposals` (whose call
    is loaded), by proposal id; one-stage calls are left out."""
    staged = [p for p in proposals if p.call.stage_kind != StageKind.SINGLE]
    if not staged:
        return {}
    firsts = {p.call.first_stage_id or p.call_id for p in staged}
    stages: dict[int, list[Call]] = defaultdict(list)
    for stage in Call.objects.filter(Q(pk__in=firsts) | Q(first_stage_id__in=firsts)).order_by(
        "stage_number"
    ):
        stages[stage.first_stage_id or stage.pk].append(stage)
    carried = {
        p.previous_stage_id: p
        for p in Proposal.objects.filter(previous_stage__in=staged).select_related("call")
    }
    result = {}
    for proposal in staged:
        call = proposal.call
        own = stages[call.first_stage_id or call.pk]
        following = [s for s in own if s.stage_number == call.stage_number + 1]
        after = following[0] if following else None
        next_proposal = carried.get(proposal.pk)
        status = StageStatus(
            number=call.stage_number,
            total=len(own),
            kind=call.stage_kind,
            kind_label=call.get_stage_kind_display(),
            state_label=proposal.get_state_display(),
            is_final=after is None,
            shortlisted=next_proposal is not None,
            not_shortlisted=after is not None and proposal.state == S.NOT_SELECTED,
        )
        if after is not None:
            status.next_kind = after.stage_kind
            status.next_label = after.get_stage_kind_display()
            status.next_deadline = after.deadline
        if next_proposal is not None:
            status.next_proposal = next_proposal
            status.next_deadline = cutoff_for(next_proposal) or after.deadline
        if status.shortlisted:
            status.state_label = pgettext("stage result", "shortlisted")
        elif status.not_shortlisted:
            status.state_label = pgettext("stage result", "not shortlisted")
        status.next_text = next_step_text(status, proposal)
        result[proposal.pk] = status
    return result


def stage_status(proposal: Proposal) -> StageStatus | None:
    return stage_statuses([proposal]).get(proposal.pk)
