"""Django's admin for calls and their reference data.

The admin is for fixing data; state changes go through the call page's actions, which use
the services and write the state log. That is why `state` is read-only here. Once a call's
review has begun, its rubric and blind review are read-only too, as on the call form.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .enums import CallPhase
from .models import Call, CallTransition, Criterion, Programme, Province, Sector
from .phases import review_started


@admin.register(Sector, Programme)
class ReferenceDataAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name_th", "name_en"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "title_th", "title_en", "weight", "max_points"]

    # Reviewers score against the criteria once the review has begun: no edits from then on.
    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj and review_started(obj)) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj and review_started(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj and review_started(obj)) and super().has_delete_permission(request, obj)


class CallTransitionInline(admin.TabularInline):
    model = CallTransition
    extra = 0
    fields = ["at", "from_state", "to_state", "by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title_th", "code", "programme", "state", "phase_display", "deadline"]
    list_filter = ["state", "programme", "sectors"]
    list_select_related = ["programme"]
    search_fields = ["title_th", "title_en", "code", "slug"]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["sectors", "officers"]
    readonly_fields = ["state", "closed_at", "created_by", "created_at", "updated_at"]
    date_hierarchy = "deadline"
    inlines = [CriterionInline, CallTransitionInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and review_started(obj):
            fields.append("blind_review")  # what reviewers were told cannot be taken back
        return fields

    @admin.display(description=_("phase"))
    def phase_display(self, obj: Call) -> str:
        return CallPhase(obj.phase).label


@admin.register(CallTransition)
class CallTransitionAdmin(admin.ModelAdmin):
    list_display = ["call", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    list_select_related = ["call", "by"]
    search_fields = ["call__title_th", "call__title_en", "call__code", "note"]
    readonly_fields = ["call", "from_state", "to_state", "by", "at", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
