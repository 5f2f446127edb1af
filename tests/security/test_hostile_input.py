"""Hostile input (等保 入侵防范): every page that the route matrix lets a role open is requested with hostile
query parameters, and every form that page offers that role is posted with hostile values: empty, huge
(100,000 characters), wrong type, a NUL byte, and script injection. The answer is never a 500, the user is
told in Chinese what was wrong, and a script comes back only as text.

The forms and parameters are read from the pages themselves (tests/security/hostile.py), so a page or form
added later is covered as soon as it is in the route matrix."""

from urllib.parse import urlencode, urljoin

import pytest
from django.urls import reverse

from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Problem, ProgressReport
from tuijin.org.models import Enterprise, User
from tuijin.projects.models import Project

from .hostile import (
    COMMON_PARAMS,
    ESCAPED_SCRIPT,
    HOSTILE,
    RAW_MARKUP,
    SCRIPT,
    assert_no_raw_markup,
    body,
    chinese_feedback,
    forms_of,
    hostile_post,
    is_html,
)
from .matrix import OK, ROLES
from .test_route_matrix import MATRIX, scene  # noqa: F401  (the demo scene the matrix uses)

# Every (route, role) the matrix answers with a page: each form is posted as each role that may use it.
OPEN = sorted((route, role) for route, (_build, expected) in MATRIX.items() for role in ROLES
              if expected[role] == OK)
# Query parameters are read the same way whoever asks: each page once, as the widest role that may open it.
READERS = ["coordinator", "leader", "department", "owner", "anonymous"]
READ = sorted((route, next(role for role in READERS if expected[role] == OK))
              for route, (_build, expected) in MATRIX.items() if any(expected[r] == OK for r in READERS))
# A huge value is tried on the page's own filter fields and these: 100,000 characters in each of two dozen
# parameters only measures Django's query-string parser.
HUGE_PARAMS = {"q", "page", "at", "status", "department"}
# 422: the API refusing a value its schema does not allow, in its one error format
ANSWERS = {200, 302, 400, 403, 404, 405, 422}


@pytest.fixture
def as_role(client, scene):  # noqa: F811
    def login(role):
        if role != "anonymous":
            client.force_login(User.objects.get(username=role))
        return client
    return login


def _params(page_forms) -> list[str]:
    names = {f["name"] for form in page_forms if form.method == "get" for f in form.fields}
    return sorted(names | set(COMMON_PARAMS))


@pytest.mark.parametrize(("route", "role"), READ)
def test_hostile_query_parameters_never_break_a_page(scene, db, as_role, settings, route, role):  # noqa: F811
    settings.MEDIA_ROOT = scene.media
    client = as_role(role)
    url = MATRIX[route][0](scene)
    first = client.get(url)
    page_forms = forms_of(body(first)) if is_html(first) else []
    names = _params(page_forms)
    own = {f["name"] for form in page_forms if form.method == "get" for f in form.fields}
    for variant, value in HOSTILE.items():
        chosen = [n for n in names if n in own | HUGE_PARAMS] if variant == "huge" else names
        response = client.get(f"{url}?{urlencode(dict.fromkeys(chosen, value))}")
        where = f"GET {route} as {role} with {variant}"
        if variant == "nul":
            assert response.status_code == 400, where
            assert "空字符" in body(response), where
            continue
        assert response.status_code in ANSWERS, where
        assert_no_raw_markup(response, where)


@pytest.mark.parametrize(("route", "role"), OPEN)
def test_hostile_form_values_are_refused_with_a_message_or_kept_as_text(scene, db, as_role, settings,  # noqa: F811
                                                                       route, role):
    settings.MEDIA_ROOT = scene.media
    client = as_role(role)
    url = MATRIX[route][0](scene)
    page = client.get(url)
    if not is_html(page):
        return
    posted = set()
    for form in forms_of(body(page)):
        target = urljoin(url, form.action) if form.action else url
        signature = (target, tuple(sorted(f["name"] for f in form.fields)))
        if form.method != "post" or signature in posted or "logout" in target:
            continue
        posted.add(signature)
        for variant, value in HOSTILE.items():
            where = f"POST {target} (form of {route}) as {role} with {variant}"
            data = hostile_post(form, value)
            response = client.post(target, data, follow=True)
            if variant == "nul" and value in data.values():
                assert response.status_code == 400 and "空字符" in body(response), where
                continue
            assert response.status_code in ANSWERS, where
            assert_no_raw_markup(response, where)
            # An empty post may be a valid one that shows a page (a preview, say); any other value is either
            # refused with a message or saved with one.
            if response.status_code == 200 and is_html(response) and variant != "empty":
                assert chinese_feedback(response), f"{where}: the page says nothing the user can act on"
            as_role(role)  # a password change or a login logs the client in afresh


