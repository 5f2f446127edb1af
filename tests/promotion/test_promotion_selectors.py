"""Scope as a query, stale leads, the board and the list's figures."""

from datetime import date
from decimal import Decimal

from tuijin.promotion import selectors
from tuijin.promotion.models import ContactLog, FundEntry, Lead
from tuijin.promotion.stages import LeadStage

from .conftest import make_lead, sign

AS_OF = date(2025, 6, 30)


def test_each_role_sees_its_leads(lead, team_lead, centre_lead, other_lead, user_for):
    seen = {role: set(selectors.visible_leads(user_for(role))) for role in
            ["coordinator", "leader", "department", "owner", "auditor", "admin"]}
    assert seen["coordinator"] == seen["leader"] == {lead, team_lead, centre_lead}
    assert seen["department"] == {lead, team_lead}
    assert seen["owner"] == seen["auditor"] == seen["admin"] == set()


def test_a_lead_with_no_contact_for_thirty_days_is_stale(zone):
    quiet = make_lead(region=zone, name="久未对接", received_on=date(2025, 1, 1))
    ContactLog.objects.create(lead=quiet, kind="visit", date=date(2025, 5, 30), note="n", who="w")
    fresh = make_lead(region=zone, name="近期对接", received_on=date(2025, 1, 1))
    ContactLog.objects.create(lead=fresh, kind="visit", date=date(2025, 5, 31), note="n", who="w")
    make_lead(region=zone, name="新登记", received_on=date(2025, 6, 20))
    make_lead(region=zone, name="已终止", received_on=date(2025, 1, 1), stage=LeadStage.TERMINATED)
    make_lead(region=zone, name="已到资", received_on=date(2025, 1, 1), stage=LeadStage.FUNDED)
    assert {lead.name for lead in selectors.stale(Lead.objects.all(), as_of=AS_OF)} == {"久未对接"}


def test_the_stale_threshold_is_a_setting(zone, settings):
    make_lead(region=zone, name="十天前", received_on=date(2025, 6, 20))
    settings.TUIJIN_PROMOTION_STALE_DAYS = 5
    assert selectors.stale(Lead.objects.all(), as_of=AS_OF).count() == 1


def test_the_list_sums_funds_without_counting_them_twice(zone, coordinator_user):
    lead = make_lead(region=zone)
    sign(lead, date(2025, 2, 1), 1000)
    sign(lead, date(2025, 3, 1), 1500, kind="increase", increase=500)
    for day in (date(2025, 2, 2), date(2025, 3, 3), date(2025, 3, 4)):
        ContactLog.objects.create(lead=lead, kind="visit", date=day, note="n", who="w")
    FundEntry.objects.create(lead=lead, date=date(2025, 3, 5), amount=Decimal(300))
    FundEntry.objects.create(lead=lead, date=date(2025, 4, 5), amount=Decimal(200))
    row = selectors.lead_list(coordinator_user, selectors.LeadFilters(), as_of=AS_OF).get()
    assert (row.funds_total, row.first_signed_on, row.last_contact) == (Decimal(500), date(2025, 2, 1),
                                                                        date(2025, 3, 4))


def test_filters_by_stage_department_and_drill_down(zone, lead, centre_lead, centre, coordinator_user):
    from tuijin.promotion.periods import parse_span

    sign(centre_lead, date(2025, 2, 1), 1000)
    by_department = selectors.lead_list(coordinator_user, selectors.LeadFilters(department=centre.pk), as_of=AS_OF)
    assert list(by_department) == [centre_lead]
    signed_q1 = selectors.lead_list(coordinator_user, selectors.LeadFilters(metric="signed",
                                                                            span=parse_span("2025Q1")), as_of=AS_OF)
    assert list(signed_q1) == [centre_lead]
    Lead.objects.filter(pk=centre_lead.pk).update(stage=LeadStage.SIGNED)
    assert list(selectors.lead_list(coordinator_user, selectors.LeadFilters(stage="clue"), as_of=AS_OF)) == [lead]


def test_the_board_has_a_column_per_stage_with_terminated_last(lead, coordinator_user):
    columns = selectors.board(coordinator_user, as_of=AS_OF)
    assert [stage for stage, _rows in columns][-1] == LeadStage.TERMINATED
    assert len(columns) == 10
    assert dict(columns)[LeadStage.CLUE] == [lead]
