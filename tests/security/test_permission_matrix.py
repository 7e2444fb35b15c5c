"""The permission matrix: every URL pattern of the project, as every role, before and after
the results are published, against a table of expected answers.

The world (tests/security/matrix_data.py) is arranged once per phase through the services;
each request runs in its own rolled-back transaction. A pattern without an entry in MATRIX
fails, so a new URL must say who may open it. POST-only actions are also posted to, empty,
as the most forbidden roles: they must refuse and change nothing.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from api.models import ApiToken
from grants.models import Call, CallTransition
from portal.models import DataExport, Notification
from proposals.models import (
    Attachment,
    OrganisationMembership,
    Proposal,
    ProposalEvent,
    TeamInvitation,
)
from reviews.models import (
    AgendaItem,
    Amendment,
    Appeal,
    Assignment,
    Conflict,
    Decision,
    ItemConflict,
    Meeting,
    PanelMember,
    PitchSlot,
    Publication,
    Review,
    Vote,
)

from .matrix_data import (
    ADMINISTRATOR,
    ANONYMOUS,
    APPLICANT_B,
    COMMITTEE,
    DRAFT_TITLE_C,
    OFFICER,
    OFFICER_OTHER,
    ORG_OTHER,
    ORG_VIEWER,
    PDF_BYTES,
    REVIEWER_UNASSIGNED,
    ROLES,
    SECRET_TITLE_A,
    VARIANTS,
    build_world,
    fill_route,
)

BEFORE, AFTER = "before", "after"


@dataclass(frozen=True)
class Expect:
    label: str
    status: int
    target: str = ""  # for a redirect: the URL name it must lead to

    def __repr__(self) -> str:
        return self.label


ALLOW = Expect("ALLOW", 200)
LOGIN = Expect("LOGIN", 302)  # to the login page (the admin's own, for admin pages)
DENY = Expect("DENY", 403)
HIDDEN = Expect("HIDDEN", 404)
POST_ONLY = Expect("POST_ONLY", 405)
GONE = Expect("GONE", 410)
UNAUTHORIZED = Expect("UNAUTHORIZED", 401)  # the API: no token, no session


def to(name: str) -> Expect:
    """ALLOW by a redirect to `name`, a page of the same flow."""
    return Expect(f"302->{name}", 302, name)


def row(default: Expect, **roles: Expect) -> dict[str, Expect]:
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return {role: roles.get(role, default) for role in ROLES}


def signed_in(default: Expect, **roles: Expect) -> dict[str, Expect]:
    """Anonymous people are sent to log in; signed-in roles get `default` unless named."""
    return row(default, **{ANONYMOUS: LOGIN, **roles})


def phased(before: dict, after: dict) -> dict:
    return {BEFORE: before, AFTER: after}


EVERYONE = row(ALLOW)
ENTRANCE = row(to("portal:dashboard"), anonymous=ALLOW)  # login, sign-up: not when signed in
POST_ONLY_ALL = row(POST_ONLY)  # @require_POST outermost: even anonymous gets 405
POST_ONLY_SIGNED_IN = signed_in(POST_ONLY)  # @login_required outermost
# The officers of the world's call (and administrators); the officer of another call is
# refused what is this call's, as anybody else is.
OFFICERS = signed_in(DENY, officer=ALLOW, administrator=ALLOW)
OFFICERS_ELSE_HIDDEN = signed_in(HIDDEN, officer=ALLOW, administrator=ALLOW)
# Every officer: pages about no call (a new call, invitations, one's own outbox).
ANY_OFFICER = signed_in(DENY, officer=ALLOW, officer_other=ALLOW, administrator=ALLOW)
REVIEWERS = signed_in(
    DENY, reviewer_assigned=ALLOW, reviewer_unassigned=ALLOW, reviewer_conflict=ALLOW
)
APPLICANTS = signed_in(
    DENY,
    applicant_a=ALLOW,
    applicant_b=ALLOW,
    org_owner=ALLOW,
    org_editor=ALLOW,
    org_viewer=ALLOW,
    org_other=ALLOW,
)
MFA = (OFFICER, OFFICER_OTHER, COMMITTEE, ADMINISTRATOR)  # roles with an authenticator app
RANKING = signed_in(DENY, officer=ALLOW, committee=ALLOW, administrator=ALLOW)
# A's organisation: applicant_a and org_owner own it, org_editor edits, org_viewer reads.
A_TEAM = {"applicant_a", "org_owner", "org_editor", "org_viewer"}
A_EDITORS = {"applicant_a", "org_owner", "org_editor"}
A_OWNERS = {"applicant_a", "org_owner"}


def team(default: Expect, members, expect: Expect = ALLOW, **roles: Expect) -> dict:
    """signed_in(default), with `expect` for each of `members` (a set of roles)."""
    return signed_in(default, **dict.fromkeys(members, expect), **roles)


ONLY_A = team(HIDDEN, A_TEAM)
DOSSIER = signed_in(HIDDEN, officer=ALLOW, committee=ALLOW, administrator=ALLOW)
ANALYTICS = signed_in(
    DENY, officer=ALLOW, officer_other=ALLOW, committee=ALLOW, administrator=ALLOW
)
CALL_ANALYTICS = signed_in(HIDDEN, officer=ALLOW, committee=ALLOW, administrator=ALLOW)

# ---------------------------------------------------------------- the table

MATRIX: dict[str, dict] = {
    "set_language": row(to("portal:home")),
    "health": EVERYONE,  # status only: "ok" or "unavailable"
    # portal
    "portal:home": EVERYONE,
    "portal:privacy": EVERYONE,
    "portal:signup": ENTRANCE,
    "portal:profile": signed_in(ALLOW),
    "portal:verification_send": POST_ONLY_ALL,
    "portal:dashboard": signed_in(to("portal:role_dashboard")),
    "portal:role_dashboard": APPLICANTS,  # /dashboard/applicant/
    "portal:inbox": signed_in(ALLOW),
    "portal:inbox_read_all": POST_ONLY_SIGNED_IN,
    # A's receipt notification opens A's proposal; anybody else's is a 404.
    "portal:notification_open": signed_in(HIDDEN, applicant_a=to("proposals:proposal_detail")),
    # Each officer's outbox lists the messages of the calls they run (checked by content).
    "portal:outbox": ANY_OFFICER,
    "portal:outbox_retry": POST_ONLY_SIGNED_IN,
    "portal:invitation_list": ANY_OFFICER,
    "portal:invitation_create": ANY_OFFICER,
    "portal:invitation_resend": POST_ONLY_ALL,
    # PDPA rights: every signed-in person over their own data; A's copy is A's alone.
    "portal:privacy_centre": signed_in(ALLOW),
    "portal:data_export_request": POST_ONLY_ALL,
    "portal:data_export_download": signed_in(HIDDEN, applicant_a=ALLOW),
    "portal:consent_withdraw": POST_ONLY_ALL,
    "portal:erase_account": signed_in(ALLOW),  # the plan first; erasing needs the password
    # The invitee has no account: anyone anonymous sees the sign-up form; a signed-in
    # person with another address is refused.
    "portal:invitation_accept": row(DENY, anonymous=ALLOW),
    # accounts: the names the portal has always used, on allauth's pages
    "login": ENTRANCE,
    "logout": POST_ONLY_ALL,
    "password_change": signed_in(ALLOW),
    "password_reset": EVERYONE,
    # accounts: allauth's own names (the same pages, and the rest of allauth's)
    "account_login": ENTRANCE,
    "account_logout": POST_ONLY_ALL,
    "account_signup": ENTRANCE,
    "account_inactive": EVERYONE,
    "account_reauthenticate": signed_in(ALLOW),
    "account_request_reauthentication_code": signed_in(ALLOW),
    "account_confirm_reauthentication_code": signed_in(to("account_request_reauthentication_code")),
    "account_confirm_login_code": signed_in(to("portal:dashboard")),  # nobody is logging in
    "account_email": signed_in(ALLOW),
    "account_email_verification_sent": EVERYONE,
    "account_confirm_email": EVERYONE,  # an unknown key: the page says the link is invalid
    "account_change_password": signed_in(ALLOW),
    "account_set_password": signed_in(to("password_change")),  # everybody has a password
    "account_reset_password": EVERYONE,
    "account_reset_password_done": EVERYONE,
    "account_reset_password_from_key": EVERYONE,  # a wrong key: the page says so
    "account_reset_password_from_key_done": EVERYONE,
    # two-factor: changing it asks for the password again first (no recent login here)
    "mfa_index": signed_in(ALLOW),
    "mfa_authenticate": signed_in(to("portal:dashboard")),  # nobody is logging in
    "mfa_reauthenticate": signed_in(
        to("account_reauthenticate"),
        officer=ALLOW,
        officer_other=ALLOW,
        committee=ALLOW,
        administrator=ALLOW,
    ),
    "mfa_activate_totp": signed_in(to("account_reauthenticate")),
    "mfa_deactivate_totp": signed_in(HIDDEN, **{r: to("account_reauthenticate") for r in MFA}),
    "mfa_view_recovery_codes": signed_in(HIDDEN),  # nobody here has recovery codes
    "mfa_generate_recovery_codes": signed_in(to("account_reauthenticate")),
    "mfa_download_recovery_codes": signed_in(HIDDEN),
    "mfa_list_webauthn": signed_in(ALLOW),
    "mfa_add_webauthn": signed_in(to("account_reauthenticate")),
    "mfa_reauthenticate_webauthn": signed_in(to("account_reauthenticate")),
    "mfa_remove_webauthn": signed_in(to("account_reauthenticate")),
    "mfa_edit_webauthn": signed_in(to("account_reauthenticate")),
    "mfa_login_webauthn": signed_in(to("portal:dashboard")),
    # single sign-on (no provider is configured here)
    "socialaccount_connections": signed_in(ALLOW),
    "socialaccount_login_cancelled": EVERYONE,
    "socialaccount_login_error": row(UNAUTHORIZED),
    "socialaccount_signup": row(LOGIN),  # nobody is signing up through a provider
    # An OpenID Connect provider that is not configured: no such page.
    "openid_connect_login": row(HIDDEN),
    "openid_connect_callback": row(HIDDEN),
    # grants
    "grants:call_list": EVERYONE,
    "grants:call_create": ANY_OFFICER,
    "grants:follow_sectors": signed_in(ALLOW),
    "grants:call_detail": EVERYONE,
    "grants:call_detail@draft_call": row(HIDDEN, officer=ALLOW, administrator=ALLOW),
    "grants:call_edit": OFFICERS,
    "grants:call_open": POST_ONLY_ALL,
    "grants:call_close": POST_ONLY_ALL,
    "grants:call_start_review": POST_ONLY_ALL,
    "grants:call_archive": POST_ONLY_ALL,
    "grants:call_questions": OFFICERS,
    # proposals: the applicant's pages
    "proposals:organisation": APPLICANTS,
    "proposals:proposal_start": POST_ONLY_SIGNED_IN,
    "proposals:proposal_detail": team(
        HIDDEN,
        A_TEAM,
        officer=to("proposals:officer_proposal"),
        administrator=to("proposals:officer_proposal"),
    ),
    "proposals:proposal_detail@draft": ONLY_A,  # officers never see drafts
    # Submitted: no longer editable, so back to the proposal's page; a viewer never edits.
    "proposals:proposal_edit": team(
        HIDDEN, A_EDITORS, to("proposals:proposal_detail"), org_viewer=DENY
    ),
    "proposals:proposal_edit@draft": team(HIDDEN, A_EDITORS, org_viewer=DENY),
    "proposals:proposal_autosave": POST_ONLY_SIGNED_IN,
    "proposals:proposal_submit": POST_ONLY_SIGNED_IN,
    "proposals:proposal_withdraw": POST_ONLY_SIGNED_IN,
    "proposals:proposal_reopen": POST_ONLY_SIGNED_IN,
    "proposals:proposal_receipt": ONLY_A,
    "proposals:attachment_upload": POST_ONLY_ALL,
    # Files: not even a login redirect for strangers (it would tell the file exists).
    "proposals:attachment_download": row(
        HIDDEN, **dict.fromkeys(A_TEAM, ALLOW), officer=ALLOW, administrator=ALLOW
    ),
    "proposals:attachment_download@b": row(
        HIDDEN, applicant_b=ALLOW, officer=ALLOW, administrator=ALLOW
    ),
    "proposals:attachment_download@draft": row(HIDDEN, **dict.fromkeys(A_TEAM, ALLOW)),
    "proposals:attachment_delete": POST_ONLY_ALL,
    # proposals: the organisation's team (A's). Its members see it; its owners manage it;
    # to anybody else (C's editor included) it does not exist.
    "proposals:team": ONLY_A,
    "proposals:team_invite": POST_ONLY_SIGNED_IN,
    "proposals:team_leave": POST_ONLY_SIGNED_IN,
    "proposals:member_role": POST_ONLY_SIGNED_IN,
    "proposals:member_remove": POST_ONLY_SIGNED_IN,
    "proposals:team_invitation_cancel": POST_ONLY_SIGNED_IN,
    # The link is the key (for an address without an account): anonymous people are asked
    # to sign up or log in; a signed-in person with another address is refused.
    "proposals:team_join": row(DENY, anonymous=ALLOW),
    # proposals: the officer's pages
    "proposals:call_proposals": OFFICERS,
    "proposals:call_proposals@open_call": OFFICERS,
    "proposals:call_proposals_csv": OFFICERS,
    "proposals:call_proposals_xlsx": OFFICERS,
    "proposals:call_proposals_screen": POST_ONLY_ALL,
    "proposals:call_late_extension": POST_ONLY_ALL,
    "proposals:officer_proposal": OFFICERS_ELSE_HIDDEN,
    "proposals:officer_proposal@draft": signed_in(HIDDEN),
    "proposals:officer_screen": POST_ONLY_ALL,
    "proposals:officer_request_information": POST_ONLY_ALL,
    "proposals:officer_extension": POST_ONLY_ALL,
    "proposals:officer_version_diff": OFFICERS_ELSE_HIDDEN,
    "proposals:officer_similar": OFFICERS_ELSE_HIDDEN,
    # reviews: assignment
    "reviews:reviewer_profile": REVIEWERS,
    "reviews:call_panel": OFFICERS,
    "reviews:panel_add": POST_ONLY_SIGNED_IN,
    "reviews:panel_remove": POST_ONLY_SIGNED_IN,
    "reviews:panel_assign": POST_ONLY_SIGNED_IN,
    "reviews:conflicts_refresh": POST_ONLY_SIGNED_IN,
    "reviews:auto_assign": OFFICERS,
    "reviews:proposal_assignments": OFFICERS_ELSE_HIDDEN,
    # C's unsubmitted draft in the call the officer runs: officers never see drafts.
    "reviews:proposal_assignments@draft": signed_in(HIDDEN),
    "reviews:assignment_remove": POST_ONLY_SIGNED_IN,
    # reviews: scoring. Only the assigned reviewer; never in conflict; B's proposal shows
    # the declaration page only (its content and files stay closed until declared).
    "reviews:my_reviews": REVIEWERS,
    "reviews:review_proposal": signed_in(HIDDEN, reviewer_assigned=ALLOW),
    "reviews:review_proposal@b": signed_in(HIDDEN, reviewer_assigned=ALLOW),
    "reviews:declare_conflict": POST_ONLY_SIGNED_IN,
    # The files also open for those who read the proposal's dossier (committee, officers).
    "reviews:blind_attachment": row(
        HIDDEN, reviewer_assigned=ALLOW, officer=ALLOW, committee=ALLOW, administrator=ALLOW
    ),
    "reviews:blind_attachment@b": row(HIDDEN, officer=ALLOW, committee=ALLOW, administrator=ALLOW),
    # reviews: ranking and decisions
    "reviews:ranking": RANKING,
    "reviews:ranking_csv": RANKING,
    "reviews:ranking_xlsx": RANKING,
    # The committee decides while the call is in review; those who see the ranking are
    # refused (403), for anybody else whether the proposal exists is private (404).
    "reviews:decide": phased(
        signed_in(HIDDEN, committee=ALLOW, officer=DENY, administrator=DENY),
        signed_in(HIDDEN, committee=DENY, officer=DENY, administrator=DENY),
    ),
    "reviews:decide@b": phased(
        signed_in(HIDDEN, committee=ALLOW, officer=DENY, administrator=DENY),
        signed_in(HIDDEN, committee=DENY, officer=DENY, administrator=DENY),
    ),
    # A proposal on the ranking, its content and its reviews: the committee and the call's
    # officers, while the call is in review and after; a draft is on no ranking.
    # One more reviewer for a proposal, from the ranking: POST only (the call's officers).
    "reviews:extra_reviewer": POST_ONLY_ALL,
    "reviews:proposal_dossier": DOSSIER,
    "reviews:proposal_dossier@b": DOSSIER,
    "reviews:proposal_dossier@draft": signed_in(HIDDEN),
    # A stage's shortlist: the world's call has one stage, so nothing comes after it; who
    # sees the call is refused (tests/reviews/test_stage_views.py opens it on a staged call).
    "reviews:shortlist": signed_in(DENY),
    "reviews:shortlist_confirm": POST_ONLY_ALL,
    # reviews: results, public once published
    "reviews:results": phased(row(HIDDEN), EVERYONE),
    "reviews:results_pdf": phased(row(HIDDEN), EVERYONE),
    "reviews:publish_results": POST_ONLY_ALL,
    # reviews: analytics. Across calls: whoever runs calls and the committee (each sees the
    # calls they may, checked by content in tests/reviews/analytics); a call's: its officers,
    # the committee and administrators, and to anybody else it does not exist.
    "reviews:analytics:overview": ANALYTICS,
    "reviews:analytics:overview_csv": ANALYTICS,
    "reviews:analytics:call": CALL_ANALYTICS,
    "reviews:analytics:call_csv": CALL_ANALYTICS,
    "reviews:analytics:call@other_call": signed_in(
        HIDDEN, officer_other=ALLOW, committee=ALLOW, administrator=ALLOW
    ),
    # reviews: committee meetings. The list is the ranking's readers'; scheduling, the call's
    # officers' while in review; a meeting and its minutes, its members' and the call's
    # officers' (to anybody else, the officer of another call too, it does not exist).
    "reviews:meetings": RANKING,
    "reviews:meeting_schedule": phased(
        signed_in(DENY, officer=ALLOW, administrator=ALLOW), signed_in(DENY)
    ),
    "reviews:meeting": DOSSIER,
    "reviews:meeting_minutes": DOSSIER,
    "reviews:meeting_run": POST_ONLY_ALL,
    "reviews:meeting_bulk_vote": POST_ONLY_ALL,
    "reviews:agenda_item_run": POST_ONLY_ALL,
    "reviews:agenda_item_vote": POST_ONLY_ALL,
    "reviews:agenda_item_conflict": POST_ONLY_ALL,
    # reviews: appeals (after publication B's appeal is with the committee; before, none).
    # Lodging: A's result is an award, which is not appealed; whoever sees A's proposal is
    # refused, anybody else does not know it.
    "reviews:appeal_lodge": team(HIDDEN, A_TEAM, DENY, officer=DENY, administrator=DENY),
    # A call's appeals: its officers and the committee, once the results are out.
    "reviews:call_appeals": phased(
        signed_in(DENY), signed_in(DENY, officer=ALLOW, committee=ALLOW, administrator=ALLOW)
    ),
    "reviews:appeal_detail": phased(
        signed_in(HIDDEN),
        signed_in(HIDDEN, applicant_b=ALLOW, officer=ALLOW, committee=ALLOW, administrator=ALLOW),
    ),
    "reviews:appeal_route": POST_ONLY_ALL,
    "reviews:appeal_decide": POST_ONLY_ALL,
    "reviews:appeal_withdraw": POST_ONLY_ALL,
    # The appeal's file: not even a login redirect for strangers.
    "reviews:appeal_file": phased(
        row(HIDDEN),
        row(HIDDEN, applicant_b=ALLOW, officer=ALLOW, committee=ALLOW, administrator=ALLOW),
    ),
    # An amendment of the results is public, as the announcement it amends.
    "reviews:amendment_pdf": phased(row(HIDDEN), EVERYONE),
    # reviews: the pitch stage (matrix_data._pitch_stage). Its schedule and slots are its
    # officers'; a slot of theirs does not exist for anybody else (the stage itself is
    # public, so its pages answer 403). The pitch day and the team's material from the stage
    # before: the officers and the stage's panel (the assigned reviewer); reviewers of other
    # stages are not told it exists. The booking page and its calendar file: A's team only.
    # A later stage is hidden from those it does not concern (not invited, not running it).
    "reviews:pitch_schedule": signed_in(
        DENY,
        officer=ALLOW,
        administrator=ALLOW,
        applicant_b=HIDDEN,
        org_other=HIDDEN,
        officer_other=HIDDEN,
    ),
    "reviews:pitch_slot_open": POST_ONLY_ALL,
    "reviews:pitch_series_open": POST_ONLY_ALL,
    "reviews:pitch_slot_edit": OFFICERS_ELSE_HIDDEN,
    "reviews:pitch_slot_cancel": POST_ONLY_ALL,
    "reviews:pitch_slot_move": POST_ONLY_ALL,
    "reviews:pitch_day": signed_in(
        HIDDEN, reviewer_assigned=ALLOW, officer=ALLOW, administrator=ALLOW
    ),
    "reviews:pitch_material": signed_in(
        HIDDEN, reviewer_assigned=ALLOW, officer=ALLOW, administrator=ALLOW
    ),
    "reviews:pitch_booking": ONLY_A,
    "reviews:pitch_ics": ONLY_A,
    # api: the token page, the docs and schema, public reads, and reads with a token (here
    # the session: tests/api/test_access.py asks the same with tokens).
    "api_index": row(to("api:openapi-view")),
    "api:api-root": row(to("api:openapi-view")),  # the same URL, named by django-ninja
    "api_not_found": row(HIDDEN),  # any other /api/ address: a 404 in the error shape
    "api_tokens:token_list": signed_in(ALLOW),
    "api_tokens:token_revoke": POST_ONLY_ALL,
    "api:openapi-json": EVERYONE,
    "api:openapi-view": EVERYONE,
    "api:sectors": EVERYONE,
    "api:programmes": EVERYONE,
    "api:provinces": EVERYONE,
    "api:call_list": EVERYONE,
    "api:call_detail": EVERYONE,
    "api:call_detail@draft_call": row(HIDDEN, officer=ALLOW, administrator=ALLOW),
    "api:call_results": phased(row(HIDDEN), EVERYONE),
    "api:project_list": EVERYONE,
    "api:project_detail": phased(row(HIDDEN), EVERYONE),  # A's proposal, funded once published
    "api:me": row(ALLOW, anonymous=UNAUTHORIZED),
    # Each caller's own list (checked by content): A's and the call's officers' hold A's.
    "api:proposal_list": row(ALLOW, anonymous=UNAUTHORIZED),
    "api:proposal_detail": row(
        HIDDEN,
        anonymous=UNAUTHORIZED,
        **dict.fromkeys(A_TEAM, ALLOW),
        officer=ALLOW,
        administrator=ALLOW,
    ),
    # The dossier's readers; A sees the proposal but not its reviews.
    "api:proposal_reviews": row(
        HIDDEN,
        anonymous=UNAUTHORIZED,
        **dict.fromkeys(A_TEAM, DENY),
        officer=ALLOW,
        committee=ALLOW,
        administrator=ALLOW,
    ),
    "api:call_ranking": row(
        DENY, anonymous=UNAUTHORIZED, officer=ALLOW, committee=ALLOW, administrator=ALLOW
    ),
    # awards.public: funded projects and their open data, public; a project (proposal A,
    # awarded) and a call's results data exist once the results are published
    "projects:project_list": EVERYONE,
    "projects:project_detail": phased(row(HIDDEN), EVERYONE),
    "opendata:index": EVERYONE,
    "opendata:catalog": EVERYONE,
    "opendata:projects_csv": EVERYONE,
    "opendata:projects_json": EVERYONE,
    "opendata:dictionary_csv": EVERYONE,
    "opendata:call_csv": phased(row(HIDDEN), EVERYONE),
    "opendata:call_json": phased(row(HIDDEN), EVERYONE),
    # awards: A's grant exists once the results are published (a 404 for all before).
    "awards:grant_list": ANY_OFFICER,
    "awards:grant_detail": phased(
        signed_in(HIDDEN), team(HIDDEN, A_TEAM, officer=ALLOW, administrator=ALLOW)
    ),
    "awards:grant_suspend": POST_ONLY_ALL,
    "awards:grant_resume": POST_ONLY_ALL,
    "awards:grant_cancel": POST_ONLY_ALL,
    "awards:ledger": ANY_OFFICER,
    "awards:ledger_csv": ANY_OFFICER,
    "awards:ledger_xlsx": ANY_OFFICER,
    "awards:agreement_terms": OFFICERS,
    "awards:agreement_issue": POST_ONLY_ALL,
    "awards:agreement_countersign": POST_ONLY_ALL,
    # A's agreement is issued in the world: A accepts; the officers see it, may not accept.
    "awards:agreement_accept": phased(
        signed_in(HIDDEN),
        team(HIDDEN, A_EDITORS, org_viewer=DENY, officer=DENY, administrator=DENY),
    ),
    "awards:agreement_pdf": phased(
        signed_in(HIDDEN), team(HIDDEN, A_TEAM, officer=ALLOW, administrator=ALLOW)
    ),
    # Not signed yet in the world: no signed PDF for anybody (tests/awards check it signed).
    "awards:agreement_signed_pdf": signed_in(HIDDEN),
    "awards:tranche_plan": phased(
        signed_in(HIDDEN), team(HIDDEN, A_TEAM, DENY, officer=ALLOW, administrator=ALLOW)
    ),
    "awards:payment_record": POST_ONLY_ALL,
    # A's first report (a draft): A, the call's officers and administrators read it.
    "awards:report_detail": phased(
        signed_in(HIDDEN), team(HIDDEN, A_TEAM, officer=ALLOW, administrator=ALLOW)
    ),
    "awards:report_save": POST_ONLY_ALL,
    "awards:report_autosave": POST_ONLY_ALL,
    "awards:report_review": POST_ONLY_ALL,
    # Never submitted in the world: no submission to compare (tests/awards cover the diff).
    "awards:report_diff": signed_in(HIDDEN),
    "awards:grant_close": POST_ONLY_ALL,
    "awards:report_file_upload": POST_ONLY_ALL,
    # No file in the world (tests/awards check who downloads one); not even a login redirect.
    "awards:report_file_download": row(HIDDEN),
    # A's grant awaits its agreement: no amendment yet (tests/awards cover them).
    "awards:amendment_request": phased(
        signed_in(HIDDEN), team(HIDDEN, A_TEAM, DENY, officer=DENY, administrator=DENY)
    ),
    "awards:amendment_decide": POST_ONLY_ALL,
}

# The admin: non-staff are sent to the admin's login; the administrator (superuser) works.
STAFF_ONLY = row(LOGIN, administrator=ALLOW)
ADMIN_MODELS = [
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "auth_group",
    "portal_user",
    "portal_rolegrant",
    "portal_consent",
    "portal_invitation",
    "portal_auditevent",
    "portal_dataexport",
    "grants_sector",
    "grants_programme",
    "grants_province",
    "grants_call",
    "grants_calltransition",
    "proposals_organisation",
    "proposals_proposal",
    "proposals_proposalversion",
    "proposals_proposalevent",
    "reviews_reviewerprofile",
    "reviews_panelmember",
    "reviews_conflict",
    "reviews_assignment",
    "reviews_review",
    "reviews_decision",
    "reviews_publication",
    "api_apitoken",
    "awards_grant",
    "awards_granttransition",
    "account_emailaddress",
    "mfa_authenticator",
    "socialaccount_socialapp",
    "socialaccount_socialaccount",
    "socialaccount_socialtoken",
]
MATRIX |= {
    "admin:index": STAFF_ONLY,
    # The admin's login is the portal's (with its second factor): anonymous people are sent
    # there, signed-in people who are not staff are refused.
    "admin:login": row(DENY, anonymous=LOGIN, administrator=to("admin:index")),
    # Django's admin sends non-staff from its logout to its index (then to its login).
    "admin:logout": row(to("admin:index"), administrator=POST_ONLY),
    "admin:password_change": STAFF_ONLY,
    "admin:password_change_done": STAFF_ONLY,
    "admin:autocomplete": row(LOGIN, administrator=DENY),  # 403 without its parameters
    "admin:jsi18n": STAFF_ONLY,
    "admin:view_on_site": row(LOGIN, administrator=to("grants:call_detail")),
    "admin:app_list": STAFF_ONLY,
    "admin:auth_user_password_change": STAFF_ONLY,
    "admin:admin/(?P<url>.*)$": row(LOGIN, administrator=HIDDEN),
}
# Records of what happened (logs, versions, reviews, decisions, consents, login attempts)
# are not made by hand in the admin, and most are never deleted there: 403 for everybody.
ADMIN_NO_ADD = {
    "api_apitoken",  # made by its owner, who alone sees the secret once
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "portal_consent",
    "portal_invitation",
    "portal_auditevent",
    "portal_dataexport",
    "grants_calltransition",
    "proposals_proposalversion",
    "proposals_proposalevent",
    "reviews_conflict",
    "reviews_assignment",
    "reviews_review",
    "reviews_decision",
    "reviews_publication",
    "awards_granttransition",
}
ADMIN_NO_DELETE = {
    "portal_consent",
    "portal_auditevent",
    "portal_dataexport",
    "proposals_proposalversion",
    "proposals_proposalevent",
    "reviews_conflict",
    "reviews_assignment",
    "reviews_review",
    "reviews_decision",
    "reviews_publication",
    "awards_granttransition",
}
REFUSED_TO_ALL = row(LOGIN, administrator=DENY)
for _model in ADMIN_MODELS:
    _app, _name = _model.split("_", 1)
    for _page in ("changelist", "add", "history", "delete", "change"):
        refused = (_page == "add" and _model in ADMIN_NO_ADD) or (
            _page == "delete" and _model in ADMIN_NO_DELETE
        )
        MATRIX[f"admin:{_model}_{_page}"] = REFUSED_TO_ALL if refused else STAFF_ONLY
    MATRIX[f"admin:admin/{_app}/{_name}/<path:object_id>/"] = row(
        LOGIN, administrator=to(f"admin:{_model}_change")
    )
# No single sign-on provider is configured here, so none of its records exist: the admin
# says so and goes back to its index.
for _model in ("socialapp", "socialaccount", "socialtoken"):
    for _page in ("change", "history", "delete"):
        MATRIX[f"admin:socialaccount_{_model}_{_page}"] = row(
            LOGIN, administrator=to("admin:index")
        )
# No publication before the results are out: the admin says so and goes back to its index.
for _page in ("change", "history"):
    MATRIX[f"admin:reviews_publication_{_page}"] = phased(
        row(LOGIN, administrator=to("admin:index")), STAFF_ONLY
    )
MATRIX["admin:admin/reviews/publication/<path:object_id>/"] = phased(
    row(LOGIN, administrator=to("admin:reviews_publication_change")),
    row(LOGIN, administrator=to("admin:reviews_publication_change")),
)
# Grants are made by publishing the results: none before, the same answers as above.
for _model in ("awards_grant", "awards_granttransition"):
    for _page in ("change", "history", "delete"):
        if _page == "delete" and _model == "awards_granttransition":
            continue
        MATRIX[f"admin:{_model}_{_page}"] = phased(
            row(LOGIN, administrator=to("admin:index")), STAFF_ONLY
        )


# ---------------------------------------------------------------- the URL patterns


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "namespace:route" for an unnamed pattern
    name: str  # what reverse() takes ("" when unnamed)
    route: str
    kwargs: frozenset


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "", outer=frozenset()):
    """Every pattern with its key, route and URL arguments (an include's own, such as
    allauth's `keys/<int:pk>/`, count for the patterns inside it)."""
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        converters = getattr(item.pattern, "converters", {}) or {}
        kwargs = outer | frozenset(converters) | frozenset(item.pattern.regex.groupindex)
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item, route, inner, kwargs)
        elif isinstance(item, URLPattern):
            if item.name:
                name = f"{namespace}:{item.name}" if namespace else item.name
                yield Pattern(name, name, route, kwargs)
            else:
                yield Pattern(f"{namespace}:{route}", "", route, kwargs)


