"""Factories for the organisation and the registry, in one place (django-oscar style).

Objects made here go straight to the models: they write no audit events, so a test that counts events
counts only what the code under test writes.
"""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tuijin.core.roles import Role
from tuijin.core.validators import uscc_check_character
from tuijin.org.models import Department, Enterprise, Person, Region, User
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Category, ListMembership, Milestone, Preparation, ProgrammeList, Project

PASSWORD = "Test-password-2025"
MILESTONE_TEMPLATE = ["签约", "开工", "主体完工", "投产"]


def credit_code(serial: int) -> str:
    """A valid 统一社会信用代码 (prefix 91 = company, 410871 = the zone), distinct from the demo's."""
    first17 = f"91410871MB{serial:07d}"
    return first17 + uscc_check_character(first17)


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"测试省{n}")
    level = Region.Level.PROVINCE
    parent = None


class CityFactory(ProvinceFactory):
    name = factory.Sequence(lambda n: f"测试市{n}")
    level = Region.Level.CITY
    parent = factory.SubFactory(ProvinceFactory)


class ZoneFactory(ProvinceFactory):
    """A development zone, under a city, under a province."""

    name = factory.Sequence(lambda n: f"测试开发区{n}")
    level = Region.Level.ZONE
    parent = factory.SubFactory(CityFactory)


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"测试局{n}")
    short_name = factory.Sequence(lambda n: f"测{n}局")
    region = factory.SubFactory(ZoneFactory)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"专班成员{n}")
    title = "科长"
    region = factory.SubFactory(ZoneFactory)
    is_leader = False


class LeaderFactory(PersonFactory):
    name = factory.Sequence(lambda n: f"副主任{n}")
    title = "管委会副主任"
    is_leader = True


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(credit_code)
    kind = Enterprise.Kind.COMPANY
    region = factory.SubFactory(ZoneFactory)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"测试类别{n}")
    milestone_template = factory.LazyFunction(lambda: list(MILESTONE_TEMPLATE))


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试项目{n}")
    category = factory.SubFactory(CategoryFactory)
    region = factory.SubFactory(ZoneFactory)
    stage = Stage.PLANNING
    total_investment = Decimal("10000")
    planned_start = date(2025, 3, 1)
    planned_end = date(2026, 6, 30)

    @factory.post_generation
    def co_departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_departments.set(extracted)

    @factory.post_generation
    def team(self, create, extracted, **kwargs):
        if create and extracted:
            self.team.set(extracted)


class ProgrammeListFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeList

    name = factory.Sequence(lambda n: f"2025年测试清单{n}")
    year = 2025
    level = ProgrammeList.Level.DISTRICT
    region = factory.SubFactory(ZoneFactory)


class ListMembershipFactory(DjangoModelFactory):
    class Meta:
        model = ListMembership

    programme = factory.SubFactory(ProgrammeListFactory)
    project = factory.SubFactory(ProjectFactory)
    annual_plan = Decimal("1000")


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    order = factory.Sequence(int)
    name = "开工"
    planned_date = date(2025, 4, 1)


class PreparationFactory(DjangoModelFactory):
    class Meta:
        model = Preparation

    project = factory.SubFactory(ProjectFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)
    role = Role.COORDINATOR
    is_staff = factory.LazyAttribute(lambda user: user.role in {Role.ADMIN, Role.AUDITOR})
