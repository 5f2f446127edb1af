from django.contrib import admin

from tuijin.core.admin_roles import ReadOnlyAdmin, SettingsAdmin

from .models import Domain, Hazard


@admin.register(Domain)
class DomainAdmin(SettingsAdmin):
    """The domains of hazards are a setting: the admin adds, renames, orders or retires them."""

    list_display = ["name", "order", "active"]


@admin.register(Hazard)
class HazardAdmin(ReadOnlyAdmin):
    list_display = ["description", "level", "domain", "department", "deadline", "status"]
    list_filter = ["level", "status", "domain"]
