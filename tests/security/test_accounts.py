"""Accounts and sessions (等保 身份鉴别): password rules in Chinese, lockout after 5 failures for 30 minutes,
first-login password change, forced reset by the admin, and every login event in the audit trail."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.models import User
from tuijin.org.services import user_create

GOOD = "Kaifa-Qu-2025"


@pytest.mark.parametrize(("password", "fragment"), [
    ("Ab1-short", "至少需要10个字符"),
    ("alllowercaseletters", "至少3类"),
    ("ALLUPPER12345", "至少3类"),
    ("Butterfly1", "太常见"),
])
def test_password_rules_answer_in_chinese(db, password, fragment):
    with pytest.raises(ValidationError) as error:
        validate_password(password, User(username="zhangsan"))
    assert any(fragment in message for message in error.value.messages)


def test_a_password_containing_the_username_is_refused(db):
    with pytest.raises(ValidationError) as error:
        validate_password("Zhangsan-2025!", User(username="zhangsan"))
    assert any("用户名" in message for message in error.value.messages)


def test_a_good_password_passes(db):
    validate_password(GOOD, User(username="zhangsan"))


@pytest.fixture
def account(db):
    user = user_create(actor=None, username="liaison", role=Role.AUDITOR, password=GOOD)
    assert user.must_change_password
    return user


def login(client, password):
    return client.post("/accounts/login/", {"username": "liaison", "password": password})


def test_five_failures_lock_the_account_and_the_lock_is_audited(client, account, lockout):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong-Password-1").status_code == 200
    locked = login(client, "wrong-Password-1")
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    assert login(client, GOOD).status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed").count() >= settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(action="login.locked").exists()


def test_the_lock_is_thirty_minutes_by_default():
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_FAILURE_LIMIT == 5


def test_a_new_account_must_change_its_password_first(client, account, lockout):
    assert login(client, GOOD).status_code == 302
    assert AuditEvent.objects.filter(action="login", actor=account).exists()
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    weak = client.post("/accounts/password/", {"old_password": GOOD, "new_password1": "short",
                                               "new_password2": "short"})
    assert weak.status_code == 200 and "至少需要10个字符" in weak.content.decode()
    done = client.post("/accounts/password/", {"old_password": GOOD, "new_password1": "Xin-Mima-2026",
                                               "new_password2": "Xin-Mima-2026"})
    assert done.status_code == 302
    account.refresh_from_db()
    assert not account.must_change_password
    assert AuditEvent.objects.filter(action="user.password_change", actor=account).exists()
    assert client.get("/admin/").status_code == 200


def test_the_admin_forces_a_reset(client, account):
    admin = user_create(actor=None, username="itadmin", role=Role.ADMIN, password=GOOD, must_change_password=False)
    account.must_change_password = False
    account.save()
    client.force_login(admin)
    response = client.post(f"/admin/org/user/{account.pk}/password/",
                           {"password1": "Linshi-Mima-9", "password2": "Linshi-Mima-9", "usable_password": "true"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.must_change_password and account.check_password("Linshi-Mima-9")
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.actor == admin and event.target_id == str(account.pk)


def test_logout_is_audited(client, account):
    account.must_change_password = False
    account.save()
    client.force_login(account)
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="logout", actor=account).exists()


def test_a_refusal_is_audited(client, db):
    owner = User.objects.create(username="o", role=Role.AUDITOR)
    client.force_login(owner)
    response = client.get("/projects/")
    assert response.status_code == 403 and "您的角色不查看业务数据" in response.content.decode()
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == owner and event.changes["path"][1] == "/projects/"


def test_idle_sessions_end_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
