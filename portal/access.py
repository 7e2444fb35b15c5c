"""One way to reach an object for a request, and one rule for how a refusal answers.

The rule
--------
- Anonymous people are sent to log in first, unless the view is public.
- A person who may not *see* the object is answered 404, exactly as if it did not exist:
  its existence is private to those who may see it (another organisation's proposal, a draft
  call, a proposal a reviewer is not assigned to).
- A person who may see it but may not do *this* with it is answered 403.
- A view about no object (a list, a form to create) answers 403 to a signed-in person who
  lacks its permission.

"See" and "do" are named permissions of the apps' `rules.py`. With no `see`, the object's
existence is private to exactly those who may do this, and every refusal is a 404.

Views declare their guard with `@guard(...)`. The declaration is kept on the view
(`view.guard`), so the permission matrix reads which rule guards each URL, and a URL whose
view declares none fails a test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404


@dataclass(frozen=True)
class Load:
    """How a view's object is found: a model or queryset, and which URL argument fills which
    lookup. `Load(Call, slug="slug")`; `Load(Proposal.objects.select_related("call"), pk="pk")`."""

    queryset: type[Model] | QuerySet = field(repr=False)
    lookups: dict[str, str] = field(default_factory=dict)

    def __init__(self, queryset, **lookups: str):
        object.__setattr__(self, "queryset", queryset)
        object.__setattr__(self, "lookups", lookups or {"pk": "pk"})

    def get(self, kwargs: dict):
        """The object for these URL arguments (removed from `kwargs`), or 404."""
        values = {lookup: kwargs.pop(argument) for lookup, argument in self.lookups.items()}
        return get_object_or_404(self.queryset, **values)


@dataclass(frozen=True)
class Guard:
    """What a view declares: the permission to do what it does, how it finds its object, the
    permission to know that object exists, and whether it is open to anonymous people."""

    perm: str | None = None
    load: Load | None = None
    see: str | None = None
    login: bool = True

    @property
    def is_public(self) -> bool:
        return not self.login and self.perm is None


def check(user, obj, *, perm: str | None, see: str | None = None) -> None:
    """Raise 404 or 403 by the rule above when `user` may not `perm` on `obj`."""
    if perm is None or user.has_perm(perm, obj):
        return
    if obj is None:
        raise PermissionDenied
    if see is None or not user.has_perm(see, obj):
        raise Http404
    raise PermissionDenied


def load(user, queryset, *, perm: str | None, see: str | None = None, **lookup):
    """The object of `queryset` matching `lookup`, when `user` may `perm` on it; else 404
    or 403 by the rule above. For objects a view reaches through another (a proposal's
    attachment): the outer one comes through `@guard`."""
    obj = get_object_or_404(queryset, **lookup)
    check(user, obj, perm=perm, see=see)
    return obj


def guard(
    perm: str | None = None,
    *,
    load: Load | None = None,
    see: str | None = None,
    login: bool = True,
) -> Callable:
    """Declare and enforce a view's access rule.

    With `load`, the object is found from the URL arguments and passed to the view as its
    second argument, in place of those arguments: `def call_edit(request, call)`.
    """
    declared = Guard(perm=perm, load=load, see=see, login=login)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = None
            if load is not None:
                obj = load.get(kwargs)
                check(request.user, obj, perm=perm, see=see)
                return view(request, obj, *args, **kwargs)
            check(request.user, None, perm=perm)
            return view(request, *args, **kwargs)

        guarded = login_required(wrapper) if login else wrapper
        guarded.guard = declared
        return guarded

    return decorate


def public(view):
    """Declare a view open to everybody, anonymous people included."""
    return guard(login=False)(view)


def guard_of(view) -> Guard | None:
    """The guard a view declared, looking through the decorators Django adds around it."""
    while view is not None:
        if hasattr(view, "guard"):
            return view.guard
        view = getattr(view, "__wrapped__", None)
    return None
