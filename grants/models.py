"""Calls for proposals and the reference data they use: sectors, programmes, provinces."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.bilingual import Bilingual

from .enums import ApplicantType, CallPhase, CallState, QuestionKind, Region, StageKind


class ReferenceData(models.Model):
    """A bilingual entry with a stable code, loaded by a data migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Bilingual()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Sector(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Programme(ReferenceData):
    class Meta(ReferenceData.Meta):
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class Province(ReferenceData):
    """One of the 77 provinces, keyed by its ISO 3166-2 code (TH-10 is Bangkok)."""

    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^TH-\d{2}$")],
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]


class CallQuerySet(models.QuerySet):
    def in_phase(self, phase: str, now=None):
        from .phases import filter_in_phase

        return filter_in_phase(self, phase, now=now)

    def public(self):
        return self.exclude(state=CallState.DRAFT)

    def managed_by(self, user):
        return self.filter(models.Q(officers=user) | models.Q(created_by=user)).distinct()

    def first_stages(self):
        """Calls as the public sees them: a one-stage call, or the first stage of a call."""
        return self.filter(first_stage__isnull=True)


class Call(models.Model):
    title_th = models.CharField(_("title (Thai)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_th = models.TextField(_("description (Thai)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    code = models.CharField(
        _("reference prefix"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]{2,16}$", _("Use 2–16 capital letters or digits."))],
        help_text=_("Starts each proposal's reference number, e.g. CCIC2020-0007."),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    sectors = models.ManyToManyField(
        Sector, related_name="calls", verbose_name=_("eligible sectors")
    )
    applicant_types = models.JSONField(
        _("eligible applicant types"),
        default=list,
        blank=True,
        help_text=_("Leave empty to accept every type of applicant."),
    )
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("submission deadline"))
    review_ends_at = models.DateTimeField(_("review ends"))
    results_at = models.DateTimeField(_("results announced"))
    grace_minutes = models.PositiveIntegerField(
        _("grace period (minutes)"),
        default=0,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "Minutes after the deadline in which a submission already under way is still accepted."
        ),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("appeal period (days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Days after the results are published in which an applicant may appeal, counted "
            "in Bangkok time to the end of the last day."
        ),
    )
    budget_total = models.DecimalField(
        _("total budget (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_per_proposal = models.DecimalField(
        _("maximum per proposal (baht)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Reviewers see no applicant name or organisation anywhere."),
    )
    min_total_score = models.DecimalField(
        _("minimum total score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Optional: proposals below this calibrated total (0–100) are not funded."),
    )
    # Stages (grants.stages). A call is its first stage; every later stage is a Call row of
    # its own (own timeline, questions, rubric, reviewers and ranking) pointing at the first.
    # A later stage takes no open applications: only those shortlisted at the stage before.
    first_stage = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="later_stages",
        verbose_name=_("first stage of the call"),
    )
    stage_number = models.PositiveSmallIntegerField(
        _("stage"), default=1, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    stage_kind = models.CharField(
        _("kind of stage"), max_length=10, choices=StageKind.choices, default=StageKind.SINGLE
    )
    stage_weight = models.PositiveSmallIntegerField(
        _("weight in the final ranking (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Optional: the final ranking combines the stages' scores with these weights. "
            "Left empty on every stage, the final stage's scores alone decide."
        ),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CallState.choices, default=CallState.DRAFT
    )
    closed_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_calls",
        blank=True,
        verbose_name=_("program officers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    title = Bilingual()
    description = Bilingual()

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opens_at")),
                name="call_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_proposal__lte=models.F("budget_total")),
                name="call_max_within_budget",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_total__gte=0), name="call_budget_not_negative"
            ),
            models.UniqueConstraint(
                fields=["first_stage", "stage_number"], name="unique_stage_number_per_call"
            ),
            models.CheckConstraint(
                condition=models.Q(first_stage__isnull=True, stage_number=1)
                | models.Q(first_stage__isnull=False, stage_number__gt=1),
                name="call_stage_number_matches_first_stage",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:call_detail", kwargs={"slug": self.slug})

    @property
    def stage_label(self) -> str:
        """For a stage of a multi-stage call, e.g. "Stage 2 · Full proposal"; empty for a
        one-stage call (no query: grants.stages holds the rest)."""
        if self.stage_kind == StageKind.SINGLE:
            return ""
        return _("Stage %(number)s · %(kind)s") % {
            "number": self.stage_number,
            "kind": self.get_stage_kind_display(),
        }

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must be after the opening.")
        if self.deadline and self.review_ends_at and self.review_ends_at <= self.deadline:
            errors["review_ends_at"] = _("The review must end after the submission deadline.")
        if self.review_ends_at and self.results_at and self.results_at < self.review_ends_at:
            errors["results_at"] = _("Results cannot be announced before the review ends.")
        if (
            self.budget_total is not None
            and self.max_per_proposal is not None
            and self.max_per_proposal > self.budget_total
        ):
            errors["max_per_proposal"] = _(
                "The maximum per proposal cannot be more than the total budget."
            )
        unknown = set(self.applicant_types or []) - set(ApplicantType.values)
        if unknown:
            errors["applicant_types"] = _("Unknown applicant type.")
        if errors:
            raise ValidationError(errors)

    @property
    def phase(self) -> str:
        from .phases import phase_of

        return phase_of(self)

    def get_phase_display(self) -> str:
        return CallPhase(self.phase).label

    @property
    def applicant_type_labels(self) -> list[str]:
        return [ApplicantType(code).label for code in self.applicant_types or []]

    def accepts_applicant_type(self, applicant_type: str) -> bool:
        return not self.applicant_types or applicant_type in self.applicant_types


class Criterion(models.Model):
    """One line of a call's scoring rubric; the weights of a call's criteria sum to 100."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_th = models.CharField(_("criterion (Thai)"), max_length=250)
    title_en = models.CharField(_("criterion (English)"), max_length=250, blank=True)
    guidance_th = models.TextField(_("guidance (Thai)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    min_points = models.DecimalField(
        _("minimum mean points"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Optional: proposals whose mean on this criterion is lower are not funded."),
    )

    title = Bilingual()
    guidance = Bilingual()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.title


class CallTransition(models.Model):
    """The log of a call's state changes: from, to, by whom, when, why."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("call")
    )
    from_state = models.CharField(_("from"), max_length=20, choices=CallState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=CallState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("call state change")
        verbose_name_plural = _("call state changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.call}: {self.from_state} → {self.to_state}"


class Question(models.Model):
    """A call-specific question that applicants answer besides the standard fields.

    Proposals keep a snapshot of the question they answered, so editing or removing a
    question later never changes or breaks old answers.
    """

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("call")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=QuestionKind.choices)
    text_th = models.CharField(_("question (Thai)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_th = models.TextField(_("help (Thai)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    word_limit = models.PositiveIntegerField(
        _("word limit"), null=True, blank=True, help_text=_("For long text answers.")
    )
    choices_th = models.TextField(
        _("choices (Thai)"), blank=True, help_text=_("One choice per line.")
    )
    choices_en = models.TextField(
        _("choices (English)"), blank=True, help_text=_("One choice per line, in the same order.")
    )

    text = Bilingual()
    help = Bilingual()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.text

    def snapshot(self) -> dict:
        """What a proposal keeps of this question when it is answered."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "text_th": self.text_th,
            "text_en": self.text_en,
            "required": self.required,
            "word_limit": self.word_limit,
            "choices_th": [c.strip() for c in self.choices_th.splitlines() if c.strip()],
            "choices_en": [c.strip() for c in self.choices_en.splitlines() if c.strip()],
        }


class SectorFollow(models.Model):
    """A person who wants to hear about new calls in a sector."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_sectors",
        verbose_name=_("user"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="followers", verbose_name=_("sector")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("followed sector")
        verbose_name_plural = _("followed sectors")
        constraints = [
            models.UniqueConstraint(fields=["user", "sector"], name="unique_sector_follow")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.sector}"
