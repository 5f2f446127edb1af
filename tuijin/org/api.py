"""The organisation over the JSON API: regions, departments and owner units, scoped as the pages scope them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tuijin.api.schemas import Input, Ref, ref, responses
from tuijin.projects.forms import scoped_regions

from .models import Department, Enterprise
from .views import ENTERPRISE_READERS, MAX_QUERY

router = Router(tags=["组织"])


class RegionOut(Schema):
    id: int
    name: str
    code: str
    level: str
    level_label: str
    parent_id: int | None

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str
    region: Ref

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str | None
    kind: str
    kind_label: str
    region: Ref
    project_count: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)


class EnterpriseQuery(Input):
    q: str = Field("", max_length=MAX_QUERY)  # the page's search limit: a longer LIKE pattern breaks SQLite


@router.get("/regions", response=responses(list[RegionOut]), url_name="regions")
def region_list(request):
    """The caller's region and those below it (all, for a user with no region of their own)."""
    return scoped_regions(request.auth).order_by("path")


@router.get("/departments", response=responses(list[DepartmentOut]), url_name="departments")
def department_list(request):
    return Department.objects.filter(region__in=scoped_regions(request.auth)).select_related("region")


@router.get("/enterprises", response=responses(list[EnterpriseOut]), url_name="enterprises")
def enterprise_list(request, query: Query[EnterpriseQuery]):
    """项目单位名录 (the 项目单位 page's rows): for the project office, departments and leaders."""
    if request.auth.role not in ENTERPRISE_READERS:
        raise PermissionDenied(_("您的角色不能查看单位名录。"))
    rows = Enterprise.objects.filter(region__in=scoped_regions(request.auth)).select_related("region").annotate(
        project_count=Count("projects"))
    text = query.q.strip()
    if text:
        rows = rows.filter(Q(name__icontains=text) | Q(credit_code__icontains=text))
    return rows.order_by("name")[:500]

