"""Personal access tokens: made on the 接口令牌 page or by `tuijin token create`, stored as a digest, shown once,
expiring, revocable, and every creation, revocation and refused use in the audit trail."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.helpers import AuditLog
from tuijin.api import tokens
from tuijin.api.models import AccessToken

from .conftest import ApiClient, assert_error


def test_a_token_is_stored_as_its_digest_never_as_its_text(coordinator_user):
    token, raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="报表脚本")
    assert raw.startswith(f"tjn_{token.prefix}_")
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    stored = AccessToken.objects.filter(pk=token.pk).values()[0]
    assert not any(raw in str(value) or raw.split("_", 2)[2] in str(value) for value in stored.values())


def test_a_token_expires_after_the_days_asked_for_ninety_by_default(coordinator_user):
    token, _raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="默认")
    assert abs((token.expires_at - timezone.now()) - timedelta(days=90)) < timedelta(minutes=1)
    token, _raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="一年", days=365)
    assert abs((token.expires_at - timezone.now()) - timedelta(days=365)) < timedelta(minutes=1)


@pytest.mark.parametrize("days", [0, 366, -5])
def test_a_token_lives_one_day_to_one_year(coordinator_user, days):
    with pytest.raises(ValidationError) as error:
        tokens.token_create(actor=coordinator_user, user=coordinator_user, name="x", days=days)
    assert "有效期" in error.value.message_dict["days"][0]
    assert not AccessToken.objects.exists()


def test_creating_and_revoking_are_audited(coordinator_user):
    log = AuditLog()
    token, _raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="报表脚本")
    tokens.token_revoke(actor=coordinator_user, token=token)
    created, revoked = log.new()
    assert (created.action, created.actor_id) == ("api.token_create", coordinator_user.pk)
    assert created.changes["user"] == [None, "coordinator"] and created.changes["name"] == [None, "报表脚本"]
    assert revoked.action == "api.token_revoke" and revoked.target_id == str(token.pk)


def test_no_one_makes_or_revokes_tokens_for_someone_else(coordinator_user, leader_user):
    with pytest.raises(PermissionDenied):
        tokens.token_create(actor=leader_user, user=coordinator_user, name="x")
    token, _raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="x")
    with pytest.raises(PermissionDenied):
        tokens.token_revoke(actor=leader_user, token=token)
    assert AccessToken.objects.get(pk=token.pk).revoked_at is None


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_hold_no_tokens(user_for, role):
    user = user_for(role)
    with pytest.raises(PermissionDenied):
        tokens.token_create(actor=user, user=user, name="x")


def test_a_valid_token_signs_the_request_in_and_records_its_last_use(client, coordinator_user, project):
    token, raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="x")
    assert token.last_used_at is None
    response = ApiClient(client, raw).get(f"projects/{project.pk}")
    assert response.status_code == 200
    assert AccessToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("spoil", ["expire", "revoke", "deactivate", "tamper", "unknown", "garbage"])
def test_a_token_that_is_not_valid_answers_401_and_the_refusal_is_audited(client, coordinator_user, project,
                                                                          spoil):
    token, raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="x")
    if spoil == "expire":
        AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "revoke":
        tokens.token_revoke(actor=coordinator_user, token=token)
    elif spoil == "deactivate":
        coordinator_user.is_active = False
        coordinator_user.save()
    elif spoil == "tamper":
        raw = raw[:-3] + ("aaa" if not raw.endswith("aaa") else "bbb")
    elif spoil == "unknown":
        raw = "tjn_000000000000_" + "x" * 43
    else:
        raw = "not-a-token"
    log = AuditLog()
    response = ApiClient(client, raw).get(f"projects/{project.pk}")
    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert [e.action for e in log.new()] == ["api.token_rejected"]


def test_a_token_carries_its_users_role_as_it_is_now(client, coordinator_user, project):
    _token, raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="x")
    coordinator_user.role = "auditor"
    coordinator_user.save()
    assert_error(ApiClient(client, raw).get(f"projects/{project.pk}"), 403, "forbidden")


# --- the page ------------------------------------------------------------------------------------------------

def test_the_page_shows_a_new_token_once_and_lists_only_its_prefix(login, coordinator_user):
    client = login(coordinator_user)
    response = client.post("/accounts/tokens/", {"name": "月报脚本", "days": "30"})
    assert response.status_code == 200
    token = AccessToken.objects.get(user=coordinator_user)
    page = response.content.decode()
    raw = page.split('<code class="d-block user-select-all bg-white border rounded p-2 my-2">')[1].split("<")[0]
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    again = client.get("/accounts/tokens/").content.decode()
    assert raw not in again and token.prefix in again and "月报脚本" in again


def test_the_page_refuses_a_token_without_a_purpose_or_beyond_a_year(login, coordinator_user):
    client = login(coordinator_user)
    response = client.post("/accounts/tokens/", {"name": "", "days": "400"})
    page = response.content.decode()
    assert "请填写令牌用途" in page and "有效期最长365天" in page
    assert not AccessToken.objects.exists()


def test_the_page_revokes_the_users_own_token_and_no_one_elses(login, coordinator_user, leader_user):
    theirs, _raw = tokens.token_create(actor=leader_user, user=leader_user, name="领导的")
    mine, _raw = tokens.token_create(actor=coordinator_user, user=coordinator_user, name="我的")
    client = login(coordinator_user)
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    assert AccessToken.objects.get(pk=mine.pk).revoked_at is not None
    assert AccessToken.objects.get(pk=theirs.pk).revoked_at is None


# --- the command --------------------------------------------------------------------------------------------

def test_the_command_makes_a_working_token_and_revokes_it(client, coordinator_user, project):
    out = StringIO()
    call_command("token", "create", "--user", "coordinator", "--days", "7", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    assert ApiClient(client, raw).get(f"projects/{project.pk}").status_code == 200
    token = AccessToken.objects.get(user=coordinator_user)
    assert abs((token.expires_at - timezone.now()) - timedelta(days=7)) < timedelta(minutes=1)
    call_command("token", "revoke", token.prefix, stdout=StringIO())
    assert ApiClient(client, raw).get(f"projects/{project.pk}").status_code == 401


def test_the_command_says_in_chinese_what_is_wrong(coordinator_user):
    with pytest.raises(CommandError, match="没有用户"):
        call_command("token", "create", "--user", "nobody", stdout=StringIO())
    with pytest.raises(CommandError, match="有效期"):
        call_command("token", "create", "--user", "coordinator", "--days", "500", stdout=StringIO())
