"""URL patterns of the assignment pages."""

urlpatterns: list = []
