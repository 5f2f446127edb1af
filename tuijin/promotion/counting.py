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

from django.db.models import Case, Count, DecimalField, F, Min, Q, QuerySet, Sum, Value, When
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


def _within(field: str, span: Span) -> Q:
    return Q(**{f"{field}__gte": span.start, f"{field}__lte": span.end})


# The rules as conditions, each written once; the lead conditions need with_first_signing().
def signed_in(span: Span) -> Q:
    """A lead counts as signed once, in the period of its first signing."""
    return _within("first_signed_on", span)


def started_in(span: Span) -> Q:
    return _within("started_on", span)


def registered_in(span: Span) -> Q:
    return _within("received_on", span)


def signed_and_started(span: Span) -> Q:
    """落地开工率's numerator: first signed in the period and started by its end."""
    return signed_in(span) & Q(started_on__lte=span.end)


def registered_and_signed(span: Span) -> Q:
    """转化率's numerator: registered in the period and signed by its end."""
    return registered_in(span) & Q(first_signed_on__lte=span.end)


def signing_dated_in(span: Span) -> Q:
    """The signings whose counted amounts make up the period's signed amount (over Signing rows)."""
    return _within("signed_on", span)


def funds_dated_in(span: Span) -> Q:
    return _within("date", span)


def signed_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return with_first_signing(leads).filter(signed_in(span))


def started_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return leads.filter(started_in(span))


def registered_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return leads.filter(registered_in(span))


def funded_leads(leads: QuerySet[Lead], span: Span) -> QuerySet[Lead]:
    return leads.filter(pk__in=FundEntry.objects.filter(funds_dated_in(span)).values("lead"))


def figures_many(leads: QuerySet[Lead], spans: list[Span]) -> list[dict]:
    """Every KPI of each span over `leads` (already scoped), in three queries whatever the number of spans:
    counts from the leads, the signed amount from the signings, funds from the fund entries, each by the
    conditions above (the drill-downs signed_leads, started_leads … filter by the same ones)."""
    counts = with_first_signing(leads).aggregate(**{
        f"{name}_{i}": Count("pk", filter=condition)
        for i, span in enumerate(spans)
        for name, condition in {
            "leads": registered_in(span),
            "registered_signed": registered_and_signed(span),
            "signed": signed_in(span),
            "signed_started": signed_and_started(span),
            "started": started_in(span),
        }.items()}) if spans else {}
    amounts = Signing.objects.filter(lead__in=leads.values("pk")).aggregate(**{
        f"amount_{i}": Coalesce(Sum(counted_amount_expression(), filter=signing_dated_in(span)), ZERO)
        for i, span in enumerate(spans)}) if spans else {}
    funds = FundEntry.objects.filter(lead__in=leads.values("pk")).aggregate(**{
        f"funds_{i}": Coalesce(Sum("amount", filter=funds_dated_in(span)), ZERO)
        for i, span in enumerate(spans)}) if spans else {}
    result = []
    for i, _span in enumerate(spans):
        row = {name: counts[f"{name}_{i}"] for name in
               ("leads", "registered_signed", "signed", "signed_started", "started")}
        row["signed_amount"] = amounts[f"amount_{i}"]
        row["funds_in_place"] = funds[f"funds_{i}"]
        row["start_rate"] = fraction(Decimal(row["signed_started"]), Decimal(row["signed"]))
        row["conversion_rate"] = fraction(Decimal(row["registered_signed"]), Decimal(row["leads"]))
        result.append(row)
    return result


def figures(leads: QuerySet[Lead], span: Span) -> dict:
    """Every KPI of `span` over `leads` (already scoped): counts, amounts in 万元, and the two rates."""
    return figures_many(leads, [span])[0]
