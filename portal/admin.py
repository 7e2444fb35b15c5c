"""Django admin for people: users (email login), their roles, consents and invitations."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .enums import Role
from .models import (
    AuditEvent,
    Consent,
    DataExport,
    Invitation,
    InvitationStatus,
    RoleGrant,
    User,
)


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(role_grants__role=self.value())
        return queryset


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ("role", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")


class ConsentInline(admin.TabularInline):
    """Consents are evidence (PDPA): shown, never edited by hand."""

    model = Consent
    extra = 0
    fields = ("notice_version", "given_at")
    readonly_fields = ("notice_version", "given_at")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [RoleGrantInline, ConsentInline]
    list_display = ("email", "full_name", "role_list", "language", "is_active", "date_joined")
    list_filter = (RoleFilter, "is_active", "language", "is_staff")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    filter_horizontal = ("groups", "user_permissions")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("full_name", "language")}),
        (
            _("Access to the admin site"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_grants")

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(str(grant.get_role_display()) for grant in obj.role_grants.all())

    def save_formset(self, request, form, formset, change):
        # Roles added here are granted by the administrator who adds them.
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, RoleGrant) and instance.pk is None:
                instance.granted_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "granted_by", "granted_at")
    list_filter = ("role",)
    list_select_related = ("user", "granted_by")
    search_fields = ("user__email", "user__full_name")
    autocomplete_fields = ("user",)
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read-only: a consent is a record of what someone agreed to, and when."""

    list_display = ("user", "notice_version", "given_at")
    list_filter = ("notice_version",)
    list_select_related = ("user",)
    search_fields = ("user__email", "user__full_name")
    date_hierarchy = "given_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return InvitationStatus.choices

    def queryset(self, request, queryset):
        match self.value():
            case InvitationStatus.PENDING:
                return queryset.pending()
            case InvitationStatus.ACCEPTED:
                return queryset.accepted()
            case InvitationStatus.EXPIRED:
                return queryset.expired()
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the portal's own page, which also sends the email."""

    list_display = (
        "email",
        "full_name",
        "role",
        "status_display",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    )
    list_filter = ("role", InvitationStatusFilter, "language")
    list_select_related = ("invited_by",)
    search_fields = ("email", "full_name")
    date_hierarchy = "created_at"
    fields = (
        "email",
        "full_name",
        "role",
        "language",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    )
    readonly_fields = ("invited_by", "created_at", "accepted_at", "accepted_by")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("status"))
    def status_display(self, obj: Invitation) -> str:
        return obj.status.label


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits by hand: shown and searched, never added, changed or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log, for administrators: who did what, when and from where."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "summary", "ip")
    list_filter = ("action", "object_type", ("at", admin.DateFieldListFilter))
    search_fields = ("actor__email", "actor__full_name", "summary", "object_id", "ip")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    # The actor's email is searched with a join; a count over millions of rows is not needed.
    show_full_result_count = False
    fields = (
        "at",
        "actor",
        "subject",
        "action",
        "object_type",
        "object_id",
        "summary",
        "ip",
        "user_agent",
    )
    readonly_fields = fields


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    """Copies of personal data asked for: when and in which state (never their content)."""

    list_display = ("user", "state", "requested_at", "ready_at", "expires_at", "size")
    list_filter = ("state",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "state", "requested_at", "ready_at", "expires_at", "size")
    readonly_fields = fields
