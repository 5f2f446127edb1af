"""Reads for the bulletin pages, always through the user's scope."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tuijin.core.loop import LoopStep
from tuijin.dispatch.models import Bulletin, Period, Problem
from tuijin.dispatch.selectors import visible_periods, visible_problems
from tuijin.projects.models import ProgrammeList


def region_reach(region) -> Q:
    """Lists that apply to a region: its own, those of the regions above it, and those below it."""
    ancestors = [int(pk) for pk in region.path.strip("/").split("/")]
    return Q(region_id__in=ancestors) | Q(region__path__startswith=region.path)


def programmes_for(period: Period) -> QuerySet[ProgrammeList]:
    """The lists a bulletin for `period` may be about: that year's lists of the period's region chain."""
    return ProgrammeList.objects.filter(region_reach(period.region), year=period.year).select_related(
        "region").order_by("level", "id")


def periods_with_bulletins(user) -> QuerySet[Period]:
    return visible_periods(user).annotate(bulletin_count=Count("bulletins")).order_by("-year", "-month", "region_id")


def get_visible_period(user, pk) -> Period:
    try:
        return visible_periods(user).get(pk=pk)
    except (Period.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def period_bulletins(period: Period) -> QuerySet[Bulletin]:
    return period.bulletins.select_related("programme", "issued_by").order_by("-number")


def get_visible_bulletin(user, pk) -> Bulletin:
    """A bulletin of a period `user` sees, or 404 (no hint whether it exists)."""
    try:
        return Bulletin.objects.select_related("period", "programme").get(
            pk=pk, period__in=visible_periods(user).values("pk"))
    except (Bulletin.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_visible_problem(user, pk) -> Problem:
    try:
        return visible_problems(user).select_related("project__owner", "project__leader").get(pk=pk)
    except (Problem.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_visible_letter(user, pk) -> LoopStep:
    """A stored letter of a problem `user` may see (its project, or a problem handed to the user's
    department), or 404."""
    step = LoopStep.objects.filter(pk=pk, kind=LoopStep.Kind.LETTER,
                                   content_type=ContentType.objects.get_for_model(Problem)).first()
    if step is None or not step.letter:
        raise Http404
    if not visible_problems(user).filter(pk=step.object_id).exists():
        raise Http404
    return step


def problem_letters(problem: Problem) -> QuerySet[LoopStep]:
    return LoopStep.objects.filter(content_type=ContentType.objects.get_for_model(Problem), object_id=problem.pk,
                                   kind=LoopStep.Kind.LETTER).order_by("at", "id")
