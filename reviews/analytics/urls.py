"""The analytics pages, under /reviews/analytics/ (included from reviews.urls)."""

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:chart>.csv", views.overview_csv, name="overview_csv"),
    path("call/<slug:slug>/", views.call_analytics, name="call"),
    path("call/<slug:slug>/<slug:chart>.csv", views.call_csv, name="call_csv"),
]
