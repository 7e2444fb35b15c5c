"""Open data of funded projects, at /data/: downloads, the data dictionary, the catalogue."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.data_index, name="index"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("funded-projects.csv", views.projects_csv, name="projects_csv"),
    path("funded-projects.json", views.projects_json, name="projects_json"),
    path("funded-projects-dictionary.csv", views.dictionary_csv, name="dictionary_csv"),
    path("results/<slug:slug>.csv", views.call_csv, name="call_csv"),
    path("results/<slug:slug>.json", views.call_json, name="call_json"),
]
