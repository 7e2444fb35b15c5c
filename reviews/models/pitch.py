"""Pitch slots: the times an officer opens for the teams invited to a pitch stage, and the
team that booked each (reviews.services.pitch)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grants.models import Call
from proposals.models import Proposal


class PitchSlot(models.Model):
    """A time in a pitch stage when one team pitches to the panel, at a place, by video, or
    both. Stored in UTC, shown in Bangkok time.

    The database keeps the booking rules however many people book at once: a slot holds one
    team (the booking is a column), a team holds one slot (the column is unique), and a
    booking has its time. The service books with a conditional update, so of two teams
    taking the same free slot the first wins.
    """

    stage = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="pitch_slots", verbose_name=_("stage")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250, blank=True)
    link = models.URLField(_("video link"), blank=True)
    booked_proposal = models.OneToOneField(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pitch_slot",
        verbose_name=_("booked by team"),
    )
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("pitch slot")
        verbose_name_plural = _("pitch slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="pitch_slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="", link=""), name="pitch_slot_has_place_or_link"
            ),
            # (A team's proposal erased later frees the slot: the column is set to null.)
            models.CheckConstraint(
                condition=Q(booked_proposal__isnull=True) | Q(booked_at__isnull=False),
                name="pitch_slot_booking_has_time",
            ),
        ]
        indexes = [models.Index(fields=["stage", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.stage} {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:pitch_schedule", kwargs={"slug": self.stage.slug})

    @property
    def is_free(self) -> bool:
        return self.booked_proposal_id is None
