"""Django's admin for grants: for fixing data. States change through the grant's page (the
services write the log), so the state and the references are read-only here; the log is
never written by hand."""

from django.contrib import admin

from .models import Grant, GrantTransition


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
