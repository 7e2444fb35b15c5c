"""URL patterns of the ranking pages."""

urlpatterns: list = []
