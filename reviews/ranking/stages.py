"""The final ranking of a multi-stage call (grants.stages), where it differs from a call's.

Without stage weights the final stage is ranked by its own scores, like any call. When a
stage of the call has a weight (`Call.stage_weight`), the final stage's ranking combines
each project's calibrated scores at every stage, following the `previous_stage` links from
its final proposal back to the first (`compute.combine_stages`). The earlier stages' own
rankings come from the same cache as their ranking pages, and their version numbers are part
of the final stage's cache key (`load.ranking_version`), so a change at any stage recomputes it.
"""

from __future__ import annotations

from grants.enums import StageKind
from grants.stages import stages_of, uses_stage_weights
from proposals.models import Proposal


def weighted_stages(call) -> list | None:
    """The stages of `call`, when `call` is the final stage of a call with stage weights;
    else None. No query for a one-stage call."""
    if call.stage_kind == StageKind.SINGLE:
        return None
    stages = stages_of(call)
    if stages[-1].pk != call.pk or not uses_stage_weights(stages):
        return None
    return stages


def earlier_scores(call, stages: list) -> dict[int, list[float | None]]:
    """For each proposal of the final stage `call`: its project's calibrated score at each
    earlier stage, first to last (None where it has none). One query for the links, and
    each earlier stage's ranking (cached)."""
    from .load import ranking

    depth = len(stages) - 1
    paths = ["previous_stage_id"]
    for _ in range(depth - 1):
        paths.append(paths[-1].removesuffix("_id") + "__previous_stage_id")
    by_stage = [
        {row.pk: row.calibrated for row in ranking(stage, with_proposals=False)}
        for stage in stages[:-1]
    ]
    result = {}
    for pk, *chain in Proposal.objects.filter(call=call).values_list("pk", *paths):
        # chain[0] is the stage just before, chain[-1] the first stage.
        earlier = list(reversed(chain))
        result[pk] = [
            by_stage[index].get(earlier[index]) if earlier[index] else None
            for index in range(depth)
        ]
    return result
