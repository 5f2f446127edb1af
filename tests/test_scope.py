"""Scope is a query: visible_projects is what each role may read, and get_visible_project answers 404
for anything else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tuijin.core.roles import Role
from tuijin.projects import permissions
from tuijin.projects.selectors import get_visible_project, visible_projects

from .factories import DepartmentFactory, EnterpriseFactory, ProjectFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(zone, other_zone, department, other_department, enterprise, other_enterprise, category):
    """Projects placed so that each role's scope is a different set."""
    park = ZoneFactory(name="高新区科技园", parent=zone)  # below the users' zone: inside their region
    other_city_zone = ZoneFactory(name="邻市开发区")       # another city altogether
    helper = DepartmentFactory(name="自然资源和规划分局", short_name="资规分局", region=zone)
    make = ProjectFactory
    return {
        "owned_led": make(name="甲·住建局牵头", region=zone, owner=enterprise, lead_department=department),
        "owned_elsewhere": make(name="甲·示范区", region=other_zone, owner=enterprise,
                                lead_department=other_department),
        "co_led": make(name="住建局配合", region=zone, lead_department=helper, co_departments=[department]),
        "co_led_elsewhere": make(name="示范区住建局配合", region=other_zone, lead_department=other_department,
                                 co_departments=[department, helper]),
        "in_park": make(name="科技园项目", region=park, owner=EnterpriseFactory(region=park),
                        lead_department=helper),
        "plain": make(name="高新区其他项目", region=zone),
        "sibling": make(name="示范区项目", region=other_zone, owner=other_enterprise, lead_department=other_department),
        "other_city": make(name="邻市项目", region=other_city_zone),
    }


def names(user) -> set[str]:
    return set(visible_projects(user).values_list("name", flat=True))


def test_owner_sees_only_its_enterprises_projects(cast, owner_user):
    assert names(owner_user) == {"甲·住建局牵头", "甲·示范区"}


def test_department_sees_what_it_leads_or_co_leads(cast, department_user):
    assert names(department_user) == {"甲·住建局牵头", "住建局配合", "示范区住建局配合"}
    # A project co-led by two departments is still one row.
    assert visible_projects(department_user).count() == 3


@pytest.mark.parametrize("role", ["coordinator", "leader"])
def test_region_wide_roles_see_their_region_and_below_not_a_sibling(role, user_for, cast):
    assert names(user_for(role)) == {"甲·住建局牵头", "住建局配合", "科技园项目", "高新区其他项目"}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADER])
def test_region_wide_roles_at_city_level_see_all_its_zones(role, cast, zone):
    city_user = UserFactory(role=role, region=zone.parent)
    assert names(city_user) == {p.name for p in cast.values()} - {"邻市项目"}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADER])
def test_region_wide_roles_without_a_region_see_everything(role, cast):
    assert names(UserFactory(role=role, region=None)) == {p.name for p in cast.values()}


@pytest.mark.parametrize("role", ["auditor", "admin"])
def test_auditor_and_admin_see_no_business_data(role, user_for, cast):
    assert names(user_for(role)) == set()


def test_anonymous_sees_nothing(cast):
    assert not visible_projects(AnonymousUser()).exists()


def test_owner_of_an_enterprise_with_no_projects_sees_nothing(cast, zone):
    assert names(UserFactory(role=Role.OWNER, enterprise=EnterpriseFactory(region=zone))) == set()


@pytest.mark.parametrize("role", ["owner", "department", "coordinator", "leader", "auditor", "admin"])
def test_permissions_agree_with_the_selector(role, user_for, cast):
    """can_view (used on single objects) and visible_projects (used for lists) never disagree."""
    user = user_for(role)
    visible = set(visible_projects(user).values_list("pk", flat=True))
    for project in cast.values():
        assert permissions.can_view(user, project) == (project.pk in visible), project.name
        if permissions.can_edit(user, project):
            assert project.pk in visible, project.name


def test_get_visible_project_is_404_out_of_scope(cast, owner_user):
    assert get_visible_project(owner_user, cast["owned_led"].pk).name == "甲·住建局牵头"
    for key in ("sibling", "co_led", "plain"):
        with pytest.raises(Http404):
            get_visible_project(owner_user, cast[key].pk)
    with pytest.raises(Http404):
        get_visible_project(owner_user, 987654)
    with pytest.raises(Http404):
        get_visible_project(owner_user, "abc")


def test_what_each_role_may_change(cast, user_for):
    """The permission table of permissions.py, on one in-scope project."""
    project = cast["owned_led"]
    table = {
        # role:        (edit,  manage (stage, 五个一), keep lists, create)
        "owner":       (True,  False, False, False),
        "department":  (True,  True,  False, True),
        "coordinator": (True,  True,  True,  True),
        "leader":      (False, False, False, False),
        "auditor":     (False, False, False, False),
        "admin":       (False, False, False, False),
    }
    for role, expected in table.items():
        user = user_for(role)
        assert (permissions.can_edit(user, project), permissions.can_manage(user, project),
                permissions.can_keep_lists(user), permissions.can_create(user)) == expected, role
