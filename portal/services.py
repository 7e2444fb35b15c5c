"""The one place that changes people: sign-up, consent, profile, roles and invitations.

A refusal is a `portal.refusals.Refusal`; its `code` tells the pages the reasons apart.
"""

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, privacy
from .enums import INVITABLE_ROLES, AuditAction, DataExportState, Language, Role
from .models import Consent, DataExport, Invitation, InvitationStatus, RoleGrant, User
from .outbox import queue_notification, queue_task_after_commit
from .queries import email_is_registered
from .refusals import Refusal
from .tasks import build_data_export_task

# Refusal codes. An invitation that cannot be used is refused with its status
# (InvitationStatus.ACCEPTED or EXPIRED), or OTHER_EMAIL for a person with another address.
EMAIL_TAKEN = "email_taken"
OTHER_EMAIL = "other_email"

# Also the sign-up form's own message, so the form and the service say the same.
EMAIL_TAKEN_MESSAGE = gettext_lazy(
    "An account with this email address already exists. Log in, or reset your "
    "password if you have forgotten it."
)


# Said where an applicant whose address is not verified tries to submit (next to a button
# that sends the link again: templates/portal/includes/verify_email.html).
EMAIL_UNVERIFIED_MESSAGE = gettext_lazy(
    "Please verify your email address before you submit: follow the link we sent you. Your "
    "draft is saved; you can keep working on it."
)


def _email_taken() -> Refusal:
    return Refusal(EMAIL_TAKEN_MESSAGE, field="email", code=EMAIL_TAKEN)


def _invitation_not_usable(status: str) -> Refusal:
    message = {
        InvitationStatus.ACCEPTED: _("This invitation has already been used."),
        InvitationStatus.EXPIRED: _("This invitation has expired."),
        OTHER_EMAIL: _("This invitation is for another email address."),
    }[status]
    return Refusal(message, code=str(status))


def _create_user(*, email: str, full_name: str, password: str, language: str) -> User:
    if email_is_registered(email):
        raise _email_taken()
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email, password, full_name=full_name.strip(), language=language
            )
    except IntegrityError as error:  # the same address signed up a moment earlier
        raise _email_taken() from error


def _forget_cached_roles(user: User) -> None:
    user.__dict__.pop("roles", None)


@transaction.atomic
def record_consent(user: User, *, notice_version: str | None = None) -> Consent:
    """Record the person's consent to the privacy notice, now.

    Side effects: one Consent row for `notice_version` (the current notice by default).
    """
    return Consent.objects.create(
        user=user,
        notice_version=notice_version or settings.PRIVACY_NOTICE_VERSION,
        given_at=timezone.now(),
    )


@transaction.atomic
def register_applicant(*, email: str, full_name: str, password: str, language: str) -> User:
    """Create an applicant's account, with their consent to the current privacy notice.

    Side effects: the user (email kept in lower case, password hashed), an applicant
    RoleGrant and a Consent row for settings.PRIVACY_NOTICE_VERSION given now. Refuses
    (code EMAIL_TAKEN, on the email field), saving nothing, when the address is taken in any
    letter case.
    """
    user = _create_user(email=email, full_name=full_name, password=password, language=language)
    RoleGrant.objects.create(user=user, role=Role.APPLICANT)
    record_consent(user)
    _forget_cached_roles(user)
    return user


@transaction.atomic
def welcome_applicant_from_provider(user: User, *, full_name: str, language: str) -> User:
    """Finish an account that single sign-on has just made: an applicant's, as at sign-up.

    The person gave their consent on the sign-up form the provider's login leads to (there is
    no account without it). Side effects: the user's name (its address kept in lower case)
    and language, an applicant RoleGrant and a Consent row for
    settings.PRIVACY_NOTICE_VERSION given now.
    """
    user.full_name = full_name.strip()
    user.language = Language(language)
    user.email = user.email.strip().lower()
    user.save(update_fields=["full_name", "language", "email"])
    RoleGrant.objects.get_or_create(user=user, role=Role.APPLICANT)
    record_consent(user)
    _forget_cached_roles(user)
    return user


@transaction.atomic
def update_profile(
    user: User, *, full_name: str, language: str, reminders_enabled: bool | None = None
) -> User:
    """Save the person's name, language and reminder choice. Side effects: the user row."""
    user.full_name = full_name.strip()
    user.language = Language(language)
    if reminders_enabled is not None:
        user.reminders_enabled = reminders_enabled
    user.save(update_fields=["full_name", "language", "reminders_enabled"])
    return user


@transaction.atomic
def save_language_preference(user: User, *, language: str) -> User:
    """Remember the language the person chose in the switcher. Side effects: the user row.

    A code that is not one of the portal's languages is ignored.
    """
    if language in Language.values and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


def accept_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()


