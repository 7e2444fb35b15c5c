"""Every URL of the portal declares its access rule (`portal.access.guard`), and the table of
expected answers in the permission matrix agrees with what the declarations say.

A new URL whose view declares no guard fails here before anybody has to think of adding it
to the matrix; a declaration and the table that disagree (a view that lets anonymous people
in while the table expects a login, a private object answered 403 to strangers) fail too.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portal.access import guard_of

from .test_permission_matrix import AFTER, BEFORE, LOGIN, MATRIX, PATTERNS, POST_ONLY, Pattern

# The API's operations are django-ninja's views (module ninja.*): they check the caller
# themselves (api.auth) with the same rules; its pages (the token page) are guarded here.
PROJECT_APPS = ("portal.", "grants.", "proposals.", "reviews.", "awards.", "api.")


def _flatten(resolver, prefix=""):
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            yield from _flatten(item, route)
        elif isinstance(item, URLPattern):
            yield route, item.callback


VIEWS: dict = {}
for _route, _view in _flatten(get_resolver()):
    VIEWS.setdefault(_route, _view)  # the first pattern of a route is the one that answers


def _view_of(pattern: Pattern):
    return VIEWS[pattern.route]


def _project_patterns() -> list[Pattern]:
    return [
        pattern
        for pattern in PATTERNS.values()
        if _view_of(pattern).__module__.startswith(PROJECT_APPS)
    ]


def _anonymous(key: str):
    entry = MATRIX[key]
    if BEFORE in entry:
        return {entry[BEFORE]["anonymous"], entry[AFTER]["anonymous"]}
    return {entry["anonymous"]}


def _private_object(guard) -> bool:
    """A view of one object that declares no permission to know it exists."""
    return bool(guard and guard.load and guard.perm and not guard.see)


def test_the_portal_has_urls_to_check():
    keys = {pattern.key for pattern in _project_patterns()}
    assert {"grants:call_detail", "proposals:proposal_edit", "reviews:ranking"} <= keys


@pytest.mark.parametrize("pattern", _project_patterns(), ids=lambda p: p.key)
def test_every_view_declares_its_guard(pattern):
    assert guard_of(_view_of(pattern)) is not None, (
        f"{pattern.key}: declare who may open it with portal.access.guard or public"
    )


@pytest.mark.parametrize("pattern", _project_patterns(), ids=lambda p: p.key)
def test_the_matrix_agrees_with_the_declared_login(pattern):
    guard = guard_of(_view_of(pattern))
    anonymous = _anonymous(pattern.key) - {POST_ONLY}
    if guard.login:
        assert anonymous <= {LOGIN}, f"{pattern.key}: declared for signed-in people only"
    else:
        assert LOGIN not in anonymous, f"{pattern.key}: declared open to anonymous people"


@pytest.mark.parametrize(
    "pattern",
    [p for p in _project_patterns() if _private_object(guard_of(_view_of(p)))],
    ids=lambda p: p.key,
)
def test_a_private_object_is_never_refused_with_403(pattern):
    """With no `see` permission, the object's existence is private to those who may act on
    it: every refusal is a 404, never a 403 that would confirm it exists."""
    entry = MATRIX[pattern.key]
    rows = [entry[BEFORE], entry[AFTER]] if BEFORE in entry else [entry]
    statuses = {expect.status for row in rows for expect in row.values()}
    assert 403 not in statuses, f"{pattern.key}: {sorted(statuses)}"
