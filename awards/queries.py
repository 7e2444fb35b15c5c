"""Reads of grants that more than one page uses: the officer's list, the grantee's grants,
the facts the public project page prints."""

from django.db.models import QuerySet

from grants.queries import call_ids_run_by
from portal.rules import is_administrator

from .models import Grant


def _for_rows(queryset: QuerySet) -> QuerySet:
    # A row shows the call, the organisation, the project title and the officer.
    return queryset.select_related("call", "organisation", "proposal", "officer")


def grants_run_by(user) -> QuerySet:
    """The grants of the calls `user` runs (every grant for an administrator)."""
    grants = Grant.objects.all()
    if not is_administrator(user):
        grants = grants.filter(call_id__in=call_ids_run_by(user))
    return _for_rows(grants).order_by("-call__results_at", "call_id", "number")


def grants_of_member(user) -> QuerySet:
    """The grants made to the organisations `user` belongs to, newest first."""
    return _for_rows(Grant.objects.filter(organisation__members=user)).order_by(
        "-created_at", "-pk"
    )


def public_grant_facts(proposal_ids) -> dict[int, dict]:
    """What the public project page prints about each funded proposal's grant, by proposal
    id: the grant's state and amount. A constant number of queries whatever the number."""
    rows = Grant.objects.filter(proposal_id__in=list(proposal_ids)).values(
        "proposal_id", "state", "amount", "reference"
    )
    return {
        row["proposal_id"]: {
            "reference": row["reference"],
            "state": row["state"],
            "amount": row["amount"],
        }
        for row in rows
    }
