"""Lifting a login lock early (等保 身份鉴别): only the admin, from the lockout page or the server's command line,
with a reason; the lock, its expiry time and the release all land in the audit trail."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org import lockouts
from tuijin.org.services import lockout_release, user_create

GOOD = "Kaifa-Qu-2025"


@pytest.fixture
def locked(db, lockout):
    """The account "liaison" locked by five wrong passwords from one address."""
    user = user_create(actor=None, username="liaison", role=Role.AUDITOR, password=GOOD)
    stranger = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post("/accounts/login/", {"username": "liaison", "password": "wrong-Password-1"})
    return user


def _login(address="10.9.9.9"):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": "liaison", "password": GOOD})


def test_the_lock_names_the_account_and_the_address_and_when_it_lifts(locked):
    held = {(lock.kind, lock.value): lock for lock in lockouts.current_lockouts()}
    assert set(held) == {("username", "liaison"), ("ip_address", "10.1.2.3")}
    assert held[("username", "liaison")].failures == settings.AXES_FAILURE_LIMIT
    event = AuditEvent.objects.get(action="login.locked")
    assert event.changes["username"] == [None, "liaison"] and event.changes["locked_until"][1]
    # the account is locked from any address, not only the one that failed
    assert _login().status_code == 429


def test_the_admin_releases_an_account_on_the_page_with_a_reason(locked, admin_user):
    admin = Client()
    admin.force_login(admin_user)
    page = admin.get("/org/lockouts/")
    assert page.status_code == 200 and "liaison" in page.content.decode() and "10.1.2.3" in page.content.decode()

    refused = admin.post("/org/lockouts/release/", {"kind": "username", "value": "liaison", "reason": " "},
                         follow=True)
    assert "解锁原因" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="login.unlocked").exists()
    assert _login().status_code == 429

    done = admin.post("/org/lockouts/release/", {"kind": "username", "value": "liaison",
                                                 "reason": "已电话核实本人"}, follow=True)
    assert "已解除" in done.content.decode()
    event = AuditEvent.objects.get(action="login.unlocked")
    assert (event.actor, event.reason, event.changes["username"]) == (admin_user, "已电话核实本人", ["liaison", None])
    assert _login().status_code == 302  # the right password works again


def test_releasing_what_is_not_locked_is_refused(locked, admin_user):
    with pytest.raises(ValidationError, match="没有被锁定"):
        lockout_release(actor=admin_user, kind="username", value="nobody", reason="核实")
    with pytest.raises(ValidationError):
        lockout_release(actor=admin_user, kind="password", value="liaison", reason="核实")


@pytest.mark.parametrize("role", ["coordinator_user", "auditor_user", "leader_user"])
def test_only_the_admin_releases(locked, role, request):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        lockout_release(actor=actor, kind="username", value="liaison", reason="核实")
    client = Client()
    client.force_login(actor)
    assert client.get("/org/lockouts/").status_code == 403
    assert client.post("/org/lockouts/release/", {"kind": "username", "value": "liaison",
                                                   "reason": "核实"}).status_code == 403
    assert _login().status_code == 429


def test_the_command_line_releases_the_admin_when_the_admin_is_locked(locked, capsys):
    with pytest.raises(CommandError, match="没有被锁定"):
        call_command("unlock", "--username", "nobody", "--reason", "值班核实")
    # the failures were all from one address: lifting the address lifts the account with it, and says so
    call_command("unlock", "--ip", "10.1.2.3", "--reason", "值班核实")
    assert "账号 liaison" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="login.unlocked")
    assert event.actor_name == "system" and event.reason == "值班核实"
    assert sorted(event.changes["released"][0]) == ["来源地址 10.1.2.3", "账号 liaison"]
    assert lockouts.current_lockouts() == []
    assert _login("10.1.2.3").status_code == 302


def test_an_account_locked_from_two_addresses_stays_locked_until_its_own_release(db, lockout, admin_user):
    user_create(actor=None, username="liaison", role=Role.AUDITOR, password=GOOD)
    for address in ("10.1.2.3", "10.4.5.6"):
        for _ in range(3):
            Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": "liaison", "password": "wrong-Pass-1"})
    held = {(lock.kind, lock.value) for lock in lockouts.current_lockouts()}
    assert held == {("username", "liaison")}  # six failures in all, three from each address
    released = lockout_release(actor=admin_user, kind="username", value="liaison", reason="本人来电")
    assert [lock.label for lock in released] == ["账号 liaison"]
    assert _login().status_code == 302
