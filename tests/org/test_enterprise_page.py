import pytest

from tuijin.core.models import AuditEvent
from tuijin.core.roles import Role
from tuijin.core.validators import uscc_check_character
from tuijin.org.models import Department, Enterprise, Region, User

URL = "/org/enterprises/"


def valid_code(serial: int) -> str:
    first17 = f"91410800MA{serial:07d}"
    return first17 + uscc_check_character(first17)


@pytest.fixture
def zone(db):
    city = Region.objects.create(name="焦作市", level=Region.Level.CITY)
    home = Region.objects.create(name="高新区", level=Region.Level.ZONE, parent=city)
    department = Department.objects.create(name="经济发展局", region=home)
    Enterprise.objects.create(name="已有公司", region=home)
    users = {
        Role.COORDINATOR: User.objects.create(username="c", role=Role.COORDINATOR, region=home),
        Role.DEPARTMENT: User.objects.create(username="d", role=Role.DEPARTMENT, department=department),
        Role.LEADER: User.objects.create(username="l", role=Role.LEADER, region=home),
        Role.OWNER: User.objects.create(username="o", role=Role.OWNER, enterprise=Enterprise.objects.first()),
        Role.AUDITOR: User.objects.create(username="a", role=Role.AUDITOR),
        Role.ADMIN: User.objects.create(username="s", role=Role.ADMIN),
    }
    return {"home": home, "users": users}


def post(client, zone, **data):
    values = {"name": "新公司", "credit_code": "", "kind": "company", "region": zone["home"].pk} | data
    return client.post(URL, values)


@pytest.mark.parametrize(("role", "get", "can_post"), [
    (Role.COORDINATOR, 200, True), (Role.DEPARTMENT, 200, True), (Role.LEADER, 200, False),
    (Role.OWNER, 403, False), (Role.AUDITOR, 403, False), (Role.ADMIN, 403, False),
])
def test_who_may_read_and_register(client, zone, role, get, can_post):
    client.force_login(zone["users"][role])
    assert client.get(URL).status_code == get
    response = post(client, zone, credit_code=valid_code(1))
    assert response.status_code == (302 if can_post else 403)
    assert Enterprise.objects.filter(name="新公司").exists() == can_post


def test_a_valid_code_registers_with_an_audit_event(client, zone):
    client.force_login(zone["users"][Role.COORDINATOR])
    code = valid_code(7).lower()
    assert post(client, zone, credit_code=code).status_code == 302
    enterprise = Enterprise.objects.get(name="新公司")
    assert enterprise.credit_code == code.upper()
    assert AuditEvent.objects.filter(action="enterprise.create", target_id=str(enterprise.pk)).exists()


@pytest.mark.parametrize(("code", "fragment"), [
    (valid_code(3)[:-1] + ("0" if valid_code(3)[-1] != "0" else "1"), "校验位"),
    ("91410800MA0000001", "18位"),
    ("91410800MA000000IO", "不允许的字符"),
])
def test_a_wrong_code_is_refused_by_name_and_nothing_saved(client, zone, code, fragment):
    client.force_login(zone["users"][Role.COORDINATOR])
    response = post(client, zone, credit_code=code)
    assert response.status_code == 200
    assert fragment in response.content.decode()
    assert not Enterprise.objects.filter(name="新公司").exists()


def test_a_duplicate_name_in_the_region_is_refused(client, zone):
    client.force_login(zone["users"][Role.COORDINATOR])
    response = post(client, zone, name="已有公司")
    assert response.status_code == 200 and Enterprise.objects.filter(name="已有公司").count() == 1
