from datetime import date
from decimal import Decimal as D

import pytest

from tuijin.assist import selectors, services
from tuijin.assist.kpi import period_range
from tuijin.assist.kpi import services as kpi_services
from tuijin.assist.summary import about, amount_text, quarter_summary


@pytest.fixture
def records(coordinator_user, department_user, enterprise, zone):
    services.award_record(actor=coordinator_user, enterprise=enterprise, policy="满负荷生产奖励", amount=D(150),
                          batch="一季度", paid_on=date(2025, 3, 28))
    services.financing_record(actor=coordinator_user, region=zone, kind="micro", on=date(2025, 2, 28), entities=655,
                              amount=D(58500))
    services.financing_record(actor=coordinator_user, region=zone, kind="micro", on=date(2025, 4, 30), entities=598,
                              amount=D(54800))
    services.financing_record(actor=coordinator_user, region=zone, kind="whitelist", on=date(2025, 3, 25),
                              entities=1, amount=D(6500), project_name="紫荆苑")
    services.help_record(actor=department_user, enterprise=enterprise, kind="property", description="不动产证",
                         on=date(2025, 3, 12))


def test_large_counts_are_written_with_yu_and_money_in_yi_from_one_yi():
    assert [about(n) for n in (15, 100, 1936, 1930)] == ["15", "100", "1930余", "1930"]
    assert [amount_text(D(x)) for x in ("250", "173000", "38600", "9999.5")] == [
        "250万元", "17.3亿元", "3.86亿元", "9999.5万元"]


def test_the_quarter_summary_counts_only_the_quarter(records, coordinator_user):
    summary = quarter_summary(coordinator_user, year=2025, quarter=1)
    assert summary.totals == {"awards": {"enterprises": 1, "amount": D(150)},
                              "loans": {"entities": 655, "amount": D(58500)},
                              "whitelist": {"projects": 1, "amount": D(6500)}}
    assert summary.paragraph == ("一季度，帮助1家企业获得一季度满负荷生产奖励资金150万元。"
                                 "推动小微企业融资协调机制高效运转，帮助扶持650余家市场主体获得信贷资金5.85亿元。"
                                 "帮助企业解决不动产证办理问题1件。1个项目进入房地产融资白名单，实现贷款投放6500万元。")


def test_a_department_s_summary_holds_only_what_it_recorded(records, department_user):
    summary = quarter_summary(department_user, year=2025, quarter=1)
    assert summary.totals["awards"]["enterprises"] == 0 and summary.totals["loans"]["entities"] == 0
    assert summary.sentences == ["帮助企业解决不动产证办理问题1件。"]


def test_kpi_periods(records):
    assert period_range("2025Q2") == (date(2025, 4, 1), date(2025, 6, 30))
    assert period_range("2025-02") == (date(2025, 2, 1), date(2025, 2, 28))
    assert kpi_services(period="2025")["loans"] == {"entities": 1253, "amount": D(113300)}
    with pytest.raises(ValueError, match="无法识别"):
        kpi_services(period="2025Q9")


def test_each_role_sees_its_demands(handed, user_for, owner_user, other_enterprise, coordinator_user, zone):
    from tuijin.assist.models import Demand

    elsewhere = Demand.objects.create(enterprise=other_enterprise, description="外区诉求", received_on=date(2025, 3, 1))
    assert list(selectors.visible_demands(user_for("coordinator"))) == [handed]
    assert list(selectors.visible_demands(user_for("leader"))) == [handed]
    assert list(selectors.visible_demands(user_for("department"))) == [handed]
    assert list(selectors.visible_demands(owner_user)) == [handed]
    assert not selectors.visible_demands(user_for("auditor")).exists()
    assert elsewhere not in selectors.visible_demands(user_for("coordinator"))


def test_a_department_sees_no_demand_not_handed_to_it(demand, department_user):
    assert not selectors.visible_demands(department_user).exists()
    assert not selectors.visible_enterprises(department_user).exists()


def test_overdue_demands_come_first_and_are_counted(handed, owner_user, enterprise):
    fresh = services.demand_raise(actor=owner_user, enterprise=enterprise, kind="other", description="新诉求")
    rows = list(selectors.demand_list(owner_user))
    assert rows == [handed, fresh] and rows[0].overdue == 1 and rows[1].overdue == 0
    assert selectors.demand_counts(owner_user)["overdue"] == 1
    assert list(selectors.demand_list(owner_user, status="overdue")) == [handed]