def all_patterns() -> list[Pattern]:
    seen, result = set(), []
    for pattern in _walk(get_resolver()):
        if pattern.key not in seen:
            seen.add(pattern.key)
            result.append(pattern)
    return result


PATTERNS = {p.key: p for p in all_patterns()}


def _url(world, key: str) -> str:
    if key not in world.urls:
        world.urls[key] = _work_out_url(world, key)
    return world.urls[key]


def _work_out_url(world, key: str) -> str:
    pattern = PATTERNS[VARIANTS.get(key, key)]
    kwargs = fill_route(world, key, set(pattern.kwargs))
    if pattern.name:
        return reverse(pattern.name, kwargs={k: kwargs[k] for k in pattern.kwargs})
    if "url" in pattern.kwargs:  # the admin's catch-all
        return "/admin/matrix-no-such-page/"
    object_id = kwargs.get("object_id") or _object_id_for(world, pattern)
    return "/" + pattern.route.replace("<path:object_id>", object_id)


def _object_id_for(world, pattern: Pattern) -> str:
    from .matrix_data import admin_objects

    _admin, app, model, *_rest = pattern.route.split("/")
    obj = admin_objects(world)[f"{app}_{model}"]
    return str(obj.pk) if obj is not None else "999999"


def expected_for(key: str, role: str, phase: str) -> Expect:
    entry = MATRIX[key]
    if BEFORE in entry:
        entry = entry[phase]
    return entry[role]


