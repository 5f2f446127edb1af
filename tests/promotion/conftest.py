"""The promotion tests' cast, on the shared one of tests/conftest.py: in the zone, a lead 住建局 answers for
(`lead`), one it only helps on (`team_lead`), one of another unit (`centre_lead`); in the sibling zone, a lead no
one here may see (`other_lead`). Built straight on the models, so each test counts only the events it causes."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import DepartmentFactory
from tuijin.promotion.models import IndustrialChain, Lead, LeadSource, Signing
from tuijin.promotion.stages import LeadStage


@pytest.fixture
def chain(db):
    return IndustrialChain.objects.create(name="新材料")


@pytest.fixture
def centre(zone):
    return DepartmentFactory(name="招商服务中心", short_name="招商中心", region=zone)


def make_lead(*, region, department=None, name="新材料项目", stage=LeadStage.CLUE, received_on=date(2025, 1, 10),
              **extra) -> Lead:
    return Lead.objects.create(name=name, region=region, source=LeadSource.EXPO, received_on=received_on,
                               investor_name=extra.pop("investor_name", "某新材料有限公司"), department=department,
                               stage=stage, intended_investment=Decimal("10000"), **extra)


def sign(lead, on, amount, kind=Signing.Kind.NEW, increase=None):
    return Signing.objects.create(lead=lead, signed_on=on, contract_amount=Decimal(amount), kind=kind,
                                  increase_amount=Decimal(increase) if increase is not None else None)


@pytest.fixture
def lead(zone, department, chain):
    return make_lead(region=zone, department=department, chain=chain)


@pytest.fixture
def team_lead(zone, department, centre):
    lead = make_lead(region=zone, department=centre, name="协办项目")
    lead.team_departments.add(department)
    return lead


@pytest.fixture
def centre_lead(zone, centre):
    return make_lead(region=zone, department=centre, name="招商中心项目")


@pytest.fixture
def other_lead(other_zone, other_department):
    return make_lead(region=other_zone, department=other_department, name="示范区项目")
