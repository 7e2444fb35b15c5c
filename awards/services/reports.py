"""Reports: the grantee saves (autosave, with a version check) and submits; the officer
approves or asks for changes; each submission is kept for the diff."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.formatting import format_time
from portal.refusals import Refusal
from proposals.services import attachments

from ..enums import GrantState, ReportKind, ReportState
from ..models import Report, ReportFile, ReportVersion
from ..notifications import notify_grantee, notify_officer
from ..reports import CONTENT_FIELDS, content_of
from ..states import EDITABLE_REPORT_STATES, REPORTS


@transaction.atomic
def save_report(report: Report, *, by, expected_version: int, content: dict) -> Report:
    """Write `content` (CONTENT_FIELDS) to `report` if nobody saved it since
    `expected_version`.

    Refused (code "stale", with the version and time now stored) when somebody saved it
    meanwhile, and when the report is not being written (submitted, approved) or its grant
    is not active. Side effects: the fields, the version up by one, updated_at now.
    """
    if report.grant.state != GrantState.ACTIVE:
        raise Refusal(_("Reports are written while the grant is active."), code="grant_state")
    fields = {name: content[name] for name in CONTENT_FIELDS if name in content}
    now = timezone.now()
    updated = Report.objects.filter(
        pk=report.pk, version=expected_version, state__in=EDITABLE_REPORT_STATES
    ).update(version=F("version") + 1, updated_at=now, **fields)
    current = Report.objects.get(pk=report.pk)
    if not updated:
        if current.state not in EDITABLE_REPORT_STATES:
            raise Refusal(_("This report can no longer be edited."), code="state")
        raise Refusal(
            _(
                "Somebody else saved this report at %(time)s; reload the page to see their "
                "changes before you go on."
            )
            % {"time": format_time(current.updated_at)},
            code="stale",
            version=current.version,
            saved_at=current.updated_at,
        )
    return current


def submission_problems(report: Report) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not report.narrative.strip():
        problems["narrative"] = [_("Say what was done.")]
    if report.kind == ReportKind.FINAL:
        for name in ("lessons", "recommendations"):
            if not getattr(report, name).strip():
                problems[name] = [_("The final report needs this.")]
        if not report.outcomes:
            problems["outcomes"] = [_("Give the people reached, by province and group.")]
    return problems


@transaction.atomic
def submit_report(report: Report, *, by) -> Report:
    """Submit (or resubmit) `report` for the officer's review.

    Refused with a message per missing field (what was done; for the final report, the
    lessons, the recommendations and the people reached). Side effects: the state
    (submitted), submitted_at, a ReportVersion with the content as submitted, a
    "report_submitted" message to the officer in charge.
    """
    report = Report.objects.select_for_update().select_related("grant").get(pk=report.pk)
    problems = submission_problems(report)
    if problems:
        raise Refusal.of(problems, code="incomplete")
    REPORTS.move(report, ReportState.SUBMITTED, submitted_at=timezone.now())
    number = report.versions.count() + 1
    ReportVersion.objects.create(
        report=report, number=number, content=content_of(report), submitted_by=by
    )
    key = f"report_submitted:{report.pk}:{number}"
    notify_officer(report.grant, "report_submitted", key, report=report)
    return report


@transaction.atomic
def review_report(report: Report, *, by, approve: bool, comment: str = "") -> Report:
    """The officer approves `report`, or asks for changes (a comment is required then).

    Side effects: the state (approved, or changes requested), who reviewed and when, the
    comment; a "report_reviewed" message to the grantee's members. An approved report makes
    its tranche payable.
    """
    report = Report.objects.select_for_update().select_related("grant").get(pk=report.pk)
    if not approve and not comment.strip():
        raise Refusal(_("Say what should change."), field="comment")
    to_state = ReportState.APPROVED if approve else ReportState.CHANGES_REQUESTED
    if report.state != ReportState.SUBMITTED:
        raise REPORTS.refusal(report.state, to_state)
    REPORTS.move(
        report,
        to_state,
        reviewed_by=by,
        reviewed_at=timezone.now(),
        review_comment=comment.strip(),
    )
    key = f"report_reviewed:{report.pk}:{report.versions.count()}"
    notify_grantee(report.grant, "report_reviewed", key, report=report)
    return report


REPORT_MAX_FILES = 20


def add_report_file(report: Report, *, uploaded_file, by) -> ReportFile:
    """Attach a photo or a document to a report being written.

    Refused as a proposal's attachment is (empty, too large, not PDF/DOCX/XLSX/JPEG/PNG or
    misnamed, an archive bomb, a PDF that runs code, a virus when ClamAV is configured), and
    when the report is not being written or has REPORT_MAX_FILES already. Side effects: the
    file stored under a random name, the ReportFile row.
    """
    if report.state not in EDITABLE_REPORT_STATES:
        raise Refusal(_("This report can no longer be edited."), code="state")
    # The proposals' checks of an uploaded file, shared (one set of rules for every upload).
    name = attachments.clean_file_name(uploaded_file.name)
    size = uploaded_file.size or 0
    attachments._refuse_size(name, size)
    content_type = attachments._content_type(name, uploaded_file)
    attachments._refuse_harmful(name, content_type, uploaded_file)
    attachments._scan_for_viruses(name, uploaded_file)
    with transaction.atomic():
        Report.objects.select_for_update().filter(pk=report.pk).exists()
        if report.files.count() >= REPORT_MAX_FILES:
            raise Refusal(
                _("A report can have at most %(count)s files; remove one first.")
                % {"count": REPORT_MAX_FILES},
                code="too_many",
            )
        attached = ReportFile(
            report=report, original_name=name, content_type=content_type, size=size, uploaded_by=by
        )
        attached.file.save(name, uploaded_file, save=False)
        attached.save()
    return attached
