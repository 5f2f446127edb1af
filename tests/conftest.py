"""The cast every test draws on: one zone with its department, leader, enterprise A and a project that is in
everyone's scope, and a sibling zone with its own department, enterprise B and a project that is in no
one's scope. One user per role, scoped as the issue describes."""

from datetime import date

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tuijin.core.roles import Role

from .factories import (
    CategoryFactory,
    DepartmentFactory,
    EnterpriseFactory,
    LeaderFactory,
    MilestoneFactory,
    PersonFactory,
    ProgrammeListFactory,
    ProjectFactory,
    UserFactory,
    ZoneFactory,
)

# Property tests judge correctness, not speed: on a loaded CI machine a slow example is no failure.
hypothesis_settings.register_profile("tuijin", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("tuijin")

ROLES = [Role.OWNER, Role.DEPARTMENT, Role.COORDINATOR, Role.LEADER, Role.AUDITOR, Role.ADMIN]
BUSINESS = [Role.OWNER, Role.DEPARTMENT, Role.COORDINATOR, Role.LEADER]


def pytest_configure(config):
    # Hashing with the production hasher costs about half a second a password; tests need none of that.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client loads the middleware afresh for every client; WhiteNoise would then walk every static
    # file each time. Tests request no static files, so WhiteNoise need not know them (nor warn that
    # collectstatic has not been run).
    settings.WHITENOISE_USE_FINDERS = False
    # Lockout counts failures per username and address; the tests that check it turn it back on
    # (the `lockout` fixture), the rest log in and out freely.
    settings.AXES_ENABLED = False
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded plans go to a per-test directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the organisation -------------------------------------------------------------------------------

@pytest.fixture
def zone(db):
    return ZoneFactory(name="高新区")


@pytest.fixture
def other_zone(zone):
    """A sibling zone under the same city: outside the scope of users of `zone`."""
    return ZoneFactory(name="示范区", parent=zone.parent)


@pytest.fixture
def category(db):
    return CategoryFactory(name="产业项目")


@pytest.fixture
def department(zone):
    return DepartmentFactory(name="住房和城乡建设局", short_name="住建局", region=zone)


@pytest.fixture
def other_department(other_zone):
    return DepartmentFactory(name="经济发展局", short_name="经发局", region=other_zone)


@pytest.fixture
def leader_person(zone):
    return LeaderFactory(name="管委会主任", title="党工委副书记、管委会主任", region=zone)


@pytest.fixture
def team_person(zone, department):
    return PersonFactory(name="城建专员", region=zone, department=department)


@pytest.fixture
def enterprise(zone):
    """Enterprise A: the owner user's unit."""
    return EnterpriseFactory(name="甲建设投资有限公司", region=zone)


@pytest.fixture
def other_enterprise(other_zone):
    return EnterpriseFactory(name="乙科技有限公司", region=other_zone)


@pytest.fixture
def programme(zone):
    return ProgrammeListFactory(name="2025年区定“三十工程”", region=zone)


# --- the two projects ---------------------------------------------------------------------------------

@pytest.fixture
def project(zone, category, enterprise, department, leader_person):
    """In every business role's scope: owned by A, led by D, in the users' zone."""
    project = ProjectFactory(name="紫荆大道建设工程", region=zone, category=category, owner=enterprise,
                             lead_department=department, leader=leader_person)
    MilestoneFactory(project=project, order=1, name="开工", planned_date=date(2025, 4, 1))
    return project


@pytest.fixture
def other_project(other_zone, category, other_enterprise, other_department):
    """In no one's scope: owned by B, led by another department, in the sibling zone."""
    project = ProjectFactory(name="示范区数据中心项目", region=other_zone, category=category,
                             owner=other_enterprise, lead_department=other_department)
    MilestoneFactory(project=project, order=1, name="开工", planned_date=date(2025, 5, 1))
    return project


# --- one user per role --------------------------------------------------------------------------------

@pytest.fixture
def owner_user(enterprise):
    return UserFactory(username="owner", role=Role.OWNER, enterprise=enterprise)


@pytest.fixture
def department_user(department):
    return UserFactory(username="department", role=Role.DEPARTMENT, department=department)


@pytest.fixture
def coordinator_user(zone):
    return UserFactory(username="coordinator", role=Role.COORDINATOR, region=zone)


@pytest.fixture
def leader_user(zone, leader_person):
    return UserFactory(username="leader", role=Role.LEADER, region=zone, person=leader_person)


@pytest.fixture
def auditor_user(db):
    return UserFactory(username="auditor", role=Role.AUDITOR)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def user_for(request):
    """user_for("owner") → the owner user fixture, for tests parametrized over roles."""

    def get(role: str):
        return request.getfixturevalue(f"{role}_user")

    return get


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def lockout(settings):
    """django-axes on, as in production, for the tests of the lockout itself."""
    settings.AXES_ENABLED = True
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.implementation = None  # pick the handler again with the setting on
    yield
    AxesProxyHandler.implementation = None