# --- a script is stored as text and shown as text ------------------------------------------------------------

def _saved_and_shown(client, url, escaped=ESCAPED_SCRIPT):
    text = body(client.get(url))
    for raw in RAW_MARKUP:
        assert raw not in text
    assert escaped in text


def test_a_script_in_a_project_name_is_shown_as_text(scene, as_role):  # noqa: F811
    from tuijin.projects.services import project_update

    client = as_role("coordinator")
    project_update(actor=User.objects.get(username="coordinator"), project=scene.project, data={"name": SCRIPT})
    assert Project.objects.get(pk=scene.project.pk).name == SCRIPT  # kept as typed: escaping is the page's job
    _saved_and_shown(client, reverse("projects:detail", args=[scene.project.pk]))
    _saved_and_shown(client, reverse("projects:registry") + "?q=script")
    _saved_and_shown(client, reverse("projects:history", args=[scene.project.pk]))


def test_a_script_in_a_problem_is_shown_as_text(scene, as_role):  # noqa: F811
    client = as_role("owner")
    response = client.post(reverse("dispatch:problem_raise", args=[scene.project.pk]),
                           {"kind": "land", "description": SCRIPT})
    assert response.status_code == 302
    problem = Problem.objects.filter(project=scene.project).latest("id")
    assert problem.description == SCRIPT
    _saved_and_shown(client, reverse("dispatch:problem", args=[problem.pk]))


def test_a_script_in_an_enterprise_name_is_shown_as_text(scene, as_role):  # noqa: F811
    client = as_role("coordinator")
    region = User.objects.get(username="coordinator").region
    response = client.post(reverse("org:enterprises"), {"name": SCRIPT, "kind": Enterprise.Kind.choices[0][0],
                                                        "region": region.pk})
    assert response.status_code == 302, chinese_feedback(response)
    assert Enterprise.objects.filter(name=SCRIPT).exists()
    _saved_and_shown(client, reverse("org:enterprises") + "?q=alert")


def _open_report(scene) -> ProgressReport | None:  # noqa: F811
    """The owner's report of the open period, returned to the owner if it was already in."""
    from tuijin.dispatch.services import report_return

    report = ProgressReport.objects.filter(period=scene.period, project=scene.project).first()
    if report is not None and report.status == ProgressReport.Status.SUBMITTED:
        report = report_return(actor=User.objects.get(username="coordinator"), report=report, reason="补充")
    return report


def test_a_script_in_a_report_is_shown_as_text(scene, as_role):  # noqa: F811
    client = as_role("owner")
    url = reverse("dispatch:report", args=[scene.period.pk, scene.project.pk])
    report = _open_report(scene)
    response = client.post(url, {"invest_month": "10", "progress_text": SCRIPT,
                                 "version": report.version if report else 0})
    assert response.status_code == 302, chinese_feedback(response)
    assert ProgressReport.objects.get(period=scene.period, project=scene.project).progress_text == SCRIPT
    _saved_and_shown(client, url)


def test_a_script_in_a_query_is_echoed_as_text(scene, as_role):  # noqa: F811
    client = as_role("coordinator")
    _saved_and_shown(client, reverse("projects:registry") + "?" + urlencode({"q": SCRIPT}))
    _saved_and_shown(client, reverse("org:enterprises") + "?" + urlencode({"q": SCRIPT}))


# --- the defects this suite found, each pinned ---------------------------------------------------------------

def test_a_nul_byte_in_the_path_or_a_form_is_refused_before_any_view(scene, as_role):  # noqa: F811
    client = as_role("coordinator")
    before = AuditEvent.objects.count()
    for response in [client.get("/tracking/rules/pro%00gress/"),
                     client.post(reverse("org:enterprises"), {"name": "甲\x00乙", "kind": "enterprise"}),
                     client.get(reverse("projects:registry"), {"q\x00": "1"})]:
        assert response.status_code == 400
        assert "空字符" in body(response) and "请求有误" in body(response)
    assert AuditEvent.objects.count() == before