def all_keys() -> list[str]:
    return sorted([*PATTERNS, *VARIANTS])


def get_cases(phase: str):
    return [
        pytest.param(key, role, id=f"{key}-{role}-{phase}")
        for key in all_keys()
        if key in MATRIX
        for role in ROLES
    ]


POST_ROLES = [ANONYMOUS, APPLICANT_B, ORG_VIEWER, ORG_OTHER, REVIEWER_UNASSIGNED, OFFICER_OTHER]
# POST with an empty body, as the most forbidden roles (and the officer of another call):
# refused, or (where the action is the person's own and harmless) the same page of the flow;
# never a change in the database.
# A's grant (after publication): its viewer sees it and is refused; to others it is hidden.
A_GRANT_POST = phased(signed_in(HIDDEN), signed_in(HIDDEN, org_viewer=DENY))
POST_MATRIX: dict[str, dict[str, Expect]] = {
    "portal:inbox_read_all": row(to("portal:inbox"), anonymous=LOGIN),  # their own inbox
    # Their own address; verified already, so nothing is sent: back to their account.
    "portal:verification_send": row(to("portal:profile"), anonymous=LOGIN),
    # A message of the world's call does not exist in another call's officer's outbox.
    "portal:outbox_retry": signed_in(DENY, officer_other=HIDDEN),
    # Another officer's invitation is private to its sender (and administrators).
    "portal:invitation_resend": signed_in(DENY, officer_other=HIDDEN),
    # The person's own request (a copy; stopping their own reminders): back to the page.
    "portal:data_export_request": signed_in(to("portal:privacy_centre")),
    "portal:consent_withdraw": signed_in(to("portal:privacy_centre")),
    "logout": row(to("portal:home")),
    "account_logout": row(to("portal:home")),
    "admin:logout": row(to("admin:index")),
    "grants:call_open": signed_in(DENY),
    "grants:call_close": signed_in(DENY),
    "grants:call_start_review": signed_in(DENY),
    "grants:call_archive": signed_in(DENY),
    # B (and C's editor) already have a proposal in the call: they are sent to their own. A
    # viewer starts nothing: back to the call, with the reason.
    "proposals:proposal_start": signed_in(
        DENY,
        applicant_b=to("proposals:proposal_edit"),
        org_other=to("proposals:proposal_edit"),
        org_viewer=to("grants:call_detail"),
    ),
    # A's viewer sees A's proposal and may do nothing with it.
    "proposals:proposal_autosave": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:proposal_submit": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:proposal_withdraw": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:proposal_reopen": signed_in(HIDDEN, org_viewer=DENY),
    # Without a file (or refused) the viewer is sent back to the form, which refuses them.
    "proposals:attachment_upload": signed_in(HIDDEN, org_viewer=to("proposals:proposal_edit")),
    "proposals:attachment_delete": signed_in(HIDDEN, org_viewer=to("proposals:proposal_edit")),
    # A's team: the viewer sees it and manages nothing; leaving needs a confirmation, so an
    # empty POST only goes back to the team page. To anybody else it does not exist.
    "proposals:team_invite": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:team_leave": signed_in(HIDDEN, org_viewer=to("proposals:team")),
    "proposals:member_role": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:member_remove": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:team_invitation_cancel": signed_in(HIDDEN, org_viewer=DENY),
    "proposals:call_proposals_screen": signed_in(DENY),
    "proposals:call_late_extension": signed_in(DENY),
    "proposals:officer_screen": signed_in(HIDDEN),
    "proposals:officer_request_information": signed_in(HIDDEN),
    "proposals:officer_extension": signed_in(HIDDEN),
    "reviews:panel_add": signed_in(DENY),
    "reviews:panel_remove": signed_in(DENY),
    "reviews:panel_assign": signed_in(DENY),
    "reviews:conflicts_refresh": signed_in(DENY),
    "reviews:assignment_remove": signed_in(HIDDEN),
    "reviews:declare_conflict": signed_in(HIDDEN),
    "reviews:publish_results": row(DENY),
    "reviews:shortlist_confirm": signed_in(DENY),
    "reviews:meeting_run": signed_in(HIDDEN),
    "reviews:meeting_bulk_vote": signed_in(HIDDEN),
    "reviews:agenda_item_run": signed_in(HIDDEN),
    "reviews:agenda_item_vote": signed_in(HIDDEN),
    "reviews:agenda_item_conflict": signed_in(HIDDEN),
    "reviews:pitch_slot_open": signed_in(
        DENY, applicant_b=HIDDEN, org_other=HIDDEN, officer_other=HIDDEN
    ),
    "reviews:pitch_series_open": signed_in(
        DENY, applicant_b=HIDDEN, org_other=HIDDEN, officer_other=HIDDEN
    ),
    "reviews:pitch_slot_cancel": signed_in(HIDDEN),
    "reviews:pitch_slot_move": signed_in(HIDDEN),
    # Before publication there is no appeal (404); after, B's own appeal: B sees it but may
    # not route or decide it (403), and an empty withdrawal (unconfirmed) changes nothing.
    "reviews:appeal_route": phased(signed_in(HIDDEN), signed_in(HIDDEN, applicant_b=DENY)),
    "reviews:appeal_decide": phased(signed_in(HIDDEN), signed_in(HIDDEN, applicant_b=DENY)),
    "reviews:appeal_withdraw": phased(
        signed_in(HIDDEN), signed_in(HIDDEN, applicant_b=to("reviews:appeal_detail"))
    ),
    # Those who may not see the proposal on a ranking: it does not exist for them.
    "reviews:extra_reviewer": signed_in(HIDDEN),
    "api_tokens:token_revoke": signed_in(HIDDEN),  # A's token: nobody else's to revoke
    "awards:grant_suspend": A_GRANT_POST,
    "awards:grant_resume": A_GRANT_POST,
    "awards:grant_cancel": A_GRANT_POST,
    "awards:agreement_issue": A_GRANT_POST,
    "awards:agreement_countersign": A_GRANT_POST,
    "awards:payment_record": A_GRANT_POST,
    "awards:report_save": A_GRANT_POST,
    "awards:report_autosave": A_GRANT_POST,
    "awards:report_review": A_GRANT_POST,
    "awards:grant_close": A_GRANT_POST,
    "awards:report_file_upload": A_GRANT_POST,
    "awards:amendment_decide": signed_in(HIDDEN),
}


