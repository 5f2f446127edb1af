"""Each role against each page, for a project in its scope and one outside it: the permission matrix.

200 the page · 302 done, back to the project · 403 the role may not · 404 not in the user's scope (and no
hint that it exists). A refused POST changes nothing and writes no audit event; an allowed one does what
it says and writes exactly one event, with the user as actor.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tuijin.core.models import AuditEvent
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import ListMembership, Milestone, Preparation, Project

from .conftest import ROLES
from .helpers import AuditLog, database_state, project_form_data

pytestmark = pytest.mark.django_db

# GET, project in the user's scope.
#                      owner department coordinator leader auditor admin
GET_IN_SCOPE = {
    "registry":          (200, 200, 200, 200, 403, 403),
    "export":            (200, 200, 200, 200, 403, 403),
    "create":            (403, 200, 200, 403, 403, 403),
    "detail":            (200, 200, 200, 200, 403, 403),
    "edit":              (200, 200, 200, 403, 403, 403),
    "team":              (403, 200, 200, 403, 403, 403),
    "plan_download":     (200, 200, 200, 200, 403, 403),
    "milestone_new":     (200, 200, 200, 403, 403, 403),
    "milestone_edit":    (200, 200, 200, 403, 403, 403),
    "preparation_edit":  (200, 200, 200, 403, 403, 403),
    "membership_edit":   (403, 403, 200, 403, 403, 403),
}

# GET, project outside the user's scope.
GET_OUT_OF_SCOPE = {
    "detail":            (404, 404, 404, 404, 403, 403),
    "edit":              (404, 404, 404, 404, 403, 403),
    "team":              (404, 404, 404, 404, 403, 403),
    "plan_download":     (404, 404, 404, 404, 403, 403),
    "milestone_new":     (404, 404, 404, 404, 403, 403),
    "milestone_edit":    (404, 404, 404, 404, 403, 403),
    "preparation_edit":  (404, 404, 404, 404, 403, 403),
    "membership_edit":   (404, 404, 404, 404, 403, 403),
}

# POST, project in the user's scope.
POST_IN_SCOPE = {
    "create":            (403, 302, 302, 403, 403, 403),
    "edit":              (302, 302, 302, 403, 403, 403),
    "transition":        (403, 302, 302, 403, 403, 403),
    "team":              (403, 302, 302, 403, 403, 403),
    "plan_upload":       (403, 302, 302, 403, 403, 403),
    "milestone_new":     (302, 302, 302, 403, 403, 403),
    "milestone_edit":    (302, 302, 302, 403, 403, 403),
    "preparation_edit":  (302, 302, 302, 403, 403, 403),
    "membership_edit":   (403, 403, 302, 403, 403, 403),
}

# POST, project outside the user's scope.
POST_OUT_OF_SCOPE = {
    "edit":              (404, 404, 404, 404, 403, 403),
    "transition":        (404, 404, 404, 404, 403, 403),
    "team":              (404, 404, 404, 404, 403, 403),
    "plan_upload":       (404, 404, 404, 404, 403, 403),
    "milestone_new":     (404, 404, 404, 404, 403, 403),
    "milestone_edit":    (404, 404, 404, 404, 403, 403),
    "preparation_edit":  (404, 404, 404, 404, 403, 403),
    "membership_edit":   (404, 404, 404, 404, 403, 403),
}


def cases(table):
    return [pytest.param(page, role, code, id=f"{page}-{role}-{code}")
            for page, codes in table.items() for role, code in zip(ROLES, codes, strict=True)]


@dataclass
class Scene:
    project: Project
    other_project: Project
    programme: object
    category: object
    zone: object
    department: object
    leader_person: object
    team_person: object

    def target(self, in_scope: bool) -> Project:
        return self.project if in_scope else self.other_project

    def url(self, page: str, in_scope: bool = True) -> str:
        project = self.target(in_scope)
        milestone = project.milestones.get()
        return {
            "registry": "/projects/",
            "export": "/projects/export.xlsx",
            "create": "/projects/new/",
            "detail": f"/projects/{project.pk}/",
            "edit": f"/projects/{project.pk}/edit/",
            "transition": f"/projects/{project.pk}/stage/",
            "team": f"/projects/{project.pk}/team/",
            "plan_upload": f"/projects/{project.pk}/plan/",
            "plan_download": f"/projects/{project.pk}/plan/download/",
            "milestone_new": f"/projects/{project.pk}/milestones/new/",
            "milestone_edit": f"/projects/{project.pk}/milestones/{milestone.pk}/",
            "preparation_edit": f"/projects/{project.pk}/preparation/site/",
            "membership_edit": f"/projects/{project.pk}/lists/{self.programme.pk}/",
        }[page]

    def post_data(self, page: str, in_scope: bool = True) -> dict:
        project = self.target(in_scope)
        return {
            "create": {"name": "新入库项目", "category": self.category.pk, "region": self.zone.pk, "nature": "new",
                       "total_investment": "5000"},
            "edit": project_form_data(project, name="改过名字的项目", reason="更正名称"),
            "transition": {"to_stage": Stage.PROMOTION, "reason": "完成项目包装"},
            "team": {"leader": self.leader_person.pk, "lead_department": self.department.pk,
                     "team": [self.team_person.pk], "reason": "组建专班"},
            "plan_upload": {"document": SimpleUploadedFile("推进方案.pdf", b"%PDF-1.4 plan")},
            "milestone_new": {"name": "投产", "planned_date": "2025-06-30", "status": "scheduled"},
            "milestone_edit": {"name": "开工", "planned_date": "2025-04-01", "actual_date": "2025-04-02",
                               "status": "met"},
            "preparation_edit": {"status": "done", "done_on": "2025-01-10", "note": "选址已论证"},
            "membership_edit": {"annual_plan": "500"},
        }[page]

    def done(self, page: str) -> tuple[str, bool]:
        """The audit action an allowed POST writes, and whether its effect is stored."""
        project = self.project
        project.refresh_from_db()
        checks = {
            "create": ("project.create", lambda: Project.objects.filter(name="新入库项目", region=self.zone).exists()),
            "edit": ("project.update", lambda: project.name == "改过名字的项目"),
            "transition": ("project.stage", lambda: project.stage == Stage.PROMOTION),
            "team": ("project.team", lambda: list(project.team.all()) == [self.team_person]),
            "plan_upload": ("project.plan", lambda: project.plan_document.name.endswith(".pdf")
                            and project.plan_document.read() == b"%PDF-1.4 plan"),
            "milestone_new": ("milestone.save", lambda: list(project.milestones.values_list("name", flat=True))
                              == ["开工", "投产"]),
            "milestone_edit": ("milestone.save", lambda: project.milestones.get().status == Milestone.Status.MET),
            "preparation_edit": ("preparation.save", lambda: Preparation.objects.filter(
                project=project, item="site", status="done", done_on=date(2025, 1, 10)).exists()),
            "membership_edit": ("project.list_set", lambda: ListMembership.objects.filter(
                project=project, programme=self.programme, annual_plan=Decimal(500)).exists()),
        }
        action, check = checks[page]
        return action, check()


@pytest.fixture
def scene(project, other_project, programme, category, zone, department, leader_person, team_person):
    for p in (project, other_project):
        p.plan_document.save("plan.pdf", ContentFile(b"%PDF-1.4 existing"), save=True)
    return Scene(project, other_project, programme, category, zone, department, leader_person, team_person)


def open_page(client, url):
    response = client.get(url)
    if response.streaming:
        # Reading it to the end closes the file (the test client closes the response after the last chunk).
        response.body = b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("page, role, expected", cases(GET_IN_SCOPE))
def test_get_in_scope(page, role, expected, scene, user_for, login):
    client = login(user_for(role))
    response = open_page(client, scene.url(page))
    assert response.status_code == expected
    if expected == 200 and page in {"detail", "edit", "team", "milestone_new", "milestone_edit",
                                    "preparation_edit", "membership_edit"}:
        assert "紫荆大道建设工程" in response.content.decode()
    if expected == 200 and page == "registry":
        html = response.content.decode()
        assert "紫荆大道建设工程" in html and "示范区数据中心项目" not in html
    if expected == 200 and page == "export":
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    if expected == 200 and page == "plan_download":
        assert "attachment" in response["Content-Disposition"] and response.body == b"%PDF-1.4 existing"


@pytest.mark.parametrize("page, role, expected", cases(GET_OUT_OF_SCOPE))
def test_get_out_of_scope(page, role, expected, scene, user_for, login):
    client = login(user_for(role))
    response = open_page(client, scene.url(page, in_scope=False))
    assert response.status_code == expected
    assert "示范区数据中心项目" not in response.content.decode()


@pytest.mark.parametrize("page, role, expected", cases(POST_IN_SCOPE))
def test_post_in_scope(page, role, expected, scene, user_for, login):
    user = user_for(role)
    client = login(user)
    before, log = database_state(), AuditLog()
    response = client.post(scene.url(page), scene.post_data(page))
    assert response.status_code == expected
    if expected == 302:
        action, stored = scene.done(page)
        assert stored
        event = log.one()
        assert (event.action, event.actor, event.ip) == (action, user, "127.0.0.1")
        target = Project.objects.get(name="新入库项目") if page == "create" else scene.project
        assert response["Location"] == f"/projects/{target.pk}/"
    else:
        assert database_state() == before


@pytest.mark.parametrize("page, role, expected", cases(POST_OUT_OF_SCOPE))
def test_post_out_of_scope_changes_nothing(page, role, expected, scene, user_for, login):
    client = login(user_for(role))
    before = database_state()
    response = client.post(scene.url(page, in_scope=False), scene.post_data(page, in_scope=False))
    assert response.status_code == expected
    assert database_state() == before


def test_department_may_read_but_not_change_a_project_it_co_leads(scene, department, department_user, login):
    scene.other_project.co_departments.add(department)
    client = login(department_user)
    assert client.get(scene.url("detail", in_scope=False)).status_code == 200
    before = database_state()
    for page in ("edit", "team", "milestone_new", "preparation_edit"):
        assert client.get(scene.url(page, in_scope=False)).status_code == 403, page
    for page in ("edit", "transition", "team", "milestone_edit"):
        assert client.post(scene.url(page, in_scope=False), scene.post_data(page, False)).status_code == 403, page
    assert database_state() == before


def test_stage_action_answers_get_with_405(scene, coordinator_user, login):
    assert login(coordinator_user).get(scene.url("transition")).status_code == 405


def test_unknown_project_and_unknown_milestone_are_404(scene, coordinator_user, login):
    client = login(coordinator_user)
    assert client.get("/projects/987654/").status_code == 404
    other_milestone = scene.other_project.milestones.get()
    assert client.get(f"/projects/{scene.project.pk}/milestones/{other_milestone.pk}/").status_code == 404
    assert client.get(f"/projects/{scene.project.pk}/lists/987654/").status_code == 404


def test_a_list_of_a_sibling_region_is_404_and_changes_nothing(scene, coordinator_user, other_zone, login):
    from .factories import ProgrammeListFactory

    sibling_list = ProgrammeListFactory(name="2025年示范区重点项目", region=other_zone)
    before = database_state()
    url = f"/projects/{scene.project.pk}/lists/{sibling_list.pk}/"
    client = login(coordinator_user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"annual_plan": "100"}).status_code == 404
    assert database_state() == before


def test_plan_download_without_a_plan_is_404(scene, coordinator_user, login):
    Project.objects.filter(pk=scene.project.pk).update(plan_document="")
    assert login(coordinator_user).get(scene.url("plan_download")).status_code == 404


def test_plan_download_is_audited_but_not_on_the_timeline(scene, owner_user, login):
    log = AuditLog()
    response = open_page(login(owner_user), scene.url("plan_download"))
    assert response.status_code == 200
    event = log.one()
    assert (event.action, event.actor, event.project) == ("download.plan", owner_user, scene.project)
    detail = login(owner_user).get(scene.url("detail"))
    assert all(entry.label != "download.plan" for entry in detail.context["timeline"])


def test_milestone_delete_through_the_page(scene, owner_user, login):
    client = login(owner_user)
    response = client.post(scene.url("milestone_edit"), {"delete": "1"})
    assert response.status_code == 302
    assert not scene.project.milestones.exists()
    assert AuditEvent.objects.filter(action="milestone.delete", actor=owner_user).count() == 1


# --- anonymous visitors --------------------------------------------------------------------------------------------

def test_home_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    login_page = client.get("/accounts/login/")
    assert login_page.status_code == 200 and "登录" in login_page.content.decode()


@pytest.mark.parametrize("role, start", [("owner", "/projects/"), ("department", "/projects/"),
                                         ("coordinator", "/projects/"), ("leader", "/dashboard/"),
                                         ("auditor", "/admin/"), ("admin", "/admin/")])
def test_home_sends_each_role_to_its_start(role, start, user_for, login):
    response = login(user_for(role)).get("/")
    assert response.status_code == 302 and response["Location"] == start


def test_login_with_a_password(client, coordinator_user):
    from .factories import PASSWORD

    wrong = client.post("/accounts/login/", {"username": "coordinator", "password": "wrong"})
    assert wrong.status_code == 200 and "用户名或密码不正确。" in wrong.content.decode()
    response = client.post("/accounts/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/projects/").status_code == 200


ALL_PAGES = ["registry", "export", "create", "detail", "edit", "transition", "team", "plan_upload", "plan_download",
             "milestone_new", "milestone_edit", "preparation_edit", "membership_edit"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ALL_PAGES)
def test_anonymous_is_sent_to_login_and_changes_nothing(page, method, scene, client):
    url = scene.url(page)
    before = database_state()
    response = getattr(client, method)(url, scene.post_data(page) if method == "post" and page in POST_IN_SCOPE else {})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert database_state() == before
