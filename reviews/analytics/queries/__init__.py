"""One function per chart: each returns a Dataset whose numbers are counted and summed in the
database (a fixed number of queries, whatever the number of proposals), read by the chart,
the table under it and the CSV alike.

The words the charts use:
- received: submitted and not withdrawn (proposals.states.RECEIVED_STATES);
- eligible: screened eligible, or decided on by the committee (after the results an
  ineligible proposal is "not selected" too, but it never had a decision);
- reviewed: eligible with at least one submitted review of an active assignment;
- funded: reviews.queries.funded_projects(), the awarded proposals of published results, the
  one source of "funded" that the public pages, open data and the API share; what the
  committee decided but has not published is "pending" (reviews.Decision, not final).
A call's year is the year of its submission deadline, Bangkok time.
"""

from .breakdown import province_money, provinces, sector_money, sectors
from .common import Scope
from .outcomes import funnel, money, pending_decisions
from .progress import decision_times, reviewers, years

# The charts, in the order the pages show them: key → the function that makes its Dataset.
CHARTS = {
    "funnel": funnel,
    "pending": pending_decisions,
    "money": money,
    "sectors": sectors,
    "sector_money": sector_money,
    "provinces": provinces,
    "province_money": province_money,
    "reviewers": reviewers,
    "decision_times": decision_times,
    "years": years,
}

__all__ = ["CHARTS", "Scope"]
