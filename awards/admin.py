"""Django's admin for grants: for fixing data. States change through the grant's page (the
services write the log), so the state and the references are read-only here; the log is
never written by hand."""

from django.contrib import admin

from .models import (
    Agreement,
    AgreementTerms,
    Amendment,
    Grant,
    GrantTransition,
    Payment,
    Report,
    ReportFile,
    ReportVersion,
    Tranche,
)


class GrantTransitionInline(admin.TabularInline):
    model = GrantTransition
    extra = 0
    fields = ["at", "from_state", "to_state", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ["reference", "organisation", "call", "amount", "state", "ends_on"]
    list_filter = ["state", "call"]
    search_fields = ["reference", "organisation__name", "proposal__title"]
    readonly_fields = ["proposal", "call", "organisation", "reference", "number", "state"]
    raw_id_fields = ["officer"]
    inlines = [GrantTransitionInline]


@admin.register(GrantTransition)
class GrantTransitionAdmin(admin.ModelAdmin):
    list_display = ["grant", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    readonly_fields = ["grant", "from_state", "to_state", "by", "at", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Agreements, money, reports and amendments change through the grant's pages, whose
    services keep the rules (signatures, the ledger, versions); here they are for looking."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AgreementTerms)
class AgreementTermsAdmin(ReadOnlyAdmin):
    list_display = ["call", "updated_at", "updated_by"]
    search_fields = ["call__code", "call__title_th"]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["grant", "version", "issued_at", "accepted_at", "countersigned_at"]
    list_filter = ["grant__call"]
    search_fields = ["grant__reference", "accepted_name"]
    list_select_related = ["grant"]
    # The PDFs are downloaded through the grant's pages, which check who asks.
    exclude = ["pdf_th", "pdf_en", "signed_pdf"]


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdmin):
    list_display = ["grant", "position", "amount", "milestone", "report_due"]
    list_filter = ["grant__call"]
    search_fields = ["grant__reference", "milestone"]
    list_select_related = ["grant"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["grant", "tranche", "paid_on", "amount", "bank_reference", "recorded_by"]
    list_filter = ["grant__call"]
    search_fields = ["grant__reference", "bank_reference"]
    list_select_related = ["grant", "tranche", "recorded_by"]


class ReportVersionInline(ReadOnlyInline):
    model = ReportVersion
    fields = ["number", "submitted_by", "submitted_at"]


class ReportFileInline(ReadOnlyInline):
    model = ReportFile
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["grant", "kind", "due_on", "state", "submitted_at"]
    list_filter = ["kind", "state", "grant__call"]
    search_fields = ["grant__reference"]
    list_select_related = ["grant"]
    inlines = [ReportVersionInline, ReportFileInline]


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    list_display = ["grant", "number", "kind", "state", "requested_at", "decided_at"]
    list_filter = ["kind", "state"]
    search_fields = ["grant__reference", "reason"]
    list_select_related = ["grant"]
