"""URL patterns of the officer pages."""

urlpatterns: list = []
