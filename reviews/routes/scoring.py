"""URL patterns of the scoring pages."""

from django.urls import path

from ..views import scoring

urlpatterns = [
    path("mine/", scoring.my_reviews, name="my_reviews"),
    path("proposal/<int:pk>/", scoring.review_proposal, name="review_proposal"),
    path("proposal/<int:pk>/declare/", scoring.declare_conflict, name="declare_conflict"),
    path("attachment/<int:pk>/", scoring.blind_attachment, name="blind_attachment"),
]
