from django.urls import path

from . import views

app_name = "grants"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("new/", views.call_create, name="call_create"),
    path("follow/", views.follow_sectors, name="follow_sectors"),
    path("<slug:slug>/", views.call_detail, name="call_detail"),
    path("<slug:slug>/edit/", views.call_edit, name="call_edit"),
    path("<slug:slug>/open/", views.call_open, name="call_open"),
    path("<slug:slug>/close/", views.call_close, name="call_close"),
    path("<slug:slug>/start-review/", views.call_start_review, name="call_start_review"),
    path("<slug:slug>/archive/", views.call_archive, name="call_archive"),
    path("<slug:slug>/questions/", views.call_questions, name="call_questions"),
]
