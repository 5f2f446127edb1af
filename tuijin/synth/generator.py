"""A realistic synthetic dataset for benchmarks, written with bulk inserts.

No services run per row, so the generator itself keeps the rules the services enforce: valid 统一社会信用代码
and 项目代码, investment splits within the total, end after start, stages that agree with the dates (在建 has an
actual start, 建成 an actual end), reports only for started projects and only from their start month, and
cumulative figures (开工以来) never above the total investment.

Every project draws from its own random stream (seed, index), so the data do not depend on the batch size.
Months are counted as year * 12 + (month - 1) throughout.
"""

import math
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from tuijin.core.loop import Escalation, LoopStatus, LoopStep
from tuijin.core.models import AuditEvent
from tuijin.core.validators import USCC_ALPHABET, uscc_check_character
from tuijin.dispatch.models import Period, Problem, ProgressReport
from tuijin.funding.synth import applications as funding_applications
from tuijin.org.models import Department, Enterprise, Person, Region
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Category, ListMembership, Milestone, Preparation, ProgrammeList, Project
from tuijin.projects.preparation import PrepItem, PrepStatus

from . import names

BATCH = 1000  # rows per INSERT (SQLite's variable limit is generous; PostgreSQL has none that matters here)
CHUNK = 2000  # projects planned and written together

STAGE_WEIGHTS = [(Stage.PLANNING, 12), (Stage.PROMOTION, 8), (Stage.PENDING, 12), (Stage.CONSTRUCTION, 38),
                 (Stage.COMPLETED, 18), (Stage.EFFECTIVE, 7), (Stage.SUSPENDED, 3), (Stage.WITHDRAWN, 2)]
CATEGORY_WEIGHTS = [55, 25, 20]
# Investment in China is back-loaded: the relative weight of each month's spending (mean 1).
SEASON = [0.55, 0.6, 0.85, 0.95, 1.0, 1.1, 0.95, 1.0, 1.05, 1.15, 1.25, 1.55]
SEASON = [s * 12 / sum(SEASON) for s in SEASON]
STARTED = {Stage.CONSTRUCTION, Stage.COMPLETED, Stage.EFFECTIVE}
FINISHED = {Stage.COMPLETED, Stage.EFFECTIVE}


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_date(m: int, day: int = 1) -> date:
    return date(m // 12, m % 12 + 1, day)


def aware(d: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, hour))


def smoothstep(t: float) -> float:
    t = min(max(t, 0.0), 1.0)
    return t * t * (3 - 2 * t)


def money(x: float) -> Decimal:
    return Decimal(int(x))


@dataclass
class Options:
    projects: int
    years: int
    seed: int = 1
    scale: str = "city"
    today: date = field(default_factory=date.today)


@dataclass
class Stats:
    rows: dict = field(default_factory=lambda: defaultdict(int))
    seconds: dict = field(default_factory=lambda: defaultdict(float))
    total_seconds: float = 0.0

    def table(self) -> list[tuple[str, int, float, float]]:
        return [(name, n, self.seconds[name], n / self.seconds[name] if self.seconds[name] else 0.0)
                for name, n in self.rows.items()]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@contextmanager
