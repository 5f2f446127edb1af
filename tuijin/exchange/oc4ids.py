"""The zone's projects as an OC4IDS 0.9 project package (Open Contracting for Infrastructure Data Standard).

The mapping from the registry to OC4IDS is documented field by field in docs/oc4ids.md; each rule lives in
one table or function here. Money leaves in CNY (the registry keeps 万元). With `public_only`, nothing
internal leaves: no leaders' notes (stage reasons), no problems, no enterprise contacts.
"""

from collections import defaultdict
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone

from tuijin.core import audit
from tuijin.dispatch.figures import counted_reports
from tuijin.dispatch.models import Problem
from tuijin.projects.lifecycle import Stage
from tuijin.projects.models import Milestone, Nature, PlanningField, Project
from tuijin.projects.selectors import visible_projects

VERSION = "0.9"
YUAN_PER_WAN = Decimal(10000)

# 谋划 → identification, 招商/待开工 → preparation, 在建 → implementation, 建成 → completion, 达效 → maintenance
STATUS_OF_STAGE = {
    Stage.PLANNING: "identification",
    Stage.PROMOTION: "preparation",
    Stage.PENDING: "preparation",
    Stage.CONSTRUCTION: "implementation",
    Stage.COMPLETED: "completion",
    Stage.EFFECTIVE: "maintenance",
    Stage.WITHDRAWN: "cancelled",
}

# 新建 and 迁建 build anew; 改建 and 技改 rework an existing asset.
TYPE_OF_NATURE = {
    Nature.NEW: "construction",
    Nature.RELOCATION: "construction",
    Nature.EXPANSION: "expansion",
    Nature.RECONSTRUCTION: "rehabilitation",
    Nature.TECH: "rehabilitation",
}

# The sector is read from the project's name first (a bridge is transport whatever list it is on), then
# from its planning field. Street names (神州路绿化) are no roads: a bare 路 is not a keyword.
SECTOR_BY_WORD = [
    (("小学", "中学", "学校", "幼儿园", "学院", "职教"), "education"),
    (("医院", "卫生", "康养", "养老"), "health"),
    (("光伏", "风电", "储能", "电站", "供热", "燃气", "热力"), "energy"),
    (("排水", "污水", "供水", "水厂", "河", "渠", "管网", "雨污"), "waterAndWaste"),
    (("绿化", "公园", "体育", "文化", "游园"), "cultureSportsAndRecreation"),
    (("桥", "大道", "道路", "路网", "快速路", "隧道", "交通"), "transport.road"),
    (("保障房", "安置", "棚户", "城中村", "社区"), "socialHousing"),
    (("5G", "数据中心", "算力", "通信", "信息"), "communications"),
]
SECTOR_BY_FIELD = {
    PlanningField.INNOVATION: "economy",
    PlanningField.TRADITIONAL_INFRA: "transport",
    PlanningField.NEW_INFRA: "communications",
    PlanningField.INDUSTRY: "economy",
    PlanningField.LIVELIHOOD: "socialHousing",
}

MILESTONE_STATUS = {
    Milestone.Status.SCHEDULED: "scheduled",
    Milestone.Status.MET: "met",
    Milestone.Status.NOT_MET: "notMet",
    Milestone.Status.PARTIAL: "partiallyMet",
}

# 资金构成: (field, title, OC4IDS financing arrangement type or None)
FINANCE_SPLIT = [
    ("invest_bond", "地方政府专项债券", "bond"),
    ("invest_loan", "银行贷款", "loan"),
    ("invest_fiscal", "财政资金", "grant"),
    ("invest_self", "企业自筹", "shares.unlisted"),
    ("invest_other", "其他资金", None),
]


def status_of(project: Project) -> str:
    stage = project.stage
    if stage == Stage.SUSPENDED:  # 暂缓 is no OC4IDS status: the project keeps the one it had
        stage = project.stage_before_suspension or Stage.PLANNING
    return STATUS_OF_STAGE[Stage(stage)]


def sector_of(project: Project) -> str:
    for words, sector in SECTOR_BY_WORD:
        if any(word in project.name for word in words):
            return sector
    return SECTOR_BY_FIELD.get(project.planning_field, "economy")


