from django.urls import include, path

app_name = "proposals"

urlpatterns = [
    path("", include("proposals.routes.applicant")),
    path("", include("proposals.routes.attachments")),
    path("", include("proposals.routes.officer")),
]
