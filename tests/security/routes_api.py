"""The JSON API's rows of the route × role matrix, and the 接口令牌 page's.

A GET by a signed-in session, as the matrix makes every request. API answers differ from the pages' in two
ways: a caller who is not signed in gets 401 (an API does not redirect to a login page), and a path that has
no GET answers 405 to everyone, before anyone is asked who they are (nothing runs, nothing is revealed).
"""

from django.urls import reverse

from .matrix import DENY, GO, OK, POST, POST_ONLY, ROLES

UNAUTHENTICATED = 401
API_BUSINESS = {"owner": OK, "department": OK, "coordinator": OK, "leader": OK, "auditor": DENY, "admin": DENY,
                "anonymous": UNAUTHENTICATED}
API_NO_GET = dict.fromkeys(ROLES, POST_ONLY)


def api(name, *attrs):
    """The URL of API operation `name`, its path arguments the scene's objects of those names."""
    return lambda s: reverse(f"api:{name}", args=[getattr(s, a).pk for a in attrs])


MATRIX = {
    "api:api-root": (api("api-root"), dict.fromkeys(ROLES, GO)),
    "api:openapi-json": (api("openapi-json"), {**dict.fromkeys(ROLES, OK), "anonymous": UNAUTHENTICATED}),
    "api:openapi-view": (api("openapi-view"), {**dict.fromkeys(ROLES, OK), "anonymous": GO}),
    "api:regions": (api("regions"), API_BUSINESS),
    "api:departments": (api("departments"), API_BUSINESS),
    "api:enterprises": (api("enterprises"), {**API_BUSINESS, "owner": DENY}),
    # /projects answers GET (list) and POST (create): the GET answer stands for both names.
    "api:projects": (api("projects"), API_BUSINESS),
    "api:project_create": (api("project_create"), API_BUSINESS),
    "api:project": (api("project", "project"), API_BUSINESS),
    "api:project_update": (api("project_update", "project"), API_BUSINESS),
    "api:project_transition": (api("project_transition", "project"), API_NO_GET),
    "api:milestones": (api("milestones", "project"), API_BUSINESS),
    "api:milestone_create": (api("milestone_create", "project"), API_BUSINESS),
    "api:milestone_update": (api("milestone_update", "project", "milestone"), API_NO_GET),
    "api:periods": (api("periods"), API_BUSINESS),
    "api:period_open": (api("period_open"), API_BUSINESS),
    "api:period_close": (api("period_close", "period"), API_NO_GET),
    "api:report": (api("report", "period", "project"), API_BUSINESS),
    "api:report_save": (api("report_save", "period", "project"), API_BUSINESS),
    "api:report_return": (api("report_return", "report"), API_NO_GET),
    "api:report_approve": (api("report_approve", "report"), API_NO_GET),
    "api:problems": (api("problems"), API_BUSINESS),
    "api:problem": (api("problem", "problem"), API_BUSINESS),
    "api:problem_raise": (api("problem_raise", "project"), API_NO_GET),
    "api:problem_handover": (api("problem_handover", "problem"), API_NO_GET),
    "api:problem_escalate": (api("problem_escalate", "problem"), API_NO_GET),
    "api:problem_close": (api("problem_close", "problem"), API_NO_GET),
    "api:progress": (api("progress"), API_BUSINESS),
    "api:warnings": (api("warnings"), API_BUSINESS),
    "api:dashboard": (api("dashboard"), API_BUSINESS),
    "tokens:list": (lambda s: reverse("tokens:list"), {"owner": OK, "department": OK, "coordinator": OK,
                                                       "leader": OK, "auditor": DENY, "admin": DENY,
                                                       "anonymous": GO}),
    "tokens:revoke": (lambda s: reverse("tokens:revoke", args=[1]), POST),
}

OUT_OF_SCOPE = {
    "api:project": api("project", "other"),
    "api:project_update": api("project_update", "other"),
    "api:milestones": api("milestones", "other"),
    "api:report": api("report", "period", "other"),
    "api:problem": api("problem", "other_problem"),
}