def yuan(wan: Decimal | None) -> dict | None:
    if wan is None:
        return None
    return {"amount": float((wan * YUAN_PER_WAN).quantize(Decimal("0.01"))), "currency": "CNY"}


def moment(day: date | None) -> str | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def period(start: date | None, end: date | None) -> dict | None:
    found = {key: value for key, value in (("startDate", moment(start)), ("endDate", moment(end))) if value}
    return found or None


def project_id(project: Project) -> str:
    """OC4IDS ids carry a publisher prefix; ours is a setting, then the 项目代码 (or the registry id)."""
    prefix = settings.TUIJIN_OC4IDS_PREFIX
    return f"{prefix}-{project.code}" if project.code else f"{prefix}-tuijin-{project.pk}"


def authority_of(project: Project) -> dict:
    return {"id": f"region-{project.region.code or project.region_id}", "name": f"{project.region.name}管理委员会"}


class PackageBuilder:
    """Builds the package for a set of projects with a constant number of queries."""

    def __init__(self, projects: QuerySet[Project], *, as_of: date, public_only: bool):
        self.as_of = as_of
        self.public_only = public_only
        self.projects = list(projects.select_related("region", "owner", "lead_department", "leader")
                             .prefetch_related("milestones").order_by("pk"))
        ids = [p.pk for p in self.projects]
        self.completed = dict(counted_reports().filter(project__in=ids, period__year__lte=as_of.year)
                              .exclude(period__year=as_of.year, period__month__gt=as_of.month)
                              .values_list("project").annotate(total=Sum("invest_month")).order_by())
        self.problems = defaultdict(list)
        if not public_only:
            for problem in Problem.objects.filter(project__in=ids).order_by("pk"):
                self.problems[problem.project_id].append(problem)

    def package(self, *, uri: str) -> dict:
        published = timezone.now().replace(microsecond=0).isoformat()
        region = self.projects[0].region if self.projects else None
        return {
            "uri": uri,
            "publishedDate": published,
            "version": VERSION,
            "publisher": {"name": f"{region.name}管理委员会" if region else "tuijin"},
            "projects": [self.project(p) for p in self.projects],
        }

    def project(self, project: Project) -> dict:
        data = {
            "id": project_id(project),
            "updated": project.updated_at.replace(microsecond=0).isoformat(),
            "language": "zh",
            "identifiers": self.identifiers(project),
            "title": project.name,
            "description": project.description or project.scale or project.name,
            "status": status_of(project),
            "type": TYPE_OF_NATURE[Nature(project.nature)],
            "sector": [sector_of(project)],
            "publicAuthority": authority_of(project),
            "parties": self.parties(project),
            "budget": self.budget(project),
            "period": period(project.planned_start, project.planned_end),
            "implementationPeriod": period(project.actual_start, project.actual_end),
            "locations": self.locations(project),
            "milestones": self.milestones(project),
            "metrics": self.metrics(project),
        }
        if not self.public_only:
            data.update(self.internal(project))
        return {key: value for key, value in data.items() if value not in (None, [], {})}

    def identifiers(self, project: Project) -> list[dict]:
        found = [{"id": str(project.pk), "scheme": "tuijin"}]
        if project.code:  # the national online approval platform's 项目代码
            found.insert(0, {"id": project.code, "scheme": "CN-TZXMSPJG"})
        return found

    def parties(self, project: Project) -> list[dict]:
        authority = {**authority_of(project), "roles": ["publicAuthority"]}
        parties = [authority]
        if project.owner_id:
            owner = project.owner
            party = {"id": f"enterprise-{owner.pk}", "name": owner.name, "roles": ["buyer"]}
            if owner.credit_code:  # 统一社会信用代码 is published by the registration authority
                party["identifier"] = {"scheme": "CN-USCC", "id": owner.credit_code, "legalName": owner.name}
            if not self.public_only and (owner.contact or owner.phone):
                party["contactPoint"] = {k: v for k, v in (("name", owner.contact), ("telephone", owner.phone)) if v}
            parties.append(party)
        if project.lead_department_id:
            department = project.lead_department
            parties.append({"id": f"department-{department.pk}", "name": department.name,
                            "roles": ["administrativeEntity"]})
        return parties

    def budget(self, project: Project) -> dict | None:
        if project.total_investment is None:
            return None
        finance = [{"id": field, "title": title, "value": yuan(getattr(project, field)),
                    **({"type": kind} if kind else {})}
                   for field, title, kind in FINANCE_SPLIT if getattr(project, field)]
        budget = {"amount": yuan(project.total_investment)}
        if finance:
            budget["finance"] = finance
        return budget

    def locations(self, project: Project) -> list[dict]:
        location = {"id": "1"}
        if project.address:
            location["description"] = project.address
        location["address"] = {"streetAddress": project.address or project.region.name,
                               "locality": project.region.name, "countryName": "中国"}
        if project.latitude is not None and project.longitude is not None:
            location["geometry"] = {"type": "Point",
                                    "coordinates": [float(project.longitude), float(project.latitude)]}
        return [location]

    def milestones(self, project: Project) -> list[dict]:
        found = []
        for milestone in project.milestones.all():
            entry = {"id": str(milestone.pk), "title": milestone.name, "type": "delivery",
                     "status": MILESTONE_STATUS[Milestone.Status(milestone.status)]}
            if milestone.planned_date:
                entry["dueDate"] = moment(milestone.planned_date)
            if milestone.actual_date:
                entry["dateMet"] = moment(milestone.actual_date)
            if milestone.note and not self.public_only:
                entry["description"] = milestone.note
            found.append(entry)
        return found

    def metrics(self, project: Project) -> list[dict]:
        """financialProgress: completed since start against total investment; physicalProgress: milestones met
        against milestones planned. Both as of `as_of`."""
        metrics = []
        completed = (project.completed_before_tracking or Decimal(0)) + self.completed.get(project.pk, Decimal(0))
        when = period(self.as_of, self.as_of)
        if project.total_investment:
            share = (completed / project.total_investment * 100).quantize(Decimal("0.1"))
            metrics.append({"id": "financialProgress", "title": "投资完成进度", "observations": [
                {"id": "completed", "period": when, "value": yuan(completed), "notes": "开工以来累计完成投资"},
                {"id": "share", "period": when, "measure": float(share), "unit": {"name": "percent"},
                 "notes": "累计完成投资占总投资的百分比"}]})
        milestones = list(project.milestones.all())
        if milestones:
            met = sum(1 for m in milestones if m.status == Milestone.Status.MET)
            share = Decimal(met * 100) / Decimal(len(milestones))
            metrics.append({"id": "physicalProgress", "title": "形象进度", "observations": [
                {"id": "milestones", "period": when, "measure": float(share.quantize(Decimal("0.1"))),
                 "unit": {"name": "percent"}, "notes": f"已完成节点 {met} / {len(milestones)}"}]})
        return metrics

    def internal(self, project: Project) -> dict:
        """What stays inside the administration: leaders' notes and problems (outside OC4IDS, as extensions)."""
        internal = {}
        if project.stage_reason:
            internal["stageNote"] = project.stage_reason
        if project.leader_id:
            internal["responsibleLeader"] = project.leader.name
        problems = self.problems.get(project.pk)
        if problems:
            internal["problems"] = [{"id": str(p.pk), "kind": p.get_kind_display(), "description": p.description,
                                     "status": p.get_status_display()} for p in problems]
        return internal


def project_package(projects: QuerySet[Project], *, as_of: date, public_only: bool, uri: str) -> dict:
    return PackageBuilder(projects, as_of=as_of, public_only=public_only).package(uri=uri)


def export_package(*, actor, programme=None, public_only: bool, as_of: date | None = None) -> dict:
    """The package of the projects `actor` may see (on `programme` if given); the export is audited."""
    projects = visible_projects(actor)
    if programme is not None:
        projects = projects.filter(memberships__programme=programme)
    uri = f"{settings.TUIJIN_PUBLIC_URL}/projects/oc4ids.json"
    package = project_package(projects, as_of=as_of or timezone.localdate(), public_only=public_only, uri=uri)
    audit.record(actor=actor, action="export.oc4ids", target=programme,
                 changes={"projects": len(package["projects"]), "public_only": public_only})
    return package
