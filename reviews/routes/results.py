"""URL patterns of the results pages."""

from django.urls import path

from ..views import results

urlpatterns = [
    path("results/<slug:slug>/", results.results, name="results"),
    path("results/<slug:slug>.pdf", results.results_pdf, name="results_pdf"),
    path("calls/<slug:slug>/publish/", results.publish, name="publish_results"),
]
