"""The JSON API's hazards, key tasks and tours in the route × role matrix (a GET by a signed-in session, as the
matrix makes every request; see routes_api.py for how API answers differ from the pages'). The objects are the
ones routes_safety.py, routes_tasks.py and routes_tours.py put on the scene: the department's and the owner's
hazard and its other-zone twin, 住建局's task, the closed demo tour (leader, office and department observe it)
and `other_tour`, which the department does not observe."""

from django.urls import reverse

from .matrix import DENY, HIDE, OK, POST_ONLY, ROLES
from .routes_api import API_BUSINESS, API_NO_GET, UNAUTHENTICATED


def api(name, *attrs):
    return lambda s: reverse(f"api:{name}", args=[getattr(s, a).pk for a in attrs])


def _row(**answers):
    row = {**dict.fromkeys(ROLES, DENY), "anonymous": UNAUTHENTICATED}
    row.update(answers)
    return row


TASK_READERS = _row(department=OK, coordinator=OK, leader=OK)
# A POST-only path under /tasks: the owner's 405 comes before anyone is asked who they are, like every role's.
TASK_NO_GET = API_NO_GET
TOUR_RESULTS = _row(owner=HIDE, coordinator=OK, leader=OK)

MATRIX = {
    "api:hazards": (api("hazards"), API_BUSINESS),
    "api:hazard_stats": (api("hazard_stats"), API_BUSINESS),
    "api:hazard": (api("hazard", "hazard"), API_BUSINESS),
    "api:hazard_record": (api("hazard_record", "inspection"), API_NO_GET),
    "api:hazard_plan": (api("hazard_plan", "hazard"), API_NO_GET),
    "api:hazard_handover": (api("hazard_handover", "hazard"), API_NO_GET),
    "api:hazard_progress": (api("hazard_progress", "hazard"), API_NO_GET),
    "api:hazard_rectified": (api("hazard_rectified", "hazard"), API_NO_GET),
    "api:hazard_accept": (api("hazard_accept", "hazard"), API_NO_GET),
    "api:hazard_return": (api("hazard_return", "hazard"), API_NO_GET),
    "api:hazard_supervise": (api("hazard_supervise", "hazard"), API_NO_GET),
    # /tasks answers GET (list) and POST (create); /tasks/{id} GET (detail) and PUT (update): the GET stands for both.
    "api:tasks": (api("tasks"), TASK_READERS),
    "api:task_create": (api("task_create"), TASK_READERS),
    "api:task": (api("task", "task"), TASK_READERS),
    "api:task_update": (api("task_update", "task"), TASK_READERS),
    "api:task_progress": (api("task_progress", "task"), TASK_NO_GET),
    "api:task_step_done": (lambda s: reverse("api:task_step_done", args=[s.task.pk, s.task.steps.first().pk]),
                           TASK_NO_GET),
    "api:task_close": (api("task_close", "task"), TASK_NO_GET),
    "api:tours": (api("tours"), API_BUSINESS),
    "api:tour": (api("tour", "tour"), TOUR_RESULTS),
    "api:tour_results": (api("tour_results", "tour"), TOUR_RESULTS),
    "api:tour_sheet": (api("tour_sheet", "tour"), _row(owner=HIDE, department=OK, coordinator=OK, leader=OK)),
    "api:tour_score": (api("tour_score", "tour", "tour_stop"), dict.fromkeys(ROLES, POST_ONLY)),
}

OUT_OF_SCOPE = {
    "api:hazard": api("hazard", "other_hazard"),
    "api:tour_sheet": api("tour_sheet", "other_tour"),
}
