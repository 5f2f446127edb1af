from datetime import date

import pytest

from tuijin.assist import services
from tuijin.org.models import Department


@pytest.fixture
def finance_department(zone):
    return Department.objects.create(name="财政金融局", short_name="财政局", region=zone)


@pytest.fixture
def demand(owner_user, enterprise):
    return services.demand_raise(actor=owner_user, enterprise=enterprise, kind="property",
                                 description="历史遗留不动产证办理", received_on=date(2025, 3, 1))


@pytest.fixture
def handed(demand, coordinator_user, department):
    services.demand_handover(actor=coordinator_user, demand=demand, department=department,
                             deadline=date(2025, 4, 30), today=date(2025, 3, 2))
    demand.refresh_from_db()
    return demand
