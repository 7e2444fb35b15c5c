"""Django's admin for the reviews app.

The admin is for looking and for fixing reference data (profiles, panel caps). Assignments,
reviews, decisions and published results change through the services, which log and notify,
so they are read-only here.
"""

from django.contrib import admin

from .models import (
    Assignment,
    Conflict,
    Decision,
    PanelMember,
    Publication,
    Review,
    ReviewerProfile,
    Score,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation_name", "organisation_tax_id", "max_per_call"]
    search_fields = ["user__email", "user__full_name", "organisation_name", "organisation_tax_id"]
    filter_horizontal = ["expertise"]
    raw_id_fields = ["user"]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["call", "reviewer", "max_proposals", "added_at"]
    list_filter = ["call"]
    search_fields = ["reviewer__email", "reviewer__full_name", "call__code"]
    raw_id_fields = ["reviewer", "added_by"]
    fields = ["call", "reviewer", "max_proposals", "added_by", "added_at"]
    readonly_fields = ["added_by", "added_at"]


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "reviewer", "source", "created_at"]
    list_filter = ["source", "proposal__call"]
    search_fields = ["reviewer__email", "proposal__reference"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "reviewer", "state", "method", "assigned_at"]
    list_filter = ["state", "method", "proposal__call"]
    search_fields = ["reviewer__email", "reviewer__full_name", "proposal__reference"]
    list_select_related = ["proposal", "reviewer"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "state", "total", "submitted_at"]
    list_filter = ["state", "assignment__proposal__call"]
    search_fields = ["assignment__reviewer__email", "assignment__proposal__reference"]
    inlines = [ScoreInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "outcome", "amount", "reserve_rank", "final", "decided_at"]
    list_filter = ["outcome", "final", "proposal__call"]
    search_fields = ["proposal__reference", "proposal__title"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["call", "published_at", "total_awarded"]
