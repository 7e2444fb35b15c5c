"""URL patterns of proposals: the applicant's pages, attachments, the officer's pages."""

from django.urls import path

from .views import applicant, attachments, officer, team

app_name = "proposals"

urlpatterns = [
    # The applicant's pages
    path("organisation/", applicant.organisation, name="organisation"),
    # The organisation's team
    path("organisation/<int:pk>/team/", team.team_page, name="team"),
    path("organisation/<int:pk>/team/invite/", team.team_invite, name="team_invite"),
    path("organisation/<int:pk>/team/leave/", team.team_leave, name="team_leave"),
    path("organisation/members/<int:pk>/role/", team.member_role, name="member_role"),
    path("organisation/members/<int:pk>/remove/", team.member_remove, name="member_remove"),
    path(
        "organisation/invitations/<int:pk>/cancel/",
        team.team_invitation_cancel,
        name="team_invitation_cancel",
    ),
    path("join/<str:token>/", team.team_join, name="team_join"),
    path("start/<slug:slug>/", applicant.proposal_start, name="proposal_start"),
    path("<int:pk>/", applicant.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", applicant.proposal_edit, name="proposal_edit"),
    path("<int:pk>/autosave/", applicant.proposal_autosave, name="proposal_autosave"),
    path("<int:pk>/submit/", applicant.proposal_submit, name="proposal_submit"),
    path("<int:pk>/withdraw/", applicant.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/reopen/", applicant.proposal_reopen, name="proposal_reopen"),
    path("<int:pk>/receipt/", applicant.proposal_receipt, name="proposal_receipt"),
    # Attachments
    path("<int:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "attachments/<int:pk>/download/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
    # The officer's pages
    path("call/<slug:slug>/", officer.call_proposals, name="call_proposals"),
    path("call/<slug:slug>/export.csv", officer.call_proposals_csv, name="call_proposals_csv"),
    path("call/<slug:slug>/export.xlsx", officer.call_proposals_xlsx, name="call_proposals_xlsx"),
    path("call/<slug:slug>/screen/", officer.call_proposals_screen, name="call_proposals_screen"),
    path(
        "call/<slug:slug>/late-extension/",
        officer.call_late_extension,
        name="call_late_extension",
    ),
    path("<int:pk>/officer/", officer.officer_proposal, name="officer_proposal"),
    path("<int:pk>/officer/screen/", officer.officer_screen, name="officer_screen"),
    path(
        "<int:pk>/officer/request-information/",
        officer.officer_request_information,
        name="officer_request_information",
    ),
    path("<int:pk>/officer/extension/", officer.officer_grant_extension, name="officer_extension"),
    path(
        "<int:pk>/officer/similar/<int:other>/",
        officer.officer_similar,
        name="officer_similar",
    ),
    path(
        "<int:pk>/versions/<int:number>/diff/",
        officer.officer_version_diff,
        name="officer_version_diff",
    ),
]
