"""URL patterns of the scoring pages."""

urlpatterns: list = []
