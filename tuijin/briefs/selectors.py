"""Reads for leaders' briefs: whose briefs a user may open, a brief's previous one, and what a brief says."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tuijin.core.roles import Role
from tuijin.org.models import Person

from . import permissions
from .models import Brief
from .sections import SECTIONS, BriefSection
from .sections_projects import key_figures


def region_leaders(user) -> QuerySet[Person]:
    """The leaders (区领导, org.Person.is_leader) whose briefs `user` may open, with their latest brief's date."""
    people = Person.objects.filter(is_leader=True).select_related("region")
    if user.role == Role.LEADER:
        people = people.filter(pk=user.person_id) if user.person_id else people.none()
    elif user.role == Role.COORDINATOR:
        if user.region_id:
            people = people.filter(region__path__startswith=user.region.path)
    else:
        people = people.none()
    latest = Brief.objects.filter(person=OuterRef("pk")).order_by("-as_of", "-id")
    return people.annotate(last_as_of=Subquery(latest.values("as_of")[:1])).order_by("order", "id")


def get_leader(user, pk) -> Person:
    """The leader, or 404 when not a leader of the user's region; 403 when in it but not the user's to read."""
    try:
        person = Person.objects.select_related("region").get(pk=pk, is_leader=True)
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if user.role == Role.COORDINATOR and not permissions.in_region(user, person):
        raise Http404
    if not permissions.can_read(user, person):
        raise PermissionDenied(_("班子成员工作汇报只有本人和项目办查看。"))
    return person


def previous_brief(person, as_of: date) -> Brief | None:
    """The brief issued before `as_of`: its date is the brief's `since`."""
    return Brief.objects.filter(person=person, as_of__lt=as_of).select_related("issued_by").order_by(
        "-as_of", "-id").first()


def issued_briefs(person) -> QuerySet[Brief]:
    return Brief.objects.filter(person=person).select_related("issued_by")


def sections_for(person, *, as_of: date, since: date | None) -> list[BriefSection]:
    """Every domain's part of the brief, in the order of SECTIONS; parts with nothing to say are left out."""
    found = (import_string(path)(person, as_of=as_of, since=since) for path in SECTIONS)
    return [section for section in found if section is not None]


def snapshot(person, *, as_of: date, sections: list[BriefSection]) -> dict:
    """What a brief keeps of itself for the next one: the key figures and each section's number of rows."""
    return {"figures": key_figures(person, as_of=as_of),
            "sections": {section.title: len(section.rows) for section in sections}}
