"""URL patterns of the officer pages."""

from django.urls import path

from ..views import officer

urlpatterns = [
    path("call/<slug:slug>/", officer.call_proposals, name="call_proposals"),
    path("call/<slug:slug>/export.csv", officer.call_proposals_csv, name="call_proposals_csv"),
    path("call/<slug:slug>/export.xlsx", officer.call_proposals_xlsx, name="call_proposals_xlsx"),
    path("call/<slug:slug>/screen/", officer.call_proposals_screen, name="call_proposals_screen"),
    path("<int:pk>/officer/", officer.officer_proposal, name="officer_proposal"),
    path("<int:pk>/officer/screen/", officer.officer_screen, name="officer_screen"),
    path(
        "<int:pk>/officer/request-information/",
        officer.officer_request_information,
        name="officer_request_information",
    ),
    path("<int:pk>/officer/extension/", officer.officer_grant_extension, name="officer_extension"),
    path(
        "<int:pk>/versions/<int:number>/diff/",
        officer.officer_version_diff,
        name="officer_version_diff",
    ),
]
