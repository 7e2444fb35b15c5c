"""URL patterns of the ranking pages and the committee's decisions."""

from django.urls import path

from ..views import ranking

urlpatterns = [
    path("call/<slug:slug>/ranking/", ranking.ranking_page, name="ranking"),
    path("call/<slug:slug>/ranking.csv", ranking.ranking_csv, name="ranking_csv"),
    path("call/<slug:slug>/ranking.xlsx", ranking.ranking_xlsx, name="ranking_xlsx"),
    path("proposal/<int:pk>/decide/", ranking.decide, name="decide"),
]
