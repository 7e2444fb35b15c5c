"""The token page: a person's API tokens, a new one (shown once), revoking one."""

from django.contrib import messages
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import Load, guard, public
from portal.refusals import submit_form

from .errors import error_body
from .forms import TokenForm
from .models import ApiToken
from .queries import tokens_of
from .services import create_token, revoke_token

JSON = {"ensure_ascii": False}


@public
def index(request):
    """/api/ itself: the documentation."""
    return redirect("api:openapi-view")


@public
def not_found(request, path=""):
    """Any other address under /api/: a 404 in the API's error shape, not an HTML page. An
    address that exists with a slash at the end (/api/docs) leads there, as Django's
    APPEND_SLASH does for the pages (this catch-all would otherwise hide it)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api_not_found":
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(error_body(404, "not_found"), status=404, json_dumps_params=JSON)


@guard("api.manage_tokens")
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST":
        result = submit_form(request, form, create_token, request.user)
        if result:
            _token, created = result
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "created": created},
    )
    response["Cache-Control"] = "private, no-store"  # the new secret is on this page
    return response


@require_POST
@guard("api.revoke_token", load=Load(ApiToken, pk="pk"))
def token_revoke(request, token):
    revoke_token(token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:token_list")
