"""Who may call, and the one error shape: 400, 401, 403, 404, 405, 409 and 422 all answer
{"code", "message" (Chinese), "fields"}."""

import json

import pytest
from django.test import Client

from tests.helpers import database_state
from tuijin.projects.models import Project

from .conftest import ApiClient, assert_error


def test_the_web_session_reads_the_api(login, coordinator_user, project):
    response = login(coordinator_user).get(f"/api/v1/projects/{project.pk}")
    assert response.status_code == 200 and response.json()["name"] == project.name


def test_a_session_write_needs_the_csrf_token_a_token_write_does_not(coordinator_user, project, token_for):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator_user)
    body = json.dumps({"version": project.version, "name": "新名称"})
    refused = browser.patch(f"/api/v1/projects/{project.pk}", body, content_type="application/json")
    assert_error(refused, 403, "csrf_failed")
    assert Project.objects.get(pk=project.pk).name == project.name

    browser.get("/accounts/tokens/")  # any page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.patch(f"/api/v1/projects/{project.pk}", body, content_type="application/json",
                             headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 200 and accepted.json()["name"] == "新名称"

    scripted = ApiClient(Client(enforce_csrf_checks=True), token_for(coordinator_user))
    assert scripted.patch(f"projects/{project.pk}", {"version": accepted.json()["version"],
                                                     "name": "再改"}).status_code == 200


def test_no_session_and_no_token_is_401(client, project):
    response = client.get(f"/api/v1/projects/{project.pk}")
    assert_error(response, 401, "unauthenticated")
    write = client.post("/api/v1/projects", "{}", content_type="application/json")
    assert_error(write, 401, "unauthenticated")


@pytest.mark.parametrize("role", ["auditor", "admin"])
@pytest.mark.parametrize("path", ["projects", "regions", "problems", "dashboard", "periods"])
def test_auditor_and_admin_get_403_on_business_resources(login, user_for, role, path):
    assert_error(login(user_for(role)).get(f"/api/v1/{path}"), 403, "forbidden")


def test_an_unknown_path_is_a_404_in_the_error_shape(api_as, coordinator_user):
    body = assert_error(api_as(coordinator_user).get("no/such/thing"), 404, "not_found")
    assert "接口" in body["message"]


def test_a_known_path_with_another_method_is_a_405_in_the_error_shape(api_as, coordinator_user, project):
    response = api_as(coordinator_user).put(f"projects/{project.pk}", {})
    assert_error(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_a_body_that_does_not_match_the_schema_is_a_422_naming_each_field(api_as, coordinator_user, project):
    response = api_as(coordinator_user).patch(f"projects/{project.pk}", {"total_investment": "很多"})
    body = assert_error(response, 422, "schema")
    assert body["fields"]["body.version"] == "必填。"
    assert body["fields"]["body.total_investment"] == "应为数字。"


def test_malformed_json_is_a_422(client, token_for, coordinator_user):
    response = client.post("/api/v1/projects", "{not json", content_type="application/json",
                           headers={"Authorization": f"Bearer {token_for(coordinator_user)}"})
    assert_error(response, 422, "schema")


def test_a_refused_value_is_a_400_naming_the_field_in_chinese(api_as, coordinator_user, project):
    api = api_as(coordinator_user)
    before = database_state()
    response = api.patch(f"projects/{project.pk}", {
        "version": project.version, "planned_start": "2025-06-01", "planned_end": "2025-01-01"})
    body = assert_error(response, 400, "invalid")
    assert "计划竣工日期不能早于计划开工日期" in body["fields"]["planned_end"]
    assert database_state() == before


def test_a_stale_version_is_a_409_naming_what_changed_since(api_as, coordinator_user, department_user, project):
    first = api_as(department_user).patch(f"projects/{project.pk}", {
        "version": project.version, "total_investment": "12345"})
    assert first.status_code == 200
    api = api_as(coordinator_user)
    before = database_state()
    response = api.patch(f"projects/{project.pk}", {"version": project.version,
                                                                         "name": "另一个名称"})
    body = assert_error(response, 409, "version_conflict")
    assert "总投资" in body["message"]
    assert "department" in body["fields"]["total_investment"] and "12345" in body["fields"]["total_investment"]
    assert str(project.version + 1) in body["fields"]["version"]
    assert database_state() == before


def test_the_error_message_is_chinese_for_every_status(api_as, coordinator_user, owner_user, project,
                                                       other_project):
    answers = [
        api_as(owner_user).get(f"projects/{other_project.pk}"),  # 404
        api_as(owner_user).post("periods", {"month": "2025-05", "deadline": "2025-05-10"}),  # 403
        api_as(coordinator_user).get("projects", sort="sideways"),  # 400
    ]
    for response in answers:
        message = response.json()["message"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
