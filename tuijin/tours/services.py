"""Writes of tours: plan, sheet, stops, observers, scores, close. Each is atomic, checks who acts, validates,
and writes one audit event."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuijin.core import audit
from tuijin.core.roles import BUSINESS_ROLES
from tuijin.projects.permissions import require
from tuijin.projects.selectors import visible_projects

from . import permissions
from .export import results_workbook
from .models import Criterion, Score, Stop, Tour
from .selectors import observer_candidates

# The sheet a new tour starts from (the four criteria offices use); the coordinator edits it per tour.
DEFAULT_CRITERIA = [
    {"name": "项目规模", "weight": 25, "hint": "投资体量、建设内容与带动作用"},
    {"name": "建设进度", "weight": 30, "hint": "对照计划节点和序时进度"},
    {"name": "质量形象", "weight": 25, "hint": "现场管理、安全文明施工、形象面貌"},
    {"name": "达效情况", "weight": 20, "hint": "投产达产和效益；未建成的看达效前景"},
]
TOUR_FIELDS = ["title", "held_on", "drop_extremes", "min_scorers_to_drop"]


def _locked(tour_pk: int, actor, *, manage: bool = True) -> Tour:
    """The tour, locked for the write; refused unless `actor` manages it and it is still open."""
    tour = Tour.objects.select_for_update().select_related("region").get(pk=tour_pk)
    if manage:
        require(permissions.can_manage(actor, tour), _("只有本区域的项目办可以修改观摩活动。"))
    if not tour.is_open:
        raise ValidationError(_("观摩活动“%(t)s”已关闭，评分和结果已固定，不能再修改。") % {"t": tour.title})
    return tour


def _check_version(tour: Tour, expected_version: int | None) -> None:
    if expected_version is not None and tour.version != expected_version:
        raise ValidationError(_("保存未成功：此观摩活动在您打开之后已被他人修改，请刷新后再改。"), code="stale")


def _bump(tour: Tour) -> None:
    tour.version += 1
    tour.save(update_fields=["version"])


def _check_fields(tour: Tour) -> None:
    if not tour.title.strip():
        raise ValidationError({"title": _("请填写观摩活动名称。")})
    tour.title = tour.title.strip()
    tour.full_clean(exclude=["region", "created_by", "closed_by", "results_file", "observers"])


@transaction.atomic
def tour_create(*, actor, region, title: str, held_on: date, drop_extremes: bool = True,
                min_scorers_to_drop: int = 5) -> Tour:
    require(permissions.can_plan(actor), _("只有项目办可以安排观摩活动。"))
    if actor.region_id and not region.path.startswith(actor.region.path):
        raise ValidationError({"region": _("所选区域不在您的管辖范围内。")})
    tour = Tour(region=region, title=title, held_on=held_on, drop_extremes=drop_extremes,
                min_scorers_to_drop=min_scorers_to_drop, created_by=actor)
    _check_fields(tour)
    tour.save()
    Criterion.objects.bulk_create(Criterion(tour=tour, order=i, **row) for i, row in enumerate(DEFAULT_CRITERIA, 1))
    audit.record(actor=actor, action="tour.create", target=tour,
                 changes=audit.diff({}, {name: getattr(tour, name) for name in TOUR_FIELDS})
                 | {"criteria": [None, [f"{c['name']} {c['weight']}" for c in DEFAULT_CRITERIA]]})
    return tour


@transaction.atomic
def tour_update(*, actor, tour: Tour, data: dict, expected_version: int | None = None) -> Tour:
    tour = _locked(tour.pk, actor)
    _check_version(tour, expected_version)
    before = {name: getattr(tour, name) for name in TOUR_FIELDS}
    for name in TOUR_FIELDS:
        if name in data:
            setattr(tour, name, data[name])
    _check_fields(tour)
    tour.version += 1
    tour.save()
    audit.record(actor=actor, action="tour.update", target=tour,
                 changes=audit.diff(before, {name: getattr(tour, name) for name in TOUR_FIELDS}))
    return tour


def check_criteria(rows: list[dict]) -> list[dict]:
    """The sheet's lines cleaned, or a ValidationError naming the line and what is wrong with it."""
    cleaned, errors, names = [], [], set()
    for number, row in enumerate(rows, 1):
        name, hint = (row.get("name") or "").strip(), (row.get("hint") or "").strip()
        weight = row.get("weight")
        if not name and weight in (None, ""):
            continue
        if not name:
            errors.append(_("第%(n)s行：请填写评分项目名称。") % {"n": number})
            continue
        if name in names:
            errors.append(_("第%(n)s行：评分项目“%(c)s”重复。") % {"n": number, "c": name})
        names.add(name)
        try:
            weight = int(weight)
        except (TypeError, ValueError):
            errors.append(_("第%(n)s行“%(c)s”：分值应为1到100的整数。") % {"n": number, "c": name})
            continue
        if not 1 <= weight <= 100:
            errors.append(_("第%(n)s行“%(c)s”：分值应为1到100的整数。") % {"n": number, "c": name})
            continue
        cleaned.append({"name": name[:50], "weight": weight, "hint": hint[:200]})
    if not errors and not cleaned:
        errors.append(_("评分表至少要有一个评分项目。"))
    total = sum(row["weight"] for row in cleaned)
    if not errors and total != 100:
        errors.append(_("各评分项目分值合计应为100分，现为%(t)s分。") % {"t": total})
    if errors:
        raise ValidationError({"criteria": errors})
    return cleaned


