"""The product's URLs plus a trivial view, for the floor of the page benchmark only."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench-floor/", floor),
    path("", include("portal.urls")),
]
