"""What the awards app holds about a person (portal.privacy): the grants of their
organisations, the agreements they accepted, the amendments they asked for, the reports
they submitted and the files they attached.

A funded grant's records stay after erasure: the agency must keep them (financial-record
duty) for settings.GRANT_RECORD_RETENTION_YEARS, under the erased account's name.
"""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.privacy import Kept, file_name, register_section, row

from .models import Agreement, Amendment, Grant, ReportFile, ReportVersion


def grants_of_person(user):
    return (
        Grant.objects.filter(
            Q(organisation__members=user)
            | Q(contact_email__iexact=user.email)
            | Q(agreements__accepted_by=user)
        )
        .distinct()
        .order_by("pk")
    )


def _export(user) -> dict:
    return {
        "grants": [
            row(grant, exclude=("budget",), budget=grant.budget) for grant in grants_of_person(user)
        ],
        "agreements_accepted": [
            row(agreement) for agreement in Agreement.objects.filter(accepted_by=user)
        ],
        "amendments_requested": [
            row(amendment) for amendment in Amendment.objects.filter(requested_by=user)
        ],
        "reports_submitted": [
            row(version) for version in ReportVersion.objects.filter(submitted_by=user)
        ],
        "report_files": [
            row(attached, exclude=("file",))
            for attached in ReportFile.objects.filter(uploaded_by=user)
        ],
    }


def _files(user):
    for attached in ReportFile.objects.filter(uploaded_by=user).order_by("pk"):
        yield file_name("reports", attached.pk, attached.original_name), attached.file


def _kept(user) -> list[Kept]:
    years = settings.GRANT_RECORD_RETENTION_YEARS
    return [
        Kept(
            what=_("Grant %(reference)s, its agreement, payments and reports")
            % {"reference": grant.reference},
            reason=_(
                "A funded grant's records must be kept for %(years)s years under the agency's "
                "duty to keep financial records for audits of public spending."
            )
            % {"years": years},
        )
        for grant in grants_of_person(user)
    ]


def register() -> None:
    register_section("grants", export=_export, order=40, files=_files, kept=_kept)
