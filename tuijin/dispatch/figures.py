"""The figures derived from the periods. One typed figure per report (本期完成投资); everything else here.

- 1-N月 (year-to-date) completed investment = the sum of this year's counted reports up to month N;
- 开工以来累计 (since start) = the project's 纳入调度前累计完成投资 + every counted report up to the period;
- a report counts once it is submitted (报送) and until it is returned; drafts and returned reports do not.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Period, ProgressReport

COUNTED = [ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED]
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=4)
ZERO = Value(Decimal(0), output_field=MONEY_FIELD)


def counted_reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(status__in=COUNTED)


def in_region(period: Period, on: str = "period__") -> Q:
    """Reports filed in the period's region or a region below it: a city's figures add up its counties' and
    zones' periods; a zone's are its own. `on`: the path from the filtered model to Period ("" on Period)."""
    return Q(**{f"{on}region__path__startswith": period.region.path})


def _until(period: Period, on: str = "period__") -> Q:
    """Reports of periods up to and including `period`'s month, whatever their region."""
    return Q(**{f"{on}year__lt": period.year}) | Q(**{f"{on}year": period.year, f"{on}month__lte": period.month})


def _up_to(period: Period, on: str = "period__") -> Q:
    """Reports of the region's periods up to and including `period`'s month."""
    return in_region(period, on) & _until(period, on)


def _year_up_to(period: Period, on: str = "period__") -> Q:
    """Reports of the region's periods of `period`'s year up to and including its month (1-N月)."""
    return in_region(period, on) & Q(**{f"{on}year": period.year, f"{on}month__lte": period.month})


def _this_month(period: Period, on: str = "period__") -> Q:
    return in_region(period, on) & Q(**{f"{on}year": period.year, f"{on}month": period.month})


def _among(periods: Q) -> Q:
    """Reports of the periods `periods` picks (written on Period), as `period_id IN (…)`: in a subquery asked of
    every project, the database works the few period ids out once instead of joining each project's reports to
    their periods and regions. One project's own sums keep the join: there the id list would cost more than the
    few reports it filters."""
    return Q(period_id__in=Period.objects.filter(periods).values("pk"))


def _sum_subquery(filters: Q) -> Subquery:
    reports = counted_reports().filter(filters, project=OuterRef("pk")).order_by().values("project")
    return Subquery(reports.annotate(total=Sum("invest_month")).values("total")[:1], output_field=MONEY_FIELD)


def year_completed_subquery(*, year: int) -> Subquery:
    """A project's investment completed in `year`, whatever region's periods it reported in (the registry's
    任务进度, which has no period to stand in)."""
    return _sum_subquery(Q(period__year=year))


def completed_ytd(period: Period):
    """A project's 1-N月 completed investment for `period` (0 without reports), as an expression."""
    return Coalesce(_sum_subquery(_among(_year_up_to(period, on=""))), ZERO)


def with_period_figures(projects: QuerySet, period: Period) -> QuerySet:
    """Annotate projects with month, ytd and since_start for `period`, in SQL (one query for any number)."""
    return projects.annotate(
        invest_month=Coalesce(_sum_subquery(_among(_this_month(period, on=""))), ZERO),
        completed_ytd=completed_ytd(period),
        completed_since_start=Coalesce("completed_before_tracking", ZERO) + Coalesce(
            _sum_subquery(_among(_up_to(period, on=""))), ZERO),
    )


def _sums_by_project(reports: QuerySet[ProgressReport], **sums) -> dict[int, dict]:
    """project id → the `sums` (Sum aggregates) of its `reports`, in one grouped read; a project without any
    has no entry."""
    rows = reports.order_by().values("project_id").annotate(**sums)
    return {row.pop("project_id"): row for row in rows}


def figures_by_project(projects: QuerySet, period: Period) -> dict[int, dict[str, Decimal]]:
    """The figures of `period` for many projects at once, by project id: "invest_month", "completed_ytd" and
    "reported" (every counted report up to the period; 开工以来累计 adds the opening balance), from one grouped
    read of the reports. A project without counted reports has no entry. (As subqueries asked of every project,
    the database summed each project's reports again for each figure.)"""
    this_year = Q(period__year=period.year)
    sums = _sums_by_project(counted_reports().filter(_up_to(period), project__in=projects.values("pk")),
                            month=Sum("invest_month", filter=this_year & Q(period__month=period.month)),
                            ytd=Sum("invest_month", filter=this_year), all=Sum("invest_month"))
    return {pk: {"invest_month": row["month"] or Decimal(0), "completed_ytd": row["ytd"] or Decimal(0),
                 "reported": row["all"]} for pk, row in sums.items()}


