"""The reviews app's forms: the reviewer's profile and the panel (assignment), the
declaration and the rubric (scoring), the committee's decision (ranking), publishing (results).

Forms validate the shape of what was typed; the rules (the budget, the state of the call, the
deadline) are the services' to refuse, and a refusal lands on the form next to its field.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from grants.forms.calls import BangkokDateTimeField
from grants.models import Sector
from portal.enums import Role
from portal.models import User
from proposals.validators import validate_thai_tax_id

from .enums import DecisionOutcome, QuorumRule, VoteChoice
from .meetings import DEFAULT_LINE_WINDOW
from .models import Publication, ReviewerProfile

POINTS_STEP = Decimal("0.5")

# ---------------------------------------------------------------- assignment


class ReviewerProfileForm(forms.ModelForm):
    expertise = forms.ModelMultipleChoiceField(
        label=_("Your expertise"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposals in these sectors are offered to you first."),
    )

    class Meta:
        model = ReviewerProfile
        fields = ["organisation_name", "organisation_tax_id", "max_per_call", "expertise_text"]
        help_texts = {
            "organisation_tax_id": _(
                "13 digits. Used with the organisation's name to find conflicts with "
                "applicants from your organisation."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_tax_id"].validators = [
            RegexValidator(r"^\d{13}$", _("Enter the 13 digits of the tax ID.")),
            validate_thai_tax_id,
        ]
        self.fields["organisation_tax_id"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        if self.instance.pk:
            self.fields["expertise"].initial = list(
                self.instance.expertise.values_list("pk", flat=True)
            )

    def clean_organisation_tax_id(self) -> str:
        return "".join(self.cleaned_data.get("organisation_tax_id", "").split())


class PanelMemberForm(forms.Form):
    """Add a reviewer: chosen from the list, or found by email."""

    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), required=False
    )
    email = forms.EmailField(label=_("or by email"), required=False)
    max_proposals = forms.IntegerField(
        label=_("Cap in this call"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Leave empty to use the reviewer's own maximum."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates if candidates is not None else User.objects.none()
        self.fields["reviewer"].queryset = self.candidates
        self.fields["reviewer"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"

    def clean(self):
        data = super().clean()
        if data.get("reviewer") is None and data.get("email"):
            data["reviewer"] = self.candidates.filter(email__iexact=data["email"]).first()
            if data["reviewer"] is None:
                self.add_error(
                    "email", _("No reviewer with this email address is waiting to join.")
                )
        elif data.get("reviewer") is None and not self.errors:
            raise forms.ValidationError(_("Choose a reviewer or enter their email address."))
        return data


class AssignForm(forms.Form):
    """Assign one panel reviewer to one proposal (the choices are set by the view)."""

    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, proposals, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = lambda p: f"{p.reference} {p.title}"
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.email


# ---------------------------------------------------------------- scoring


class DeclarationForm(forms.Form):
    NO_CONFLICT, CONFLICT = "no", "yes"

    declaration = forms.ChoiceField(
        label=_("Your declaration"),
        widget=forms.RadioSelect,
        choices=[
            (NO_CONFLICT, _("I confirm I have no conflict of interest with this proposal")),
            (CONFLICT, _("I have a conflict of interest")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason for the conflict"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: you work for, advise or are related to the applicant. "
            "Only the program officers read this."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    @property
    def has_conflict(self) -> bool:
        return self.cleaned_data["declaration"] == self.CONFLICT


def points_field_name(criterion) -> str:
    return f"points_{criterion.pk}"


class ReviewForm(forms.Form):
    """One points field per criterion (0..max, steps of 0.5), the comment and the feedback.

    Every points field is optional here so that a partial draft saves; that every criterion
    is scored is for `submit_review` to check.
    """

    comment = forms.CharField(
        label=_("Comment for the committee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Strengths, weaknesses and risks. The committee reads it; the applicant does not."
        ),
    )
    feedback = forms.CharField(
        label=_("Feedback for the applicant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the applicant after the results, without your name."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        points_fields = {}
        for criterion in self.criteria:
            points_fields[points_field_name(criterion)] = forms.DecimalField(
                label=criterion.title,
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal(criterion.max_points),
                step_size=POINTS_STEP,
                max_digits=5,
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={
                        "step": str(POINTS_STEP),
                        "min": "0",
                        "max": str(criterion.max_points),
                        "inputmode": "decimal",
                        "data-weight": str(criterion.weight),
                        "data-max": str(criterion.max_points),
                        "class": "form-control review-points",
                    }
                ),
            )
        # The points first, in the rubric's order, then the texts.
        self.fields = {**points_fields, **self.fields}

    def points_bound_field(self, criterion):
        return self[points_field_name(criterion)]

    def points(self) -> dict[int, Decimal | None]:
        return {
            criterion.pk: self.cleaned_data.get(points_field_name(criterion))
            for criterion in self.criteria
        }

    @classmethod
    def initial_for(cls, review) -> dict:
        if review is None:
            return {}
        initial = {"comment": review.comment, "feedback": review.feedback}
        for score in review.scores.all():
            initial[f"points_{score.criterion_id}"] = score.points.quantize(Decimal("0.1"))
        return initial


# ---------------------------------------------------------------- ranking


class DecisionForm(forms.Form):
    """The committee's decision. The form checks what was typed; whether it may be decided
    (the amount within the request and the budget, a place for the reserve list, the call in
    review) is `record_decision`'s to say, and its refusal lands here next to the field."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(
        label=_("Amount awarded (baht)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=_("For an award: at most the requested amount."),
    )
    reserve_rank = forms.IntegerField(
        label=_("Place on the reserve list"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("1 is the first to be offered a grant if an awarded project drops out."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to the applicant with the results; for an awarded project it is also "
            "printed in the public announcement."
        ),
    )

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        super().__init__(*args, **kwargs)
        if proposal.requested_amount is not None:
            self.fields["amount"].widget.attrs["max"] = f"{proposal.requested_amount:f}"


# ---------------------------------------------------------------- results


def _signatory_field(name: str, *, required: bool, help_text) -> forms.Field:
    return Publication._meta.get_field(name).formfield(required=required, help_text=help_text)


class PublishForm(forms.Form):
    signatory_name_th = _signatory_field(
        "signatory_name_th",
        required=True,
        help_text=_("Printed in brackets under the signature, e.g. นายสมชาย ใจดี."),
    )
    signatory_position_th = _signatory_field(
        "signatory_position_th",
        required=True,
        help_text=_("e.g. ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ"),
    )
    signatory_name_en = _signatory_field(
        "signatory_name_en",
        required=False,
        help_text=_("For the English announcement; the Thai is printed when empty."),
    )
    signatory_position_en = _signatory_field(
        "signatory_position_en",
        required=False,
        help_text=_("For the English announcement; the Thai is printed when empty."),
    )
    thai_numerals = forms.BooleanField(
        label=_("Print numbers on the Thai announcement as Thai numerals (๑๒๓)"),
        required=False,
    )


# ---------------------------------------------------------------- committee meetings


def committee_members():
    return User.objects.filter(is_active=True, role_grants__role=Role.COMMITTEE).order_by(
        "full_name", "email"
    )


class ScheduleMeetingForm(forms.Form):
    starts_at = BangkokDateTimeField(label=_("Date and time (Bangkok time)"))
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give the place, the link, or both."),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(), required=False)
    quorum_rule = forms.ChoiceField(
        label=_("Quorum"),
        choices=QuorumRule.choices,
        initial=QuorumRule.MAJORITY,
        widget=forms.RadioSelect,
        help_text=_("Members with a conflict on an item do not count for its quorum."),
    )
    quorum_number = forms.IntegerField(
        label=_("Quorum: number of members"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Only for a fixed number."),
    )
    line_window = forms.IntegerField(
        label=_("Proposals discussed one by one on each side of the funding line"),
        initial=DEFAULT_LINE_WINDOW,
        min_value=0,
        max_value=50,
        help_text=_("The other proposals are clear cases, resolved in bulk as proposed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = committee_members()
        self.fields["chair"].queryset = committee_members()
        self.fields["members"].label_from_instance = _person
        self.fields["chair"].label_from_instance = _person


def _person(user) -> str:
    return user.full_name or user.email


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=VoteChoice.choices)
    amount = forms.DecimalField(
        label=_("Amount to fund (baht)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Only when you vote to fund."),
    )


class ItemConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class ItemNotesForm(forms.Form):
    notes_th = forms.CharField(
        label=_("Discussion notes (Thai)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed in the minutes; for a resolution, the reason of the decision."),
    )
    notes_en = forms.CharField(
        label=_("Discussion notes (English)"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ---------------------------------------------------------------- appeals


class AppealForm(forms.Form):
    """The applicant's appeal: the grounds, and a file (checked as attachments are)."""

    grounds = forms.CharField(
        label=_("Grounds of the appeal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say which part of the result you contest and why; the committee reads this."),
    )
    file = forms.FileField(
        label=_("Supporting document"),
        help_text=_("One PDF, Word (DOCX), Excel (XLSX), JPEG or PNG file."),
    )


class AppealRouteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the committee"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealDecisionForm(forms.Form):
    """The committee's decision on an appeal; for an upheld one, the new result. Whether it
    may be given (the amount within the request and the budget) is the service's to say."""

    UPHOLD, REJECT = "upheld", "rejected"
    decision = forms.ChoiceField(
        label=_("Decision on the appeal"),
        choices=[(UPHOLD, _("Uphold the appeal")), (REJECT, _("Reject the appeal"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.ChoiceField(
        label=_("New result (when upheld)"),
        required=False,
        choices=[
            (DecisionOutcome.AWARD, DecisionOutcome.AWARD.label),
            (DecisionOutcome.RESERVE, DecisionOutcome.RESERVE.label),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Amount awarded (baht)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=_("For an award: at most the requested amount, within the call's budget."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent to the applicant; for an upheld appeal also printed in the amendment to the "
            "announcement."
        ),
    )


class AppealWithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, withdraw my appeal"))


# ---------------------------------------------------------------- pitch slots


class PitchSlotForm(forms.Form):
    """One slot: when (Bangkok time), where, or by which video link."""

    starts_at = BangkokDateTimeField(label=_("Starts (Bangkok time)"))
    ends_at = BangkokDateTimeField(label=_("Ends (Bangkok time)"))
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give the place, the link, or both."),
    )


class PitchSeriesForm(forms.Form):
    """Slots one after another on a day: the first start, each slot's length, how many, and
    the break between them."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    first_start = forms.TimeField(
        label=_("First slot starts (Bangkok time)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=240, initial=20
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=40, initial=6)
    break_minutes = forms.IntegerField(
        label=_("Break between slots (minutes)"), min_value=0, max_value=240, initial=10
    )
    place = forms.CharField(label=_("Place"), max_length=250, required=False)
    link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give the place, the link, or both."),
    )


class SlotChoiceForm(forms.Form):
    """A free slot, among those given (a team's booking, an officer's move)."""

    slot = forms.ModelChoiceField(
        label=_("Slot"),
        queryset=None,
        error_messages={
            "invalid_choice": _(
                "Another team booked this slot a moment ago. Please choose another free slot."
            )
        },
    )

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class ProposalIdsField(forms.TypedMultipleChoiceField):
    """Ticked proposal ids among thousands: each value is looked up in a set (Django walks the
    whole choice list for every ticked value, 5,000 × 1,000 at national scale)."""

    allowed: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return str(value) in self.allowed


class ShortlistForm(forms.Form):
    """A stage's shortlist: the proposals that go on, and why the others do not.

    `candidates`: (proposal id, reference) of those that may be ticked."""

    shortlisted = ProposalIdsField(
        label=_("Shortlisted for the next stage"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason for those not shortlisted"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to each applicant not shortlisted, with the reviewers' feedback."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        candidates = list(candidates)
        field = self.fields["shortlisted"]
        field.choices = candidates
        field.allowed = frozenset(str(pk) for pk, _reference in candidates)
