"""What a report holds, how two submissions differ, and the outcomes added up.

A report's content is one dict (the fields below): the form writes it, a submission keeps
it (ReportVersion.content), the diff compares two of them, and the final reports' outcomes
are added up per call and programme here.
"""

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

from proposals.diff import Change, diff_versions

from .enums import ReportKind, ReportState
from .models import Report

CONTENT_FIELDS = (
    "narrative",
    "lessons",
    "recommendations",
    "indicators",
    "spending",
    "outcomes",
    "social_return",
)


def content_of(report: Report) -> dict:
    """The report's content as a JSON-ready dict (the decimal as text)."""
    content = {name: getattr(report, name) for name in CONTENT_FIELDS}
    if content["social_return"] is not None:
        content["social_return"] = str(content["social_return"])
    return content


def _label(field: str) -> str:
    try:
        return str(Report._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def report_changes(old: dict, new: dict) -> list[Change]:
    """The fields that differ between two submissions, labelled in the active language."""
    return [replace(change, label=_label(change.field)) for change in diff_versions(old, new)]


def people_reached(report: Report) -> int:
    return sum(int(row.get("people") or 0) for row in report.outcomes)


def outcome_totals(reports) -> dict:
    """People reached in `reports` (approved final reports): in all, by province, by group,
    and the mean social return of those that gave one."""
    total, by_province, by_group, returns = 0, defaultdict(int), defaultdict(int), []
    for report in reports:
        for row in report.outcomes:
            people = int(row.get("people") or 0)
            total += people
            by_province[row.get("province") or ""] += people
            by_group[row.get("group") or ""] += people
        if report.social_return is not None:
            returns.append(report.social_return)
    mean = sum(returns, Decimal("0")) / len(returns) if returns else None
    return {
        "people": total,
        "by_province": dict(by_province),
        "by_group": dict(by_group),
        "social_return": mean,
    }


def outcomes_by_call_and_programme(grants) -> tuple[list[dict], list[dict]]:
    """The outcomes of the approved final reports of `grants`, added up per call and per
    programme (one query): [{"call"|"programme", "reports", **outcome_totals}]."""
    finals = Report.objects.filter(
        grant__in=grants, kind=ReportKind.FINAL, state=ReportState.APPROVED
    ).select_related("grant__call__programme")
    by_call: dict = defaultdict(list)
    by_programme: dict = defaultdict(list)
    for report in finals:
        by_call[report.grant.call].append(report)
        by_programme[report.grant.call.programme].append(report)
    calls = [
        {"call": call, "reports": len(items), **outcome_totals(items)}
        for call, items in by_call.items()
    ]
    programmes = [
        {"programme": programme, "reports": len(items), **outcome_totals(items)}
        for programme, items in by_programme.items()
    ]
    return calls, programmes
