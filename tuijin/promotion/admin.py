from django.contrib import admin

from tuijin.core.admin_roles import SettingsAdmin

from .models import IndustrialChain


@admin.register(IndustrialChain)
class IndustrialChainAdmin(SettingsAdmin):
    list_display = ["name", "order"]
