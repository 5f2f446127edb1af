from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from tuijin.core import audit
from tuijin.core.admin_roles import AdminRoleOnly, ReadOnlyAdmin, SettingsAdmin
from tuijin.core.request_context import current_user

from .models import Department, Enterprise, Person, Region, User


@admin.register(Region)
class RegionAdmin(SettingsAdmin):
    list_display = ["name", "level", "parent", "code"]


@admin.register(Department)
class DepartmentAdmin(SettingsAdmin):
    list_display = ["name", "short_name", "region", "order"]


@admin.register(Person)
class PersonAdmin(SettingsAdmin):
    list_display = ["name", "title", "department", "is_leader", "region"]
    list_filter = ["is_leader"]


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["name", "credit_code", "kind", "region"]
    search_fields = ["name", "credit_code"]


class ForcedResetForm(AdminPasswordChangeForm):
    """The admin sets a temporary password; its owner must change it at the next login (audited)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
            audit.record(actor=current_user.get(), action="user.password_reset", target=user,
                         reason=_("管理员重置密码"))
        return user


@admin.register(User)
class TuijinUserAdmin(AdminRoleOnly, UserAdmin):
    change_password_form = ForcedResetForm

    list_display = ["username", "first_name", "role", "department", "enterprise", "region", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("身份"), {"fields": ["first_name", "email", "role", "region", "department", "enterprise", "person"]}),
        (_("状态"), {"fields": ["is_active", "must_change_password", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "role", "region", "department",
                                                                "enterprise", "person", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = User.objects.get(pk=obj.pk)
            before = {name: getattr(old, name) for name in ("role", "region", "department", "enterprise", "is_active")}
        obj.is_staff = obj.role in {"admin", "auditor"}
        if not change:
            obj.must_change_password = True  # the admin chose this password; its owner chooses the next
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in ("role", "region", "department", "enterprise", "is_active")}
        audit.record(actor=request.user, action="user.change" if change else "user.create", target=obj,
                     changes=audit.diff(before, after))
