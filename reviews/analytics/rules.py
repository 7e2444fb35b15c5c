"""Who reads the analytics: the people who run calls and the committee, as for the ranking
(reviews.rules.can_see_ranking), never for a draft call (nothing to count yet). Applicants and
reviewers are refused; a call whose analytics a person may not read does not exist for them
(404), as the permission rule of portal.access says.

The calls each person sees across calls are the same rule as a query: scope.analytics_calls.
"""

import rules

from grants.rules import is_public_call, runs_call
from portal.rules import is_committee_member, is_staff_member

can_see_analytics = is_staff_member | is_committee_member
can_see_call_analytics = (runs_call | is_committee_member) & is_public_call

rules.add_perm("reviews.view_analytics", can_see_analytics)
rules.add_perm("reviews.view_call_analytics", can_see_call_analytics)
