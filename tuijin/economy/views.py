"""经济运行 pages: the monitoring page (table, charts, paragraph), the catalogue, a period's figures of one
indicator, the bureau table's import (upload → preview → confirm) and the export."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.pages import add_errors, business_user
from tuijin.core.uploads import require_size
from tuijin.exchange.sheet_source import SheetError
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.projects.permissions import require

from . import permissions, selectors, services
from .export import indicator_workbook
from .forms import IndicatorForm, UploadForm, ValueForm
from .models import Indicator, IndicatorValue, cumulative_label
from .paragraph import economy_paragraph
from .periods import parse_period, period_key, spoken
from .sheet import read_indicator_sheet

SESSION_KEY = "pending_indicator_imports"


def _reader(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied(_("项目单位不查看全区经济指标。"))
    region = selectors.indicator_region(request.user)
    if region is None:
        raise Http404
    return region


def _period(request, region) -> tuple[int, int] | None:
    text = request.GET.get("period") or request.POST.get("period")
    if text:
        try:
            return parse_period(text)
        except ValueError:
            messages.error(request, _("期间“%(t)s”无法识别。") % {"t": text[:20]})
    return selectors.latest_period(region)


@business_user
def monitor(request):
    region = _reader(request)
    period = _period(request, region)
    context = {"region": region, "periods": [(period_key(y, m), f"{y}年{cumulative_label(m)}")
                                             for y, m in selectors.periods_with_values(region)],
               "can_write": permissions.can_write_region(request.user, region)}
    if period:
        year, month = period
        if (year, month) not in selectors.periods_with_values(region):  # a period not filled yet, chosen to fill
            context["periods"].insert(0, (period_key(year, month), f"{year}年{cumulative_label(month)}"))
        rows = selectors.period_rows(region, year, month)
        series = selectors.year_series(region, year, through=month)
        trends = {s["name"]: s["trend"] for s in series["indicators"]}
        context.update(year=year, month=month, period=period_key(year, month), spoken=spoken(month),
                       label=f"{year}年{cumulative_label(month)}", rows=rows,
                       table=[(r, trends.get(r.name, "")) for r in rows],
                       charts=selectors.chart_data(rows, series),
                       paragraph=economy_paragraph(region, year, month))
    return render(request, "economy/monitor.html", context)


@business_user
def catalogue(request):
    _reader(request)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_write(request.user), _("只有项目办可以维护指标目录。"))
        if form.is_valid():
            try:
                indicator = services.indicator_create(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("已添加指标“%(n)s”。") % {"n": indicator.name})
                return redirect("economy:catalogue")
    return render(request, "economy/catalogue.html", {
        "indicators": selectors.catalogue(), "form": form, "can_write": permissions.can_write(request.user)})


@business_user
def indicator_edit(request, pk):
    _reader(request)
    require(permissions.can_write(request.user), _("只有项目办可以维护指标目录。"))
    indicator = get_object_or_404(Indicator, pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator, initial={"version": indicator.version})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.INDICATOR_FIELDS}
        indicator.refresh_from_db()  # the form wrote the posted values onto the instance; the service compares
        try:
            services.indicator_update(actor=request.user, indicator=indicator, data=data,
                                      expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("economy:catalogue")
    return render(request, "economy/indicator_form.html", {"form": form, "indicator": indicator})


@business_user
def value_edit(request, pk):
    region = _reader(request)
    require(permissions.can_write_region(request.user, region), _("只有项目办可以填报指标数据。"))
    indicator = get_object_or_404(Indicator, pk=pk)
    period = _period(request, region)
    if period is None:
        raise Http404
    year, month = period
    record = IndicatorValue.objects.filter(region=region, indicator=indicator, year=year, month=month).first()
    form = ValueForm(request.POST or None, instance=record, indicator=indicator,
                     initial={"version": record.version if record else 0})
    if request.method == "POST" and form.is_valid():
        figures = {k: form.cleaned_data[k] for k in services.VALUE_FIELDS}
        try:
            services.value_save(actor=request.user, region=region, indicator=indicator, year=year, month=month,
                                figures=figures, expected_version=form.cleaned_data["version"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"{_monitor_url()}?period={period_key(year, month)}")
    return render(request, "economy/value_form.html", {
        "form": form, "indicator": indicator, "period": period_key(year, month),
        "label": f"{year}年{cumulative_label(month)}", "region": region})


def _monitor_url() -> str:
    return reverse("economy:monitor")


def _uploads() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _rows_for(parsed):
    return [services.ImportRow(row=r.row, indicator=r.indicator, figures=r.figures) for r in parsed.rows]


def _period_mismatch(parsed, year: int, month: int) -> str | None:
    if parsed.period_hint and parsed.period_hint != (year, month):
        hint_year, hint_month = parsed.period_hint
        return _("表格标明的期间为%(h)s，与所选期间%(p)s不一致，请核对。") % {
            "h": f"{hint_year}年{cumulative_label(hint_month)}", "p": f"{year}年{cumulative_label(month)}"}
    return None


@business_user
def sheet_import(request):
    region = _reader(request)
    require(permissions.can_write_region(request.user, region), _("只有项目办可以导入指标数据。"))
    pending = request.session.get(SESSION_KEY, {})
    indicators = selectors.catalogue(active_only=True)
    if request.method == "POST" and request.POST.get("token"):  # confirm what the preview showed
        token = request.POST["token"]
        entry = pending.pop(token, None)  # only a token this session was given names a file
        request.session[SESSION_KEY] = pending
        path = _uploads() / f"{token}.xlsx" if entry else None
        if path is None or not path.exists():
            messages.error(request, _("上传的文件已失效，请重新上传。"))
            return redirect("economy:import")
        try:
            parsed = read_indicator_sheet(path, indicators=indicators)
            if parsed.errors:
                raise ValidationError([str(e) for e in parsed.errors])
            result = services.values_import(actor=request.user, region=region, year=entry["year"],
                                            month=entry["month"], rows=_rows_for(parsed), filename=entry["name"])
        except (SheetError, ValidationError) as error:
            messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
            return redirect("economy:import")
        finally:
            path.unlink(missing_ok=True)
        messages.success(request, _("导入完成：新增%(c)s项，更新%(u)s项。") % {"c": result.created, "u": result.updated})
        return redirect(f"{_monitor_url()}?period={period_key(entry['year'], entry['month'])}")

    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "region": region}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year, month = parse_period(form.cleaned_data["period"])
        try:
            require_size(upload)
        except ValidationError as error:
            form.add_error("file", error)
            return render(request, "economy/import.html", context)
        token = uuid.uuid4().hex
        path = _uploads() / f"{token}.xlsx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            parsed = read_indicator_sheet(path, indicators=indicators)
        except SheetError as error:
            path.unlink(missing_ok=True)
            form.add_error("file", str(error))
            return render(request, "economy/import.html", context)
        errors = [str(e) for e in parsed.errors]
        if mismatch := _period_mismatch(parsed, year, month):
            errors.insert(0, mismatch)
        # the service's own checks too, so that the preview shows every row the confirm would refuse
        errors += [_("第%(r)s行：%(m)s") % {"r": r.row, "m": m}
                   for r in parsed.rows for m in services.value_problems(r.indicator, r.figures).values()]
        if errors or not parsed.rows:
            path.unlink(missing_ok=True)
        else:
            pending[token] = {"name": upload.name[:100], "year": year, "month": month}
            request.session[SESSION_KEY] = pending
            context["token"] = token
        existing = set(IndicatorValue.objects.filter(region=region, year=year, month=month).values_list(
            "indicator_id", flat=True))
        context.update(parsed=parsed, errors=errors, label=f"{year}年{cumulative_label(month)}",
                       existing=existing)
    return render(request, "economy/import.html", context)


@business_user
def export(request):
    region = _reader(request)
    period = _period(request, region)
    if period is None:
        raise Http404
    year, month = period
    content = indicator_workbook(region, year, month)
    audit.record(actor=request.user, action="export.indicators", target=region,
                 changes={"period": [None, period_key(year, month)]})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''indicators-{period_key(year, month)}.xlsx"
    return response