def post_only_keys() -> list[str]:
    return sorted(
        key
        for key in all_keys()
        if key in MATRIX
        and any(POST_ONLY in (expected_for(key, r, p) for r in ROLES) for p in (BEFORE, AFTER))
    )


def post_cases(phase: str):
    return [
        pytest.param(key, role, id=f"{key}-{role}-{phase}-post")
        for key in post_only_keys()
        for role in POST_ROLES
    ]


# ---------------------------------------------------------------- checking one answer


def _location_name(response) -> str:
    path = urlsplit(response["Location"]).path
    return resolve(path).view_name


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def check(response, expected: Expect, label: str, *, key: str = "", role: str = "", world=None):
    """`response` answers as `expected`; `label` names the request in a failure, `key` (the
    table's entry), `role` and `world` let an allowed page's content be checked too."""
    status = response.status_code
    assert status == expected.status, f"{label}: expected {expected!r}, got {status}"
    body = _body(response)
    if expected is LOGIN:
        assert _location_name(response) in {"login", "admin:login"}, response["Location"]
    elif expected.target:
        assert _location_name(response) == expected.target, response["Location"]
    if expected is ALLOW:
        _check_content(key, response, body, role=role, world=world)
    else:
        # A refusal never shows what it refuses.
        assert SECRET_TITLE_A.encode() not in body


