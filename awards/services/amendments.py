"""Amendments: the grantee asks, the officer decides; approved, the change is applied to the
grant and the agreement is issued again with it (its annex)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.formatting import format_baht, format_date
from portal.refusals import Refusal

from ..enums import AmendmentKind, AmendmentState, GrantState, ReportKind
from ..models import Amendment, Grant
from ..notifications import notify_grantee, notify_officer
from .agreement import issue_agreement


def _check_extension(grant: Grant, changes: dict) -> dict:
    ends_on = changes.get("ends_on")
    if not isinstance(ends_on, date) or ends_on <= grant.ends_on:
        raise Refusal(_("Give an end date later than the current one."), field="ends_on")
    return {"ends_on": ends_on.isoformat()}


def _check_budget(grant: Grant, changes: dict) -> dict:
    lines = {row["line"]: Decimal(row["amount"]) for row in grant.budget}
    source, target = changes.get("move_from"), changes.get("move_to")
    amount = changes.get("move_amount")
    if source not in lines or target not in lines or source == target:
        raise Refusal(_("Choose two different budget lines of the grant."), field="move_to")
    if not amount or amount <= 0 or amount > lines[source]:
        raise Refusal(
            _("Move at most %(amount)s from this line.") % {"amount": format_baht(lines[source])},
            field="move_amount",
        )
    return {"move_from": source, "move_to": target, "move_amount": str(amount)}


def _check_contact(grant: Grant, changes: dict) -> dict:
    if not (changes.get("contact_name") or "").strip():
        raise Refusal(_("Give the new contact person's name."), field="contact_name")
    if not (changes.get("contact_email") or "").strip():
        raise Refusal(_("Give the new contact person's email."), field="contact_email")
    keys = ("contact_name", "contact_email", "contact_phone")
    return {key: (changes.get(key) or "").strip() for key in keys}


CHECKS = {
    AmendmentKind.EXTENSION: _check_extension,
    AmendmentKind.BUDGET: _check_budget,
    AmendmentKind.CONTACT: _check_contact,
}


@transaction.atomic
def request_amendment(grant: Grant, *, by, kind: str, reason: str, changes: dict) -> Amendment:
    """The grantee asks for an amendment of an active grant, with a reason.

    Refused (at the field) when the change is not one the kind allows: an end date not later
    than the current one; a move from a line of less than it moves, or between the same
    line; a contact without a name or an email; or while another is still undecided.
    Side effects: the Amendment row (numbered), an "amendment_requested" message to the
    officer in charge.
    """
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.state != GrantState.ACTIVE:
        raise Refusal(_("Amendments are asked for while the grant is active."), code="state")
    if grant.amendments.filter(state=AmendmentState.REQUESTED).exists():
        raise Refusal(_("Another amendment is waiting for the officer's decision."), code="open")
    if not reason.strip():
        raise Refusal(_("Say why the amendment is needed."), field="reason")
    stored = CHECKS[kind](grant, changes)
    number = (grant.amendments.aggregate(n=Max("number"))["n"] or 0) + 1
    amendment = Amendment.objects.create(
        grant=grant,
        number=number,
        kind=kind,
        reason=reason.strip(),
        changes=stored,
        requested_by=by,
    )
    key = f"amendment_requested:{amendment.pk}"
    notify_officer(grant, "amendment_requested", key, amendment=amendment)
    return amendment


def amendment_text(amendment: Amendment) -> str:
    """What the amendment changes, one sentence (printed in the agreement's annex)."""
    changes = amendment.changes
    if amendment.kind == AmendmentKind.EXTENSION:
        what = _("the end date becomes %(date)s") % {
            "date": format_date(date.fromisoformat(changes["ends_on"]))
        }
    elif amendment.kind == AmendmentKind.BUDGET:
        what = _("%(amount)s moves from “%(source)s” to “%(target)s”") % {
            "amount": format_baht(Decimal(changes["move_amount"])),
            "source": changes["move_from"],
            "target": changes["move_to"],
        }
    else:
        what = _("the contact person becomes %(name)s (%(email)s)") % {
            "name": changes["contact_name"],
            "email": changes["contact_email"],
        }
    return _("Amendment no. %(number)s: %(what)s.") % {"number": amendment.number, "what": what}


def _apply(grant: Grant, amendment: Amendment) -> None:
    changes = amendment.changes
    if amendment.kind == AmendmentKind.EXTENSION:
        old_end, grant.ends_on = grant.ends_on, date.fromisoformat(changes["ends_on"])
        # The final report is due at the end of the period: it moves with it.
        grant.reports.filter(kind=ReportKind.FINAL, due_on=old_end).update(due_on=grant.ends_on)
        grant.tranches.filter(report_due=old_end).update(report_due=grant.ends_on)
    elif amendment.kind == AmendmentKind.BUDGET:
        amount = Decimal(changes["move_amount"])
        for row in grant.budget:
            if row["line"] == changes["move_from"]:
                row["amount"] = str(Decimal(row["amount"]) - amount)
            elif row["line"] == changes["move_to"]:
                row["amount"] = str(Decimal(row["amount"]) + amount)
    else:
        grant.contact_name = changes["contact_name"]
        grant.contact_email = changes["contact_email"]
        grant.contact_phone = changes["contact_phone"]
    grant.save(
        update_fields=["ends_on", "budget", "contact_name", "contact_email", "contact_phone"]
    )


@transaction.atomic
def decide_amendment(amendment: Amendment, *, by, approve: bool, note: str = "") -> Amendment:
    """The officer approves or refuses a requested amendment (a refusal needs a note).

    Approved: the change is applied to the grant (a later end date also moves the final
    report's due date), and the agreement is issued again with the amendment in its annex
    (the grantee accepts it, the officer countersigns). Side effects: the decision (who,
    when, the note), an "amendment_decided" message to the grantee's members.
    """
    amendment = Amendment.objects.select_for_update().select_related("grant").get(pk=amendment.pk)
    if amendment.state != AmendmentState.REQUESTED:
        raise Refusal(_("This amendment is decided already."), code="decided")
    if not approve and not note.strip():
        raise Refusal(_("Say why the amendment is refused."), field="note")
    grant = amendment.grant
    amendment.state = AmendmentState.APPROVED if approve else AmendmentState.REFUSED
    amendment.decided_by, amendment.decided_at = by, timezone.now()
    amendment.decision_note = note.strip()
    if approve:
        _apply(grant, amendment)
        amendment.agreement = issue_agreement(grant, by=by, note=amendment_text(amendment))
    amendment.save()
    key = f"amendment_decided:{amendment.pk}"
    notify_grantee(grant, "amendment_decided", key, amendment=amendment)
    return amendment
