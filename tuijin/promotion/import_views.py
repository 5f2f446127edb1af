"""Lead ledger import in the browser: upload → preview (a dry run: every row's errors, nothing saved) → confirm.
The upload waits under var/ for the confirm, for its user only."""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuijin.core.forms import StyledFormMixin
from tuijin.core.uploads import require_size

from . import permissions
from .ledger_import import import_ledger
from .views import promotion_page

SESSION_KEY = "pending_lead_imports"


def _uploads() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("招商项目台账（.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        require_size(upload)
        return upload


@promotion_page
def ledger_import(request):
    permissions.require(permissions.can_import(request.user), _("只有项目办可以导入招商台账。"))
    pending = request.session.get(SESSION_KEY, {})
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        entry = pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        path = _uploads() / f"{token}.xlsx"
        if entry is None or not path.is_file() or not token.isalnum():
            messages.error(request, _("上传的文件已失效，请重新上传。"))
            return redirect("promotion:import")
        with path.open("rb") as handle:
            result = import_ledger(actor=request.user, file=handle)
        path.unlink(missing_ok=True)
        if result.errors:
            return render(request, "promotion/import.html", {"form": UploadForm(), "result": result, "failed": True})
        messages.success(request, _("导入完成：%(r)s行，新增%(c)s条招商线索。") % {"r": result.rows, "c": result.created})
        return redirect("promotion:leads")

    form = UploadForm(request.POST or None, request.FILES or None)
    result = token = None
    if request.method == "POST" and form.is_valid():
        token = uuid.uuid4().hex
        path = _uploads() / f"{token}.xlsx"
        with path.open("wb") as out:
            for chunk in form.cleaned_data["file"].chunks():
                out.write(chunk)
        with path.open("rb") as handle:
            result = import_ledger(actor=request.user, file=handle, dry_run=True)
        if result.errors:
            path.unlink(missing_ok=True)
            token = None
        else:
            pending[token] = {"name": form.cleaned_data["file"].name}
            request.session[SESSION_KEY] = pending
    return render(request, "promotion/import.html", {"form": form, "result": result, "token": token})