def _send_invitation_after_commit(invitation: Invitation) -> None:
    """Queue the invitation in the outbox; it is delivered after commit.

    Each sending has its own key (the expiry it announces), so a resend is a new message
    while a retried task never sends the same one twice.
    """
    queue_notification(
        kind="invitation",
        email=invitation.email,
        language=invitation.language,
        dedupe_key=f"invitation:{invitation.pk}:{invitation.expires_at:%Y%m%d%H%M%S%f}",
        about=f"invitation:{invitation.pk}",
        context={
            "invitation": invitation,
            "accept_url": accept_url(invitation),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


@transaction.atomic
def invite_person(
    *,
    email: str,
    full_name: str,
    role: str,
    invited_by: User,
    language: str = Language.THAI,
) -> Invitation:
    """Invite someone by email to join as a reviewer or committee member.

    Side effects: an Invitation valid for settings.INVITATION_VALID_DAYS, and (after commit)
    the invitation email with its accept link, in `language`. Raises ValueError for a role
    that is not invited (applicants sign up themselves; officers are made in the admin).
    """
    if role not in INVITABLE_ROLES:
        raise ValueError(f"People are not invited as {role!r}.")
    invitation = Invitation.objects.create(
        email=User.objects.normalize_email(email.strip()).lower(),
        full_name=full_name.strip(),
        role=role,
        language=Language(language),
        invited_by=invited_by,
        expires_at=_expiry(),
    )
    _send_invitation_after_commit(invitation)
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation) -> Invitation:
    """Send an invitation again, valid for settings.INVITATION_VALID_DAYS from now.

    Side effects: the new `expires_at` (written only while nobody has accepted it) and, after
    commit, the email again with the same link. Refuses (code "accepted") once accepted.
    """
    expires_at = _expiry()
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        expires_at=expires_at
    )
    if not updated:
        raise Refusal(
            _("This invitation has been accepted; there is nothing to resend."),
            code=str(InvitationStatus.ACCEPTED),
        )
    invitation.expires_at = expires_at
    _send_invitation_after_commit(invitation)
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, user: User | None = None, **new_user_fields):
    """Accept an invitation as `user`, or as a new account made from `new_user_fields`.

    `new_user_fields` are full_name, password and language; the new account uses the invited
    address and records consent to the current privacy notice.

    Side effects: `accepted_at` and `accepted_by` on the invitation, claimed with a
    conditional update so that two clicks cannot both accept it; the new user and their
    Consent row (without `user`); a RoleGrant for the invited role, granted by the inviter
    (kept as it is when the person holds the role already). Refuses an accepted or expired
    invitation (code "accepted" or "expired"), a `user` with another address (OTHER_EMAIL),
    and a new account for an address that has one (EMAIL_TAKEN); nothing is saved then.
    A new account's address is verified (allauth's EmailAddress): the invitation was sent to it.
    """
    if user is not None and user.email.lower() != invitation.email.lower():
        raise _invitation_not_usable(OTHER_EMAIL)
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        invitation.refresh_from_db()
        raise _invitation_not_usable(invitation.status)
    if user is None:
        user = _create_user(email=invitation.email, **new_user_fields)
        record_consent(user)
        # The link came to this address: following it verified it.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    invitation.accepted_at, invitation.accepted_by = now, user
    RoleGrant.objects.get_or_create(
        user=user, role=invitation.role, defaults={"granted_by_id": invitation.invited_by_id}
    )
    _forget_cached_roles(user)
    return user


# ------------------------------------------------------------------ PDPA: a person's rights
# What each app holds about a person is registered in portal.privacy; these services are the
# one place that acts on it.

EXPORT_PENDING = "export_pending"
ERASURE_BLOCKED = "erasure_blocked"
WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a refusal code, not a password


@transaction.atomic
def request_data_export(user: User) -> DataExport:
    """Ask for a copy of the person's data.

    Side effects: a DataExport row (pending), an audit event, and after commit the task that
    builds the zip (portal.tasks.build_data_export_task). Refuses (code EXPORT_PENDING) while
    another request of theirs is still being prepared: one at a time.
    """
    if DataExport.objects.filter(user=user, state=DataExportState.PENDING).exists():
        raise Refusal(
            _("Your previous request is still being prepared. We will tell you when it is ready."),
            code=EXPORT_PENDING,
        )
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError as error:  # the same request a moment earlier (two clicks)
        raise Refusal(
            _("Your previous request is still being prepared. We will tell you when it is ready."),
            code=EXPORT_PENDING,
        ) from error
    audit.record(None, AuditAction.DATA_EXPORT_REQUESTED, obj=export, actor=user, subject=user)
    queue_task_after_commit(build_data_export_task, export.pk)
    return export


def _person_data(user: User) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "generated_at": timezone.now(),
            "notice_version": settings.PRIVACY_NOTICE_VERSION,
            **{section.name: section.export(user) for section in privacy.sections()},
        }


def _write_zip(user: User, target) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = _person_data(user)
        archive.writestr(
            "data.json",
            json.dumps(data, ensure_ascii=False, indent=2, default=privacy.json_default),
        )
        for section in privacy.sections():
            for name, field_file in section.files(user) if section.files else ():
                try:
                    # Copied in chunks: a video attached to a report need not fit in memory.
                    with field_file.open("rb") as handle, archive.open(name, "w") as copy:
                        shutil.copyfileobj(handle, copy)
                except (FileNotFoundError, OSError):
                    archive.writestr(f"{name}.missing.txt", "The file was not found in storage.")


