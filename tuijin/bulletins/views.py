"""Bulletin pages. Each view parses, asks permissions, calls one selector or service, and renders.

- the project office previews and issues the bulletin of a period and generates letters about problems;
- every business role may download an issued bulletin of a period it sees, and a letter about a problem it sees;
- auditor and admin see none of it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuijin.core import audit
from tuijin.core.loop import LetterKind
from tuijin.core.pages import add_errors, business_user, issue_letter
from tuijin.dispatch.permissions import can_run_periods
from tuijin.projects.permissions import require

from . import selectors, services
from .context import bulletin_context, default_requirements
from .documents import DOCX_TYPE
from .forms import BulletinForm


def _can_issue(user, period) -> bool:
    return can_run_periods(user) and (not user.region_id or period.region.path.startswith(user.region.path))


@business_user
def index(request):
    periods = selectors.periods_with_bulletins(request.user)
    return render(request, "bulletins/index.html", {"periods": periods})


@business_user
def period_page(request, period_id):
    """The bulletins of a period; for the project office, the form that previews and issues the next one."""
    period = selectors.get_visible_period(request.user, period_id)
    can_issue = _can_issue(request.user, period)
    form, preview = None, None
    if request.method == "POST":
        require(can_issue, _("只有项目办可以印发调度通报。"))
        form = BulletinForm(request.POST, period=period)
        if form.is_valid():
            data = form.cleaned_data
            if request.POST.get("action") == "issue":
                try:
                    bulletin = services.bulletin_issue(actor=request.user, period=period,
                                                       programme=data["programme"],
                                                       requirements=data["requirements"])
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(request, _("已印发%(t)s（第%(n)s期）。") % {"t": bulletin.title,
                                                                          "n": bulletin.number})
                    return redirect("bulletins:period", period_id=period.pk)
            else:
                preview = bulletin_context(period=period, programme=data["programme"],
                                           requirements=data["requirements"],
                                           number=services.next_bulletin_number(period),
                                           issued_on=timezone.localdate())
                if request.htmx:
                    return render(request, "bulletins/_preview.html", {"preview": preview})
    elif can_issue:
        programmes = selectors.programmes_for(period)
        initial = programmes.filter(region=period.region).first() or programmes.first()
        form = BulletinForm(period=period, initial={"programme": initial, "requirements": default_requirements()})
    context = {"period": period, "bulletins": selectors.period_bulletins(period), "form": form,
               "preview": preview, "can_issue": can_issue,
               "next_number": services.next_bulletin_number(period) if can_issue else None}
    return render(request, "bulletins/period.html", context)


@business_user
def bulletin_file(request, bulletin_id):
    """An issued bulletin, byte for byte as it was issued."""
    bulletin = selectors.get_visible_bulletin(request.user, bulletin_id)
    if not bulletin.document:
        raise Http404
    audit.record(actor=request.user, action="download.bulletin", target=bulletin)
    return FileResponse(bulletin.document.open("rb"), as_attachment=True, filename=f"{bulletin.title}.docx",
                        content_type=DOCX_TYPE)


def _back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return fallback


@business_user
@require_POST
def letter(request, problem_id, kind):
    """Generate a 交办函 / 提醒函 / 督办函 about a problem (project office only) and keep it with the problem."""
    require(can_run_periods(request.user), _("只有项目办可以发函。"))
    if kind not in LetterKind.values:
        raise Http404
    problem = selectors.get_visible_problem(request.user, problem_id)
    step = issue_letter(request, lambda: services.problem_letter(actor=request.user, problem=problem, kind=kind))
    if step is None:
        return _back(request, redirect("bulletins:index"))
    return _back(request, redirect("bulletins:letter_file", step_id=step.pk))


@business_user
def letter_file(request, step_id):
    step = selectors.get_visible_letter(request.user, step_id)
    problem = step.item
    audit.record(actor=request.user, action="download.letter", target=problem, project=problem.project,
                 changes={"letter": [None, step.letter_number]})
    label = LetterKind(step.letter_kind).label if step.letter_kind in LetterKind.values else _("函件")
    return FileResponse(step.letter.open("rb"), as_attachment=True, filename=f"{label}{step.letter_number}.docx",
                        content_type=DOCX_TYPE)
