"""The awards app's models: the grant made for each awarded proposal and what follows it."""

from .amendments import Amendment
from .grants import Agreement, AgreementTerms, Grant, GrantTransition, agreement_path
from .money import Payment, Tranche
from .reports import Report, ReportFile, ReportVersion, report_file_path

__all__ = [
    "Agreement",
    "AgreementTerms",
    "Amendment",
    "Grant",
    "GrantTransition",
    "Payment",
    "Report",
    "ReportFile",
    "ReportVersion",
    "Tranche",
    "agreement_path",
    "report_file_path",
]
