from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tuijin.core.pages import add_errors
from tuijin.core.roles import Role
from tuijin.projects.forms import scoped_regions

from . import services
from .forms import EnterpriseForm
from .models import Enterprise

ENTERPRISE_READERS = {Role.COORDINATOR, Role.DEPARTMENT, Role.LEADER}
MAX_QUERY = 200


@login_required
def enterprises(request):
    """项目单位: the owner units of the region, and a form to register one (office and departments)."""
    if request.user.role not in ENTERPRISE_READERS:
        raise PermissionDenied(_("您的角色不能查看单位名录。"))
    regions = scoped_regions(request.user)
    can_create = request.user.role in {Role.COORDINATOR, Role.DEPARTMENT}
    form = EnterpriseForm(request.POST or None, regions=regions)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied(_("您没有权限登记项目单位。"))
        if form.is_valid():
            try:
                enterprise = services.enterprise_create(actor=request.user, **{
                    **form.cleaned_data, "credit_code": form.cleaned_data["credit_code"] or None})
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已登记单位“%(n)s”。") % {"n": enterprise.name})
                return redirect("org:enterprises")
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY:
        messages.warning(request, _("搜索词过长，只按前%(n)s个字查找。") % {"n": MAX_QUERY})
        query = query[:MAX_QUERY]
    rows = Enterprise.objects.filter(region__in=regions).select_related("region").annotate(
        project_count=Count("projects"))
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(credit_code__icontains=query))
    return render(request, "org/enterprises.html", {"enterprises": rows.order_by("name")[:500], "form": form,
                                                    "can_create": can_create, "q": query})