def _check_outbox(body: bytes, role: str, world) -> None:
    """Each officer's outbox lists the messages of the calls they run, and only those."""
    first_call = world.proposal_a.reference.encode()  # in the subjects of its messages
    other_call = world.other_call.title_th.encode()
    listed = {first_call: first_call in body, other_call: other_call in body}
    expected = {
        OFFICER: {first_call: True, other_call: False},
        OFFICER_OTHER: {first_call: False, other_call: True},
        ADMINISTRATOR: {first_call: True, other_call: True},
    }[role]
    assert listed == expected, f"{role} lists {listed}"


FILES = {"proposals:attachment_download", "reviews:blind_attachment", "reviews:appeal_file"}


def _check_content(key: str, response, body: bytes, *, role: str = "", world=None) -> None:
    base = key.split("@")[0]
    if base == "portal:outbox":
        _check_outbox(body, role, world)
    elif base in {
        "proposals:attachment_download",
        "reviews:blind_attachment",
        "reviews:appeal_file",
    }:
        assert body == PDF_BYTES
        assert response["Cache-Control"] == "private, no-store"
    elif base in {"reviews:results_pdf", "reviews:meeting_minutes", "reviews:amendment_pdf"}:
        assert body.startswith(b"%PDF")
    elif base == "reviews:pitch_ics":
        assert body.startswith(b"BEGIN:VCALENDAR\r\n")
        assert response["Content-Type"].startswith("text/calendar")
    elif base == "reviews:pitch_day":
        assert b"MATRIX-PITCH-A" in body
    elif base.endswith(("_xlsx",)):
        assert body.startswith(b"PK")
    elif base == "proposals:call_proposals_csv":
        # The officer's export lists received proposals, never a draft.
        assert SECRET_TITLE_A.encode() in body
        assert DRAFT_TITLE_C.encode() not in body
    elif base == "proposals:call_proposals":
        assert DRAFT_TITLE_C.encode() not in body
    elif base == "api:proposal_list":
        # Thai as UTF-8 in the JSON; A's proposal for A and the officers who run its call.
        listed = SECRET_TITLE_A.encode() in body
        assert listed == (role in A_TEAM | {OFFICER, ADMINISTRATOR}), f"{role}: {listed}"
        # C's draft: only C's organisation (its editor here) lists it.
        assert (DRAFT_TITLE_C.encode() in body) == (role == ORG_OTHER), role


