"""Committee meetings: members, agenda items, per-item conflicts and votes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from portal.bilingual import Bilingual
from proposals.models import Proposal

from ..enums import (
    AgendaItemState,
    MeetingState,
    QuorumRule,
    VoteChoice,
)


class Meeting(models.Model):
    """A committee meeting on a call: its members, quorum rule and agenda (reviews.meetings)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("call")
    )
    number = models.PositiveSmallIntegerField(_("meeting number"))
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.SCHEDULED
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    link = models.URLField(_("online meeting link"), blank=True)
    quorum_rule = models.CharField(
        _("quorum"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MAJORITY
    )
    quorum_number = models.PositiveSmallIntegerField(
        _("quorum: number of members"), null=True, blank=True
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("secretary"),
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], name="unique_meeting_number")
        ]

    def __str__(self) -> str:
        return f"{self.call} – {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:meeting", kwargs={"pk": self.pk})


class MeetingMember(models.Model):
    """A committee member invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="members", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_seats",
        verbose_name=_("member"),
    )
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("meeting member")
        verbose_name_plural = _("meeting members")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_member")
        ]

    def __str__(self) -> str:
        return str(self.user)


class AgendaItem(models.Model):
    """One proposal on a meeting's agenda: discussed alone (around the funding line) or one
    of the clear cases resolved in bulk; its resolution once resolved."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("proposal")
    )
    in_bulk = models.BooleanField(_("clear case, resolved in bulk"), default=False)
    proposed = models.CharField(_("proposed resolution"), max_length=20, choices=VoteChoice.choices)
    proposed_amount = models.DecimalField(
        _("proposed amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AgendaItemState.choices,
        default=AgendaItemState.PENDING,
    )
    notes_th = models.TextField(_("discussion notes (Thai)"), blank=True)
    notes_en = models.TextField(_("discussion notes (English)"), blank=True)
    result = models.CharField(
        _("resolution"), max_length=20, choices=VoteChoice.choices, blank=True
    )
    amount = models.DecimalField(
        _("amount resolved (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    notes = Bilingual()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal"], name="unique_agenda_item")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.position}"


class ItemConflict(models.Model):
    """A member's conflict of interest on an item: they leave it, and do not count for it."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("item")
    )
    member = models.ForeignKey(
        MeetingMember,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("member"),
    )
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict declared at a meeting")
        verbose_name_plural = _("conflicts declared at meetings")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="unique_item_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member} × {self.item}"


class Vote(models.Model):
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("item")
    )
    member = models.ForeignKey(
        MeetingMember, on_delete=models.CASCADE, related_name="votes", verbose_name=_("member")
    )
    choice = models.CharField(_("vote"), max_length=20, choices=VoteChoice.choices)
    amount = models.DecimalField(
        _("amount (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="unique_vote")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_choice_display()}"


# ---------------------------------------------------------------- appeals and amendments
