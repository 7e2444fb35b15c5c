"""The portal's own pages: home, dashboards, sign-up, invitations, privacy notice."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:role>/", views.dashboard, name="role_dashboard"),
    path("signup/", views.home, name="signup"),
    path("account/", views.home, name="profile"),
    path("privacy/", views.home, name="privacy"),
]
