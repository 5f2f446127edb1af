"""A leader's portfolio in the shared cast's zone: 紫荆大道建设工程 (the `project`, led by `leader_person`) on
the 2025 list with a 1,000万元 plan, under construction since 10 January; March 300 and April 100 reported;
a milestone met on 20 April; one problem open past its 15 April deadline and one resolved on 10 April."""

from datetime import date
from decimal import Decimal

import pytest

from tests.dispatch.builders import milestone, open_period, problem, report
from tests.factories import ListMembershipFactory
from tuijin.core.loop import LoopStatus
from tuijin.projects.lifecycle import Stage

AS_OF = date(2025, 4, 30)
SINCE = date(2025, 3, 31)


@pytest.fixture
def portfolio(project, programme, zone, department):
    project.stage, project.actual_start = Stage.CONSTRUCTION, date(2025, 1, 10)
    project.save()
    ListMembershipFactory(programme=programme, project=project, annual_plan=Decimal(1000))
    report(open_period(zone, month=3, closed=True), project, 300)
    report(open_period(zone, month=4), project, 100)
    milestone(project, name="主体完工", planned_date=date(2025, 4, 15), actual_date=date(2025, 4, 20),
              status="met", order=5)
    problem(project, department=department, deadline=date(2025, 4, 15), description="施工用电增容未落实",
            status=LoopStatus.WORKING)
    problem(project, department=department, deadline=date(2025, 4, 5), description="临时占道审批",
            status=LoopStatus.RESOLVED, closed_on=date(2025, 4, 10))
    return project
