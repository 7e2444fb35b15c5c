"""The audit log's one writer: `record(...)` makes one AuditEvent row, nothing else.

What is recorded
----------------
- Files and generated documents served by the portal's download views (attachments, appeal
  and report files, agreement PDFs, minutes) and the officers' exports (CSV, XLSX): the
  views call `record(request, AuditAction.DOWNLOAD, obj=...)`.
- Sign-ins, failed sign-ins and sign-outs: Django's user_logged_in / user_login_failed /
  user_logged_out signals, which Django's login view and django-allauth both send.
- Role changes (RoleGrant saved or deleted, by a service or in the admin), and every add,
  change and delete made in the Django admin (its LogEntry rows).
- A person's data exports, consent withdrawals and erasure (portal.privacy).

Why our own model and not django-auditlog: auditlog records changes to model rows, while most
of what must be audited here is reading (a file downloaded, an export, a PDF opened) and
signing in, which change no row. The admin's own LogEntry already says what an administrator
changed; one small table with one writer covers both, with one INSERT per event.

The request an event happened in (its IP and browser, its signed-in person) is remembered by
`AuditContextMiddleware` in a context variable, so that writers without a request at hand
(the admin's LogEntry, a RoleGrant saved by a service) still say where it came from. That
costs no query: the user is read only when an event is written.
"""

import logging
from contextvars import ContextVar

from django.db import DatabaseError
from django.http import HttpRequest

from .enums import AuditAction
from .models import AuditEvent

logger = logging.getLogger(__name__)

_current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)

USER_AGENT_LENGTH = AuditEvent._meta.get_field("user_agent").max_length
SUMMARY_LENGTH = AuditEvent._meta.get_field("summary").max_length


class AuditContextMiddleware:
    """Remembers the current request for `record` calls made without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the web server saw it (REMOTE_ADDR; the proxy sets it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _actor_of(request: HttpRequest | None):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def object_label(obj) -> tuple[str, str]:
    """("app.model", "pk") of a model instance; ("", "") for None."""
    if obj is None:
        return "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk)


def record(
    request: HttpRequest | None,
    action: AuditAction | str,
    *,
    obj=None,
    summary: str = "",
    actor=None,
    subject=None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent | None:
    """Write one audit event. `request` may be None (the current request is used, if any).

    The actor is `actor`, else the request's signed-in person. `obj` (a model instance) fills
    the object type and id. Side effects: one AuditEvent row. A failure to write is logged,
    never raised: the audited action itself must not fail because of its log line.
    """
    request = request if request is not None else _current_request.get()
    if obj is not None:
        object_type, object_id = object_label(obj)
    try:
        return AuditEvent.objects.create(
            action=action,
            actor=actor if actor is not None else _actor_of(request),
            subject=subject,
            object_type=object_type,
            object_id=str(object_id),
            summary=str(summary)[:SUMMARY_LENGTH],
            ip=client_ip(request),
            user_agent=(
                request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH] if request else ""
            ),
        )
    except DatabaseError:
        logger.exception("Could not write the audit event %s %s:%s", action, object_type, object_id)
        return None


def record_download(request: HttpRequest, obj, *, name: str = "") -> AuditEvent | None:
    """A file or generated document served to `request`'s person."""
    return record(request, AuditAction.DOWNLOAD, obj=obj, summary=name or str(obj))


def record_export(request: HttpRequest, obj, *, name: str) -> AuditEvent | None:
    """An export (CSV, XLSX) of `obj` (a call, say) served to `request`'s person."""
    query = request.GET.urlencode()
    return record(request, AuditAction.EXPORT, obj=obj, summary=f"{name} {query}".strip())


# ------------------------------------------------------------- what is recorded by signals
# Sign-ins are Django's (and allauth's) signals; the admin's edits its LogEntry rows; role
# changes RoleGrant rows, wherever they are made. These are records of what happened, not
# domain flow: nothing else reacts to them.


def _signed_in(sender, request, user, **kwargs) -> None:
    record(request, AuditAction.SIGN_IN, actor=user, obj=user, summary=user.email)


def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(request, AuditAction.SIGN_OUT, actor=user, obj=user, summary=user.email)


def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django hides the password in `credentials`; the address tried is kept, to see attacks.
    tried = credentials.get("username") or credentials.get("email") or ""
    record(request, AuditAction.SIGN_IN_FAILED, summary=str(tried))


ADMIN_ACTIONS = {1: AuditAction.ADMIN_ADD, 2: AuditAction.ADMIN_CHANGE, 3: AuditAction.ADMIN_DELETE}


def _admin_logged(sender, instance, created, **kwargs) -> None:
    if not created or instance.action_flag not in ADMIN_ACTIONS:
        return
    content_type = instance.content_type
    record(
        None,
        ADMIN_ACTIONS[instance.action_flag],
        actor=instance.user,
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=instance.object_id or "",
        summary=f"{instance.object_repr}: {instance.get_change_message()}",
    )


def _role_granted(sender, instance, created, **kwargs) -> None:
    if created:
        record(
            None,
            AuditAction.ROLE_GRANTED,
            obj=instance,
            subject=instance.user,
            summary=f"{instance.user.email}: {instance.role}",
        )


def _role_revoked(sender, instance, **kwargs) -> None:
    record(
        None,
        AuditAction.ROLE_REVOKED,
        obj=instance,
        subject=instance.user,
        summary=f"{instance.user.email}: {instance.role}",
    )


def connect() -> None:
    """Connect the receivers above (PortalConfig.ready)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import signals as auth_signals
    from django.db.models.signals import post_delete, post_save

    from .models import RoleGrant

    auth_signals.user_logged_in.connect(_signed_in, dispatch_uid="audit_sign_in")
    auth_signals.user_logged_out.connect(_signed_out, dispatch_uid="audit_sign_out")
    auth_signals.user_login_failed.connect(_sign_in_failed, dispatch_uid="audit_sign_in_failed")
    post_save.connect(_admin_logged, sender=LogEntry, dispatch_uid="audit_admin")
    post_save.connect(_role_granted, sender=RoleGrant, dispatch_uid="audit_role_granted")
    post_delete.connect(_role_revoked, sender=RoleGrant, dispatch_uid="audit_role_revoked")
