from django.contrib import admin

from tuijin.core.admin_roles import ReadOnlyAdmin, SettingsAdmin

from .models import KeyTask, Theme


@admin.register(Theme)
class ThemeAdmin(SettingsAdmin):
    """The themes of key work are a setting: the admin adds, renames, orders or retires them."""

    list_display = ["name", "order", "active"]


@admin.register(KeyTask)
class KeyTaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "theme", "number", "lead_leader", "department", "deadline", "status"]
    list_filter = ["year", "theme", "status"]