def snapshot() -> dict:
    """What an action would change: rows counted, states read."""
    return {
        "events": ProposalEvent.objects.count(),
        "transitions": CallTransition.objects.count(),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "state")),
        "decisions": list(Decision.objects.values_list("pk", "outcome", "amount")),
        "proposals": list(Proposal.objects.order_by("pk").values_list("pk", "state", "version")),
        "calls": list(Call.objects.order_by("pk").values_list("pk", "state")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("pk", "state")),
        "attachments": Attachment.objects.count(),
        "panel": PanelMember.objects.count(),
        "pitch_slots": list(
            PitchSlot.objects.order_by("pk").values_list("pk", "booked_proposal", "starts_at")
        ),
        "conflicts": Conflict.objects.count(),
        "reviews": list(Review.objects.order_by("pk").values_list("pk", "state")),
        "publications": Publication.objects.count(),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "state")),
        "agenda": list(AgendaItem.objects.order_by("pk").values_list("pk", "state", "notes_th")),
        "votes": Vote.objects.count(),
        "meeting_conflicts": ItemConflict.objects.count(),
        "appeals": list(Appeal.objects.order_by("pk").values_list("pk", "state")),
        "amendments": Amendment.objects.count(),
        "api_tokens": list(ApiToken.objects.order_by("pk").values_list("pk", "revoked_at")),
        "memberships": list(
            OrganisationMembership.objects.order_by("pk").values_list("pk", "user", "role")
        ),
        "team_invitations": list(
            TeamInvitation.objects.order_by("pk").values_list("pk", "accepted_at", "cancelled_at")
        ),
    }


