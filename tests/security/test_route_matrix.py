"""Every route × every role, built from the URL configuration (等保 访问控制).

The matrix below is the expected answer of a GET by each role to each route, for an object in the demo
`owner`'s and `department`'s scope, and (second table) for an object outside it. A route that the URL
configuration has and the matrix does not fails `test_every_route_has_an_entry`: no later page can forget
to say who may open it.
"""

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import get_resolver, reverse

from tuijin.core.loop import LetterKind
from tuijin.dispatch.models import Period, Problem, ProgressReport, ReportPhoto
from tuijin.org.models import User
from tuijin.projects.models import ProgrammeList, Project

from .matrix import BUSINESS, DENY, GO, HIDE, LEFT_TO_ADMIN_TESTS, OK, POST, POST_ONLY, ROLES, only

# route name → (how to build its URL from the scene, expected status per role)
MATRIX = {
    "home": (lambda s: "/", dict.fromkeys(ROLES, GO)),
    "login": (lambda s: "/accounts/login/", {**dict.fromkeys(ROLES, GO), "anonymous": OK}),
    "logout": (lambda s: "/accounts/logout/", dict.fromkeys(ROLES, POST_ONLY)),
    "password_change": (lambda s: "/accounts/password/", {**dict.fromkeys(ROLES, OK), "anonymous": GO}),
    "projects:registry": (lambda s: reverse("projects:registry"), BUSINESS),
    "projects:export": (lambda s: reverse("projects:export"), BUSINESS),
    "projects:oc4ids": (lambda s: reverse("projects:oc4ids"), only("coordinator")),
    "projects:create": (lambda s: reverse("projects:create"), only("department", "coordinator")),
    "projects:detail": (lambda s: reverse("projects:detail", args=[s.project.pk]), BUSINESS),
    "projects:history": (lambda s: reverse("projects:history", args=[s.project.pk]), BUSINESS),
    "projects:edit": (lambda s: reverse("projects:edit", args=[s.project.pk]),
                      only("owner", "department", "coordinator")),
    "projects:transition": (lambda s: reverse("projects:transition", args=[s.project.pk]), POST),
    "projects:team": (lambda s: reverse("projects:team", args=[s.project.pk]), only("department", "coordinator")),
    "projects:plan_upload": (lambda s: reverse("projects:plan_upload", args=[s.project.pk]), POST),
    "projects:plan_download": (lambda s: reverse("projects:plan_download", args=[s.project.pk]), BUSINESS),
    "projects:milestone_new": (lambda s: reverse("projects:milestone_new", args=[s.project.pk]),
                               only("owner", "department", "coordinator")),
    "projects:milestone_edit": (lambda s: reverse("projects:milestone_edit", args=[s.project.pk, s.milestone.pk]),
                                only("owner", "department", "coordinator")),
    "projects:preparation_edit": (lambda s: reverse("projects:preparation_edit", args=[s.project.pk, "site"]),
                                  only("owner", "department", "coordinator")),
    "projects:membership_edit": (lambda s: reverse("projects:membership_edit", args=[s.project.pk, s.programme.pk]),
                                 only("coordinator")),
    "dispatch:periods": (lambda s: reverse("dispatch:periods"), BUSINESS),
    "dispatch:board": (lambda s: reverse("dispatch:board", args=[s.period.pk]), BUSINESS),
    "dispatch:close": (lambda s: reverse("dispatch:close", args=[s.period.pk]), POST),
    "dispatch:import": (lambda s: reverse("dispatch:import", args=[s.period.pk]), only("coordinator")),
    "dispatch:export": (lambda s: reverse("dispatch:export", args=[s.period.pk]), only("coordinator", "leader")),
    "dispatch:report": (lambda s: reverse("dispatch:report", args=[s.period.pk, s.project.pk]), BUSINESS),
    "dispatch:photos_add": (lambda s: reverse("dispatch:photos_add", args=[s.report.pk]), POST),
    "dispatch:review": (lambda s: reverse("dispatch:review", args=[s.report.pk, "approve"]), POST),
    "dispatch:photo": (lambda s: reverse("dispatch:photo", args=[s.photo.pk]), BUSINESS),
    "dispatch:problems": (lambda s: reverse("dispatch:problems"), BUSINESS),
    "dispatch:problem": (lambda s: reverse("dispatch:problem", args=[s.problem.pk]), BUSINESS),
    "dispatch:problem_raise": (lambda s: reverse("dispatch:problem_raise", args=[s.project.pk]), POST),
    "bulletins:index": (lambda s: reverse("bulletins:index"), BUSINESS),
    "bulletins:period": (lambda s: reverse("bulletins:period", args=[s.period.pk]), BUSINESS),
    "bulletins:file": (lambda s: reverse("bulletins:file", args=[s.bulletin.pk]), BUSINESS),
    "bulletins:letter": (lambda s: reverse("bulletins:letter", args=[s.problem.pk, "supervise"]), POST),
    "bulletins:letter_file": (lambda s: reverse("bulletins:letter_file", args=[s.letter.pk]), BUSINESS),
    "org:enterprises": (lambda s: reverse("org:enterprises"), only("department", "coordinator", "leader")),
    "org:lockouts": (lambda s: reverse("org:lockouts"), {**dict.fromkeys(ROLES, DENY), "admin": OK, "anonymous": GO}),
    "org:lockout_release": (lambda s: reverse("org:lockout_release"),
                            {**dict.fromkeys(ROLES, POST_ONLY), "anonymous": GO}),  # roles: test_lockout_release
    "dashboard:index": (lambda s: reverse("dashboard:index"), BUSINESS),
    "dashboard:drill": (lambda s: reverse("dashboard:drill"), BUSINESS),
    "tracking:warnings": (lambda s: reverse("tracking:warnings"), BUSINESS),
    "tracking:warnings_export": (lambda s: reverse("tracking:warnings_export"), BUSINESS),
    "tracking:keep": (lambda s: reverse("tracking:keep", args=[s.period.pk]), POST),
    "tracking:rankings": (lambda s: reverse("tracking:rankings"), BUSINESS),
    "tracking:rules": (lambda s: reverse("tracking:rules"), BUSINESS),
    "tracking:rule_edit": (lambda s: reverse("tracking:rule_edit", args=["progress"]), only("coordinator")),
    "tracking:forecast": (lambda s: reverse("tracking:forecast"), BUSINESS),
}

