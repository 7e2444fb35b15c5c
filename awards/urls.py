"""The awards app's URLs: the grants that follow published results."""

app_name = "awards"

urlpatterns: list = []