def build_data_export(export_id: int) -> DataExport | None:
    """Build the zip of a pending request and tell the person it is ready.

    Side effects: the zip in the default storage (private; served only by the download
    view), the row ready with its expiry (settings.DATA_EXPORT_VALID_DAYS), and a
    notification with the link. Does nothing for a request no longer pending (a task run
    twice), and marks it failed when building fails.
    """
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != DataExportState.PENDING:
        return None
    try:
        with tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024) as buffer:
            _write_zip(export.user, buffer)
            buffer.seek(0)
            export.file.save("data.zip", File(buffer), save=False)
            export.size = export.file.size
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(state=DataExportState.FAILED)
        raise
    now = timezone.now()
    export.state, export.ready_at = DataExportState.READY, now
    export.expires_at = now + timedelta(days=settings.DATA_EXPORT_VALID_DAYS)
    with transaction.atomic():
        export.save(update_fields=["state", "ready_at", "expires_at", "file", "size"])
        queue_notification(
            kind="data_export_ready",
            recipient=export.user,
            dedupe_key=f"data_export:{export.pk}",
            about=f"data_export:{export.pk}",
            link=reverse("portal:privacy_centre"),
            context={
                "export": export,
                "download_url": settings.SITE_URL.rstrip("/") + reverse("portal:privacy_centre"),
                "valid_days": settings.DATA_EXPORT_VALID_DAYS,
            },
        )
    return export


# A request still pending after this lost its task (the broker was down, the worker died):
# it is marked failed, so that the person may ask again.
STALE_EXPORT = timedelta(hours=6)


def delete_expired_data_exports() -> int:
    """Delete the files of copies past their expiry; the rows stay, marked expired.

    Also marks failed the requests left pending for STALE_EXPORT (their task was lost), so
    that one lost task never blocks a person's next request.
    """
    DataExport.objects.filter(
        state=DataExportState.PENDING, requested_at__lte=timezone.now() - STALE_EXPORT
    ).update(state=DataExportState.FAILED)
    expired = DataExport.objects.filter(state=DataExportState.READY, expires_at__lte=timezone.now())
    count = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        count += DataExport.objects.filter(pk=export.pk, state=DataExportState.READY).update(
            state=DataExportState.EXPIRED, file=""
        )
    return count


@transaction.atomic
def withdraw_consent(user: User, *, key: str) -> None:
    """Stop one optional processing (portal.privacy.register_optional) for the person.

    Side effects: what the processing's `withdraw` changes, and an audit event. A key that
    is not registered is refused.
    """
    processing = privacy.optional(key)
    if processing is None:
        raise Refusal(_("There is no such optional processing."), code="unknown")
    processing.withdraw(user)
    audit.record(
        None, AuditAction.CONSENT_WITHDRAWN, obj=user, actor=user, subject=user, summary=key
    )


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a person would do: blocked (with reasons), or erase and keep."""

    blocked: list[str]
    erases: list[str]
    kept: list[privacy.Kept]


def erasure_plan(user: User) -> ErasurePlan:
    blocked, erases, kept = [], [], []
    for section in privacy.sections():
        reason = section.blocks(user) if section.blocks else None
        if reason:
            blocked.append(str(reason))
        items = section.erases(user) if callable(section.erases) else section.erases
        erases.extend(str(item) for item in items)
        kept.extend(section.kept(user) if section.kept else [])
    return ErasurePlan(blocked=blocked, erases=erases, kept=kept)


def erased_name(user: User) -> str:
    """The name an erased account shows on the records kept (in the portal's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Erased account %(number)s") % {"number": user.pk}


@transaction.atomic
def erase_person(user: User, *, password: str) -> list[privacy.Kept]:
    """Erase or anonymise the person's data where no duty keeps it; return what is kept.

    Side effects: each app's `erase` (drafts, profiles, follows, tokens...); the account
    anonymised (name "Erased account N", an address at .invalid, no usable password,
    inactive, so it can no longer sign in); an audit event. Refuses a wrong password
    (WRONG_PASSWORD, on the password field) and a person whom an app still needs
    (ERASURE_BLOCKED: an officer running a call), erasing nothing.
    """
    if not user.check_password(password):
        raise Refusal(_("The password is not correct."), field="password", code=WRONG_PASSWORD)
    plan = erasure_plan(user)
    if plan.blocked:
        raise Refusal(" ".join(plan.blocked), code=ERASURE_BLOCKED)
    for section in privacy.sections():
        if section.erase:
            section.erase(user)
    user.full_name = erased_name(user)
    user.email = f"erased-{user.pk}@invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.reminders_enabled = False
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    _forget_cached_roles(user)
    audit.record(None, AuditAction.ERASURE, obj=user, actor=user, subject=user)
    return plan.kept
