"""The 招商 routes of the route × role matrix. Owners, auditors and admins have no 招商 pages (403); the demo
department (住建局) answers for 城市更新综合体项目. Leads outside a department's scope answer 404: that is
tested in tests/promotion/test_promotion_pages.py, not in OUT_OF_SCOPE, whose owner row expects 404 where the
owner here gets 403 for the whole area."""

from django.urls import reverse

from .matrix import DENY, GO, POST_ONLY, ROLES, only

READERS = only("department", "coordinator", "leader")
# POST-only routes: the role check comes first (owner 403), then the method (405).
POSTS = {**dict.fromkeys(ROLES, POST_ONLY), "owner": DENY, "auditor": DENY, "admin": DENY, "anonymous": GO}


def _lead(name):
    return lambda s: reverse(name, args=[s.lead.pk])


MATRIX = {
    "promotion:board": (lambda s: reverse("promotion:board"), READERS),
    "promotion:leads": (lambda s: reverse("promotion:leads"), READERS),
    "promotion:kpis": (lambda s: reverse("promotion:kpis"), READERS),
    "promotion:export": (lambda s: reverse("promotion:export"), READERS),
    "promotion:import": (lambda s: reverse("promotion:import"), only("coordinator")),
    "promotion:create": (lambda s: reverse("promotion:create"), only("coordinator")),
    "promotion:detail": (_lead("promotion:detail"), READERS),
    "promotion:edit": (_lead("promotion:edit"), only("department", "coordinator")),
    "promotion:team": (_lead("promotion:team"), only("department", "coordinator")),
    "promotion:move": (_lead("promotion:move"), POSTS),
    "promotion:contact_add": (_lead("promotion:contact_add"), POSTS),
    "promotion:task_add": (_lead("promotion:task_add"), POSTS),
    "promotion:task_status": (lambda s: reverse("promotion:task_status", args=[s.lead.pk, s.lead_task.pk]), POSTS),
    "promotion:sign": (_lead("promotion:sign"), POSTS),
    "promotion:fund_add": (_lead("promotion:fund_add"), POSTS),
    "promotion:convert": (_lead("promotion:convert"), POSTS),
}


def add_to_scene(s):
    from tuijin.promotion.models import Lead, LeadTask

    s.lead = Lead.objects.get(name="城市更新综合体项目")
    s.lead_task = LeadTask.objects.order_by("id").first()