# ---------------------------------------------------------------- the world, once per phase


def _arranged(django_db_blocker, *, publish: bool):
    """The world inside a transaction that is rolled back when the class is done (as
    Django's TestCase.setUpTestData does); each test's own transaction nests in it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(publish=publish)
            for role, user in world.users.items():
                client = Client()
                client.force_login(user)
                world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield world
        finally:
            stored = list(Attachment.objects.values_list("file", flat=True))
            stored += list(Appeal.objects.values_list("file", flat=True))
            stored += list(DataExport.objects.values_list("file", flat=True))
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            for name in stored:  # the rollback keeps the files: remove the world's
                Attachment.file.field.storage.delete(name)


@pytest.fixture(scope="class")
def world_before(django_db_setup, django_db_blocker):
    yield from _arranged(django_db_blocker, publish=False)


@pytest.fixture(scope="class")
def world_after(django_db_setup, django_db_blocker):
    yield from _arranged(django_db_blocker, publish=True)


def _client(world, role: str) -> Client:
    """A client with the role's session (logged in once, when the world was arranged)."""
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _get(world, key: str, role: str, phase: str) -> None:
    client = _client(world, role)
    url = _url(world, key)
    expected = expected_for(key, role, phase)
    check(client.get(url), expected, f"GET {url}", key=key, role=role, world=world)


