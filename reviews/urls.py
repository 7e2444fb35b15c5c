from django.urls import include, path

app_name = "reviews"

urlpatterns = [
    path("", include("reviews.routes.assignment")),
    path("", include("reviews.routes.scoring")),
    path("", include("reviews.routes.ranking")),
    path("", include("reviews.routes.results")),
]
