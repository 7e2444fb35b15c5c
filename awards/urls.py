"""The awards app's URLs: the grants that follow published results."""

from django.urls import path, re_path

from .views import agreement, changes, grants, money, reports

app_name = "awards"

urlpatterns = [
    path("", grants.grant_list, name="grant_list"),
    path("ledger/", money.ledger, name="ledger"),
    path("ledger.csv", money.ledger_csv, name="ledger_csv"),
    path("ledger.xlsx", money.ledger_xlsx, name="ledger_xlsx"),
    path("calls/<slug:slug>/terms/", agreement.agreement_terms, name="agreement_terms"),
    path("<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("<int:pk>/suspend/", grants.grant_suspend, name="grant_suspend"),
    path("<int:pk>/resume/", grants.grant_resume, name="grant_resume"),
    path("<int:pk>/cancel/", grants.grant_cancel, name="grant_cancel"),
    path("<int:pk>/agreement/issue/", agreement.agreement_issue, name="agreement_issue"),
    path("<int:pk>/agreement/accept/", agreement.agreement_accept, name="agreement_accept"),
    path(
        "<int:pk>/agreement/countersign/",
        agreement.agreement_countersign,
        name="agreement_countersign",
    ),
    re_path(
        r"^agreements/(?P<pk>[0-9]+)/(?P<language>th|en)\.pdf$",
        agreement.agreement_pdf,
        name="agreement_pdf",
    ),
    path(
        "agreements/<int:pk>/signed.pdf",
        agreement.agreement_signed_pdf,
        name="agreement_signed_pdf",
    ),
    path("<int:pk>/tranches/", money.tranche_plan, name="tranche_plan"),
    path("tranches/<int:pk>/pay/", money.payment_record, name="payment_record"),
    path("<int:pk>/close/", changes.grant_close, name="grant_close"),
    path("<int:pk>/amendments/new/", changes.amendment_request, name="amendment_request"),
    path("amendments/<int:pk>/decide/", changes.amendment_decide, name="amendment_decide"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/save/", reports.report_save, name="report_save"),
    path("reports/<int:pk>/autosave/", reports.report_autosave, name="report_autosave"),
    path("reports/<int:pk>/files/", reports.report_file_upload, name="report_file_upload"),
    path("report-files/<int:pk>/", reports.report_file_download, name="report_file_download"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("reports/<int:pk>/changes/<int:number>/", reports.report_diff, name="report_diff"),
]
