"""URL patterns of the attachments pages."""

from django.urls import path

from ..views import attachments

urlpatterns = [
    path("<int:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path(
        "attachments/<int:pk>/download/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
]