def test_django_own_bad_requests_answer_in_chinese(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误" in body(response)


def test_a_long_search_is_cut_to_200_characters_with_a_message(scene, as_role):  # noqa: F811
    client = as_role("coordinator")
    response = client.get(reverse("org:enterprises"), {"q": "甲" * 5000})
    assert response.status_code == 200 and "只按前200个字查找" in body(response)
    response = client.get(reverse("projects:registry"), {"q": "甲" * 5000})
    assert response.status_code == 200 and "搜索词不能超过200个字" in body(response)


def test_a_stale_form_with_a_unicode_digit_version_is_a_message_not_a_crash(scene, as_role):  # noqa: F811
    client = as_role("coordinator")
    milestone = scene.milestone
    response = client.post(reverse("projects:milestone_edit", args=[scene.project.pk, milestone.pk]),
                           {"delete": "1", "version": "²"})
    assert response.status_code in {200, 302}


def test_a_bad_date_on_the_history_page_falls_back_to_today_with_a_message(scene, as_role):  # noqa: F811
    client = as_role("owner")
    url = reverse("projects:history", args=[scene.project.pk])
    for bad in ["2025-02-30", "0001-01-01", "9999-99-99", "昨天", "2025-13-01"]:
        response = client.get(url, {"at": bad})
        assert response.status_code == 200, bad
        assert "不是有效日期" in body(response), bad


def test_the_plan_upload_accepts_office_and_pdf_files_by_content_only(scene, as_role, settings):  # noqa: F811
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    settings.MEDIA_ROOT = scene.media
    client = as_role("coordinator")
    url = reverse("projects:plan_upload", args=[scene.project.pk])
    project = Project.objects.get(pk=scene.project.pk)
    disguised = client.post(url, {"document": SimpleUploadedFile("方案.docx", b"<html>" + SCRIPT.encode())},
                            follow=True)
    assert "推进方案未上传" in body(disguised) and "只接受" in body(disguised)
    assert Project.objects.get(pk=project.pk).plan_document.name == project.plan_document.name
    buffer = BytesIO()
    Document().save(buffer)
    for name, content in [("方案.docx", buffer.getvalue()), ("方案.pdf", b"%PDF-1.7\n%%EOF\n")]:
        response = client.post(url, {"document": SimpleUploadedFile(name, content)}, follow=True)
        assert "推进方案已上传" in body(response), name
    settings.TUIJIN_MAX_UPLOAD_BYTES = 10
    too_big = client.post(url, {"document": SimpleUploadedFile("大.pdf", b"%PDF-1.7" + b"0" * 100)}, follow=True)
    assert "过大" in body(too_big)


def test_the_sheet_import_offers_only_the_lists_of_the_period_region(scene, as_role):  # noqa: F811
    from tuijin.projects.models import ProgrammeList

    client = as_role("coordinator")
    page = body(client.get(reverse("dispatch:import", args=[scene.period.pk])))
    for programme in ProgrammeList.objects.filter(year=scene.period.year):
        assert (f'value="{programme.pk}"' in page) == (programme.region_id == scene.period.region_id), programme


def test_a_letter_does_not_redirect_off_the_site(scene, as_role, settings):  # noqa: F811
    settings.MEDIA_ROOT = scene.media
    client = as_role("coordinator")
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        response = client.post(reverse("bulletins:letter", args=[scene.problem.pk, "remind"]), {"next": target})
        assert response.status_code == 302
        assert response["Location"].startswith("/bulletins/"), target


def test_the_login_form_shows_its_field_errors(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert body(response).count("这个字段是必填项") == 2


def test_the_progress_limit_message_reads_100_percent(scene, as_role):  # noqa: F811
    client = as_role("owner")
    url = reverse("dispatch:report", args=[scene.period.pk, scene.project.pk])
    report = _open_report(scene)
    response = client.post(url, {"invest_month": "10", "progress_pct": "150",
                                 "version": report.version if report else 0})
    text = body(response)
    assert "形象进度不能超过100%。" in text and "100%%" not in text


EXTREME_DATES = ["0001-01-01", "9999-12-31", "1970-01-01", "2025-02-29", "2024-02-29"]
DATED = ["dashboard:index", "dashboard:drill", "tracking:warnings", "tracking:warnings_export", "tracking:rankings",
         "tracking:forecast", "projects:history"]


@pytest.mark.parametrize("route", DATED)
def test_dates_at_the_edges_of_the_calendar_never_break_a_page(scene, db, as_role, route):  # noqa: F811
    client = as_role("coordinator")
    url = MATRIX[route][0](scene)
    for day in EXTREME_DATES:
        for query in ({"as_of": day}, {"at": day}, {"month": day[:7]}):
            response = client.get(url, query)
            assert response.status_code in {200, 302}, f"{route} {query}"