# The same routes for an object outside the owner's and the department's scope: they get 404, no hint.
OUT_OF_SCOPE = {
    "projects:detail": lambda s: reverse("projects:detail", args=[s.other.pk]),
    "projects:edit": lambda s: reverse("projects:edit", args=[s.other.pk]),
    "projects:history": lambda s: reverse("projects:history", args=[s.other.pk]),
    "projects:team": lambda s: reverse("projects:team", args=[s.other.pk]),
    "projects:milestone_new": lambda s: reverse("projects:milestone_new", args=[s.other.pk]),
    "dispatch:report": lambda s: reverse("dispatch:report", args=[s.period.pk, s.other.pk]),
    "dispatch:problem": lambda s: reverse("dispatch:problem", args=[s.other_problem.pk]),
    "bulletins:letter_file": lambda s: reverse("bulletins:letter_file", args=[s.other_letter.pk]),
}


def _domain_modules():
    package = Path(__file__).parent
    return [importlib.import_module(f"{__package__}.{info.name}")
            for info in pkgutil.iter_modules([str(package)]) if info.name.startswith("routes_")]


DOMAINS = _domain_modules()
for _module in DOMAINS:
    assert not MATRIX.keys() & _module.MATRIX.keys(), f"{_module.__name__} repeats routes of the main matrix"
    MATRIX.update(_module.MATRIX)
    OUT_OF_SCOPE.update(getattr(_module, "OUT_OF_SCOPE", {}))


def routes() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for name in walk(get_resolver().url_patterns) if name.split(":")[0] not in LEFT_TO_ADMIN_TESTS}


def test_every_route_has_an_entry():
    missing = sorted(routes() - MATRIX.keys())
    assert not missing, f"routes with no entry in the permission matrix: {missing}"
    assert not sorted(MATRIX.keys() - routes()), "the matrix names routes that no longer exist"


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    from tuijin.bulletins.services import bulletin_issue, problem_letter
    from tuijin.demo.zone import ZoneBuilder
    from tuijin.projects.services import project_attach_plan

    media = tmp_path_factory.mktemp("media")
    old_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(media)
    with django_db_blocker.unblock(), transaction.atomic():
        ZoneBuilder("pw").build()
        s = type("Scene", (), {})()
        s.media = str(media)
        coordinator = User.objects.get(username="coordinator")
        s.project = Project.objects.get(name="紫荆大道（东延）建设工程")  # the owner's and 住建局's
        s.other = Project.objects.get(name="瑞庆混动发动机项目")  # neither's
        s.milestone = s.project.milestones.first()
        s.programme = ProgrammeList.objects.get(name="2025年区定“三十工程”")
        s.period = Period.objects.get(year=2025, month=6)
        s.report = ProgressReport.objects.get(project=s.project, period__year=2025, period__month=5)
        s.photo = ReportPhoto.objects.create(report=s.report, image=ContentFile(b"\xff\xd8\xff", name="site.jpg"))
        s.problem = Problem.objects.get(project=s.project)
        s.other_problem = Problem.objects.get(project__name="氢能装备产业园项目")
        project_attach_plan(actor=coordinator, project=s.project, document=ContentFile(b"plan", name="plan.docx"))
        s.bulletin = bulletin_issue(actor=coordinator, period=s.period, programme=s.programme, requirements="")
        s.letter = problem_letter(actor=coordinator, problem=s.problem, kind=LetterKind.SUPERVISE)
        s.other_letter = problem_letter(actor=coordinator, problem=s.other_problem, kind=LetterKind.REMIND)
        for module in DOMAINS:
            if hasattr(module, "add_to_scene"):
                module.add_to_scene(s)
        yield s
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_media


@pytest.fixture
def _media_in_tmp(scene, settings):
    """The scene's files (plan, photo, bulletin, letters) live in the module's media folder."""
    settings.MEDIA_ROOT = scene.media


def open_as(client, role: str, url: str) -> int:
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    return client.get(url).status_code


@pytest.mark.parametrize("route", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer(scene, db, client, route, role):
    build, expected = MATRIX[route]
    assert open_as(client, role, build(scene)) == expected[role]


@pytest.mark.parametrize("route", sorted(OUT_OF_SCOPE))
@pytest.mark.parametrize("role", ["owner", "department"])
def test_out_of_scope_objects_are_not_found(scene, db, client, route, role):
    assert open_as(client, role, OUT_OF_SCOPE[route](scene)) == HIDE