@transaction.atomic
def tour_set_criteria(*, actor, tour: Tour, criteria: list[dict], expected_version: int | None = None) -> Tour:
    """Replace the scoring sheet. Only before anyone has scored: a mark is given against a sheet."""
    tour = _locked(tour.pk, actor)
    _check_version(tour, expected_version)
    cleaned = check_criteria(criteria)
    if Score.objects.filter(stop__tour=tour).exists():
        raise ValidationError({"criteria": [_("已有观摩人员开始评分，评分表不能再修改。")]})
    before = [f"{c.name} {c.weight}" for c in tour.criteria.all()]
    tour.criteria.all().delete()
    Criterion.objects.bulk_create(Criterion(tour=tour, order=i, **row) for i, row in enumerate(cleaned, 1))
    _bump(tour)
    audit.record(actor=actor, action="tour.criteria", target=tour,
                 changes={"criteria": [before, [f"{c['name']} {c['weight']}" for c in cleaned]]})
    return tour


@transaction.atomic
def tour_set_stops(*, actor, tour: Tour, stops: list[dict], expected_version: int | None = None) -> Tour:
    """The stops in visiting order. Each row: {"id": an existing stop or None, "project": Project or None,
    "site": text}. A stop left out is removed, unless someone has already scored it."""
    tour = _locked(tour.pk, actor)
    _check_version(tour, expected_version)
    allowed = visible_projects(actor).filter(region__path__startswith=tour.region.path)
    existing = {stop.pk: stop for stop in tour.stops.select_related("project")}
    rows, errors, seen_projects = [], [], set()
    for number, row in enumerate(stops, 1):
        project, site = row.get("project"), (row.get("site") or "").strip()
        if project is None and not site:
            continue
        if project is not None:
            if not allowed.filter(pk=project.pk).exists():
                errors.append(_("第%(n)s个观摩点：项目不在本区域的项目库中。") % {"n": number})
                continue
            if project.pk in seen_projects:
                errors.append(_("第%(n)s个观摩点：项目“%(p)s”重复。") % {"n": number, "p": project.name})
            seen_projects.add(project.pk)
        if row.get("id") and row["id"] not in existing:
            errors.append(_("第%(n)s个观摩点不属于此观摩活动。") % {"n": number})
            continue
        rows.append((row.get("id"), project, site[:100]))
    if not errors and not rows:
        errors.append(_("请至少安排一个观摩点。"))
    kept = {pk for pk, _project, _site in rows if pk}
    removed = [stop for pk, stop in existing.items() if pk not in kept]
    scored = set(Score.objects.filter(stop__in=removed).values_list("stop_id", flat=True))
    for stop in removed:
        if stop.pk in scored:
            errors.append(_("观摩点“%(s)s”已有评分，不能删除。") % {"s": stop.label})
    if errors:
        raise ValidationError({"stops": errors})
    before = [stop.label for stop in existing.values()]
    Stop.objects.filter(pk__in=[stop.pk for stop in removed]).delete()
    for order, (pk, project, site) in enumerate(rows, 1):
        if pk:
            Stop.objects.filter(pk=pk).update(order=order, project=project, site=site)
        else:
            Stop.objects.create(tour=tour, order=order, project=project, site=site)
    _bump(tour)
    audit.record(actor=actor, action="tour.stops", target=tour,
                 changes={"stops": [before, [site or project.name for _pk, project, site in rows]]})
    return tour


