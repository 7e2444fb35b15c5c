"""Django's admin for organisations and proposals.

The admin is for looking and fixing data; state changes go through the officer's pages,
which use the services and write the activity log. So the state, the log, the submitted
versions and the attachments are read-only here.
"""

from django.contrib import admin

from .models import (
    Attachment,
    BudgetLine,
    Organisation,
    OrganisationMembership,
    Outcome,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    TeamMember,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "province", "phone", "created_at"]
    list_filter = ["type", "province__region"]
    list_select_related = ["province"]
    search_fields = ["name", "tax_id", "phone", "members__email"]
    inlines = [MembershipInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["position", "item", "amount"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["position", "name", "role", "organisation"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["position", "outcome", "indicator", "target"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


class ProposalEventInline(ReadOnlyInline):
    model = ProposalEvent
    fields = ["at", "kind", "from_state", "to_state", "by", "note"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "call", "organisation", "state", "submitted_at"]
    list_filter = ["state", "call"]
    list_select_related = ["call", "organisation"]
    search_fields = ["reference", "title", "organisation__name"]
    filter_horizontal = ["sectors"]
    raw_id_fields = ["organisation", "created_by", "screened_by"]
    readonly_fields = [
        "state",
        "sequence",
        "reference",
        "version",
        "created_at",
        "updated_at",
        "submitted_at",
        "screened_at",
        "screened_by",
    ]
    date_hierarchy = "submitted_at"
    inlines = [
        BudgetLineInline,
        TeamMemberInline,
        OutcomeInline,
        AttachmentInline,
        ProposalEventInline,
    ]


@admin.register(ProposalVersion)
class ProposalVersionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "number", "submitted_at", "submitted_by"]
    list_select_related = ["proposal", "submitted_by"]
    search_fields = ["proposal__reference", "proposal__title"]
    readonly_fields = ["proposal", "number", "data", "submitted_at", "submitted_by"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "kind", "from_state", "to_state", "by", "at"]
    list_filter = ["kind", "to_state"]
    list_select_related = ["proposal", "by"]
    search_fields = ["proposal__reference", "proposal__title", "note"]
    readonly_fields = ["proposal", "kind", "from_state", "to_state", "by", "at", "note"]
