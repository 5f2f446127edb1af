"""Tracking pages: the 红黄榜 and its Excel export, 比一比, the warning rules.

Everyone of the business roles reads them, each over the projects they may see; auditor and admin get 403.
Only the project office keeps a month's 红黄榜 and edits the rules (others read the rules, 403 on the edit).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.pages import add_errors, business_user, valid_query
from tuijin.dispatch import permissions as dispatch_permissions
from tuijin.dispatch.models import Period
from tuijin.dispatch.selectors import visible_periods
from tuijin.dispatch.services import period_end
from tuijin.exchange.xlsx import XLSX_TYPE, SheetWriter
from tuijin.projects.permissions import require

from . import rankings as ranking
from . import services
from . import warnings as warning
from .forms import RankingForm, RuleForm, WarningFilterForm
from .models import Level, RuleKind, WarningRule, WarningSnapshot
from .progress import time_progress
from .rules import ORDER, load_rules, units


@dataclass
class Moment:
    """The day a page speaks of, and the dispatch period of its month (if there is one)."""

    as_of: date
    period: Period | None
    explicit_date: bool


def _month_end_or_today(first: date) -> date:
    end = period_end(Period(year=first.year, month=first.month))
    return min(end, max(timezone.localdate(), first))


def _moment(user, form) -> Moment:
    periods = visible_periods(user)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("as_of"):
        day = data["as_of"]
        return Moment(day, periods.filter(year=day.year, month=day.month).first(), True)
    if data.get("month"):
        first = data["month"]
        return Moment(_month_end_or_today(first), periods.filter(year=first.year, month=first.month).first(), False)
    latest = periods.order_by("-year", "-month").first()
    if latest is None:
        return Moment(timezone.localdate(), None, False)
    return Moment(_month_end_or_today(date(latest.year, latest.month, 1)), latest, False)


def _kept(moment: Moment, live: bool) -> WarningSnapshot | None:
    """The kept 红黄榜 the page shows instead of evaluating, if any."""
    if moment.period is None or live:
        return None
    first = WarningSnapshot.objects.filter(period=moment.period).select_related("taken_by").first()
    if first is None or (moment.explicit_date and first.as_of != moment.as_of):
        return None
    return first


def _board(request) -> dict:
    """Everything the 红黄榜 page and its export show, for the request's choices."""
    form = WarningFilterForm(request.GET or None)
    moment = _moment(request.user, form)
    data = form.cleaned_data if form.is_valid() else {}
    kept = _kept(moment, bool(data.get("live")))
    if kept is not None:
        all_warnings = warning.stored(period=moment.period, user=request.user)
        as_of = kept.as_of
    else:
        all_warnings = warning.evaluate(as_of=moment.as_of, user=request.user)
        as_of = moment.as_of
    departments = sorted({(w.department_id, w.department) for w in all_warnings if w.department_id},
                         key=lambda d: d[1])
    shown = warning.filter_warnings(all_warnings, level=data.get("level") or "", kind=data.get("kind") or "",
                                    department=data.get("department"))
    rows = warning.board(shown)
    return {
        "form": form, "as_of": as_of, "period": moment.period, "kept": kept, "time_progress": time_progress(as_of),
        "rows": rows, "red_rows": [r for r in rows if r.level == Level.RED],
        "yellow_rows": [r for r in rows if r.level == Level.YELLOW], "warning_count": len(shown),
        "departments": departments, "kinds": RuleKind.choices, "levels": Level.choices,
        "periods": visible_periods(request.user).order_by("-year", "-month")[:36],
        "data": data,
    }


@business_user
def warnings(request):
    context = _board(request)
    period = context["period"]
    context["can_keep"] = period is not None and dispatch_permissions.can_run_period(request.user, period)
    context["query"] = valid_query(context["form"]).urlencode()
    return render(request, "tracking/warnings.html", context)


