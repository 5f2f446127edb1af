"""The Django admin serves the admin role (accounts and settings) and the auditor (the audit trail).
Business records are shown read-only: they change only through the services and pages."""

from django.contrib import admin

from . import audit
from .roles import Role


def is_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.ADMIN)


def is_auditor(user) -> bool:
    return user.is_active and user.role == Role.AUDITOR


class AdminRoleOnly:
    """For ModelAdmins of what only the admin role keeps: it may view, add and change, nobody deletes."""

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class SettingsAdmin(AdminRoleOnly, admin.ModelAdmin):
    """Settings the admin role keeps (regions, departments, categories …), every change audited."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            before = {name: getattr(old, name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action=f"{obj._meta.model_name}.{'change' if change else 'create'}",
                     target=obj, changes=audit.diff(before, {name: getattr(obj, name) for name in form.changed_data}))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Business records: the admin may look, nobody changes them here."""

    readers = staticmethod(is_admin)

    def has_module_permission(self, request):
        return self.readers(request.user)

    def has_view_permission(self, request, obj=None):
        return self.readers(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TuijinAdminSite(admin.AdminSite):
    site_header = "推进 · 系统管理"
    site_title = "推进"
    index_title = "系统管理"

    def has_permission(self, request):
        return is_admin(request.user) or is_auditor(request.user)
