"""The demo zone's funding reserve (seed: "动态储备政策性资金项目198个，其中包括专项债项目65个、“两重”项目56个、
“两新”项目21个、中央预算内资金项目56个"), written through the services so its trail is real.

24 of the registry's projects are in the reserve; the other 174 are 谋划 projects created here (off the 三十工程
lists, so the dispatch, progress and warning figures do not change). Each project is in one channel, as the
seed's four counts add up to its total. A few applications of the 2024 fourth batch were 未通过 and their
projects were put back into the 2025 reserve. Everything is derived from names, so the build is deterministic."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tuijin.demo import data
from tuijin.projects import services as project_services
from tuijin.projects.models import Project
from tuijin.projects.preparation import PrepItem, PrepStatus

from . import services
from .channels import ensure_default_channels
from .models import Channel
from .readiness import readiness
from .statuses import Status

YEAR = 2025
BATCH = "第一批"
PLACES = ["文昌路", "丰收路", "中原路", "迎宾路", "工业路", "创业路", "科技路", "新园路", "凤凰路", "世纪路", "长江路",
          "黄河路", "神农路", "太行路"]
COMMUNITIES = ["金桥", "文苑", "丰泽", "中原", "凤凰", "世纪", "长江", "黄河", "神农", "太行", "月季", "牡丹"]
COMPANIES = [("ruiqing", "瑞庆"), ("zhuoli", "卓立"), ("aotesheng", "澳特盛"), ("mingren", "明仁"), ("xiagong", "厦工"),
             ("hydrogen", "氢源"), ("battery", "锂安"), ("sensor", "智感"), ("newmat", "新锐"), ("coldchain", "冷链")]

# category index (data.CATEGORIES), planning field, lead department, owner key
INFRA, INDUSTRY, SOCIAL = 1, 0, 2


@dataclass(frozen=True)
class Kind:
    template: str
    category: int
    field: str
    department: str
    owner: str
    investment: tuple[int, int]  # range of total investment, 万元


NEW_PROJECTS = {
    # 专项债: public works with their own revenue (fees, rents), the bond's 融资收益平衡.
    "bond": ([Kind("{p}道路及雨污管网工程", INFRA, "traditional_infra", "住建局", "urbaninvest", (8000, 30000)),
              Kind("{p}片区标准化厂房项目", INDUSTRY, "industry", "经发局", "equipment", (12000, 40000)),
              Kind("{p}片区城市更新项目", SOCIAL, "livelihood", "住建局", "housing", (10000, 36000)),
              Kind("{p}智慧停车及充电设施项目", INFRA, "new_infra", "城管局", "urbaninvest", (3000, 9000))],
             PLACES, 52),
    # 两重: the city's underground networks and flood defences (城市地下管网、排水防涝).
    "two_major": ([Kind("{p}燃气管网更新改造工程", INFRA, "traditional_infra", "住建局", "urbaninvest", (3000, 12000)),
                   Kind("{p}供热管网更新改造工程", INFRA, "traditional_infra", "住建局", "urbaninvest", (4000, 15000)),
                   Kind("{p}排水防涝设施建设工程", INFRA, "traditional_infra", "环境分局", "water", (5000, 20000)),
                   Kind("{p}城市生命线安全工程", INFRA, "new_infra", "城管局", "urbaninvest", (2000, 8000))],
                  PLACES, 55),
    # 两新: equipment renewal in the zone's plants.
    "two_new": ([Kind("焦作{p}智能制造设备更新项目", INDUSTRY, "industry", "经发局", "", (2000, 12000)),
                 Kind("焦作{p}节能降碳设备更新项目", INDUSTRY, "industry", "经发局", "", (1000, 6000))],
                COMPANIES, 19),
    # 中央预算内: public services (教育、卫生、养老、保障房配套).
    "central_budget": ([Kind("{p}社区养老服务中心项目", SOCIAL, "livelihood", "社会事业局", "elderly", (1500, 5000)),
                        Kind("{p}小学改扩建项目", SOCIAL, "livelihood", "社会事业局", "social", (3000, 12000)),
                        Kind("{p}社区卫生服务中心提升项目", SOCIAL, "livelihood", "社会事业局", "social", (1000, 4000)),
                        Kind("{p}片区保障性住房配套基础设施项目", INFRA, "livelihood", "住建局", "housing",
                             (5000, 20000))],
                       COMMUNITIES, 48),
}

# Registry projects in the reserve, by channel (demo data keys); those not ready stay in 储备.
REGISTRY = {
    "bond": ["zijing", "shanyang", "nanhai", "sewage", "water", "pipes", "jinsha", "rental", "oldcomm", "logistics",
             "parking", "reuse", "talent"],
    "two_major": ["compute"],
    "two_new": ["xiagong", "zhuoli"],
    "central_budget": ["yuxi", "elderly", "clinic", "fitness", "kinder", "bio", "vocational", "incubator"],
}

# How far each channel's applications have got, most advanced first: (status, count). Sums: 65/56/21/56.
PLAN = {
    "bond": [(Status.PAID, 4), (Status.ISSUED, 3), (Status.APPROVED, 4), (Status.APPLIED, 10), (Status.RESERVE, 44)],
    "two_major": [(Status.PAID, 1), (Status.ISSUED, 2), (Status.APPROVED, 4), (Status.APPLIED, 10),
                  (Status.RESERVE, 39)],
    "two_new": [(Status.PAID, 2), (Status.ISSUED, 2), (Status.APPROVED, 2), (Status.APPLIED, 4), (Status.RESERVE, 11)],
    "central_budget": [(Status.PAID, 3), (Status.ISSUED, 3), (Status.APPROVED, 3), (Status.APPLIED, 9),
                       (Status.RESERVE, 38)],
}
# Share of the total investment asked for, by channel.
SHARE = {"bond": Decimal("0.5"), "two_major": Decimal("0.4"), "two_new": Decimal("0.2"),
         "central_budget": Decimal("0.3")}
# Applications of 2024's fourth batch that failed, by channel, with the reason; their projects re-entered the reserve.
REJECTED = {
    "bond": ["项目收益不能覆盖融资本息，未通过专项债项目审核", "项目前期要件合规性审核未通过",
             "属于专项债负面清单领域", "融资收益平衡方案测算依据不足"],
    "two_major": ["不属于“两重”支持领域", "项目成熟度不足，未通过评审", "地方配套资金来源不明确"],
    "two_new": ["设备更新投资未达申报门槛"],
    "central_budget": ["不符合中央预算内投资专项支持方向", "项目已获其他中央资金支持，不得重复申报",
                       "可研深度不足，未通过评审"],
}
PREPARED_ON = date(2024, 8, 1)
WAN = Decimal("10")  # amounts are rounded to 10万元


def _fraction(key: str, salt: str) -> Decimal:
    """A stable number in [0, 1) from a name."""
    return Decimal(hashlib.sha256(f"{key}:{salt}".encode()).digest()[0]) / Decimal(256)


def _round(amount: Decimal) -> Decimal:
    return (amount / WAN).quantize(Decimal(1), rounding=ROUND_HALF_UP) * WAN


class FundingReserve:
    def __init__(self, zone):
        self.zone = zone
        self.actor = zone.coordinator

    def build(self) -> None:
        ensure_default_channels(Channel)
        channels = {channel.code: channel for channel in Channel.objects.all()}
        registry = self._registry_projects()
        for code, plan in PLAN.items():
            channel = channels[code]
            ready = [p for p in registry[code] if self._is_ready(p, channel)]
            not_ready = [p for p in registry[code] if p not in ready]
            new = self._new_projects(code)
            projects = ready + new + not_ready
            statuses = [status for status, count in plan for _n in range(count)]
            assert len(projects) == len(statuses), (code, len(projects), len(statuses))
            rejected = list(REJECTED[code])
            for index, (project, status) in enumerate(zip(projects, statuses, strict=True)):
                # A project in the reserve that failed last year had applied, so it was ready then; about one
                # in seven of the others is ready and waits for the next batch; the rest still lack 前期 items.
                failed_last_year = status == Status.RESERVE and project in new and index % 4 == 0 and rejected
                ready = status != Status.RESERVE or failed_last_year or index % 7 == 0
                if project in new and ready:
                    self._prepare(project, channel)
                if failed_last_year:
                    self._rejected_last_year(project, channel, rejected.pop(0), index)
                self._apply(project, channel, status, index)

    def _registry_projects(self) -> dict:
        names = {row[0]: row[1] for row in [*data.LIST_PROJECTS, *data.RESERVE_PROJECTS]}
        projects = {p.name: p for p in Project.objects.filter(region=self.zone.zone, name__in=names.values())}
        return {code: [projects[names[key]] for key in keys] for code, keys in REGISTRY.items()}

    @staticmethod
    def _is_ready(project, channel) -> bool:
        return readiness(project, channel).ok

    def _new_projects(self, code: str) -> list:
        kinds, places, count = NEW_PROJECTS[code]
        projects = []
        for number in range(count):
            kind = kinds[number % len(kinds)]
            place = places[(number // len(kinds)) % len(places)]
            owner_key, short = place if isinstance(place, tuple) else (kind.owner, place)
            projects.append(self._create(kind, kind.template.format(p=short), owner_key))
        return projects

    def _create(self, kind: Kind, name: str, owner_key: str):
        low, high = kind.investment
        total = _round(Decimal(low) + (Decimal(high - low) * _fraction(name, "total")))
        department = self.zone.departments[kind.department]
        start = date(YEAR + 1, 3 + int(_fraction(name, "start") * 6), 1)
        project = project_services.project_create(actor=self.actor, data={
            "name": name, "category": self.zone.categories[kind.category], "planning_field": kind.field,
            "nature": "tech" if kind.category == INDUSTRY and kind.owner == "" else "new", "region": self.zone.zone,
            "owner": self.zone.enterprises[owner_key], "total_investment": total, "planned_start": start,
            "planned_end": start + timedelta(days=540), "address": f"焦作高新区{name[:4]}",
            "scale": "", "lead_department": department,
        }, reason="纳入政策性资金项目储备")
        team = [p for p in self.zone.team_people if p.department == department][:1] or self.zone.team_people[:1]
        project_services.project_assign_team(actor=self.actor, project=project, leader=None,
                                             lead_department=department, co_departments=[], team=team,
                                             reason="建立五个一工作机制")
        return project

    def _prepare(self, project, channel) -> None:
        """The channel's 前期 items done, as a project needs them to apply."""
        for item in channel.required_items:
            project_services.preparation_save(actor=self.actor, project=project, item=PrepItem(item),
                                              status=PrepStatus.DONE, done_on=PREPARED_ON)

    def _rejected_last_year(self, project, channel, reason: str, index: int) -> None:
        application = services.application_create(
            actor=self.actor, project=project, channel=channel, year=YEAR - 1, batch="第四批",
            reserved_on=date(YEAR - 1, 8, 20), amount_requested=self._requested(project, channel),
            reason="纳入储备")
        application = services.application_move(actor=self.actor, application=application, to_status=Status.APPLIED,
                                                on=date(YEAR - 1, 9, 10 + index % 10))
        services.application_move(actor=self.actor, application=application, to_status=Status.REJECTED,
                                  on=date(YEAR - 1, 11, 5 + index % 20), reason=reason)

    @staticmethod
    def _requested(project, channel) -> Decimal:
        return max(_round(project.total_investment * SHARE[channel.code]), WAN)

    def _apply(self, project, channel, status: Status, index: int) -> None:
        requested = self._requested(project, channel)
        application = services.application_create(
            actor=self.actor, project=project, channel=channel, year=YEAR, batch=BATCH,
            reserved_on=date(YEAR - 1, 12, 1) + timedelta(days=index % 25), amount_requested=requested,
            reason="纳入储备")
        steps = [Status.APPLIED, Status.APPROVED, Status.ISSUED, Status.PAID]
        if status == Status.RESERVE:
            return
        approved = _round(requested * (Decimal("0.7") + Decimal("0.3") * _fraction(project.name, "approved")))
        paid = _round(approved * (Decimal("0.4") + Decimal("0.5") * _fraction(project.name, "paid")))
        moves = {
            Status.APPLIED: (date(YEAR, 1, 15) + timedelta(days=index % 12), requested),
            Status.APPROVED: (date(YEAR, 3, 5) + timedelta(days=index % 15), approved),
            Status.ISSUED: (date(YEAR, 3, 25) + timedelta(days=index % 5), approved),
            Status.PAID: (date(YEAR, 4, 10) + timedelta(days=index % 30), paid),
        }
        for step in steps[: steps.index(status) + 1]:
            on, amount = moves[step]
            application = services.application_move(actor=self.actor, application=application, to_status=step,
                                                    on=on, amount=amount)


def build(zone) -> None:
    FundingReserve(zone).build()
