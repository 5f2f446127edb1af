"""Sheet import in the browser: upload → preview (the dry run: column mapping, every row's errors, totals
checked against the sheet's own 合计) → confirm. The upload waits under var/ for the confirm, for its user only."""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core import audit
from tuijin.core.forms import StyledFormMixin
from tuijin.core.pages import business_user
from tuijin.core.text import parse_id
from tuijin.core.uploads import require_size
from tuijin.exchange.dispatch_sheet import dispatch_workbook
from tuijin.exchange.sheet_import import import_sheet
from tuijin.exchange.xlsx import XLSX_TYPE
from tuijin.projects.models import ProgrammeList
from tuijin.projects.permissions import require

from . import permissions
from .views import _period

SESSION_KEY = "pending_imports"


def _uploads() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("调度表（.xlsx）"))
    programme = forms.ModelChoiceField(label=gettext_lazy("计入清单（年度计划投资）"), required=False,
                                       queryset=ProgrammeList.objects.none(), empty_label=gettext_lazy("不计入清单"))

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the lists of the period's own region: the figures imported belong to that region's projects.
        self.fields["programme"].queryset = ProgrammeList.objects.filter(year=period.year, region=period.region)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        require_size(upload)
        return upload


@business_user
def sheet_import(request, pk):
    period = _period(request.user, pk)
    require(permissions.can_run_periods(request.user), _("只有项目办可以导入调度表。"))
    pending = request.session.get(SESSION_KEY, {})
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        entry = pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        path = _uploads() / f"{token}.xlsx"
        if entry is None or not path.exists():
            messages.error(request, _("上传的文件已失效，请重新上传。"))
            return redirect("dispatch:import", pk=period.pk)
        programme = ProgrammeList.objects.filter(pk=entry["programme"]).first() if entry["programme"] else None
        with path.open("rb") as handle:
            result = import_sheet(actor=request.user, file=handle, period=period, programme=programme,
                                  filename=entry["name"])
        path.unlink(missing_ok=True)
        if result.errors:
            return render(request, "dispatch/import.html", {"period": period, "result": result, "form": UploadForm(
                period=period), "failed": True})
        messages.success(request, _("导入完成：%(r)s行，新建%(c)s个项目，更新%(u)s个项目。") % {
            "r": result.rows, "c": result.created, "u": result.updated})
        return redirect("dispatch:board", pk=period.pk)

    form = UploadForm(request.POST or None, request.FILES or None, period=period)
    result = token = None
    if request.method == "POST" and form.is_valid():
        token = uuid.uuid4().hex
        path = _uploads() / f"{token}.xlsx"
        with path.open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        programme = form.cleaned_data["programme"]
        with path.open("rb") as handle:
            result = import_sheet(actor=request.user, file=handle, period=period, programme=programme, dry_run=True,
                                  filename=form.cleaned_data["file"].name)
        pending[token] = {"name": form.cleaned_data["file"].name, "programme": programme.pk if programme else None}
        request.session[SESSION_KEY] = pending
    return render(request, "dispatch/import.html", {"period": period, "form": form, "result": result,
                                                    "token": token})


@business_user
def sheet_export(request, pk):
    period = _period(request.user, pk)
    require(permissions.can_export_sheet(request.user), _("只有项目办和领导可以导出调度表。"))
    programme_id = parse_id(request.GET.get("programme"))
    programme = ProgrammeList.objects.filter(pk=programme_id).first() if programme_id else None
    content = dispatch_workbook(period, programme)
    audit.record(actor=request.user, action="export.dispatch_sheet", target=period,
                 changes={"programme": [None, str(programme) if programme else None]})
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''dispatch-{period.label}.xlsx"
    return response
