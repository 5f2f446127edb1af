"""班子汇报 pages: the leaders of the region (project office), one leader's printable brief, its Word
download, issuing it, and the briefs already issued."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.pages import business_user
from tuijin.core.roles import Role
from tuijin.tracking.dashboard import default_as_of

from . import permissions, selectors, services
from .context import brief_context
from .documents import DOCX_TYPE, render_brief
from .models import Brief


def _as_of(request) -> date:
    """The date asked for (?as_of=YYYY-MM-DD, not in the future), else the dashboard's default date."""
    text = request.GET.get("as_of") or request.POST.get("as_of") or ""
    try:
        asked = date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        asked = None
    if asked is not None and asked <= timezone.localdate():
        return asked
    return default_as_of(request.user)


def _attachment(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@business_user
def index(request):
    if request.user.role == Role.LEADER and request.user.person_id:
        return redirect("briefs:brief", person_id=request.user.person_id)
    if request.user.role != Role.COORDINATOR:
        raise PermissionDenied(_("班子成员工作汇报只有本人和项目办查看。"))
    return render(request, "briefs/index.html", {"leaders": selectors.region_leaders(request.user),
                                                 "as_of": _as_of(request)})


@business_user
def brief(request, person_id):
    person = selectors.get_leader(request.user, person_id)
    as_of = _as_of(request)
    context = brief_context(person, as_of=as_of)
    context.update({"issued": selectors.issued_briefs(person), "can_issue": permissions.can_issue(request.user, person),
                    "already_issued": selectors.issued_briefs(person).filter(as_of=as_of).exists()})
    return render(request, "briefs/brief.html", context)


@business_user
def word(request, person_id):
    """The brief as it stands, as a Word document (not stored: issuing stores it)."""
    person = selectors.get_leader(request.user, person_id)
    as_of = _as_of(request)
    context = brief_context(person, as_of=as_of, issued_on=timezone.localdate())
    audit.record(actor=request.user, action="download.brief", target=person,
                 changes={"as_of": [None, as_of.isoformat()]})
    return _attachment(render_brief(context), _("%(p)s工作汇报%(d)s.docx") % {"p": person.name, "d": as_of.isoformat()})


@business_user
@require_POST
def issue(request, person_id):
    person = selectors.get_leader(request.user, person_id)
    as_of = _as_of(request)
    try:
        issued = services.brief_issue(actor=request.user, person=person, as_of=as_of)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已印发%(p)s截至%(d)s的工作汇报，下次汇报将以此为对比起点。") % {
            "p": person.name, "d": issued.as_of.isoformat()})
    return redirect(f"{reverse('briefs:brief', args=[person.pk])}?as_of={as_of.isoformat()}")


@business_user
def issued_file(request, pk):
    """An issued brief, byte for byte as it was issued."""
    item = get_object_or_404(Brief.objects.select_related("person__region"), pk=pk)
    selectors.get_leader(request.user, item.person_id)
    if not item.document:
        raise Http404
    audit.record(actor=request.user, action="download.brief_issued", target=item)
    return FileResponse(item.document.open("rb"), as_attachment=True, content_type=DOCX_TYPE,
                        filename=_("%(p)s工作汇报%(d)s.docx") % {"p": item.person.name, "d": item.as_of.isoformat()})
