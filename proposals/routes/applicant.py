"""URL patterns of the applicant pages."""

urlpatterns: list = []
