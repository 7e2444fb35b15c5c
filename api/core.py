"""The API object: its renderer (UTF-8 JSON, Thai as Thai), its error handlers, rate limits,
and ETags on every successful read.

Why django-ninja: the schemas that validate each response are the ones the OpenAPI document
is generated from (pydantic), so the schema cannot drift from what is served; endpoints are
plain functions like the portal's views; and it ships Swagger UI's files in the package
(served by whitenoise under the strict CSP, no CDN).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .errors import MESSAGES, error_body, install_handlers
from .throttle import WindowThrottle

DESCRIPTION = """Read-only access to the NIA grant portal.

Public without a token: calls, published results, funded projects and reference data
(sectors, programmes, provinces). With a personal API token (create it at `/api/tokens/`,
send it as `Authorization: Bearer nia_…`): officers read the proposals, reviews and rankings
of the calls they run; applicants read their own proposals. The same rules as the portal's
pages decide: what you may not see answers 404.

Lists are paginated (`page`, `page_size` up to 100). Successful reads carry an `ETag`: send it
back as `If-None-Match` to get `304 Not Modified`. Errors share one shape: `status`, `code`,
`message` (English), `message_th` (Thai), `errors` (per parameter). Rate limits per token (or
per address without one) answer `429` with `Retry-After`.
"""


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Thai written as Thai, not as \\u escapes."""

    media_type = "application/json"
    charset = "utf-8"
    encoder_class = NinjaJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["status", "code", "message", "message_th", "errors"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "code": {
            "type": "string",
            "description": "Stable, for programs: " + ", ".join(sorted(MESSAGES)) + ".",
        },
        "message": {"type": "string", "description": "In English."},
        "message_th": {"type": "string", "description": "In Thai."},
        "errors": {
            "type": "array",
            "description": "The parameters that failed validation (422).",
            "items": {
                "type": "object",
                "required": ["location", "message"],
                "properties": {"location": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERRORS = {
    "401": "No valid token or session (private operations), or a token that is not valid.",
    "403": "You may see this object but not read this part of it.",
    "404": "Not found, or not yours to see.",
    "422": "A parameter is not valid.",
    "429": "Too many requests: see Retry-After.",
}


def document_shared_responses(schema: dict) -> dict:
    """Every operation's answers besides 200, in the one error shape, and 304 for ETags."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "304", {"description": "Not modified: the ETag sent in If-None-Match matches."}
            )
            for status, description in ERRORS.items():
                responses[status] = {"description": description, "content": error}
    return schema


def cache_control(request, response) -> str:
    """Made for one person (a token, a session): no cache keeps it, as the portal's
    middleware does for sessions; a script that keeps the ETag itself is still spared the
    body. A public read by nobody in particular: any cache may keep it, asking again each
    time (the ETag makes that cheap; Vary keeps signed-in answers apart)."""
    anonymous = not request.headers.get("Authorization") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )
    if anonymous and response.status_code in (200, 304):
        return "public, no-cache"
    return "private, no-store"


class PortalAPI(NinjaAPI):
    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = self._json_not_allowed(pattern.callback)
        return patterns

    def _json_not_allowed(self, view):
        """django-ninja answers a wrong method with a plain-text 405: give it the error shape."""

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
                allowed = response.get("Allow", "")
                body = error_body(405, "method_not_allowed")
                response = self.create_response(request, body, status=405)
                response["Allow"] = allowed
            return response

        return wrapper

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_shared_responses(schema)

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        patch_vary_headers(response, ["Authorization", "Cookie"])
        response.setdefault("Cache-Control", cache_control(request, response))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = etag_of(response.content)
            response["ETag"] = etag
            # The 304 keeps the ETag, Vary and Cache-Control of the answer it stands for.
            unchanged = get_conditional_response(request, etag=etag, response=response)
            if isinstance(unchanged, HttpResponseNotModified):
                return unchanged
        return response


def build_api() -> PortalAPI:
    api = PortalAPI(
        title="NIA Grant Portal API",
        version="1",
        description=DESCRIPTION,
        renderer=Utf8JSONRenderer(),
        docs=Swagger(settings={"persistAuthorization": False}),
        docs_url="/docs/",
        openapi_url="/openapi.json",
        throttle=[WindowThrottle()],
        urls_namespace="api",
    )
    install_handlers(api)
    return api
