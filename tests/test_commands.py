"""The `tuijin` shell commands: `demo` (guarded by DEBUG) and `createuser` (good and bad input)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tuijin.cli import main
from tuijin.core.models import AuditEvent
from tuijin.org.models import User
from tuijin.projects.models import Project

from .factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Zhujian-lianluo-2025"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- tuijin demo -----------------------------------------------------------------------------------------------------

def test_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG 已关闭.*--force"):
        run("demo", "--no-serve")
    assert not Project.objects.exists() and not User.objects.exists()


# The full build (`demo --no-serve --force --reset`) is the fixture of test_demo_zone.py: built once, it
# serves both the command's test and the seed figures.


def test_demo_keeps_existing_data(settings):
    settings.DEBUG = True
    UserFactory(username="someone")
    output = run("demo", "--no-serve")
    assert "数据库中已有数据，未重建演示园区（重建请加 --reset）。" in output
    assert not Project.objects.exists()
    assert list(User.objects.values_list("username", flat=True)) == ["someone"]


# --- tuijin createuser -----------------------------------------------------------------------------------------------

def test_createuser_department_account(department):
    output = run("createuser", "--role", "department", "--username", "zjj", "--department", "住建局",
                 "--password", STRONG, "--name", "住建局联络员")
    assert output.strip() == "已创建账号 zjj（责任单位）"
    user = User.objects.get(username="zjj")
    assert (user.role, user.department, user.first_name, user.is_staff) == ("department", department, "住建局联络员",
                                                                            False)
    assert user.check_password(STRONG)
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor is None and event.actor_name == "system"


def test_createuser_owner_found_by_credit_code(enterprise):
    run("createuser", "--role", "owner", "--username", "qy", "--enterprise", enterprise.credit_code, "--password", STRONG)
    assert User.objects.get(username="qy").enterprise == enterprise


def test_createuser_coordinator_with_region_and_auditor(zone):
    run("createuser", "--role", "coordinator", "--username", "xmb", "--region", "高新区", "--password", STRONG)
    assert User.objects.get(username="xmb").region == zone
    run("createuser", "--role", "auditor", "--username", "sj", "--password", STRONG)
    assert User.objects.get(username="sj").is_staff


@pytest.mark.parametrize("args, message", [
    (["--role", "department", "--department", "不存在局"], "找不到唯一的部门“不存在局”（--department）。"),
    (["--role", "owner", "--enterprise", "不存在公司"], "找不到唯一的单位“不存在公司”（--enterprise）。"),
    (["--role", "leader", "--region", "火星"], "找不到唯一的区域“火星”（--region）。"),
    (["--role", "department"], "责任单位账号必须指定所在部门。"),
    (["--role", "owner"], "项目单位账号必须指定所属单位。"),
    (["--role", "leader", "--password", "short"], "10"),
    (["--role", "boss"], "invalid choice: 'boss'"),
])
def test_createuser_bad_input(args, message, department):
    if "--password" not in args:
        args = [*args, "--password", STRONG]
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as caught:
        run("createuser", "--username", "newbie", *args)
    assert message in str(caught.value)
    assert not User.objects.filter(username="newbie").exists()
    assert AuditEvent.objects.count() == before


def test_createuser_duplicate_username(coordinator_user):
    with pytest.raises(CommandError, match="已存在"):
        run("createuser", "--role", "leader", "--username", "coordinator", "--password", STRONG)
    assert User.objects.get(username="coordinator").role == "coordinator"


def test_tuijin_console_script_wraps_the_management_commands(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["createuser", "--help"])
    assert caught.value.code == 0
    help_text = capsys.readouterr().out
    assert "--role" in help_text and "--enterprise" in help_text and "--department" in help_text
