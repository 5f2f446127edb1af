from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core.admin_roles import is_admin
from tuijin.core.pages import add_errors
from tuijin.core.roles import Role
from tuijin.projects.forms import scoped_regions

from . import lockouts, services
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


def _admin_only(request) -> None:
    if not is_admin(request.user):
        raise PermissionDenied(_("只有系统管理员可以管理登录锁定。"))


@login_required
def lockout_list(request):
    """锁定的账号: what django-axes holds locked now, each with a form to lift it early (reason required)."""
    _admin_only(request)
    return render(request, "org/lockouts.html", {"lockouts": lockouts.current_lockouts()})


@login_required
@require_POST
def lockout_release(request):
    _admin_only(request)
    kind, value = request.POST.get("kind", ""), request.POST.get("value", "")[:255]
    try:
        released = services.lockout_release(actor=request.user, kind=kind, value=value,
                                            reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已解除锁定：%(what)s。此事已记入审计日志。") % {
            "what": "、".join(lock.label for lock in released)})
    return redirect("org:lockouts")
