"""The registry case's anchor: the Django admin changelist of the same rows, filtered and sorted the same way
(stage, a department leading or co-leading, task progress ascending: laggards first), 50 rows a page. Served only in the bench
process, under /bench-admin/ (bench/urls.py)."""

from django.contrib import admin
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from tuijin.org.models import Department
from tuijin.projects.models import Project
from tuijin.projects.selectors import ZERO, annual_plan_subquery, with_task_progress

from .settings import TODAY

site = admin.AdminSite(name="bench_admin")


class DepartmentFilter(admin.SimpleListFilter):
    title = "责任单位"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return list(Department.objects.values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value():
            department = int(self.value())
            ids = Project.objects.filter(Q(lead_department_id=department) | Q(co_departments__id=department))
            return queryset.filter(pk__in=ids.values("pk"))
        return queryset


@admin.register(Project, site=site)
class BenchProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "stage", "category", "owner", "leader", "lead_department", "total_investment",
                    "annual_plan", "task_progress"]
    list_filter = ["stage", DepartmentFilter]
    list_select_related = ["category", "owner", "leader", "lead_department", "region"]
    list_per_page = 50
    show_full_result_count = False
    ordering = [F("task_progress").asc(nulls_last=True), "id"]

    def has_module_permission(self, request):
        return request.user.is_staff  # the bench's admin account, without model permissions to grant

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def get_queryset(self, request):
        # Annotate before the admin applies `ordering`, which names the annotation.
        queryset = self.model._default_manager.get_queryset().annotate(
            annual_plan=Coalesce(annual_plan_subquery(year=TODAY.year, programme=None), ZERO))
        queryset = with_task_progress(queryset, year=TODAY.year)
        return queryset.order_by(*self.get_ordering(request))

    @admin.display(ordering="annual_plan", description="年度计划投资")
    def annual_plan(self, obj):
        return obj.annual_plan

    @admin.display(ordering="task_progress", description="任务进度")
    def task_progress(self, obj):
        return obj.task_progress