def _post(world, key: str, role: str, phase: str) -> None:
    client = _client(world, role)
    url = _url(world, key)
    before = snapshot()
    response = client.post(url, {})
    entry = POST_MATRIX[key]
    if BEFORE in entry:
        entry = entry[phase]
    check(response, entry[role], f"POST {url}", key=key, role=role, world=world)
    assert snapshot() == before


class TestBeforePublication:
    @pytest.mark.parametrize(("key", "role"), get_cases(BEFORE))
    def test_get_answers_as_the_table_says(self, world_before, db, key, role):
        _get(world_before, key, role, BEFORE)

    @pytest.mark.parametrize(("key", "role"), post_cases(BEFORE))
    def test_post_by_a_wrong_role_changes_nothing(self, world_before, db, key, role):
        _post(world_before, key, role, BEFORE)


class TestAfterPublication:
    @pytest.mark.parametrize(("key", "role"), get_cases(AFTER))
    def test_get_answers_as_the_table_says(self, world_after, db, key, role):
        _get(world_after, key, role, AFTER)

    @pytest.mark.parametrize(("key", "role"), post_cases(AFTER))
    def test_post_by_a_wrong_role_changes_nothing(self, world_after, db, key, role):
        _post(world_after, key, role, AFTER)

    def test_every_message_of_the_world_belongs_to_its_call(self, world_after, db):
        """The outbox shows a call's messages to its officers: each kind queued in the world
        (by grants, proposals and reviews) names its call; an invitation names none."""
        calls = {world_after.call.pk: "call", world_after.other_call.pk: "other_call"}
        kinds = {
            (kind, calls.get(call_ref, call_ref))
            for kind, call_ref in Notification.objects.values_list("kind", "call_ref")
        }
        assert kinds == {
            ("new_call", "other_call"),
            ("proposal_submitted", "call"),
            ("panel_invitation", "call"),
            ("reviewer_assigned", "call"),
            ("conflict_declared", "call"),
            ("result", "call"),
            ("meeting_agenda", "call"),
            ("meeting_minutes", "call"),
            ("appeal_lodged", "call"),
            ("agreement_issued", "call"),
            ("invitation", None),
            ("team_invitation", None),
        }


def test_every_url_pattern_has_an_entry_in_the_table():
    missing = sorted(key for key in all_keys() if key not in MATRIX)
    assert missing == []


def test_the_table_has_no_entry_for_a_url_that_is_gone():
    assert sorted(key for key in MATRIX if key not in PATTERNS and key not in VARIANTS) == []


def test_every_post_only_action_has_a_post_entry():
    assert sorted(post_only_keys()) == sorted(POST_MATRIX)


def test_the_walk_finds_every_namespace_and_the_admin():
    namespaces = {key.split(":")[0] for key in PATTERNS if ":" in key}
    assert {"admin", "portal", "grants", "proposals", "reviews"} <= namespaces
    assert {"set_language", "login", "account_reset_password_from_key", "admin:index"} <= set(
        PATTERNS
    )
    assert set(ADMIN_MODELS) == {
        f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry
    }
