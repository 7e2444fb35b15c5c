"""manage.py index_proposals: proposals from before search are indexed and compared."""

from io import StringIO

from django.core.management import call_command

from proposals.models import Proposal, SimilarProposal
from proposals.search import search_proposals
from tests.factories import SubmittedProposalFactory
from tests.thai_samples import FARMING, FARMING_REWRITTEN


def test_index_proposals_indexes_and_compares(open_call):
    first = SubmittedProposalFactory(call=open_call, summary=FARMING)
    second = SubmittedProposalFactory(call=open_call, summary=FARMING_REWRITTEN)
    Proposal.objects.update(  # as the migration leaves them
        search_text="", search_vector=None, search_head=None, fingerprint=None
    )
    assert not search_proposals(Proposal.objects.all(), "ปรัชญา").exists()

    out = StringIO()
    call_command("index_proposals", "--duplicates", stdout=out)

    assert set(search_proposals(Proposal.objects.all(), "ปรัชญา")) == {first, second}
    assert SimilarProposal.objects.filter(proposal=second, other=first).exists()
    assert "2 proposals indexed." in out.getvalue()
