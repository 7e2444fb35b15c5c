"""A call's stages: the one place that says how they hang together.

A call is its first stage. A multi-stage call (concept note → pitch → full proposal, as NIA
runs them) has later stages, each a `Call` row of its own with `first_stage` pointing at the
first and `stage_number` 2, 3, ...: its own opening and deadline, questions, rubric, panel,
reviewers and ranking, so everything that works per call works per stage. A later stage takes
no open applications: a proposal there continues one shortlisted at the stage before
(`Proposal.previous_stage`). A one-stage call has no later stages and works as it always has.
"""

from .enums import StageKind


def first_stage_of(call):
    """The call as the public knows it: the first stage (a one-stage call is its own)."""
    return call.first_stage if call.first_stage_id else call


def stages_of(call) -> list:
    """Every stage of the call `call` belongs to, in order (one query for a later stage's
    first stage, one for the later stages)."""
    first = first_stage_of(call)
    return [first, *first.later_stages.order_by("stage_number")]


def is_later_stage(call) -> bool:
    """A stage after the first: open only to those shortlisted at the stage before."""
    return call.first_stage_id is not None


def next_stage_of(call):
    """The stage after `call`, or None at the last stage (or in a one-stage call)."""
    first = first_stage_of(call)
    return first.later_stages.filter(stage_number=call.stage_number + 1).first()


def previous_stage_of(call):
    """The stage before `call`, or None at the first."""
    if not is_later_stage(call):
        return None
    if call.stage_number == 2:
        return call.first_stage
    return call.first_stage.later_stages.filter(stage_number=call.stage_number - 1).first()


def is_pitch(call) -> bool:
    return call.stage_kind == StageKind.PITCH