def historic_timestamps():
    """Let bulk inserts carry the dates the rows would have had (auto_now would stamp them all with now)."""
    fields = [Project._meta.get_field("created_at"), Project._meta.get_field("updated_at"),
              Period._meta.get_field("opened_at"), Problem._meta.get_field("created_at"),
              AuditEvent._meta.get_field("at"), LoopStep._meta.get_field("at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Synth:
    def __init__(self, options: Options, log=None):
        if options.scale not in {"city", "province"}:
            raise ValueError("scale must be city or province")
        self.o = options
        self.log = log or (lambda text: None)
        self.stats = Stats()
        self.today = options.today
        self.now = aware(self.today, 18)
        self.end_m = month_index(self.today)  # the latest period: open
        self.first_m = self.end_m - options.years * 12 + 1
        self.rng = random.Random(options.seed)

    # --- writing --------------------------------------------------------------------------------------

    def write(self, model: type[models.Model], objs: list, label: str | None = None) -> list:
        label = label or model._meta.label
        started = time.perf_counter()
        model.objects.bulk_create(objs, batch_size=BATCH)
        self.stats.seconds[label] += time.perf_counter() - started
        self.stats.rows[label] += len(objs)
        return objs

    def run(self) -> Stats:
        started = time.perf_counter()
        with historic_timestamps(), transaction.atomic():
            self._organisation()
            self._categories()
            self._periods()
            self._lists()
            for first in range(0, self.o.projects, CHUNK):
                self._projects(range(first, min(first + CHUNK, self.o.projects)))
                self.log(f"  {min(first + CHUNK, self.o.projects)}/{self.o.projects} 个项目")
            import_string("tuijin.promotion.synth.generate")(self)  # 招商 leads (see that module)
        self.stats.total_seconds = time.perf_counter() - started
        return self.stats

    # --- organisation ------------------------------------------------------------------------------------

    def _region(self, name, code, level, parent):
        region = Region(name=name, code=code, level=level, parent=parent)
        self.write(Region, [region])
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        Region.objects.filter(pk=region.pk).update(path=region.path)
        return region

    def _organisation(self):
        province_name, province_code = names.PROVINCE
        if Region.objects.filter(parent__isnull=True, name=province_name).exists():
            raise RuntimeError(f"数据库中已有模拟数据（{province_name}）；请换一个空数据库。")
        self.province = self._region(province_name, province_code, Region.Level.PROVINCE, None)
        if self.o.scale == "city":
            n_cities, leaves_per_city = 1, 8 + 3
        else:
            n_cities, leaves_per_city = min(max(self.o.projects // 2500, 3), len(names.CITIES)), 6 + 2
        self.cities, self.leaves = [], []
        for c in range(n_cities):
            city = self._region(f"{names.CITIES[c]}市", f"39{c + 1:02d}00", Region.Level.CITY, self.province)
            self.cities.append(city)
            n_zones = 3 if self.o.scale == "city" else 2
            n_counties = leaves_per_city - n_zones
            for k in range(n_counties):
                leaf = Region(name=names.COUNTY_STEMS[k] + names.COUNTY_SUFFIX[k], code=f"39{c + 1:02d}{k + 2:02d}",
                              level=Region.Level.COUNTY, parent=city)
                self.leaves.append(leaf)
            for k in range(n_zones):
                leaf = Region(name=f"{names.CITIES[c]}{names.ZONE_NAMES[k]}", code=f"39{c + 1:02d}{71 + k:02d}",
                              level=Region.Level.ZONE, parent=city)
                self.leaves.append(leaf)
        self.write(Region, self.leaves)
        for leaf in self.leaves:
            leaf.path = f"{leaf.parent.path}{leaf.pk}/"
        Region.objects.bulk_update(self.leaves, ["path"], batch_size=BATCH)
        self.region_weight = [self.rng.uniform(0.5, 1.5) * (1.4 if r.level == Region.Level.ZONE else 1.0)
                              for r in self.leaves]

        departments = [Department(name=name, short_name=short, region=region, order=order)
                       for region in [*self.cities, *self.leaves]
                       for order, (name, short, _kinds) in enumerate(names.DEPARTMENTS)]
        self.write(Department, departments)
        self.departments = defaultdict(dict)  # region pk → short name → department
        for d in departments:
            self.departments[d.region_id][d.short_name] = d
        people = []
        for region in self.leaves:
            people += [Person(name=name, title=title, region=region, is_leader=True, order=order)
                       for order, (name, title) in enumerate(names.LEADERS)]
            people += [Person(name=f"{short}{title}", title=title, region=region,
                              department=self.departments[region.pk][short], order=100 + i * 2 + j)
                       for i, short in enumerate(["发改局", "经发局", "住建局", "社会事业局", "招商中心"])
                       for j, title in enumerate(names.TEAM_TITLES)]
        self.write(Person, people)
        self.leaders, self.team = defaultdict(list), defaultdict(list)
        for p in people:
            if p.is_leader:
                self.leaders[p.region_id].append(p)
            else:
                self.team[(p.region_id, p.department_id)].append(p)
        self._enterprises()

    def _enterprises(self):
        per_leaf = max(4, math.ceil(self.o.projects * 0.55 / len(self.leaves)))
        enterprises, codes = [], set()
        for region in self.leaves:
            stem, seen = region.name[:2], set()
            for i in range(per_leaf):
                roll = self.rng.random()
                kind = (Enterprise.Kind.COMPANY if roll < 0.75 else
                        Enterprise.Kind.PLATFORM if roll < 0.9 else Enterprise.Kind.PUBLIC)
                brand = names.BRANDS[i % len(names.BRANDS)]
                trade = names.TRADES[(i // len(names.BRANDS)) % len(names.TRADES)][0]
                serial = i // (len(names.BRANDS) * len(names.TRADES))
                suffix = f"{serial + 1}" if serial else ""
                if kind == Enterprise.Kind.COMPANY:
                    name = f"{stem}{brand}{trade}{suffix}有限公司"
                elif kind == Enterprise.Kind.PLATFORM:
                    name = f"{region.name}{brand}{suffix}建设投资有限公司"
                else:
                    name = f"{region.name}{brand}{suffix}事业发展中心"
                base, n = name, 1
                while name in seen:
                    n += 1
                    name = base.replace("有限公司", f"{n}有限公司").replace("中心", f"{n}中心")
                seen.add(name)
                register = {"company": "91", "platform": "91", "public": "12"}[kind]
                while True:
                    first17 = register + region.code + "".join(self.rng.choice(USCC_ALPHABET) for _ in range(9))
                    if first17 not in codes:
                        codes.add(first17)
                        break
                enterprises.append(Enterprise(name=name, credit_code=first17 + uscc_check_character(first17),
                                              kind=kind, region=region, address=f"{region.name}{names.PLACES[i % 8]}",
                                              contact="联系人", phone=f"0739-{self.rng.randint(2000000, 8999999)}"))
        self.write(Enterprise, enterprises)
        self.enterprises = defaultdict(lambda: defaultdict(list))  # region pk → kind → enterprises
        for e in enterprises:
            self.enterprises[e.region_id][e.kind].append(e)

    def _categories(self):
        self.categories = []
        for order, (name, template) in enumerate(names.CATEGORIES):
            category, _ = Category.objects.get_or_create(name=name, defaults={"order": order,
                                                                               "milestone_template": template})
            if not category.milestone_template:
                category.milestone_template = template
                category.save(update_fields=["milestone_template"])
            self.categories.append(category)

    def _periods(self):
        periods = []
        for region in self.leaves:
            for m in range(self.first_m, self.end_m + 1):
                deadline = month_date(m + 1, 5)
                is_open = m == self.end_m
                periods.append(Period(region=region, year=m // 12, month=m % 12 + 1, deadline=deadline,
                                      status=Period.Status.OPEN if is_open else Period.Status.CLOSED,
                                      opened_at=aware(month_date(m, 20)),
                                      closed_at=None if is_open else aware(deadline + timedelta(days=3))))
        self.write(Period, periods)
        self.periods = {(p.region_id, p.year * 12 + p.month - 1): p for p in periods}

    def _lists(self):
        lists = []
        self.lists = {}
        for year in range(self.first_m // 12, self.end_m // 12 + 1):
            for region in self.leaves:
                lists.append(ProgrammeList(name=f"{year}年{region.name}重点项目", year=year,
                                           level=ProgrammeList.Level.DISTRICT, region=region))
                self.lists[("leaf", region.pk, year)] = lists[-1]
            for city in self.cities:
                lists.append(ProgrammeList(name=f"{year}年{city.name}重点项目", year=year,
                                           level=ProgrammeList.Level.CITY, region=city))
                self.lists[("city", city.pk, year)] = lists[-1]
            if self.o.scale == "province":
                lists.append(ProgrammeList(name=f"{year}年{self.province.name}重点项目", year=year,
                                           level=ProgrammeList.Level.PROVINCE, region=self.province))
                self.lists[("province", self.province.pk, year)] = lists[-1]
        self.write(ProgrammeList, lists)

    # --- projects ----------------------------------------------------------------------------------------

    def _plan(self, index: int) -> dict:
        """Everything about one project, from its own random stream."""
        rng = random.Random(self.o.seed * 1_000_003 + index)
        region = rng.choices(self.leaves, weights=self.region_weight)[0]
        stages = [s for s, _ in STAGE_WEIGHTS]
        stage = stages[index] if index < len(stages) else rng.choices(stages, [w for _, w in STAGE_WEIGHTS])[0]
        c = rng.choices(range(3), weights=CATEGORY_WEIGHTS)[0]
        category = self.categories[c]
        mu = [math.log(30000), math.log(25000), math.log(8000)][c]
        total = min(max(math.exp(rng.gauss(mu, 1.0)), 1000), 500000)
        total = round(total, -1 if total < 10000 else -2)
        d = min(max(int(10 + 26 * math.log(total / 1000) / math.log(500)) + rng.randint(-3, 6), 8), 60)
        E, today = self.end_m, self.today

        def day_in(m: int) -> date:
            value = month_date(m, rng.randint(1, 28))
            return min(value, today)

        actual_start = actual_end = None
        if stage == Stage.CONSTRUCTION:
            start_m = E - rng.randint(0, int(d * 1.15))
            sched_d = d
        elif stage in FINISHED:
            ago = rng.randint(1, 30) if stage == Stage.COMPLETED else rng.randint(8, 40)
            sched_d = max(int(d * rng.uniform(0.9, 1.3)), 6)
            start_m = E - ago - sched_d + 1
            actual_end = day_in(start_m + sched_d - 1)
        if stage in STARTED:
            actual_start = day_in(start_m)
            planned_start_m = start_m - max(0, int(rng.gauss(1.5, 2)))
        elif stage == Stage.PENDING:
            planned_start_m = E + rng.randint(-2, 8)
        elif stage in {Stage.PROMOTION, Stage.SUSPENDED}:
            planned_start_m = E + rng.randint(-6, 18)
        else:
            planned_start_m = E + rng.randint(0, 30)
        planned_start = month_date(planned_start_m, 1)
        planned_end = month_date(planned_start_m + d, 1) - timedelta(days=1)
        created = min(planned_start, actual_start or planned_start) - timedelta(days=30 * rng.randint(6, 18))
        created = min(created, today - timedelta(days=rng.randint(1, 60)))

        if c == 0:
            kind = Enterprise.Kind.COMPANY
            trade, product, industry = names.TRADES[rng.randrange(len(names.TRADES))]
        elif c == 1:
            kind = Enterprise.Kind.PLATFORM
            product, industry = names.INFRA[rng.randrange(len(names.INFRA))]
        else:
            kind = rng.choice([Enterprise.Kind.PUBLIC, Enterprise.Kind.PLATFORM])
            product, industry = names.LIVELIHOOD[rng.randrange(len(names.LIVELIHOOD))]
        pool = self.enterprises[region.pk][kind] or self.enterprises[region.pk][Enterprise.Kind.COMPANY]
        owner = rng.choice(pool) if pool and not (c == 0 and stage in {Stage.PLANNING, Stage.PROMOTION}
                                                   and rng.random() < 0.6) else None
        if c == 0:
            brand = owner.name[2:4] if owner else rng.choice(names.BRANDS)
            name = f"{brand}{product}项目"
        elif c == 1 and product == "道路工程":
            name = f"{region.name[:2]}{rng.choice(names.ROADS)}路{rng.choice(['东延段', '西延段', '提升改造'])}{product}"
        else:
            name = f"{region.name}{product}" if rng.random() < 0.5 else f"{region.name}{rng.choice(names.PLACES)}{product}"

        code = None
        if not (stage in {Stage.PLANNING, Stage.WITHDRAWN} and rng.random() < 0.6):
            code_year = max(created.year, 2000)
            kind_code = "03" if kind == Enterprise.Kind.COMPANY else rng.choice(["01", "02"])
            code = f"{code_year}-{region.code}-{industry}-{kind_code}-{index + 1:06d}"

        if c == 0:
            own = rng.uniform(0.4, 0.8)
            split = {"invest_self": own, "invest_loan": rng.uniform(0, 0.95 - own)}
        elif c == 1:
            fiscal = rng.uniform(0.1, 0.4)
            bond = rng.uniform(0, 0.4)
            split = {"invest_fiscal": fiscal, "invest_bond": bond, "invest_other": rng.uniform(0, 0.98 - fiscal - bond)}
        else:
            fiscal = rng.uniform(0.3, 0.7)
            split = {"invest_fiscal": fiscal, "invest_bond": rng.uniform(0, 0.98 - fiscal)}
        split = {k: money(total * v) for k, v in split.items()}

        designed = money(total * rng.uniform(0.8, 2.5)) if c == 0 else None
        actual_output = None
        if designed is not None and stage == Stage.EFFECTIVE:
            actual_output = money(float(designed) * rng.uniform(1.0, 1.3))
        elif designed is not None and stage == Stage.COMPLETED:
            actual_output = money(float(designed) * rng.uniform(0.2, 0.9))

        departments = self.departments[region.pk]
        lead = departments[rng.choice(names.LEAD_BY_CATEGORY[category.name])]
        co = rng.sample([departments[s] for s in names.CO_DEPARTMENTS if departments[s] != lead], rng.randint(0, 2))
        team = self.team.get((region.pk, lead.pk)) or self.team[(region.pk, departments["发改局"].pk)]
        plan = {
            "index": index, "rng": rng, "stage": stage, "category": category, "d": d, "created": created,
            "project": Project(
                code=code, name=name[:200], short_name=name[:20], nature=rng.choice(["new"] * 6 + ["expansion", "tech"]),
                category=category, planning_field=["industry", "traditional_infra", "livelihood"][c]
                if rng.random() < 0.8 else rng.choice(["innovation", "new_infra"]),
                industry=names.TRADES[rng.randrange(len(names.TRADES))][0] if c == 0 else "",
                region=region, address=f"{region.name}{rng.choice(names.PLACES)}", owner=owner,
                scale=f"总投资{int(total)}万元，{product}", planned_start=planned_start, planned_end=planned_end,
                actual_start=actual_start, actual_end=actual_end,
                signed_on=planned_start - timedelta(days=rng.randint(60, 240))
                if c == 0 and stage not in {Stage.PLANNING, Stage.PROMOTION, Stage.WITHDRAWN} else None,
                total_investment=Decimal(int(total)), designed_output=designed, actual_output=actual_output,
                stage=stage, leader=rng.choice(self.leaders[region.pk]), lead_department=lead,
                stage_before_suspension=Stage.PENDING if stage == Stage.SUSPENDED else "",
                stage_reason={Stage.SUSPENDED: "市场变化，投资方调整投资计划，暂缓实施",
                              Stage.WITHDRAWN: "不符合产业准入要求，经研究退出储备库"}.get(stage, ""),
                created_at=aware(created), updated_at=aware(max(created, actual_end or actual_start or created)),
                **split),
            "co": co, "team": rng.sample(team, min(len(team), rng.randint(1, 2))),
        }
        # The planned spending curve: from the actual start (or the planned one) over the schedule.
        if stage in STARTED:
            sched_start, sched_len = start_m, sched_d
        elif stage == Stage.PENDING:
            sched_start, sched_len = planned_start_m, d
        else:
            sched_start = sched_len = None
        plan["target"] = total * rng.uniform(0.9, 1.0)
        plan["schedule"] = (sched_start, sched_len)
        if actual_start:
            # What was spent before the first tracked month: the planned curve up to then.
            last_m = month_index(actual_end) if actual_end else E
            before = sum(self._planned(plan, m) for m in range(start_m, min(self.first_m, last_m + 1)))
            plan["project"].completed_before_tracking = money(before) if before >= 1 else None
        return plan

    @staticmethod
    def _planned(plan, m: int) -> float:
        """The planned spending of month m (0 outside the schedule)."""
        start, length = plan["schedule"]
        if start is None or m < start:
            return 0.0
        return plan["target"] * (smoothstep((m - start + 1) / length) - smoothstep((m - start) / length))

    def _projects(self, indices: range):
        plans = [self._plan(i) for i in indices]
        projects = self.write(Project, [p["project"] for p in plans])
        for plan in plans:
            plan["pk"] = plan["project"].pk
        self.write(Project.co_departments.through,
                   [Project.co_departments.through(project_id=p["pk"], department_id=d.pk) for p in plans for d in p["co"]],
                   "projects.Project_co_departments")
        self.write(Project.team.through,
                   [Project.team.through(project_id=p["pk"], person_id=x.pk) for p in plans for x in p["team"]],
                   "projects.Project_team")
        self.write(Milestone, [m for p in plans for m in self._milestones(p)])
        self.write(Preparation, [x for p in plans for x in self._preparations(p)])
        funding_applications(self, plans)
        self.write(ListMembership, [x for p in plans for x in self._memberships(p)])
        reports = {}
        for p in plans:
            reports[p["pk"]] = self._reports(p)
        self.write(ProgressReport, [r for rs in reports.values() for r in rs])
        problems = [x for p in plans for x in self._problems(p, reports[p["pk"]])]
        self.write(Problem, problems)
        self.write(LoopStep, [s for problem in problems for s in self._steps(problem)])
        self.write(AuditEvent, [AuditEvent(
            at=p.created_at, actor=None, actor_name="synth", action="synth.create", target_type="projects.project",
            target_id=str(p.pk), target_label=p.name[:300], project_id=p.pk, changes={"stage": p.stage},
            reason="模拟数据生成") for p in projects])

    def _milestones(self, plan) -> list[Milestone]:
        p, rng = plan["project"], plan["rng"]
        template = plan["category"].milestone_template or []
        start_i = template.index("开工") if "开工" in template else 0
        after = max(len(template) - start_i - 1, 1)
        done_by = p.actual_end if p.actual_end else self.today
        rows = []
        for i, step in enumerate(template):
            if i <= start_i:
                planned = p.planned_start - timedelta(days=30 * (start_i - i))
            else:
                planned = p.planned_start + (p.planned_end - p.planned_start) * (i - start_i) / after
            actual, status = None, Milestone.Status.SCHEDULED
            if p.actual_start and i < start_i:
                actual, status = min(planned + timedelta(days=rng.randint(0, 20)), p.actual_start), Milestone.Status.MET
            elif p.actual_start and i == start_i:
                actual, status = p.actual_start, Milestone.Status.MET
            elif p.actual_start and plan["stage"] in FINISHED and step != "达产":
                actual = min(max(planned + timedelta(days=rng.randint(-10, 30)), p.actual_start), p.actual_end)
                status = Milestone.Status.MET
            elif p.actual_start and step == "达产" and plan["stage"] == Stage.EFFECTIVE:
                actual, status = min(p.actual_end + timedelta(days=180), self.today), Milestone.Status.MET
            elif p.actual_start and planned <= done_by:
                if rng.random() < 0.85:
                    actual = min(max(planned + timedelta(days=rng.randint(0, 20)), p.actual_start), self.today)
                    status = Milestone.Status.MET
                else:
                    status = Milestone.Status.NOT_MET
            elif not p.actual_start and i < start_i and planned <= self.today and plan["stage"] == Stage.PENDING \
                    and rng.random() < 0.7:
                actual, status = planned + timedelta(days=rng.randint(0, 15)), Milestone.Status.MET
                actual = min(actual, self.today)
            rows.append(Milestone(project_id=plan["pk"], order=i + 1, name=step, planned_date=planned,
                                  actual_date=actual, status=status))
        return rows

    def _preparations(self, plan) -> list[Preparation]:
        p, rng, stage = plan["project"], plan["rng"], plan["stage"]
        items = list(PrepItem)
        done_on = min(p.planned_start - timedelta(days=60), self.today)
        rows = []
        for i, item in enumerate(items):
            if item == PrepItem.ENERGY and plan["category"].name != "产业项目":
                status = PrepStatus.NOT_NEEDED
            elif stage in STARTED:
                status = PrepStatus.DONE
            elif stage == Stage.PENDING:
                status = PrepStatus.DOING if item == PrepItem.BUILDING_PERMIT or (
                    item == PrepItem.LAND and rng.random() < 0.2) else PrepStatus.DONE
            elif stage in {Stage.PROMOTION, Stage.SUSPENDED}:
                status = PrepStatus.DONE if i < 4 else PrepStatus.DOING if i < 7 else PrepStatus.TODO
            else:
                done = rng.randint(0, 4)
                status = PrepStatus.DONE if i < done else PrepStatus.DOING if i < done + 2 else PrepStatus.TODO
            rows.append(Preparation(project_id=plan["pk"], item=item, status=status,
                                    done_on=done_on if status == PrepStatus.DONE else None))
        return rows

    def _memberships(self, plan) -> list[ListMembership]:
        p, rng = plan["project"], plan["rng"]
        if plan["schedule"][0] is None:
            return []
        rows = []
        for year in range(self.first_m // 12, self.end_m // 12 + 1):
            if p.created_at.year > year or (p.actual_end and p.actual_end.year < year):
                continue
            # The plan is the expected spending of the year, back-loaded as the reports will be.
            planned = sum(self._planned(plan, year * 12 + k) * SEASON[k] for k in range(12))
            if planned < 1:
                continue
            annual = money(planned * rng.uniform(0.95, 1.2))
            city = p.region.parent
            keys = [("leaf", p.region_id, year)]
            if p.total_investment >= 80000:
                keys.append(("city", city.pk, year))
            if p.total_investment >= 200000 and self.o.scale == "province":
                keys.append(("province", self.province.pk, year))
            rows += [ListMembership(programme=self.lists[key], project_id=plan["pk"], annual_plan=annual) for key in keys]
        return rows

    def _reports(self, plan) -> list[ProgressReport]:
        p, rng = plan["project"], plan["rng"]
        if not p.actual_start:
            return []
        start_m = month_index(p.actual_start)
        last_m = month_index(p.actual_end) if p.actual_end else self.end_m
        p_total = float(p.total_investment)
        spent = float(p.completed_before_tracking or 0)
        rows = []
        for m in range(max(start_m, self.first_m), last_m + 1):
            amount = self._planned(plan, m) * SEASON[m % 12] * rng.uniform(0.75, 1.25)
            amount = int(min(amount, max(plan["target"] - spent, 0), p_total - spent))
            spent += amount
            period = self.periods[(p.region_id, m)]
            latest = m == self.end_m
            roll = rng.random()
            if latest:
                if roll < 0.15:
                    continue  # not reported yet
                status = (ProgressReport.Status.SUBMITTED if roll < 0.6 else ProgressReport.Status.APPROVED
                          if roll < 0.85 else ProgressReport.Status.DRAFT if roll < 0.93 else
                          ProgressReport.Status.RETURNED)
            else:
                status = ProgressReport.Status.APPROVED if roll < 0.96 else ProgressReport.Status.SUBMITTED
            share = spent / p_total
            submitted = status != ProgressReport.Status.DRAFT
            submitted_at = aware(min(period.deadline - timedelta(days=rng.randint(0, 6)), self.today), 10)
            rows.append(ProgressReport(
                period=period, project_id=plan["pk"], status=status, invest_month=Decimal(amount),
                progress_text=f"{names.PROGRESS_TEXT[min(int(share * 7), 6)]}，完成月度计划",
                progress_pct=min(100, int(share * 100)), workers=int(math.sqrt(p_total) * rng.uniform(0.5, 1.5)),
                return_reason=names.RETURN_REASON if status == ProgressReport.Status.RETURNED else "",
                submitted_at=submitted_at if submitted else None,
                reviewed_at=submitted_at + timedelta(days=2) if status in {
                    ProgressReport.Status.APPROVED, ProgressReport.Status.RETURNED} else None))
        return rows

    def _problems(self, plan, reports: list[ProgressReport]) -> list[Problem]:
        p, rng = plan["project"], plan["rng"]
        if plan["stage"] not in {Stage.CONSTRUCTION, Stage.PENDING, Stage.COMPLETED} or rng.random() > 0.22:
            return []
        rows = []
        departments = self.departments[p.region_id]
        for _ in range(rng.randint(1, 3)):
            report = rng.choice(reports) if reports else None
            raised = report.submitted_at.date() if report and report.submitted_at else \
                self.today - timedelta(days=rng.randint(5, 200))
            kind = rng.choice(list(Problem.Kind.values))
            short = next((s for _n, s, kinds in names.DEPARTMENTS if kind in kinds), None)
            department = departments[short] if short else p.lead_department
            deadline = raised + timedelta(days=rng.randint(30, 90))
            status, escalation, closed_on, resolution = LoopStatus.WORKING, Escalation.NONE, None, ""
            roll = rng.random()
            if deadline < self.today - timedelta(days=30):
                if roll < 0.75:
                    status = LoopStatus.RESOLVED
                elif roll < 0.8:
                    status = LoopStatus.UNRESOLVABLE
                else:
                    escalation = rng.randint(1, 4)
                if status != LoopStatus.WORKING:
                    closed_on = min(raised + timedelta(days=rng.randint(10, 100)), self.today)
                    resolution = "已协调解决" if status == LoopStatus.RESOLVED else "经研究暂无法解决，列入下阶段协调"
                    escalation = 1 if rng.random() < 0.2 else 0
            else:
                status = LoopStatus.PENDING if roll < 0.3 else LoopStatus.WORKING if roll < 0.8 else LoopStatus.RESOLVED
                if status == LoopStatus.RESOLVED:
                    closed_on = min(raised + timedelta(days=rng.randint(3, 30)), self.today)
                    resolution = "已协调解决"
            rows.append(Problem(
                project_id=plan["pk"], report=report, kind=kind, description=names.PROBLEM_TEXT[kind],
                department=department,
                deadline=deadline, status=status, escalation=escalation, closed_on=closed_on, resolution=resolution,
                created_at=aware(raised, 11)))
        return rows

    def _steps(self, problem: Problem) -> list[LoopStep]:
        if not hasattr(self, "_problem_type"):
            self._problem_type = ContentType.objects.get_for_model(Problem)
        raised = problem.created_at
        common = {"content_type": self._problem_type, "object_id": problem.pk}
        steps = []
        if problem.department_id:
            steps.append(LoopStep(kind=LoopStep.Kind.HANDOVER, at=raised + timedelta(days=1),
                                  department_id=problem.department_id, note="请按时限协调解决并反馈", **common))
        for level in range(1, problem.escalation + 1):
            steps.append(LoopStep(kind=LoopStep.Kind.ESCALATE, at=raised + timedelta(days=30 + 7 * level),
                                  escalation=level, note="逾期未解决，提请上一级领导协调", **common))
        if problem.closed_on:
            steps.append(LoopStep(kind=LoopStep.Kind.CLOSE, at=aware(problem.closed_on, 16),
                                  note=problem.resolution, **common))
        return steps
