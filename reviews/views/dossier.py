"""The dossier of a proposal on the ranking: what it says and what its reviewers wrote.

The committee decides on it (and the call's officers read it): the proposal, blind where the
call is blind, and each submitted review's points per criterion, total and comments. Opened
from the ranking's rows and the decision page; who may read it is reviews.rules.reads_dossier.
"""

from django.shortcuts import render

from portal.access import Load, guard
from proposals.models import Proposal

from ..models import Decision
from ..queries import criteria_of, reviews_for_committee
from .content import proposal_content
from .ranking import ranking_row

DOSSIER = Load(
    Proposal.objects.select_related("call", "organisation", "province", "primary_sector")
)


@guard("reviews.read_dossier", load=DOSSIER)
def proposal_dossier(request, proposal):
    """To anybody but its readers the proposal does not exist here (404)."""
    call, user = proposal.call, request.user
    reviews = reviews_for_committee(proposal, user)
    rows = [
        {"criterion": criterion, "points": [r.points.get(criterion.pk) for r in reviews]}
        for criterion in criteria_of(call)
    ]
    return render(
        request,
        "reviews/ranking/dossier.html",
        {
            "proposal": proposal,
            "call": call,
            "reviews": reviews,
            "rows": rows,
            "row": ranking_row(proposal),
            "decision": Decision.objects.filter(proposal=proposal).first(),
            "may_decide": user.has_perm("reviews.record_decision", proposal),
            **proposal_content(proposal, user),
        },
    )
