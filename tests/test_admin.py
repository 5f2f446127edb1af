"""The Django admin: accounts and settings for the admin role, the audit trail for the auditor, business
records read-only, and nothing at all for the business roles."""

import pytest

from tuijin.core.models import AuditEvent
from tuijin.org.models import Enterprise, Region, User
from tuijin.projects.models import ProgrammeList, Project

from .helpers import database_state

pytestmark = pytest.mark.django_db

BUSINESS_MODELS = [("projects", "project", "project"), ("org", "enterprise", "enterprise"),
                   ("projects", "programmelist", "programme")]


@pytest.fixture
def records(project, programme, enterprise, coordinator_user):
    AuditEvent.objects.create(actor=coordinator_user, actor_name="coordinator", action="project.update",
                              project=project, target_label=project.name)
    return {"project": project, "programme": programme, "enterprise": enterprise,
            "event": AuditEvent.objects.get()}


def models_listed(response) -> set[str]:
    return {model["object_name"] for app in response.context["app_list"] for model in app["models"]}


def test_admin_opens_the_admin_and_the_user_list(admin_user, records, login):
    client = login(admin_user)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert {"User", "Region", "Department", "Person", "Category", "Project", "Enterprise", "ProgrammeList",
            "AuditEvent"} <= models_listed(index)
    users = client.get("/admin/org/user/")
    assert users.status_code == 200 and "coordinator" in users.content.decode()
    assert client.get("/admin/org/user/add/").status_code == 200
    assert client.get("/admin/org/region/add/").status_code == 200


@pytest.mark.parametrize("app, model, key", BUSINESS_MODELS)
def test_business_records_are_view_only_for_the_admin(app, model, key, admin_user, records, login):
    client = login(admin_user)
    pk = records[key].pk
    assert client.get(f"/admin/{app}/{model}/").status_code == 200
    change = client.get(f"/admin/{app}/{model}/{pk}/change/")
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False and change.context["has_add_permission"] is False
    assert 'name="_save"' not in change.content.decode()
    assert client.get(f"/admin/{app}/{model}/add/").status_code == 403
    before = database_state()
    assert client.post(f"/admin/{app}/{model}/{pk}/change/", {"name": "改掉"}).status_code == 403
    assert client.post(f"/admin/{app}/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/{app}/{model}/add/", {"name": "新的"}).status_code == 403
    assert database_state() == before
    assert Project.objects.count() == 1 and Enterprise.objects.count() == 1 and ProgrammeList.objects.count() == 1


def test_admin_creates_an_account_and_it_is_audited(admin_user, department, login):
    client = login(admin_user)
    response = client.post("/admin/org/user/add/", {
        "username": "zjj2", "role": "department", "department": department.pk,
        "password1": "Zhujian-lianluo-2025", "password2": "Zhujian-lianluo-2025", "usable_password": "true"})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(username="zjj2")
    assert user.department == department and not user.is_staff
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == admin_user and event.target_label == "zjj2"


def test_admin_cannot_delete_accounts(admin_user, coordinator_user, login):
    client = login(admin_user)
    assert client.post(f"/admin/org/user/{coordinator_user.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=coordinator_user.pk).exists()


def test_auditor_sees_the_audit_trail_read_only_and_nothing_else(auditor_user, records, login):
    client = login(auditor_user)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert models_listed(index) == {"AuditEvent"}
    events = client.get("/admin/core/auditevent/")
    assert events.status_code == 200 and "project.update" in events.content.decode()
    pk = records["event"].pk
    change = client.get(f"/admin/core/auditevent/{pk}/change/")
    assert change.status_code == 200 and change.context["has_change_permission"] is False
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post(f"/admin/core/auditevent/{pk}/change/", {"action": "forged"}).status_code == 403
    assert client.post(f"/admin/core/auditevent/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=pk).action == "project.update"
    for url in ["/admin/org/user/", "/admin/org/user/add/", "/admin/projects/project/", "/admin/org/enterprise/",
                "/admin/org/region/", "/admin/projects/category/", "/admin/projects/programmelist/"]:
        assert client.get(url).status_code == 403, url


def test_no_one_edits_the_audit_trail_not_even_the_admin(admin_user, records, login):
    client = login(admin_user)
    pk = records["event"].pk
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.post(f"/admin/core/auditevent/{pk}/change/", {"action": "forged"}).status_code == 403
    assert client.post(f"/admin/core/auditevent/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=pk, action="project.update").exists()


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader"])
def test_business_roles_get_no_admin(role, user_for, records, login):
    client = login(user_for(role))
    for url in ["/admin/", "/admin/org/user/", "/admin/projects/project/", "/admin/core/auditevent/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    assert client.post("/admin/org/region/add/", {"name": "新区", "level": "zone"}).status_code == 302
    assert not Region.objects.filter(name="新区").exists()


@pytest.mark.parametrize("role, shown", [("owner", False), ("coordinator", False), ("auditor", True), ("admin", True)])
def test_the_menu_offers_the_admin_only_to_admin_and_auditor(role, shown, user_for, login):
    client = login(user_for(role))
    response = client.get("/projects/" if role in {"owner", "coordinator"} else "/admin/")
    top = [item.label for item in response.context["nav"]]
    links = [link for item in response.context["nav"] for link in getattr(item, "links", [item])]
    assert ("系统管理" in top) == shown
    assert any(link.key == "admin" and link.url == "/admin/" for link in links) == shown
    # the admin also finds the login locks there; no one else does
    assert any(link.key == "org:lockouts" for link in links) == (role == "admin")
