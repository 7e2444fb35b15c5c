"""A person's data across the apps (PDPA): what a copy of it holds, what erasure removes,
what must be kept and why, and the optional processing they may withdraw from.

`portal` knows nothing of proposals or grants; each app registers what it holds about a
person from its AppConfig.ready(), as panels do:

    register_section("proposals", export=export_person, files=files_of,
                     erase=erase_person, kept=kept_for, blocks=blocks_erasure)

- `export(user)` → JSON-able data (datetimes and decimals are fine) for the copy;
- `files(user)` → (name in the zip, FieldFile) pairs: the files the person uploaded;
- `erase(user)` erases or anonymises what no duty keeps (inside the erasure's transaction);
- `kept(user)` → `Kept` items: what stays after erasure and why (shown before and after);
- `blocks(user)` → a reason the person cannot be erased now (an officer running a call).

Each app works through the person's relations (`user.organisations`, `organisation.members`),
so a change of how membership is stored does not touch this contract.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from .enums import NotificationState


@dataclass(frozen=True)
class Kept:
    """A record kept after erasure: what it is and why it must stay."""

    what: str
    reason: str


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[..., object]
    order: int = 50
    files: Callable[..., Iterable[tuple[str, FieldFile]]] | None = None
    erase: Callable[..., None] | None = None
    kept: Callable[..., list[Kept]] | None = None
    blocks: Callable[..., str | None] | None = None
    # What erasure removes in this section, in words for the person (shown before erasing):
    # a tuple, or a function of the person giving one (to name only what they have).
    erases: tuple | Callable[..., Iterable] = field(default=())


@dataclass(frozen=True)
class OptionalProcessing:
    """Processing a person consented to and may stop (a reminder email, a sector alert)."""

    key: str
    label: object
    description: object
    is_on: Callable[..., bool]
    withdraw: Callable[..., None]
    order: int = 50


_SECTIONS: dict[str, Section] = {}
_OPTIONAL: dict[str, OptionalProcessing] = {}


def register_section(name: str, *, export, order: int = 50, **parts) -> None:
    # Re-registering replaces: ready() can run more than once (tests, autoreload).
    _SECTIONS[name] = Section(name=name, export=export, order=order, **parts)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


def register_optional(key: str, *, label, description, is_on, withdraw, order: int = 50) -> None:
    _OPTIONAL[key] = OptionalProcessing(
        key=key, label=label, description=description, is_on=is_on, withdraw=withdraw, order=order
    )


def optional_processing() -> list[OptionalProcessing]:
    return sorted(_OPTIONAL.values(), key=lambda o: (o.order, o.key))


def optional(key: str) -> OptionalProcessing | None:
    return _OPTIONAL.get(key)


# ------------------------------------------------------------------------- helpers for apps
# Columns that are never personal data worth a copy: derived search data, binary fingerprints.
SKIPPED_COLUMNS = {"search_text", "search_vector", "search_head", "fingerprint", "text"}


def row(obj: Model, *, exclude: Iterable[str] = (), **extra) -> dict:
    """The columns of `obj` for the copy: foreign keys as ids, files as their names."""
    skipped = SKIPPED_COLUMNS | set(exclude)
    data: dict = {}
    for column in obj._meta.concrete_fields:
        if column.name in skipped:
            continue
        value = getattr(obj, column.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif isinstance(value, bytes | memoryview):
            continue
        data[column.attname if column.is_relation else column.name] = value
    data.update(extra)
    return data


def file_name(prefix: str, pk, original: str) -> str:
    """A file's name in the zip: a folder per kind, the row's id and its original name."""
    safe = original.replace("/", "_").replace("\\", "_") or "file"
    return f"files/{prefix}/{pk}-{safe}"


def json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------- the portal's own part


def _export_account(user) -> dict:
    from .models import AuditEvent

    return {
        "account": row(user, exclude=("password",)),
        "roles": [row(grant) for grant in user.role_grants.all()],
        "consents": [row(consent) for consent in user.consents.all()],
        "notifications": [
            row(n, exclude=("claim_token", "claimed_at", "dedupe_key", "body_html"))
            for n in user.notifications.all()
        ],
        "data_exports": [row(e, exclude=("file",)) for e in user.data_exports.all()],
        "audit_events": [
            row(event)
            for event in AuditEvent.objects.filter(actor=user)
            | AuditEvent.objects.filter(subject=user)
        ],
    }


def _erase_account(user) -> None:
    from .models import Invitation, Notification

    user.consents.all().delete()
    user.role_grants.all().delete()
    # The messages stay as a count of what was sent (the outbox's delivery record), without
    # their text or address.
    user.notifications.update(
        subject="",
        body_text="",
        body_html="",
        email="erased@invalid",
        link="",
        state=NotificationState.SENT,
    )
    Notification.objects.filter(email__iexact=user.email, recipient__isnull=True).update(
        subject="", body_text="", body_html="", email="erased@invalid"
    )
    Invitation.objects.filter(email__iexact=user.email).update(email="erased@invalid", full_name="")
    for export in user.data_exports.all():
        if export.file:
            export.file.delete(save=False)
    user.data_exports.all().delete()


def _kept_account(user) -> list[Kept]:
    from django.conf import settings

    return [
        Kept(
            what=_("The audit log's entries about your account"),
            reason=_(
                "Kept for %(days)s days from each entry to keep the portal secure and show who "
                "saw what (legitimate interests), then deleted."
            )
            % {"days": settings.AUDIT_RETENTION_DAYS},
        )
    ]


def _reminders_on(user) -> bool:
    return bool(user.reminders_enabled)


def _reminders_off(user) -> None:
    from .models import User

    User.objects.filter(pk=user.pk).update(reminders_enabled=False)
    user.reminders_enabled = False


def register() -> None:
    """The portal's own section and optional processing (PortalConfig.ready)."""
    register_section(
        "account",
        export=_export_account,
        order=0,
        erase=_erase_account,
        kept=_kept_account,
        erases=(
            _("your name, email address, password and language"),
            _("your roles and the consents you gave"),
            _("the text of the messages sent to you"),
            _("your copies of your data"),
        ),
    )
    register_optional(
        "reminders",
        label=_("Deadline reminder emails"),
        description=_(
            "Reminders before a call's deadline or a report's due date. Receipts, "
            "assignments and results are always sent."
        ),
        is_on=_reminders_on,
        withdraw=_reminders_off,
        order=10,
    )
