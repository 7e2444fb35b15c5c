"""/api/: the REST API (its schema at /api/openapi.json, its docs at /api/docs/) and the
page where a person manages their tokens (/api/tokens/)."""

from django.urls import include, path, re_path

from . import views
from .core import build_api
from .endpoints import calls, private, projects, reference

api = build_api()
api.add_router("", reference.router)
api.add_router("", calls.router)
api.add_router("", projects.router)
api.add_router("", private.router)

token_patterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

urlpatterns = [
    path("", views.index, name="api_index"),
    path("tokens/", include((token_patterns, "api_tokens"))),
    path("", api.urls),
    re_path(r"^(?P<path>.*)$", views.not_found, name="api_not_found"),
]
