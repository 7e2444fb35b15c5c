"""The awards app's URLs: the grants that follow published results."""

from django.urls import path

from .views import grants

app_name = "awards"

urlpatterns = [
    path("", grants.grant_list, name="grant_list"),
    path("<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("<int:pk>/suspend/", grants.grant_suspend, name="grant_suspend"),
    path("<int:pk>/resume/", grants.grant_resume, name="grant_resume"),
    path("<int:pk>/cancel/", grants.grant_cancel, name="grant_cancel"),
]
