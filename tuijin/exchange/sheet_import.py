"""Import of a dispatch sheet: rows read by sheet_reader are matched to projects (项目代码, then the
normalised name), new ones created, and the period's figures recorded — all in one transaction, through
the same services the pages use. A dry run does all of it and rolls back, so its counts are exact."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tuijin.core.batch import Refused
from tuijin.core.text import normalise_name
from tuijin.core.validators import normalise_code
from tuijin.dispatch import permissions as dispatch_permissions
from tuijin.dispatch import services as dispatch_services
from tuijin.dispatch.figures import ReportBasis, earlier_ytd_by_project, report_basis_by_project
from tuijin.dispatch.models import Period, Problem
from tuijin.dispatch.services import ImportedFigure
from tuijin.org import services as org_services
from tuijin.org.models import Department, Enterprise, Person, Region
from tuijin.projects import services as project_services
from tuijin.projects.lifecycle import Stage, TransitionFacts
from tuijin.projects.models import Category, Nature, ProgrammeList, Project
from tuijin.projects.permissions import can_edit
from tuijin.projects.selectors import visible_projects

from .sheet_headers import FIELD_LABELS
from .sheet_reader import ParsedSheet, SheetError, read_sheet

MONEY_CHECKS = {"total_investment": "总投资", "annual_plan": "年度计划投资", "completed_ytd": "累计完成投资"}
FIGURE_BATCH = 2000  # rows whose figures are recorded together: bounds the projects held at once
NEW_BATCH = 500  # new projects created together (projects_create)
PREVIEW_ROWS = 500  # the rows the preview page lists
NONE_WORDS = {"", "无", "暂无", "没有", "—", "-", "/"}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped_rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    unit: str = "万元"
    checks: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)
    new_regions: list = field(default_factory=list)
    new_departments: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    period: str | None = None
    dry_run: bool = False
    preview: list = field(default_factory=list)

    @property
    def column_meanings(self) -> list[tuple[str, str]]:
        """(the sheet's header, what it was read as), for the preview."""
        return [(header, str(FIELD_LABELS.get(key, key))) for key, header in self.columns.items()]

    def as_json(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated,
                "skipped_rows": self.skipped_rows, "errors": self.errors,
                "totals": {k: float(v) for k, v in self.totals.items()}, "unit": self.unit,
                "checks": [{**c, "sheet": float(c["sheet"]), "rows": float(c["rows"])} for c in self.checks],
                "period": self.period, "new_regions": self.new_regions, "new_departments": self.new_departments,
                "notes": self.notes, "dry_run": self.dry_run}


class _Rollback(Exception):
    pass


class _Named(NamedTuple):
    """A visible project as name matching needs it (a whole model instance for each would cost more)."""

    pk: int
    region_id: int


@dataclass
class _FigureRow:
    """A row's figures, recorded after every row's project (_Importer._record_figures)."""

    row: int
    project_id: int | None  # None until the row's new project is created with its batch
    values: dict


@dataclass
class _NewRow:
    """A row whose whole work is a new project with its team, moved to 待开工 (and perhaps figures, recorded
    with every row's): created with the next batch of such rows (_Importer._create_pending)."""

    row: int
    item: project_services.NewProject
    figures: _FigureRow | None


def import_sheet(*, actor, file, period: Period | None = None, programme: ProgrammeList | None = None,
                 dry_run: bool = False, filename: str = "") -> ImportResult:
    if not dispatch_permissions.can_run_periods(actor):
        raise PermissionDenied(_("只有项目办可以导入调度表。"))
    result = ImportResult(dry_run=dry_run)
    try:
        parsed = read_sheet(file)
    except SheetError as error:
        result.errors.append({"row": 0, "column": "", "message": str(error)})
        return result
    result.unit, result.columns = "万元", dict(parsed.columns)
    result.skipped_rows = list(parsed.skipped_rows)
    result.errors.extend({"row": e.row, "column": e.column, "message": e.message} for e in parsed.errors)
    try:
        with transaction.atomic():
            _Importer(actor, parsed, period, programme, result, filename).run()
            if dry_run or result.errors:
                raise _Rollback
    except _Rollback:
        pass
    return result


class _Importer:
    def __init__(self, actor, parsed: ParsedSheet, period, programme, result: ImportResult, filename: str):
        self.actor, self.parsed, self.period, self.programme = actor, parsed, period, programme
        self.result, self.source = result, _("导入调度表 %(f)s") % {"f": filename} if filename else _("导入调度表")
        self.home = actor.region or Region.objects.filter(parent__isnull=True).first()
        self.scope = Region.objects.filter(path__startswith=self.home.path)
        self.visible = visible_projects(actor)
        self._names: dict[str, list] | None = None
        self._lookups: dict[str, dict] = {}  # reference data by normalised name, read once per import
        self._categories: list[Category] | None = None
        self._visible: set[int] | None = None
        self._earlier: dict[int, Decimal] | None = None
        self._stored: dict[int, Project] = {}  # the sheet's matched projects, read together; each used once
        self._stored_by_code: dict[str, int] = {}
        self._sheet_projects: set[int] = set()
        self._raised: set[tuple[int, str]] | None = None
        self._figures_due: list[_FigureRow] = []
        self._pending: list[_NewRow] = []
        self._pending_keys: set[tuple[str, str]] = set()  # ("name"|"code", normalised) of the pending rows
        self._row_made_records = False  # the current row created a region, department, leader, owner or category

    # -- the run --------------------------------------------------------------------------------------
    def run(self) -> None:
        self._choose_period()
        first_row_error = len(self.result.errors)
        self._read_matched_projects()
        row_sums = {key: Decimal(0) for key in MONEY_CHECKS}
        # Sums under every heading a row sits beneath (一、… and its （一）…), for the sheet's 小计 rows.
        category_sums: dict[str, dict[str, Decimal]] = {}
        for row in self.parsed.rows:
            values = row.values
            if not values.get("name"):
                continue  # the reader has already reported the row
            self.result.rows += 1
            for key in MONEY_CHECKS:
                if values.get(key) is not None:
                    row_sums[key] += values[key]
                    for heading in row.category_path or (row.category or "",):
                        bucket = category_sums.setdefault(heading, {k: Decimal(0) for k in MONEY_CHECKS})
                        bucket[key] += values[key]
            if self._names_pending(values):
                self._create_pending()  # the row must find the project an earlier row creates
            before = self._row_mark()
            try:
                with transaction.atomic():
                    self._import_row(row)
            except ValidationError as error:
                self._row_errors(row.row, error)
                self._forget_row(before)
            except PermissionDenied as error:
                self._denied(row.row, error)
                self._forget_row(before)
            if len(self._pending) >= NEW_BATCH:
                self._create_pending()
        self._create_pending()
        self._record_figures()
        # each row's errors in the sheet's order, whichever step found them
        self.result.errors[first_row_error:] = sorted(self.result.errors[first_row_error:], key=lambda e: e["row"])
        failed = {error["row"] for error in self.result.errors}
        self.result.preview = [entry for entry in self.result.preview if entry["row"] not in failed][:PREVIEW_ROWS]
        self.result.totals = {k: v for k, v in row_sums.items() if k in self.parsed.columns}
        self._cross_check(row_sums, category_sums)

    def _row_mark(self) -> tuple[int, int, int, int]:
        """What a row may add to the summary, as it stands before the row."""
        self._row_made_records = False
        result = self.result
        return result.created, result.updated, len(result.new_regions), len(result.new_departments)

    def _forget_row(self, before: tuple[int, int, int, int]) -> None:
        """A refused row's savepoint took back all it wrote: forget it too (its counts, the new regions and
        departments it named, and the lookups, read afresh, if it created reference records)."""
        self.result.created, self.result.updated, regions, departments = before
        del self.result.new_regions[regions:]
        del self.result.new_departments[departments:]
        if not self._row_made_records:
            return
        self._lookups.clear()
        self._categories = None
        self.scope = Region.objects.filter(path__startswith=self.home.path)

    def _choose_period(self) -> None:
        if self.period is None and self.parsed.period_hint:
            year, month = (int(x) for x in self.parsed.period_hint.split("-"))
            self.period = Period.objects.filter(region=self.home, year=year, month=month).first()
            if self.period is None:
                self._error(0, "", _("表中写明截至%(y)s年%(m)s月，但该调度期尚未开启；请先开启调度期或用 --period 指定。")
                            % {"y": year, "m": month})
        has_figures = any(key in self.parsed.columns for key in ("completed_ytd", "completed_month"))
        if self.period is None and has_figures and not self.result.errors:
            self._error(0, "", _("无法确定调度月份：请指定调度期（如 --period 2025-04）。"))
        if self.period is not None:
            self.result.period = self.period.label
            if not self.period.is_open:
                self._error(0, "", _("调度期 %(p)s 已关闭，不能导入。") % {"p": self.period.label})
            if self.parsed.ytd_month and self.parsed.ytd_month != self.period.month:
                self._error(0, self.parsed.columns.get("completed_ytd", ""),
                            _("表头为1-%(n)s月，与调度期 %(p)s 不符。") % {"n": self.parsed.ytd_month,
                                                                     "p": self.period.label})

    def _import_row(self, row) -> None:
        values = row.values
        region = self._region(values.get("region"))
        project = self._match(values, region)
        data = self._project_data(values, row.category, region, project)
        if project is None and self._only_creates(values):
            self._defer(row, data)
            return
        if project is None:
            project = project_services.project_create(actor=self.actor, data=data, reason=self.source)
            self._known(project)
            self._assign_team(project, values)
            self.result.created += 1
        else:
            if not can_edit(self.actor, project):
                raise PermissionDenied(_("项目“%(n)s”不在您的管辖范围内。") % {"n": project.name})
            _keep_finer_dates(project, data)
            if _changes(project, data):  # a row that repeats what is stored writes nothing: skip the service
                project = project_services.project_update(actor=self.actor, project=project, data=data,
                                                          reason=self.source)
            self._assign_team(project, values, only_missing=True)
            self.result.updated += 1
        self._start(project, values)
        if self.programme is not None and values.get("annual_plan") is not None:
            project_services.membership_set(actor=self.actor, project=project, programme=self.programme,
                                            annual_plan=values["annual_plan"], reason=self.source)
        self._figures_of(row, project.pk)
        self._problems(project, values.get("problems"))
        self._preview(row, project.name)

    def _figures_of(self, row, project_id: int | None) -> _FigureRow | None:
        """The row's figures, to be recorded after every row's project (none if it gives none)."""
        values = row.values
        if self.period is None or (values.get("completed_ytd") is None and values.get("completed_month") is None):
            return None
        figures = _FigureRow(row.row, project_id, values)
        self._figures_due.append(figures)
        return figures

    def _preview(self, row, name: str) -> None:
        self.result.preview.append({"row": row.row, "name": name, "created": self.result.created})

    def _known(self, project: Project) -> None:
        """A project the import created: found by name by later rows, and in the actor's scope."""
        self._by_name().setdefault(normalise_name(project.name), []).append(_Named(project.pk, project.region_id))
        self._visible_ids().add(project.pk)

    # -- new projects in batches ----------------------------------------------------------------------
    def _only_creates(self, values) -> bool:
        """Whether a new project's row asks nothing but its creation, its team and 待开工 (and figures): no start
        to record, no list to join, no problem to raise — the steps that need the project written first."""
        started = values.get("started") or values.get("actual_start")
        joins = self.programme is not None and values.get("annual_plan") is not None
        raises = (values.get("problems") or "").strip() not in NONE_WORDS
        return not (started or joins or raises)

    def _defer(self, row, data: dict) -> None:
        """Check the new project now, with the rules of its batch (a refused row is refused here, inside its own
        savepoint, so nothing it created stays), and create it with the next batch."""
        values = row.values
        item = project_services.NewProject(data, leader=self._leader(values.get("leader")),
                                           lead_department=self._department(values.get("department")),
                                           to_stage=Stage.PENDING)
        project_services.check_new_project(actor=self.actor, item=item)
        self._pending.append(_NewRow(row.row, item, self._figures_of(row, None)))
        self._pending_keys |= {("name", normalise_name(data["name"])),
                               ("code", normalise_code(values.get("code") or ""))}
        self.result.created += 1
        self._preview(row, data["name"])

    def _names_pending(self, values) -> bool:
        """Whether a row names (by 项目代码 or name) a project still waiting for its batch."""
        code = normalise_code(values.get("code") or "")
        return bool(self._pending) and (("name", normalise_name(values["name"])) in self._pending_keys
                                        or (code and ("code", code) in self._pending_keys))

    def _create_pending(self) -> None:
        """Create the waiting new projects together; a refused one (rows are checked as they come, so only a
        change since then would do it) is reported on its row and the others created without it."""
        pending, self._pending, self._pending_keys = self._pending, [], set()
        while pending:
            try:
                created = project_services.projects_create(actor=self.actor, items=[new.item for new in pending],
                                                           reason=self.source)
            except Refused as refused:
                for index, error in refused.by_item.items():
                    self._row_errors(pending[index].row, error)
                self._not_created([pending[index] for index in refused.by_item])
                pending = [new for index, new in enumerate(pending) if index not in refused.by_item]
                continue
            except PermissionDenied as error:
                for new in pending:
                    self._denied(new.row, error)
                self._not_created(pending)
                return
            for new, project in zip(pending, created, strict=True):
                self._known(project)
                if new.figures is not None:
                    new.figures.project_id = project.pk
            return

    def _not_created(self, rows: list[_NewRow]) -> None:
        """Rows whose new project its batch refused: not counted, and their figures not recorded."""
        self.result.created -= len(rows)
        unrecorded = {id(new.figures) for new in rows}
        self._figures_due = [due for due in self._figures_due if id(due) not in unrecorded]

    # -- matching and reference data ------------------------------------------------------------------
    def _match(self, values, region) -> Project | None:
        code = normalise_code(values.get("code") or "")
        if code:
            found = self._project(code=code)
            if found is not None:
                if found.pk not in self._visible_ids():
                    raise PermissionDenied(_("项目代码 %(c)s 对应的项目不在您的管辖范围内。") % {"c": code})
                return found
        candidates = self._by_name().get(normalise_name(values["name"]), [])
        if len(candidates) > 1 and region is not None:
            candidates = [p for p in candidates if p.region_id == region.pk] or candidates
        if len(candidates) > 1:
            raise ValidationError({"name": _("有%(n)s个同名项目“%(name)s”，请在表中填写项目代码区分。") % {
                "n": len(candidates), "name": values["name"]}})
        return self._project(pk=candidates[0].pk) if candidates else None

    def _read_matched_projects(self) -> None:
        """The projects the sheet's rows name (by 项目代码 or by name), read in one go with their regions (the
        permission checks read them) instead of one query a row."""
        rows = [row.values for row in self.parsed.rows if row.values.get("name")]
        codes = {normalise_code(values.get("code") or "") for values in rows} - {""}
        self._stored = {project.pk: project for project in Project.objects.select_related("region").filter(
            code__in=codes)}
        found_codes = {project.code for project in self._stored.values()}
        # by name only the rows no code finds (a name may be shared by many projects of a province)
        names = {normalise_name(values["name"]) for values in rows
                 if normalise_code(values.get("code") or "") not in found_codes}
        ids = {named.pk for name in names for named in self._by_name().get(name, [])} - set(self._stored)
        self._stored.update(Project.objects.select_related("region").in_bulk(ids))
        self._sheet_projects = set(self._stored)
        self._stored_by_code = {project.code: project.pk for project in self._stored.values() if project.code}

    def _project(self, *, code: str = "", pk: int | None = None) -> Project | None:
        """A project the sheet names, as read before the rows. Each is handed out once: a project named again
        by a later row is read afresh, with whatever the earlier row wrote."""
        pk = self._stored_by_code.get(code) if code else pk
        if pk in self._stored:
            return self._stored.pop(pk)
        query = Project.objects.select_related("region")
        return query.filter(code=code).first() if code else query.get(pk=pk)

    def _visible_ids(self) -> set[int]:
        """The ids of the projects the actor sees, read once per import (with those it creates)."""
        if self._visible is None:
            self._visible = set(self.visible.values_list("pk", flat=True))
        return self._visible

    def _by_name(self) -> dict[str, list]:
        """Visible projects by normalised name, read once per import (names differ in spaces and brackets)."""
        if self._names is None:
            self._names = {}
            for pk, name, region_id in self.visible.values_list("pk", "name", "region_id"):
                self._names.setdefault(normalise_name(name), []).append(_Named(pk, region_id))
        return self._names
    def _lookup(self, kind: str, load) -> dict:
        """Reference records of the scope by normalised name (the first in the database's order wins, as a
        scan would find it); loaded on first use, kept up to date as the import creates records."""
        if kind not in self._lookups:
            found: dict = {}
            for record, keys in load():
                for key in keys:
                    found.setdefault(key, []).append(record)
            self._lookups[kind] = found
        return self._lookups[kind]

    def _region(self, name) -> Region | None:
        if not name:
            return None
        wanted = normalise_name(name)
        for region in self.scope:
            if normalise_name(region.name) == wanted:
                return region
        region = org_services.region_create(actor=self.actor, name=name, parent=self.home)
        self._row_made_records = True
        self.scope = Region.objects.filter(path__startswith=self.home.path)
        self._lookups.clear()  # the scope grew
        if name not in self.result.new_regions:
            self.result.new_regions.append(name)
        return region

    def _department(self, name) -> Department | None:
        if not name:
            return None
        wanted = normalise_name(name)
        departments = self._lookup("department", lambda: (
            (d, {normalise_name(d.name), normalise_name(d.short_name)})
            for d in Department.objects.filter(region__in=self.scope)))
        if departments.get(wanted):
            return departments[wanted][0]
        if name not in self.result.new_departments:
            self.result.new_departments.append(name)
        department = org_services.department_create(actor=self.actor, name=name, region=self.home)
        self._row_made_records = True
        for key in {normalise_name(department.name), normalise_name(department.short_name)}:
            departments.setdefault(key, []).append(department)
        return department

    def _leader(self, name) -> Person | None:
        if not name:
            return None
        wanted = normalise_name(name)
        people = self._lookup("leader", lambda: (
            (p, {normalise_name(p.name), normalise_name(p.title)})
            for p in Person.objects.filter(region__in=self.scope, is_leader=True)))
        if people.get(wanted):
            return people[wanted][0]
        person = org_services.person_create(actor=self.actor, name=name, region=self.home, is_leader=True)
        self._row_made_records = True
        for key in {normalise_name(person.name), normalise_name(person.title)}:
            people.setdefault(key, []).append(person)
        return person

    def _owner(self, name, region, current: int | None = None) -> Enterprise | None:
        """The enterprise the sheet names; of several with that name, the one the project already has (`current`),
        so re-importing a sheet never moves a project between namesakes."""
        if not name:
            return None
        wanted, prefix = normalise_name(name), name.strip()[:2].lower()
        enterprises = self._lookup("owner", lambda: (
            (e, {normalise_name(e.name)}) for e in Enterprise.objects.filter(region__in=self.scope)))
        # The name must also contain the sheet's first two characters, as the database filter used to ask.
        namesakes = enterprises.get(wanted, [])
        for enterprise in sorted(namesakes, key=lambda e: e.pk != current):
            if prefix in enterprise.name.lower():
                return enterprise
        self._row_made_records = True
        enterprise = org_services.enterprise_create(actor=self.actor, name=name, credit_code=None,
                                                    region=region or self.home)
        enterprises.setdefault(normalise_name(enterprise.name), []).insert(0, enterprise)
        return enterprise

    def _category(self, heading) -> Category:
        if self._categories is None:
            self._categories = list(Category.objects.all())
        categories = self._categories
        if heading:
            core = normalise_name(heading).replace("项目", "").replace("类", "")
            for category in categories:
                if core and core in normalise_name(category.name):
                    return category
            category, created = Category.objects.get_or_create(name=heading.strip(),
                                                               defaults={"order": len(categories) + 1})
        else:
            category, created = Category.objects.get_or_create(name=_("其他项目"), defaults={"order": 99})
        if created:
            self._categories = None  # read again, in the database's order
            self._row_made_records = True
        return category

    # -- the row's writes -----------------------------------------------------------------------------
    def _project_data(self, values, heading, region, project: Project | None) -> dict:
        data: dict = {}
        if project is None:
            data.update(name=values["name"].strip(), region=region or self.home,
                        category=self._category(values.get("category") or heading))
        for key in ("scale", "planned_start", "planned_end", "total_investment"):
            if values.get(key) not in (None, ""):
                data[key] = values[key]
        if values.get("code"):
            data["code"] = values["code"]
        if values.get("owner"):
            data["owner"] = self._owner(values["owner"], region, getattr(project, "owner_id", None))
        natures = {str(label): value for value, label in Nature.choices}
        nature = natures.get((values.get("nature") or "").strip())
        if nature:
            data["nature"] = nature
        elif values.get("nature"):
            raise ValidationError({"nature": _("建设性质“%(v)s”不认识，可填：%(all)s。") % {
                "v": values["nature"], "all": "、".join(natures)}})
        return data

    def _assign_team(self, project, values, *, only_missing: bool = False) -> None:
        leader = self._leader(values.get("leader"))
        department = self._department(values.get("department"))
        keep_leader = only_missing and (project.leader_id or leader is None)
        keep_department = only_missing and (project.lead_department_id or department is None)
        # Compared by id: reading project.leader or project.lead_department would fetch them for every row.
        wanted = (project.leader_id if keep_leader else getattr(leader, "pk", None),
                  project.lead_department_id if keep_department else getattr(department, "pk", None))
        if wanted == (project.leader_id, project.lead_department_id):
            return
        leader = project.leader if keep_leader else leader
        department = project.lead_department if keep_department else department
        project_services.project_assign_team(
            actor=self.actor, project=project, leader=leader, lead_department=department,
            co_departments=[d for d in project.co_departments.all() if d != department],
            team=list(project.team.all()), reason=self.source)

    def _start(self, project, values) -> None:
        """A project on a dispatch sheet is being built or about to be: a new one enters as 待开工, and one
        the sheet says has started moves to 在建 when the sheet gives the date."""
        started = values.get("started")
        start = values.get("actual_start")
        if project.stage == Stage.PLANNING and not (started or start):
            project_services.project_transition(actor=self.actor, project=project, to_stage=Stage.PENDING,
                                                facts=TransitionFacts())
            return
        if project.stage in {Stage.CONSTRUCTION, Stage.COMPLETED, Stage.EFFECTIVE} or not (started or start):
            return
        if start is None:
            self.result.notes.append(_("“%(n)s”标为已开工但未填开工时间，未转为在建。") % {"n": project.name})
            return
        project.refresh_from_db()
        path = {Stage.PLANNING: [Stage.PENDING, Stage.CONSTRUCTION], Stage.PROMOTION: [Stage.PENDING,
                Stage.CONSTRUCTION], Stage.PENDING: [Stage.CONSTRUCTION]}.get(Stage(project.stage), [])
        for stage in path:
            project_services.project_transition(
                actor=self.actor, project=project, to_stage=stage,
                facts=TransitionFacts(actual_start=start if stage == Stage.CONSTRUCTION else None,
                                      signed_on=start if project.stage == Stage.PROMOTION else None))
            project.refresh_from_db()

    def _record_figures(self) -> None:
        """The period's figures of every row, after the rows' projects (a row's figures concern only its own
        project, so the order changes nothing), FIGURE_BATCH rows at a time."""
        for start in range(0, len(self._figures_due), FIGURE_BATCH):
            self._record_batch(self._figures_due[start:start + FIGURE_BATCH])

    def _record_batch(self, batch: list[_FigureRow]) -> None:
        """The projects and their other reports are read for the whole batch at once, each row is checked
        against them, then the opening balances and the reports are written together."""
        ids = {due.project_id for due in batch}
        # as they stand after every row's own writes, with the region the permission checks read
        projects = Project.objects.select_related("region").in_bulk(ids)
        bases = report_basis_by_project(ids, self.period)
        openings: dict[int, tuple[Decimal, int]] = {}  # project id → (opening balance, the row that fixed it)
        accepted: list[tuple[_FigureRow, Decimal]] = []
        for due in batch:
            project = projects[due.project_id]
            try:
                invest_month = self._month_figure(due.values, self._earlier_ytd().get(project.pk, Decimal(0)))
                since = due.values.get("completed_since_start")
                if since is not None:
                    self._opening_balance(due.row, project, since, invest_month, bases, openings)
            except ValidationError as error:
                self._row_errors(due.row, error)
                continue
            accepted.append((due, invest_month))
        if openings:
            try:
                saved = project_services.projects_update(
                    actor=self.actor, reason=self.source,
                    edits=[(projects[pk], {"completed_before_tracking": opening}) for pk, (opening, _row) in
                           openings.items()])
                projects.update((project.pk, project) for project in saved)
            except Refused as refused:  # nothing was written; the other rows' figures are still checked
                refused_rows = [row for _opening, row in openings.values()]
                for index, error in refused.by_item.items():
                    self._row_errors(refused_rows[index], error)
                accepted = [(due, month) for due, month in accepted if due.row not in refused_rows]
        figures = [ImportedFigure(projects[due.project_id], invest_month, due.values.get("progress") or "")
                   for due, invest_month in accepted]
        try:
            dispatch_services.reports_import(actor=self.actor, period=self.period, figures=figures,
                                             source=self.source)
        except Refused as refused:
            for index, error in refused.by_item.items():
                self._row_errors(accepted[index][0].row, error)
        except ValidationError as error:  # about the period, so every row with figures is refused
            for due, _month in accepted:
                self._row_errors(due.row, error)
        except PermissionDenied as error:
            for due, _month in accepted:
                self._denied(due.row, error)

    def _month_figure(self, values, earlier: Decimal) -> Decimal:
        """本期完成投资 of a row: its 1-N月 less what the year's earlier periods already count (or its 本月)."""
        ytd, month = values.get("completed_ytd"), values.get("completed_month")
        if ytd is None:
            return month
        invest_month = ytd - earlier
        if invest_month < 0:
            raise ValidationError({"completed_ytd": _(
                "%(c)s完成投资 %(y)s 万元小于以前各期已报的本年累计 %(e)s 万元。") % {
                "c": self.period.cumulative_label, "y": f"{ytd:,.2f}", "e": f"{earlier:,.2f}"}})
        if month is not None and month != invest_month:
            raise ValidationError({"completed_month": _(
                "本月完成 %(m)s 万元与累计推算的 %(d)s 万元（%(y)s − 以前各期 %(e)s）不一致。") % {
                "m": f"{month:,.2f}", "d": f"{invest_month:,.2f}", "y": f"{ytd:,.2f}", "e": f"{earlier:,.2f}"}})
        return invest_month

    def _earlier_ytd(self) -> dict[int, Decimal]:
        """1-(N-1)月 of every project with counted reports in the year's earlier periods (dispatch.figures.
        earlier_ytd), read once: an import writes only the chosen period's reports, so these stay as read."""
        if self._earlier is None:
            self._earlier = earlier_ytd_by_project(self.period)
        return self._earlier

    def _opening_balance(self, row: int, project, since: Decimal, invest_month: Decimal, bases,
                         openings) -> None:
        """开工以来累计 = what was built before tracking + the periods. The first sheet (or row) that states it
        fixes the opening balance (put in `openings` with the row, and on `project`, which the batch's later
        rows and the report's checks read); later ones are checked against it."""
        figures = bases.get(project.pk, ReportBasis()).figures(project, invest_month)
        if project.completed_before_tracking is None:
            reported = figures["completed_since_start"]
            opening = since - reported
            if opening < 0:
                raise ValidationError({"completed_since_start": _(
                    "开工以来累计完成 %(s)s 万元小于各期已报合计 %(r)s 万元。") % {"s": f"{since:,.2f}",
                                                                       "r": f"{reported:,.2f}"}})
            project.completed_before_tracking = opening
            openings[project.pk] = (opening, row)
        elif figures["completed_since_start"] != since:
            raise ValidationError({"completed_since_start": _(
                "开工以来累计完成 %(s)s 万元与系统推算的 %(d)s 万元不一致。") % {
                "s": f"{since:,.2f}", "d": f"{figures['completed_since_start']:,.2f}"}})

    def _problems(self, project, text) -> None:
        if not text or text.strip() in NONE_WORDS:
            return
        if self._raised is None:  # the problems already on the sheet's projects, read once
            self._raised = set(Problem.objects.filter(project__in=self._sheet_projects).values_list(
                "project_id", "description"))
        if (project.pk, text.strip()) in self._raised:
            return
        dispatch_services.problem_raise(actor=self.actor, project=project, kind=Problem.Kind.OTHER,
                                        description=text.strip())
        self._raised.add((project.pk, text.strip()))

    # -- checks and messages --------------------------------------------------------------------------
    def _cross_check(self, row_sums, category_sums) -> None:
        for check in self.parsed.check_rows:
            sums = row_sums if check.category is None else category_sums.get(check.category or "", {})
            for key, label in MONEY_CHECKS.items():
                if key not in check.values or check.values[key] is None:
                    continue
                mine = sums.get(key, Decimal(0))
                # Each row was rounded to cents in the sheet: allow half a cent a row, plus the total's own.
                ok = abs(mine - check.values[key]) <= Decimal("0.005") * self.result.rows + Decimal("0.01")
                scope = check.label if check.category in (None, check.label) else f"{check.category}{check.label}"
                what = f"{scope}·{label}"
                self.result.checks.append({"what": what, "row": check.row, "sheet": check.values[key], "rows": mine,
                                           "ok": ok})

    def _column(self, field_name: str) -> str:
        return self.parsed.columns.get(field_name) or {
            "name": "项目名称", "code": "项目代码", "total_investment": "总投资", "planned_end": "计划竣工时间",
            "actual_start": "开工时间", "stage": "是否开工", "__all__": ""}.get(field_name, field_name)

    def _denied(self, row: int, error: PermissionDenied) -> None:
        self._error(row, "项目名称", str(error) or _("不在您的管辖范围内。"))

    def _row_errors(self, row: int, error: ValidationError) -> None:
        for name, messages in _messages(error):
            self._error(row, self._column(name), messages)

    def _error(self, row: int, column: str, message) -> None:
        for text in message if isinstance(message, list) else [message]:
            self.result.errors.append({"row": row, "column": column, "message": str(text)})


def _changes(project: Project, data: dict) -> bool:
    """Whether `data` would change anything on the stored project (codes compared as the model stores them)."""
    for name, value in data.items():
        if name == "code":
            value = normalise_code(value)
        field = Project._meta.get_field(name)
        if field.is_relation:  # compared by id: reading the related record would cost a query a row
            name, value = field.attname, getattr(value, "pk", value)
        if getattr(project, name) != value:
            return True
    return False


def _keep_finer_dates(project: Project, data: dict) -> None:
    """A sheet may give a planned date only to the month (2026.03) or the year (2024-2026). A stored date inside
    what the sheet names is finer, not different: it is kept, so re-importing a sheet never blurs dates."""
    for name in ("planned_start", "planned_end"):
        stored, sheet = getattr(project, name), data.get(name)
        precision = getattr(sheet, "precision", "day")
        if stored is None or sheet is None or precision == "day" or stored.year != sheet.year:
            continue
        if precision == "year" or stored.month == sheet.month:
            del data[name]


def _messages(error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            yield name, [m for e in errors for m in e.messages]
    else:
        yield "__all__", error.messages