def export_rows(rows: list[warning.BoardRow]) -> list[list]:
    """The sheet's rows: one per project, as the page lists them (red, then yellow)."""
    return [[number, row.level_label, row.project_name, row.department, row.rules, "；".join(row.reasons)]
            for number, row in enumerate(rows, 1)]


@business_user
def warnings_export(request):
    context = _board(request)
    as_of = context["as_of"]
    title = _("红黄榜（截至%(d)s）") % {"d": as_of.isoformat()}
    source = (_("%(p)s调度期存档") % {"p": context["period"].label}) if context["kept"] else _("按当前数据计算")
    note = _("%(s)s；红色预警项目%(r)s个，黄色预警项目%(y)s个。") % {
        "s": source, "r": len(context["red_rows"]), "y": len(context["yellow_rows"])}
    headers = [_("序号"), _("预警等级"), _("项目名称"), _("责任单位"), _("预警类型"), _("预警原因")]
    sheet = SheetWriter(title, note, headers, [6, 10, 36, 14, 20, 80])
    for values in export_rows(context["red_rows"] + context["yellow_rows"]):
        sheet.row(values)
    audit.record(actor=request.user, action="export.warnings",
                 changes={"query": valid_query(context["form"]).urlencode()})
    response = HttpResponse(sheet.to_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''warnings-{as_of.isoformat()}.xlsx"
    return response


@business_user
@require_POST
def keep(request, pk):
    period = get_object_or_404(visible_periods(request.user), pk=pk)
    require(dispatch_permissions.can_run_period(request.user, period), _("只有本区域的项目办可以存档红黄榜。"))
    try:
        rows = services.snapshot(period=period, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已存档%(p)s红黄榜，共%(n)s条预警。") % {"p": period.label, "n": len(rows)})
    return redirect(f"{reverse('tracking:warnings')}?month={period.label}")


@business_user
def rankings(request):
    form = RankingForm(request.GET or None)
    moment = _moment(request.user, form)
    by = (form.cleaned_data.get("by") if form.is_valid() else "") or "task"
    result = ranking.rankings(request.user, as_of=moment.as_of)
    titles = {"department": _("责任单位"), "leader": _("责任领导"), "category": _("项目类别"), "list": _("项目清单")}
    tables = []
    for key, rows in result["groups"].items():
        for row in rows:
            move = row["move"][by]
            row["shown"] = {"rank": row["rank"][by], "move": move, "size": abs(move) if move is not None else None}
        tables.append((titles[key], ranking.sort_rows(rows, by)))
    return render(request, "tracking/rankings.html", {
        "form": form, "as_of": moment.as_of, "previous": result["previous"], "by": by, "tables": tables,
        "metrics": [("task", _("完成率")), ("start", _("开工率")), ("warnings", _("预警"))],
        "time_progress": time_progress(moment.as_of),
        "periods": visible_periods(request.user).order_by("-year", "-month")[:36],
        "month": f"{moment.as_of.year}-{moment.as_of.month:02d}",
    })


@business_user
def rules(request):
    stored = {rule.kind: rule for rule in WarningRule.objects.all()}
    current = load_rules()
    rows = [{"kind": kind, "label": RuleKind(kind).label, "rule": current[kind], "stored": stored.get(kind),
             "units": units(kind)} for kind in ORDER]
    return render(request, "tracking/rules.html", {"rows": rows, "can_edit": services.can_edit_rules(request.user)})


@business_user
def rule_edit(request, kind):
    require(services.can_edit_rules(request.user), _("只有项目办可以修改预警规则。"))
    rule = get_object_or_404(WarningRule, kind=kind)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("enabled", "yellow", "red", "explanation")}
        try:
            services.rule_update(actor=request.user, rule=rule, data=data, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存“%(r)s”规则。") % {"r": RuleKind(kind).label})
            return redirect("tracking:rules")
    return render(request, "tracking/rule_form.html", {"form": form, "rule": rule, "label": RuleKind(kind).label})