@transaction.atomic
def tour_set_observers(*, actor, tour: Tour, observers, expected_version: int | None = None) -> Tour:
    """Who scores. An observer who has already scored stays (their marks count)."""
    tour = _locked(tour.pk, actor)
    _check_version(tour, expected_version)
    observers = list(observers)
    candidates = set(observer_candidates(tour).values_list("pk", flat=True))
    outside = [user for user in observers if user.pk not in candidates or user.role not in BUSINESS_ROLES]
    if outside:
        raise ValidationError({"observers": [_("“%(u)s”不能作为本次观摩的评分人员（须为本区域的业务用户）。") % {
            "u": user.first_name or user.username} for user in outside]})
    chosen = {user.pk for user in observers}
    before = sorted(tour.observers.values_list("username", flat=True))
    leaving = tour.observers.exclude(pk__in=chosen)
    scored = leaving.filter(tour_scores__stop__tour=tour).distinct()
    if scored.exists():
        raise ValidationError({"observers": [_("“%(u)s”已经评分，不能移出观摩人员。") % {"u": u.first_name or u.username}
                                             for u in scored]})
    tour.observers.set(observers)
    _bump(tour)
    audit.record(actor=actor, action="tour.observers", target=tour,
                 changes={"observers": [before, sorted(user.username for user in observers)]})
    return tour


def parse_mark(raw, criterion: Criterion) -> Decimal:
    """A mark as typed on a phone: 0 to the criterion's weight, at most one decimal ("22.5")."""
    text = str(raw if raw is not None else "").strip().replace("，", ".").replace("。", ".")
    if not text:
        raise ValidationError(_("“%(c)s”未打分。") % {"c": criterion.name})
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(c)s”的得分“%(v)s”不是数字。") % {"c": criterion.name, "v": text}) from None
    if not value.is_finite() or value < 0 or value > criterion.weight:
        raise ValidationError(_("“%(c)s”的得分应在0到%(w)s分之间。") % {"c": criterion.name, "w": criterion.weight})
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError(_("“%(c)s”的得分最多保留一位小数。") % {"c": criterion.name})
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def score_save(*, actor, stop: Stop, marks: dict) -> list[Score]:
    """An observer's marks for one stop, every criterion at once ({criterion id: mark}); saved again, they
    replace the observer's earlier marks for the stop. Nothing is saved unless every mark is valid."""
    tour = _locked(stop.tour_id, actor, manage=False)
    require(permissions.is_observer(actor, tour), _("您不是本次观摩的评分人员。"))
    stop = Stop.objects.get(pk=stop.pk, tour=tour)
    criteria = list(tour.criteria.all())
    values, errors = {}, {}
    for criterion in criteria:
        try:
            values[criterion] = parse_mark(marks.get(criterion.pk, marks.get(str(criterion.pk))), criterion)
        except ValidationError as error:
            errors[f"c{criterion.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    existing = {s.criterion_id: s for s in Score.objects.filter(stop=stop, observer=actor)}
    old = {pk: score.value for pk, score in existing.items()}
    now = timezone.now()
    for criterion, value in values.items():
        if criterion.pk in existing:
            existing[criterion.pk].value, existing[criterion.pk].saved_at = value, now
    if existing:
        Score.objects.bulk_update(existing.values(), ["value", "saved_at"])
    Score.objects.bulk_create([Score(stop=stop, criterion=c, observer=actor, value=v)
                               for c, v in values.items() if c.pk not in existing])
    saved = list(Score.objects.filter(stop=stop, observer=actor))
    changes = {c.name: [old.get(c.pk), v] for c, v in values.items() if old.get(c.pk) != v}
    changes["total"] = [sum(old.values()) if old else None, sum(values.values())]
    audit.record(actor=actor, action="tour.score", target=stop, changes=changes,
                 reason=_("%(t)s · 第%(n)s站") % {"t": tour.title, "n": stop.order})
    return saved


@transaction.atomic
def tour_close(*, actor, tour: Tour, reason: str = "") -> Tour:
    """Close the tour: the scores are frozen and the results, as exported, are kept with it."""
    from .selectors import tour_results

    tour = _locked(tour.pk, actor)
    if not Score.objects.filter(stop__tour=tour).exists():
        raise ValidationError(_("还没有观摩人员评分，不能关闭。"))
    now = timezone.now()
    tour.status, tour.closed_by, tour.closed_at = Tour.Status.CLOSED, actor, now
    content = results_workbook(tour)
    tour.results_file.save(f"tour-{tour.pk}-{tour.held_on:%Y%m%d}.xlsx", ContentFile(content), save=False)
    tour.version += 1
    tour.save()
    results = tour_results(tour)
    audit.record(actor=actor, action="tour.close", target=tour, reason=reason, changes={
        "status": ["open", "closed"], "results_file": [None, tour.results_file.name],
        "ranking": [None, [f"{r.rank or '—'} {r.stop.label} {r.average.score if r.average.score is not None else '—'}"
                           for r in results]]})
    return tour
