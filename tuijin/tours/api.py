"""观摩 over the JSON API: the tours a caller sees, a tour's stops and scoring sheet, an observer's own marks and
scoring a stop, and the ranked results. Same selectors, permissions, scoring rule and services as the pages:
the results and the plan are for the project office and the leaders (403 to others, as on the page); scoring is
for the observers named on the tour."""

from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema

from tuijin.api.schemas import Id, Input, Ref, ref, responses
from tuijin.projects.permissions import require

from . import permissions, selectors, services
from .models import Stop, Tour

router = Router(tags=["观摩"])

# A mark travels as a decimal string with the one place it is stored with ("22.5").
Mark = str


# --- shapes ---------------------------------------------------------------------------------------------

class TourOut(Schema):
    id: int
    title: str
    held_on: date
    region: Ref
    status: str
    status_label: str
    stop_count: int
    observer_count: int
    is_observer: bool
    can_see_results: bool

    @staticmethod
    def resolve_region(obj):
        return ref(obj.region)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class CriterionOut(Schema):
    id: int
    order: int
    name: str
    weight: int
    hint: str


class StopOut(Schema):
    id: int
    order: int
    label: str
    project: Ref | None

    @staticmethod
    def resolve_project(obj):
        return ref(obj.project)


class ObserverProgress(Schema):
    observer: str
    done: int
    stops: int


class TourDetail(Schema):
    id: int
    title: str
    held_on: date
    region: Ref
    status: str
    status_label: str
    drop_extremes: bool
    min_scorers_to_drop: int
    closed_at: datetime | None
    version: int
    criteria: list[CriterionOut]
    stops: list[StopOut]
    observers: list[ObserverProgress]


class SheetStop(StopOut):
    marks: dict[str, Mark]  # criterion id → the caller's mark
    total: Mark | None  # when every criterion is marked
    done: bool


class SheetOut(Schema):
    tour: Ref
    editable: bool
    criteria: list[CriterionOut]
    stops: list[SheetStop]
    next_stop: int | None  # where the caller picks up: the first stop not yet fully marked


class ScoreIn(Input):
    marks: dict[str, str | int | float]  # criterion id → mark, 0 to the criterion's weight, one decimal at most


class StopResultOut(Schema):
    stop: StopOut
    rank: int | None
    score: Mark | None
    scorers: int
    counted: int
    dropped: bool
    by_criterion: list[Mark | None]


class ResultsOut(Schema):
    tour: Ref
    criteria: list[CriterionOut]
    results: list[StopResultOut]


# --- helpers --------------------------------------------------------------------------------------------

def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _results_tour(request, pk: int) -> Tour:
    tour = selectors.get_visible_tour(request.auth, pk)
    require(permissions.can_see_results(request.auth, tour), _("观摩结果只有项目办和区领导查看；评分请用“我的评分”。"))
    return tour


def _observed_tour(request, pk: int) -> Tour:
    tour = selectors.get_visible_tour(request.auth, pk)
    require(permissions.is_observer(request.auth, tour), _("您不是本次观摩的评分人员。"))
    return tour


def _sheet(tour: Tour, user) -> dict:
    criteria = list(tour.criteria.all())
    marks = selectors.sheet(tour, user)
    following = selectors.next_stop(tour, user)
    stops = selectors.stops_of(tour)
    for stop in stops:
        own = marks.get(stop.pk, {})
        stop.done = len(own) >= len(criteria)
        stop.marks = {str(c): _text(v) for c, v in own.items()}
        stop.total = _text(sum(own.values(), Decimal(0))) if stop.done and criteria else None
    return {"tour": ref(tour), "editable": tour.is_open, "criteria": criteria, "stops": stops,
            "next_stop": following.pk if following else None}


# --- tours ----------------------------------------------------------------------------------------------

@router.get("/tours", response=responses(list[TourOut]), url_name="tours")
def tour_list(request):
    """观摩活动：本人所辖区域的，和本人被列为观摩评分人员的。"""
    tours = list(selectors.tour_list(request.auth))
    for tour in tours:
        tour.can_see_results = permissions.can_see_results(request.auth, tour)
    return tours


@router.get("/tours/{int:tour_id}", response=responses(TourDetail), url_name="tour")
def tour_detail(request, tour_id: Id):
    """一次观摩：评分表、观摩点（按观摩顺序）、各观摩人员的评分进度（项目办和区领导）。"""
    tour = _results_tour(request, tour_id)
    return {**{name: getattr(tour, name) for name in ("id", "title", "held_on", "status", "drop_extremes",
                                                       "min_scorers_to_drop", "closed_at", "version")},
            "region": ref(tour.region), "status_label": str(tour.get_status_display()),
            "criteria": list(tour.criteria.all()), "stops": selectors.stops_of(tour),
            "observers": [{"observer": p["user"].first_name or p["user"].username, "done": p["done"],
                           "stops": p["stops"]} for p in selectors.observer_progress(tour)]}


@router.get("/tours/{int:tour_id}/sheet", response=responses(SheetOut), url_name="tour_sheet")
def tour_sheet(request, tour_id: Id):
    """我的评分表：每个观摩点本人已打的分，和接着要打分的观摩点（观摩评分人员）。"""
    tour = _observed_tour(request, tour_id)
    return _sheet(tour, request.auth)


@router.post("/tours/{int:tour_id}/stops/{int:stop_id}/score", response=responses(SheetOut),
             url_name="tour_score")
def tour_score(request, tour_id: Id, stop_id: Id, payload: ScoreIn):
    """为一个观摩点打分：每个评分项目都要打，0到该项分值，最多一位小数（与手机评分页同一校验）；再次提交即修改。"""
    tour = _observed_tour(request, tour_id)
    stop = get_object_or_404(Stop, pk=stop_id, tour=tour)
    services.score_save(actor=request.auth, stop=stop, marks=payload.marks)
    return _sheet(tour, request.auth)


@router.get("/tours/{int:tour_id}/results", response=responses(ResultsOut), url_name="tour_results")
def tour_results(request, tour_id: Id):
    """评比结果：各观摩点得分（按规则去掉最高最低分后平均）、名次、各评分项目平均分（与结果页同一函数）。"""
    tour = _results_tour(request, tour_id)
    return {"tour": ref(tour), "criteria": list(tour.criteria.all()), "results": [
        {"stop": r.stop, "rank": r.rank, "score": _text(r.average.score), "scorers": r.average.scorers,
         "counted": r.average.counted, "dropped": r.average.dropped,
         "by_criterion": [_text(v) for v in r.by_criterion]} for r in selectors.tour_results(tour)]}
