"""URL patterns of the applicant pages."""

from django.urls import path

from ..views import applicant as views

urlpatterns: list = [
    path("organisation/", views.organisation, name="organisation"),
    path("start/<slug:slug>/", views.proposal_start, name="proposal_start"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/autosave/", views.proposal_autosave, name="proposal_autosave"),
    path("<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("<int:pk>/reopen/", views.proposal_reopen, name="proposal_reopen"),
    path("<int:pk>/receipt/", views.proposal_receipt, name="proposal_receipt"),
]