# figures_by_project's figures of a project without counted reports
NOT_REPORTED = {"invest_month": Decimal(0), "completed_ytd": Decimal(0), "reported": Decimal(0)}


def completed_ytd_by_project(projects: QuerySet, period: Period) -> dict[int, Decimal]:
    """completed_ytd of many projects at once, by project id, in one grouped read (projects without counted
    reports this year have no entry)."""
    reports = counted_reports().filter(_among(_year_up_to(period, on="")), project__in=projects.values("pk"))
    return {pk: row["s"] for pk, row in _sums_by_project(reports, s=Sum("invest_month")).items()}


def project_figures(project, period: Period, *, replacing: ProgressReport | None = None,
                    invest_month: Decimal | None = None) -> dict[str, Decimal]:
    """This project's figures for `period`; with `replacing`/`invest_month`, as they would be if that report
    carried `invest_month` and counted (used to check a report before it is saved)."""
    reports = counted_reports().filter(_up_to(period), project=project)
    if replacing is not None and replacing.pk:
        reports = reports.exclude(pk=replacing.pk)
    sums = reports.aggregate(
        ytd=Coalesce(Sum("invest_month", filter=Q(period__year=period.year)), ZERO),
        all=Coalesce(Sum("invest_month"), ZERO),
        month=Coalesce(Sum("invest_month", filter=_this_month(period)), ZERO),
    )
    return ReportBasis(**sums).figures(project, invest_month)


@dataclass(frozen=True)
class ReportBasis:
    """What a project's other counted reports add up to around its report for one period: the figures that
    report is checked against, without the report itself (report_basis_by_project)."""

    month: Decimal = Decimal(0)    # other regions' periods of the same month
    ytd: Decimal = Decimal(0)      # this year's, up to the period
    all: Decimal = Decimal(0)      # every one up to the period
    later: Decimal = Decimal(0)    # the periods after it
    later_explained: bool = False  # a later report explains a 开工以来累计 above the total investment

    def figures(self, project, invest_month: Decimal | None) -> dict[str, Decimal]:
        """project_figures as they would be with the report carrying `invest_month` (and counting)."""
        extra = invest_month or Decimal(0)
        return {"invest_month": self.month + extra, "completed_ytd": self.ytd + extra,
                "completed_since_start": (project.completed_before_tracking or Decimal(0)) + self.all + extra}


def report_basis_by_project(project_ids, period: Period) -> dict[int, ReportBasis]:
    """The ReportBasis of each project's report for `period`, by project id, in one grouped read of every other
    counted report of the region (a report of `period` itself is the one being replaced). A project without
    any has no entry: ReportBasis() stands for it."""
    same_year, up_to = Q(period__year=period.year), _until(period)
    reports = counted_reports().filter(in_region(period), project_id__in=list(project_ids)).exclude(period=period)
    sums = _sums_by_project(
        reports, month=Sum("invest_month", filter=same_year & Q(period__month=period.month)),
        ytd=Sum("invest_month", filter=same_year & up_to), all=Sum("invest_month", filter=up_to),
        later=Sum("invest_month", filter=~up_to), explained=Count("pk", filter=~up_to & ~Q(since_start_override="")))
    return {pk: ReportBasis(month=row["month"] or Decimal(0), ytd=row["ytd"] or Decimal(0),
                            all=row["all"] or Decimal(0), later=row["later"] or Decimal(0),
                            later_explained=bool(row["explained"])) for pk, row in sums.items()}


def report_basis(project, period: Period) -> ReportBasis:
    return report_basis_by_project([project.pk], period).get(project.pk, ReportBasis())


def _earlier_this_year(period: Period) -> QuerySet[ProgressReport]:
    return counted_reports().filter(in_region(period), period__year=period.year, period__month__lt=period.month)


def earlier_ytd(project, period: Period) -> Decimal:
    """1-(N-1)月: what this year's earlier periods already account for (used to turn a sheet's 1-N月 into a month)."""
    return _earlier_this_year(period).filter(project=project).aggregate(s=Coalesce(Sum("invest_month"), ZERO))["s"]


def earlier_ytd_by_project(period: Period) -> dict[int, Decimal]:
    """earlier_ytd of every project that has any, by project id, in one grouped read (the sheet import's)."""
    return {pk: row["s"] for pk, row in _sums_by_project(_earlier_this_year(period), s=Sum("invest_month")).items()}
