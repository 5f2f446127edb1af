"""Writes of the bulletins app: issuing a bulletin, issuing a letter about a problem. Each is atomic, checks
who acts, and writes its audit event."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit, loop_services
from tuijin.core.loop import LetterKind, LoopStep
from tuijin.dispatch import permissions as dispatch_permissions
from tuijin.dispatch.models import Bulletin, Period, Problem
from tuijin.org.models import Region
from tuijin.projects.models import ProgrammeList
from tuijin.projects.permissions import require

from .context import bulletin_context
from .documents import render_bulletin, render_letter
from .selectors import programmes_for

DEFAULT_LETTER_PREFIX = "高新项目办"


def next_bulletin_number(period: Period) -> int:
    """期号: the bulletins already issued for the periods of the same region and year, plus one."""
    return Bulletin.objects.filter(period__region_id=period.region_id, period__year=period.year).count() + 1


def _check_scope(actor, period: Period) -> None:
    if actor.region_id and not period.region.path.startswith(actor.region.path):
        raise PermissionDenied(_("此调度期不在您的管辖范围内。"))


def _check_programme(period: Period, programme: ProgrammeList | None) -> None:
    if programme is not None and not programmes_for(period).filter(pk=programme.pk).exists():
        raise ValidationError({"programme": _("清单“%(l)s”不是%(y)s年本区域的清单。") % {
            "l": programme.name, "y": period.year}})


@transaction.atomic
def bulletin_issue(*, actor, period: Period, programme: ProgrammeList | None, requirements: str,
                   issued_on: date | None = None) -> Bulletin:
    """Issue the bulletin of `period` (about `programme`, or every project due to report): number it,
    render it, keep the file exactly as issued, and record who issued it."""
    require(dispatch_permissions.can_run_periods(actor), _("只有项目办可以印发调度通报。"))
    period = Period.objects.select_related("region").get(pk=period.pk)
    _check_scope(actor, period)
    _check_programme(period, programme)
    # One issuer at a time per region, so two bulletins never take the same 期号.
    Region.objects.select_for_update().filter(pk=period.region_id).first()
    number = next_bulletin_number(period)
    issued_on = issued_on or timezone.localdate()
    context = bulletin_context(period=period, programme=programme, requirements=requirements, number=number,
                               issued_on=issued_on)
    content = render_bulletin(context)
    bulletin = Bulletin(period=period, programme=programme, number=number, title=context["title"][:200],
                        requirements=requirements, issued_by=actor)
    bulletin.document.save(f"bulletin-{period.label}-{number}.docx", ContentFile(content), save=False)
    bulletin.save()
    audit.record(actor=actor, action="bulletin.issue", target=bulletin, changes={
        "number": [None, number], "title": [None, bulletin.title],
        "programme": [None, programme.name if programme else ""],
        "file": [None, bulletin.document.name], "sha256": [None, hashlib.sha256(content).hexdigest()],
    })
    return bulletin


def letter_prefix() -> str:
    return getattr(settings, "TUIJIN_LETTER_PREFIX", DEFAULT_LETTER_PREFIX)


def next_letter_number(year: int) -> str:
    """文号 such as 高新项目办〔2025〕7号: the letters already issued with this prefix that year, plus one."""
    stem = f"{letter_prefix()}〔{year}〕"
    count = LoopStep.objects.filter(kind=LoopStep.Kind.LETTER, letter_number__startswith=stem).count()
    return f"{stem}{count + 1}号"


@transaction.atomic
def problem_letter(*, actor, problem: Problem, kind: str) -> LoopStep:
    """Issue a 交办函 / 提醒函 / 督办函 about an open problem to the department it is handed to, and keep it
    with the problem's loop."""
    require(dispatch_permissions.can_direct_problem(actor, problem), _("只有项目办可以发函。"))
    if kind not in LetterKind.values:
        raise ValidationError({"kind": _("未知的函件类型。")})
    problem = Problem.objects.select_for_update(of=("self",)).select_related(
        "project__owner", "project__leader", "project__region", "department").get(pk=problem.pk)
    if not problem.is_open:
        raise ValidationError(_("此问题已办结，不能再发函。"))
    if problem.department_id is None:
        raise ValidationError({"department": _("请先将问题交办给责任单位，再发函。")})
    issued_on = timezone.localdate()
    # Serialise numbering: every letter shares one series a year, so lock the top of the region tree.
    root = int(problem.project.region.path.strip("/").split("/")[0])
    Region.objects.select_for_update().filter(pk=root).first()
    number = next_letter_number(issued_on.year)
    content = render_letter(problem=problem, kind=kind, number=number, issued_on=issued_on)
    serial = number.removeprefix(f"{letter_prefix()}〔{issued_on.year}〕").removesuffix("号")
    return loop_services.loop_letter(actor=actor, item=problem, kind=kind, number=number, content=content,
                                     filename=f"{kind}-{issued_on.year}-{serial}.docx", project=problem.project)
