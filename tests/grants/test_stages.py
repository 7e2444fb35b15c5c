"""Setting up a multi-stage call: the templates, the later stages' settings and timeline."""

from datetime import timedelta

import pytest

from grants.enums import CallState, StageKind
from grants.models import Call
from grants.services import open_call
from grants.stage_services import set_up_stages
from grants.stages import (
    hidden_parts,
    is_final_stage,
    last_stage_of,
    next_stage_of,
    previous_stage_of,
    stages_of,
)
from portal.models import Notification
from portal.refusals import Refusal
from tests.factories import CallFactory, Role, user_with

pytestmark = pytest.mark.django_db


def test_concept_pitch_full_makes_three_stages_that_follow_each_other(officer):
    call = CallFactory(officers=[officer], created_by=officer, code="SIC2026", slug="sic")
    call.questions.create(position=1, kind="long_text", text_th="ทำไม")
    stages = set_up_stages(call, template="concept_pitch_full")
    call.refresh_from_db()
    assert [(s.stage_number, s.stage_kind) for s in stages] == [
        (1, StageKind.CONCEPT),
        (2, StageKind.PITCH),
        (3, StageKind.FULL),
    ]
    assert stages_of(stages[2]) == stages
    _first, pitch, full = stages
    assert (pitch.slug, pitch.code, full.code) == ("sic-stage-2", "SIC2026S2", "SIC2026S3")
    assert pitch.state == CallState.DRAFT and pitch.first_stage == call
    assert pitch.opens_at == call.results_at
    assert full.opens_at == pitch.results_at > pitch.deadline > pitch.opens_at
    assert list(full.officers.all()) == [officer]
    assert full.budget_total == call.budget_total
    assert full.criteria.count() == call.criteria.count()
    assert pitch.questions.count() == 0  # a pitch has no form
    assert [q.text_th for q in full.questions.all()] == [
        "ทำไม",
        "แผนการดำเนินงานและการขยายผลหลังจากได้รับทุน",
    ]
    assert next_stage_of(call) == pitch and previous_stage_of(full) == pitch
    assert last_stage_of(call) == full
    assert (is_final_stage(call), is_final_stage(full)) == (False, True)
    assert hidden_parts(call) == {"budget_lines", "team", "outcomes"}
    assert hidden_parts(full) == frozenset()


def test_one_stage_changes_nothing_and_stages_are_set_up_once(officer):
    call = CallFactory()
    assert set_up_stages(call, template="single") == [call]
    assert call.stage_kind == StageKind.SINGLE and is_final_stage(call)
    set_up_stages(call, template="concept_full")
    with pytest.raises(Refusal):
        set_up_stages(call, template="concept_full")
    assert Call.objects.filter(first_stage=call).count() == 1


def test_publishing_a_later_stage_tells_no_follower(officer):
    from grants.models import Sector, SectorFollow

    follower = user_with(Role.APPLICANT, email="follower@example.org")
    SectorFollow.objects.create(user=follower, sector=Sector.objects.get(code="urban"))
    call = CallFactory(state=CallState.DRAFT)
    _first, second = set_up_stages(call, template="concept_full")
    Call.objects.filter(pk=second.pk).update(deadline=second.opens_at + timedelta(days=400))
    second.refresh_from_db()
    open_call(second, by=officer, now=second.opens_at)
    assert Notification.objects.filter(kind="new_call").count() == 0
