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


def last_stage_of(call):
    """The final stage: where decisions and awards are made (the call itself in a one-stage
    call)."""
    stages = stages_of(call)
    return stages[-1]


def is_final_stage(call) -> bool:
    """Decisions, awards and the call's results belong to the final stage only."""
    if call.stage_kind == StageKind.SINGLE:
        return True
    return not call_has_later_stage(call)


def call_has_later_stage(call) -> bool:
    first = first_stage_of(call)
    return first.later_stages.filter(stage_number__gt=call.stage_number).exists()


def uses_stage_weights(stages) -> bool:
    """The final ranking combines the stages' scores when any stage has a weight set."""
    return len(stages) > 1 and any(stage.stage_weight for stage in stages)


# The templates an officer picks from when creating a call: the kinds of its stages, in order.
STAGE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "single": (StageKind.SINGLE,),
    "concept_full": (StageKind.CONCEPT, StageKind.FULL),
    "concept_pitch_full": (StageKind.CONCEPT, StageKind.PITCH, StageKind.FULL),
}

# What the proposal form leaves out at each kind of stage: the one place for the short form.
# A concept note asks for the problem, the idea, the area and the amount; the budget lines,
# the team and the outcomes come with the full proposal.
HIDDEN_PARTS: dict[str, frozenset[str]] = {
    StageKind.CONCEPT: frozenset({"budget_lines", "team", "outcomes"}),
}


def hidden_parts(call) -> frozenset[str]:
    """The parts of the proposal form (and of its completeness check) a stage does not ask."""
    return HIDDEN_PARTS.get(call.stage_kind, frozenset())


# The questions a later stage asks besides those copied from the first stage (the officer
# edits them on the stage's questions page): (question in Thai, in English). A pitch has no
# form, so it asks none.
DEFAULT_QUESTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    StageKind.FULL: (
        (
            "แผนการดำเนินงานและการขยายผลหลังจากได้รับทุน",
            "Work plan and how the project scales after the grant",
        ),
    ),
}
