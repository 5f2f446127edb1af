from django.contrib import admin

from tuijin.core.admin_roles import ReadOnlyAdmin, SettingsAdmin

from .models import Category, ProgrammeList, Project


@admin.register(Category)
class CategoryAdmin(SettingsAdmin):
    list_display = ["name", "order"]


@admin.register(ProgrammeList)
class ProgrammeListAdmin(ReadOnlyAdmin):
    list_display = ["name", "year", "level", "region"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "stage", "category", "lead_department", "total_investment"]
    list_filter = ["stage", "category", "lead_department"]
    search_fields = ["name", "code"]
