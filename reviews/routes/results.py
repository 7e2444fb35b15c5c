"""URL patterns of the results pages."""

urlpatterns: list = []
