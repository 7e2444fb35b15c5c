"""The API's one error shape, and the handlers that give every refusal that shape.

    {"status": 404, "code": "not_found", "message": "Not found.",
     "message_th": "ไม่พบสิ่งที่ขอ", "errors": []}

`code` is stable for programs; `message` is English and `message_th` Thai, whatever the
request's language (a script should not change behaviour with a header); `errors` lists the
parameters that failed validation (422), each with where it was and why.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

MESSAGES = {
    "unauthorized": _("Authentication required: send a valid API token."),
    "invalid_token": _("The API token is not valid, or has been revoked."),
    "forbidden": _("You may not do this."),
    "not_found": _("Not found."),
    "method_not_allowed": _("This method is not allowed here."),
    "invalid_parameters": _("Some parameters are not valid."),
    "rate_limited": _("Too many requests: try again later."),
    "server_error": _("Something went wrong on our side."),
}
CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


class InvalidToken(AuthenticationError):
    """A token was sent, and it is not a valid one (unknown, mistyped or revoked)."""


def error_body(status: int, code: str, errors: list | None = None) -> dict:
    message = MESSAGES[code]
    with translation.override("en"):
        english = str(message)
    with translation.override("th"):
        thai = str(message)
    return {
        "status": status,
        "code": code,
        "message": english,
        "message_th": thai,
        "errors": errors or [],
    }


def _respond(api, request, status: int, code: str, errors: list | None = None):
    return api.create_response(request, error_body(status, code, errors), status=status)


def _validation_errors(exc: ValidationError) -> list[dict]:
    return [
        {
            "location": ".".join(str(part) for part in error.get("loc", ())),
            "message": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]


def install_handlers(api) -> None:
    """Give `api` the handlers that answer every error in the one shape."""

    def on_authentication(request, exc):
        code = "invalid_token" if isinstance(exc, InvalidToken) else "unauthorized"
        response = _respond(api, request, 401, code)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_throttled(request, exc):
        response = _respond(api, request, 429, "rate_limited")
        response["Retry-After"] = str(max(1, int(exc.wait or 1)))
        return response

    def on_http_error(request, exc):
        code = CODES.get(exc.status_code, "invalid_parameters")
        return _respond(api, request, exc.status_code, code)

    def on_unexpected(request, exc):
        logger.exception("API error", exc_info=exc)
        return _respond(api, request, 500, "server_error")

    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(
        ValidationError,
        lambda request, exc: _respond(
            api, request, 422, "invalid_parameters", _validation_errors(exc)
        ),
    )
    api.add_exception_handler(
        Http404, lambda request, exc: _respond(api, request, 404, "not_found")
    )
    api.add_exception_handler(
        PermissionDenied, lambda request, exc: _respond(api, request, 403, "forbidden")
    )
    api.add_exception_handler(Exception, on_unexpected)
