"""The Django superuser is for break-glass use only: every request it makes is audited, and its pages say so.
An ordinary admin's requests leave no such event (their writes are audited by the services and admin)."""

from django.test import Client

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.org.models import Region, User


def _superuser(db):
    user = User.objects.create_superuser(username="root", password="Yingji-Zhanghao-2026", role=Role.ADMIN)
    client = Client(REMOTE_ADDR="10.8.8.8")
    client.force_login(user)
    return user, client


def test_every_superuser_request_is_audited_with_its_answer(db):
    user, client = _superuser(db)
    client.get("/admin/", {"q": "查找"})
    client.post("/admin/org/region/add/", {"name": "应急新区", "level": "zone"})
    events = list(AuditEvent.objects.filter(action="breakglass.request").order_by("id"))
    assert [(e.changes["method"][1], e.changes["path"][1]) for e in events] == [
        ("GET", "/admin/"), ("POST", "/admin/org/region/add/")]
    read, write = events
    assert read.actor == user and read.ip == "10.8.8.8" and read.changes["query"][1] == "q=%E6%9F%A5%E6%89%BE"
    assert read.changes["status"][1] == 200
    assert write.changes["fields"][1] == ["level", "name"]  # which fields were sent, not their values
    # and what the post changed is audited as every admin change is
    assert Region.objects.filter(name="应急新区").exists()
    assert AuditEvent.objects.filter(action="region.create", actor=user).exists()


def test_the_superuser_is_told_on_every_page(db):
    _user, client = _superuser(db)
    page = client.get("/projects/")
    assert "应急超级账号" in page.content.decode()


def test_an_ordinary_admin_leaves_no_break_glass_events(db, admin_user):
    client = Client()
    client.force_login(admin_user)
    client.get("/admin/")
    assert not AuditEvent.objects.filter(action="breakglass.request").exists()
    assert "应急超级账号" not in client.get("/org/lockouts/").content.decode()
