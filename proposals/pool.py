"""The review pool: the proposals of a call that go on to review.

Screening decides membership: an eligible proposal is in, an ineligible one leaves it.
"""

from django.db.models import QuerySet

from grants.models import Call

from .enums import ProposalState
from .models import Proposal


def review_pool(call: Call) -> QuerySet:
    """The eligible proposals of `call`, in reference order."""
    return Proposal.objects.filter(call=call, state=ProposalState.ELIGIBLE).order_by(
        "sequence", "pk"
    )
