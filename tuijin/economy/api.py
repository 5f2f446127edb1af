"""Economic indicators over the JSON API: the catalogue, a period's figures with what is derived from them, one
figure recorded over the version read, and the generated paragraph. Same selectors, forms and services as the
经济运行 pages."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from tuijin.api.bridge import clean, form_data
from tuijin.api.errors import ApiError
from tuijin.api.schemas import Id, Input, Ref, Version, ref, responses
from tuijin.projects.permissions import require

from . import permissions, selectors, services
from .forms import ValueForm
from .models import Indicator, IndicatorValue, cumulative_label
from .paragraph import economy_paragraph
from .periods import parse_period, period_key

router = Router(tags=["经济运行"])


# --- shapes ---------------------------------------------------------------------------------------------

class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    published: str
    published_label: str
    group: str
    group_label: str
    aliases: str
    order: int
    active: bool
    version: int

    @staticmethod
    def resolve_published_label(obj) -> str:
        return str(obj.get_published_display())

    @staticmethod
    def resolve_group_label(obj) -> str:
        return str(obj.get_group_display())


class IndicatorFigureOut(Schema):
    """One indicator in one period: the figures as recorded (rates in per cent) and what is derived from them."""

    indicator: Ref
    name: str
    unit: str
    value: Decimal | None
    growth: Decimal | None
    city_growth: Decimal | None
    province_growth: Decimal | None
    target_growth: Decimal | None
    target_value: Decimal | None
    rank: int | None
    version: int  # 0: nothing recorded for the period yet
    updated_at: datetime | None
    above_city: bool | None
    city_gap: Decimal | None     # growth − city growth, percentage points
    target_gap: Decimal | None   # growth − target growth, percentage points
    target_share: Decimal | None  # value / annual target value


class IndicatorPeriodFigures(Schema):
    region: Ref
    period: str  # YYYY-MM, the last month of the 1-N月 cumulative period
    label: str
    rows: list[IndicatorFigureOut]


class IndicatorParagraphOut(Schema):
    region: Ref
    period: str
    label: str
    paragraph: str


class IndicatorPeriodQuery(Input):
    period: str = ""  # 2025Q1, 2025-03 or 2025; the latest period with figures when empty


class IndicatorFigureIn(Input):
    period: str  # 2025Q1, 2025-03 or 2025
    version: Version = 0  # the figure's version when read; 0 when there was none yet
    value: Decimal | None = None
    growth: Decimal | None = None
    city_growth: Decimal | None = None
    province_growth: Decimal | None = None
    target_growth: Decimal | None = None
    target_value: Decimal | None = None
    rank: int | None = None


# --- helpers ----------------------------------------------------------------------------------------------

def _region(user):
    """The region whose figures `user` reads (as on the pages): owners 403, no region with figures 404."""
    if not permissions.can_read(user):
        raise PermissionDenied(_("项目单位不查看全区经济指标。"))
    region = selectors.indicator_region(user)
    if region is None:
        raise Http404
    return region


def _parse(text: str) -> tuple[int, int]:
    try:
        return parse_period(text)
    except ValueError as error:
        raise ApiError(400, "invalid", str(error), {"period": str(error)}) from error


def _period(region, text: str) -> tuple[int, int]:
    if text.strip():
        return _parse(text)
    latest = selectors.latest_period(region)
    if latest is None:
        raise Http404
    return latest


def _figure(row) -> dict:
    record = row.record
    return {
        "indicator": ref(row.indicator), "name": row.indicator.name, "unit": row.indicator.unit,
        **{field: getattr(record, field, None) for field in services.VALUE_FIELDS},
        "version": record.version if record else 0, "updated_at": record.updated_at if record else None,
        "above_city": row.above_city, "city_gap": row.city_gap, "target_gap": row.target_gap,
        "target_share": row.target_share,
    }


def _period_figures(region, year: int, month: int) -> dict:
    return {"region": ref(region), "period": period_key(year, month), "label": f"{year}年{cumulative_label(month)}",
            "rows": [_figure(r) for r in selectors.period_rows(region, year, month, with_empty=False)]}


# --- operations -------------------------------------------------------------------------------------------

@router.get("/indicators", response=responses(list[IndicatorOut]), url_name="indicators")
def indicator_list(request):
    """指标目录（在用和停用的），按排序。"""
    _region(request.auth)
    return selectors.catalogue()


@router.get("/indicators/figures", response=responses(IndicatorPeriodFigures), url_name="indicator_figures")
def indicator_figures(request, query: Query[IndicatorPeriodQuery]):
    """一期（1-N月累计）已填报的指标，与 `tuijin indicators --period … --json` 同样的行，另有与全市、与目标的比较。"""
    region = _region(request.auth)
    year, month = _period(region, query.period)
    return _period_figures(region, year, month)


@router.put("/indicators/{int:indicator_id}/figures", response=responses(IndicatorFigureOut),
            url_name="indicator_figure_save")
def indicator_figure_save(request, indicator_id: Id, payload: IndicatorFigureIn):
    """填报或修改一项指标一期的数据（项目办，本区域）；须带读取时的 `version`（尚无数据时为 0）。"""
    user = request.auth
    region = _region(user)
    require(permissions.can_write_region(user, region), _("只有项目办可以填报指标数据。"))
    indicator = get_object_or_404(Indicator, pk=indicator_id)
    year, month = _parse(payload.period)
    values = payload.dict()
    values.pop("period")
    record = IndicatorValue.objects.filter(region=region, indicator=indicator, year=year, month=month).first()
    data = clean(ValueForm(form_data(values), instance=record, indicator=indicator))
    services.value_save(actor=user, region=region, indicator=indicator, year=year, month=month,
                        figures={k: data[k] for k in services.VALUE_FIELDS}, expected_version=payload.version)
    return _figure(selectors.figure_row(region, indicator, year, month))


@router.get("/indicators/paragraph", response=responses(IndicatorParagraphOut), url_name="indicator_paragraph")
def indicator_paragraph(request, query: Query[IndicatorPeriodQuery]):
    """一期指标的综述段落（与经济运行页面、简报所用的同一段文字）；无增速数据时为空。"""
    region = _region(request.auth)
    year, month = _period(region, query.period)
    return {"region": ref(region), "period": period_key(year, month), "label": f"{year}年{cumulative_label(month)}",
            "paragraph": economy_paragraph(region, year, month)}
