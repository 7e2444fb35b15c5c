"""People: the user (email login), the roles they hold, consents and invitations."""

import secrets
import uuid
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
    _user_has_perm,
)
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import ROLE_PRIORITY, AuditAction, DataExportState, Language, NotificationState, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        user = self._create(email, password, **fields)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMINISTRATOR)
        return user

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.THAI
    )
    reminders_enabled = models.BooleanField(
        _("send me reminders"),
        default=True,
        help_text=_("Deadline reminders. Receipts, assignments and results are always sent."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # When the person's data was erased at their request (portal.privacy.erase_person): the
    # row stays, anonymised, for the records the law requires to be kept.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm: str, obj=None) -> bool:
        # Unlike Django's default, superusers do not skip the backends: the rules predicates
        # also say *when* an action is possible (a call cannot be opened twice), and that
        # holds for administrators too. The model backend still grants them every model
        # permission, so the admin site works as usual.
        return self.is_active and _user_has_perm(self, perm, obj)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this person holds (one query, then cached on the instance)."""
        held = set(self.role_grants.values_list("role", flat=True))
        if self.is_superuser:
            held.add(Role.ADMINISTRATOR)
        return frozenset(held)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def primary_role(self) -> str | None:
        return next((role for role in ROLE_PRIORITY if role in self.roles), None)


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class Consent(models.Model):
    """A person's consent to the privacy notice (PDPA), kept with the notice's version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("user"),
    )
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.notice_version}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    # Derived from accepted_at and expires_at, never stored. (Kept here rather than in enums.py
    # only because this change was limited to models.py; it can move there as is.)
    PENDING = "pending", pgettext_lazy("invitation status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
    EXPIRED = "expired", pgettext_lazy("invitation status", "Expired")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def accepted(self):
        return self.filter(accepted_at__isnull=False)

    def expired(self):
        return self.filter(accepted_at__isnull=True, expires_at__lte=timezone.now())


class Invitation(models.Model):
    """An officer's invitation by email to join as a reviewer or committee member."""

    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The language the invitation email is written in, and the new account's default.
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.THAI
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_invitations",
        verbose_name=_("accepted by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse("portal:invitation_accept", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING


class Notification(models.Model):
    """One message to one person: an outbox row first, delivered by email after commit and
    shown in the person's in-app inbox.

    `dedupe_key` (event, object, recipient, reminder window) is unique, so the same event can
    never make two messages however often a task is retried or beat fires.
    """

    kind = models.CharField(_("kind"), max_length=40)
    # A person with an account (shown in their inbox), or only an address (an invitation).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("sent to"))
    about = models.CharField(_("about"), max_length=60, blank=True)  # e.g. "proposal:42"
    # The call the message belongs to (grants.Call's id), kept as a plain number: the portal
    # knows nothing of calls. The outbox shows a call's messages to the officers who run it
    # (portal.outbox_scope); a message of no call (an invitation) to administrators.
    call_ref = models.PositiveIntegerField(_("call"), null=True, blank=True, db_index=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # One text file sent with the message (a calendar invitation, .ics), kept as it was sent.
    attachment_name = models.CharField(_("attachment"), max_length=100, blank=True)
    attachment_type = models.CharField(_("attachment type"), max_length=100, blank=True)
    attachment_content = models.TextField(_("attachment content"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Stamped by the claim that took the row (pending → sending): a batch reads back exactly
    # the rows its own conditional update won (portal.tasks.claim_notifications).
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["state", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"


class AuditEvent(models.Model):
    """One audited event: who did what to which object, when and from where.

    Written only by portal.audit.record (one INSERT); read by administrators in the admin;
    pruned after settings.AUDIT_RETENTION_DAYS (portal.tasks.prune_audit_events_task).
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The person the event is about when it is not the actor (a role granted to someone).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
    )
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


def data_export_path(instance, filename: str) -> str:
    # A random name in a folder of its own: nothing in the name says whose data it is.
    return f"data-exports/{uuid.uuid4().hex}.zip"


class DataExport(models.Model):
    """A copy of everything the portal holds about one person (PDPA section 30), as a zip
    in the default storage, downloadable by that person alone until it expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DataExportState.choices,
        default=DataExportState.PENDING,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=data_export_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("copy of personal data")
        verbose_name_plural = _("copies of personal data")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One request in preparation at a time, whatever two clicks race.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="pending"),
                name="one_pending_data_export",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.requested_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("portal:data_export_download", kwargs={"pk": self.pk})

    @property
    def is_downloadable(self) -> bool:
        return (
            self.state == DataExportState.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
