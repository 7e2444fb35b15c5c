"""URL patterns of the attachments pages."""

urlpatterns: list = []
