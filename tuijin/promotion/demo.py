"""The demo zone's 招商 pipeline, written through the services so every lead has a real trail.
The figures are in demo_data.py; tests/promotion/test_promotion_demo.py checks them against the seed."""

from datetime import date, timedelta
from decimal import Decimal

from tuijin.core.validators import uscc_check_character

from . import demo_data as data
from . import services
from .models import IndustrialChain, LeadTask, Signing
from .stages import LeadStage, MoveFacts

FIRST_RECEIVED = date(2024, 9, 2)
FIRST_SIGNED = date(2025, 1, 6)
RECENT_CONTACT = date(2025, 6, 5)  # after the demo's last closed month: these leads are not stale
OLD_CONTACT = date(2025, 3, 20)    # long before it: these are


def investor_code(serial: int) -> str:
    """A valid 统一社会信用代码 for an investor from outside the zone (not among the zone's own units)."""
    first17 = f"91330000MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def _pct(amount: int, share: str) -> Decimal:
    return (Decimal(amount) * Decimal(share)).quantize(Decimal("0.0001"))


class PromotionDemo:
    def __init__(self, zone):
        self.zone = zone
        self.actor = zone.coordinator
        self.centre = zone.departments["招商中心"]
        self.invest_leader = zone.leaders["member_invest"]
        self.director = zone.leaders["director"]
        self.envoy = next(p for p in zone.team_people if p.department_id == self.centre.pk)
        self.chains = [IndustrialChain.objects.create(name=name, order=i) for i, name in enumerate(data.CHAINS)]

    def build(self) -> None:
        for index, row in enumerate(data.Q1_SIGNED):
            self._q1_signed(index, *row)
        self._earlier_signed(*data.EARLIER_SIGNED)
        for index, row in enumerate(data.IN_PROGRESS):
            self._in_progress(index, *row)
        for index, row in enumerate(data.TERMINATED):
            self._terminated(index, *row)

    def _lead(self, index, name, investor, industry, chain, amount, *, received, department=None, leader=None,
              major=False, team_departments=()):
        known = self.zone.enterprises.get(investor)
        return services.lead_create(actor=self.actor, team_people=[self.envoy] if major or leader else [],
                                    team_departments=team_departments, data={
            "name": name, "region": self.zone.zone, "source": data.SOURCES[index % len(data.SOURCES)],
            "received_on": received, "investor": known, "investor_name": "" if known else investor,
            "investor_credit_code": "" if known else investor_code(1000 + index),
            "industry": industry, "chain": self.chains[chain], "intended_investment": Decimal(amount),
            "contact_person": "投资方联络人", "contact_phone": f"0391-39{index:05d}",
            "summary": f"{name}，意向投资{amount}万元。", "department": department or self.centre,
            "leader": leader, "is_major": major})

    def _contact(self, lead, kind, on, note):
        services.contact_log(actor=self.actor, lead=lead, kind=kind, on=on, note=note, who="招商中心、" + (
            str(lead.leader) if lead.leader_id else "招商专员"))

    def _q1_signed(self, index, name, investor, industry, chain, amount):
        received = FIRST_RECEIVED + timedelta(days=3 * index)
        signed_on = FIRST_SIGNED + timedelta(days=2 * index)
        leader = self.director if index < 3 else self.invest_leader if index % 4 == 0 or index in data.CONVERTED \
            else None
        lead = self._lead(index, name, investor, industry, chain, amount, received=received, leader=leader,
                          major=index < 3)
        self._contact(lead, "visit", received + timedelta(days=10), "上门拜访，介绍园区产业政策和要素保障")
        self._contact(lead, "inspection", received + timedelta(days=40), "投资方来区实地考察选址地块")
        services.lead_advance(actor=self.actor, lead=lead, to_stage=LeadStage.NEGOTIATION)
        self._contact(lead, "talk", signed_on - timedelta(days=5), "就投资强度、供地方式和扶持政策达成一致")
        expansion = investor in self.zone.enterprises
        services.lead_sign(actor=self.actor, lead=lead, signed_on=signed_on,
                           kind=Signing.Kind.INCREASE if expansion else Signing.Kind.NEW,
                           contract_amount=Decimal(amount * 3 if expansion else amount),
                           increase_amount=Decimal(amount) if expansion else None, note="签订投资合同")
        target, started_on = LeadStage.SIGNED, None
        if index in data.REGISTERED:
            target = LeadStage.REGISTERED
        elif index in data.PENDING_START:
            target = LeadStage.PENDING_START
        elif index in data.STARTED:
            target, started_on = LeadStage.STARTED, signed_on + timedelta(days=5)
            services.fund_record(actor=self.actor, lead=lead, on=started_on + timedelta(days=2),
                                 amount=_pct(amount, "0.4"), note="首期资金到位")
        elif index in data.FUNDED:
            target, started_on = LeadStage.STARTED, date(2025, 4, 10) + timedelta(days=5 * (index - data.FUNDED[0]))
        lead = services.lead_advance(actor=self.actor, lead=lead, to_stage=target,
                                     facts=MoveFacts(started_on=started_on))
        if index in data.FUNDED:
            services.fund_record(actor=self.actor, lead=lead, on=date(2025, 4, 20), amount=_pct(amount, "0.5"),
                                 note="首期资金到位")
            services.fund_record(actor=self.actor, lead=lead, on=date(2025, 5, 20), amount=_pct(amount, "0.5"),
                                 note="二期资金到位")
            lead = services.lead_move(actor=self.actor, lead=lead, to_stage=LeadStage.FUNDED)
        stale = index % 10 == 7 and target == LeadStage.SIGNED
        self._contact(lead, "visit", OLD_CONTACT if stale else RECENT_CONTACT + timedelta(days=index % 10),
                      "回访企业，协调注册、供地和开工手续")
        if lead.is_major or index in data.CONVERTED:
            services.lead_assign_team(actor=self.actor, lead=lead, is_major=True, department=self.centre,
                                      leader=lead.leader, team_people=[self.envoy],
                                      team_departments=[self.zone.departments["经发局"]],
                                      plan="签约后一月内完成注册，三月内供地，年内开工。", reason="签约项目建立五个一")
        if index in data.CONVERTED:
            services.lead_convert(actor=self.actor, lead=lead, category=self.zone.categories[0])

    def _earlier_signed(self, name, investor_key, industry, chain, amount, increase):
        lead = self._lead(90, name, investor_key, industry, chain, amount, received=date(2024, 3, 1))
        self._contact(lead, "talk", date(2024, 5, 20), "洽谈二期扩产")
        services.lead_advance(actor=self.actor, lead=lead, to_stage=LeadStage.NEGOTIATION)
        services.lead_sign(actor=self.actor, lead=lead, signed_on=date(2024, 6, 18), kind=Signing.Kind.NEW,
                           contract_amount=Decimal(amount), note="签订投资合同")
        services.lead_advance(actor=self.actor, lead=lead, to_stage=LeadStage.STARTED,
                              facts=MoveFacts(started_on=date(2024, 9, 1)))
        services.lead_sign(actor=self.actor, lead=lead, signed_on=date(2025, 2, 20), kind=Signing.Kind.INCREASE,
                           contract_amount=Decimal(amount + increase), increase_amount=Decimal(increase),
                           note="签订增资协议，只计新增部分")
        self._contact(lead, "visit", RECENT_CONTACT, "跟踪增资部分设备进场")

    def _in_progress(self, index, name, investor, industry, chain, amount, stage, major, stale):
        received = date(2025, 1, 8) + timedelta(days=6 * index)
        department = self.zone.departments["住建局"] if "城市更新" in name or "商业综合体" in name else None
        leader = (self.director if index in (0, 1, 3) else self.invest_leader) if major else None
        helpers = [self.zone.departments["住建局"]] if index in (0, 4) else []
        lead = self._lead(200 + index, name, investor, industry, chain, amount, received=received,
                          department=department, leader=leader, major=major, team_departments=helpers)
        self._contact(lead, "visit", received + timedelta(days=7), "初次接触，了解投资意向")
        services.lead_advance(actor=self.actor, lead=lead, to_stage=stage)
        last = OLD_CONTACT - timedelta(days=index) if stale else RECENT_CONTACT + timedelta(days=index % 12)
        self._contact(lead, "talk" if stage == LeadStage.NEGOTIATION else "visit", max(last, received), "跟进洽谈进展")
        services.lead_update(actor=self.actor, lead=lead, data={
            "next_action": "组织第二轮商务洽谈" if stage == LeadStage.NEGOTIATION else "邀请来区考察",
            "next_action_due": date(2025, 7, 10) + timedelta(days=index)})
        if major:
            services.lead_assign_team(actor=self.actor, lead=lead, is_major=True, department=lead.department,
                                      leader=leader, team_people=[self.envoy], team_departments=helpers,
                                      plan="一个项目、一名领导、一套班子、一个方案、一盯到底：六月底前完成方案论证，力争三季度签约。",
                                      reason="列为重大招商项目")
            for kind, title, person, department, due in [
                (LeadTask.Kind.TASK, "完成项目选址和用地预审", None, self.zone.departments["资规分局"], 20),
                (LeadTask.Kind.TASK, "拟定投资协议草案", self.envoy, self.centre, 35),
                (LeadTask.Kind.DUTY, "分包领导每月调度一次", leader, None, 30),
                (LeadTask.Kind.DUTY, "招商中心牵头对接投资方", None, self.centre, 15),
            ]:
                task = services.task_add(actor=self.actor, lead=lead, kind=kind, title=title, owner_person=person,
                                         owner_department=department, due=date(2025, 6, 1) + timedelta(days=due))
                if due == 15:
                    services.task_set_status(actor=self.actor, task=task, status=LeadTask.Status.DONE,
                                             done_on=date(2025, 6, 12))

    def _terminated(self, index, name, investor, industry, chain, amount, reason):
        lead = self._lead(300 + index, name, investor, industry, chain, amount, received=date(2024, 11, 4))
        self._contact(lead, "visit", date(2024, 11, 20), "了解投资意向")
        services.lead_advance(actor=self.actor, lead=lead, to_stage=LeadStage.CONTACT)
        services.lead_move(actor=self.actor, lead=lead, to_stage=LeadStage.TERMINATED,
                           facts=MoveFacts(reason=reason))


def build(zone) -> None:
    """EXTRA_BUILDERS entry: the 招商 ledger of the demo zone."""
    PromotionDemo(zone).build()
