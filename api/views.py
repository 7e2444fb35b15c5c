"""The token page: a person's API tokens, a new one (shown once), revoking one."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
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
    """Any other address under /api/: a 404 in the API's error shape, not an HTML page."""
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
