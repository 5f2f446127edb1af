"""The counting rules of 招商 figures, each written once. docs/promotion.md states them in words.

- A lead counts as signed once, in the period of its first signing (补充协议 and 增资 later do not count it
  again).
- The signed amount of a period is the sum of the counted amounts of the signings dated in it: a new
  contract (新签) counts its contract amount; a capital increase (增资) counts only the increase.
- A lead counts as started in the period of its 开工 date.
- Funds in place (到位资金) of a period are the entries dated in it.
- 落地开工率: of the leads first signed in the period, the share that had started by the period's end.
- 转化率 (conversion): of the leads registered in the period, the share that had signed by the period's end.
"""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, Min, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from tuijin.core.money import fraction

from .models import FundEntry, Lead, Signing
from .periods import Span

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=18, decimal_places=4))


def counted_amount(signing: Signing) -> Decimal:
    """What one signing adds to the signed amount (the rule in Python, for one row)."""
    if signing.kind == Signing.Kind.INCREASE:
        return signing.increase_amount or Decimal(0)
    return signing.contract_amount


def counted_amount_expression():
    """The same rule as an SQL expression over Signing rows."""
    return Case(When(kind=Signing.Kind.INCREASE, then=Coalesce(F("increase_amount"), ZERO)),
                default=F("contract_amount"), output_field=DecimalField(max_digits=18, decimal_places=4))


def signed_totals(leads: QuerySet[Lead]) -> dict[int, Decimal]:
    """Each lead's signed amount over all its signings, by the same rule, in one grouped query."""
    rows = Signing.objects.filter(lead__in=leads.values("pk")).order_by().values("lead").annotate(
        total=Sum(counted_amount_expression()))
    return {row["lead"]: row["total"] for row in rows}


def with_first_signing(leads: QuerySet[Lead]) -> QuerySet[Lead]:
    return leads.annotate(first_signed_on=Min("signings__signed_on"))


def signed_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    """Leads whose first signing falls in `span`: each counts once, at its first signing."""
    return with_first_signing(leads).filter(first_signed_on__gte=span.start, first_signed_on__lte=span.end)


def signed_amount(leads: QuerySet[Lead], span: Span) -> Decimal:
    signings = Signing.objects.filter(lead__in=leads.values("pk"), signed_on__gte=span.start,
                                      signed_on__lte=span.end)
    return signings.aggregate(total=Coalesce(Sum(counted_amount_expression()), ZERO))["total"]


def started_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return leads.filter(started_on__gte=span.start, started_on__lte=span.end)


def funds_in_place(leads: QuerySet[Lead], span: Span) -> Decimal:
    entries = FundEntry.objects.filter(lead__in=leads.values("pk"), date__gte=span.start, date__lte=span.end)
    return entries.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def registered_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return leads.filter(received_on__gte=span.start, received_on__lte=span.end)


def figures(leads: QuerySet[Lead], span: Span) -> dict:
    """Every KPI of `span` over `leads` (already scoped): counts, amounts in 万元, and the two rates."""
    signed = signed_leads(leads, span)
    registered = registered_leads(leads, span)
    signed_count = signed.count()
    signed_started = signed.filter(started_on__lte=span.end).count()
    registered_count = registered.count()
    registered_signed = with_first_signing(registered).filter(first_signed_on__lte=span.end).count()
    return {
        "leads": registered_count,
        "signed": signed_count,
        "signed_amount": signed_amount(leads, span),
        "started": started_leads(leads, span).count(),
        "funds_in_place": funds_in_place(leads, span),
        "signed_started": signed_started,
        "registered_signed": registered_signed,
        "start_rate": fraction(Decimal(signed_started), Decimal(signed_count)),
        "conversion_rate": fraction(Decimal(registered_signed), Decimal(registered_count)),
    }
