"""Validators of applicant data."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def thai_id_check_digit(first_twelve: str) -> int:
    """The 13th digit of a Thai citizen or tax ID.

    (11 − (Σ digit × (13 − position)) mod 11) mod 10, positions counted from 0.
    """
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def validate_thai_tax_id(value: str) -> None:
    digits = (value or "").replace("-", "").replace(" ", "")
    if not digits:
        return
    if len(digits) != 13 or not digits.isdigit():
        raise ValidationError(_("A tax or citizen ID has 13 digits."), code="tax_id_length")
    if thai_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            _("This ID's check digit is wrong: please check the number."), code="tax_id_check"
        )
