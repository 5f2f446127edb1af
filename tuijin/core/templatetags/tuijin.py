from decimal import Decimal

from django import template

from tuijin.core.money import wan_to_yi

register = template.Library()


@register.filter
def wan(value, places: int = 2) -> str:
    """An amount in 万元 with thousands separators; blank for none."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value):,.{int(places)}f}"


@register.filter
def yi(value, places: int = 2) -> str:
    """万元 shown in 亿元, as totals are spoken of (90.70亿元)."""
    if value in (None, ""):
        return ""
    return f"{wan_to_yi(Decimal(value)):,.{int(places)}f}"


@register.simple_tag
def query_with(query: str, **changes) -> str:
    """The current query string with some parameters replaced (for drill-down links and pages)."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return params.urlencode()


@register.filter
def percent(value, places: int = 1) -> str:
    """A fraction shown as a percentage (0.3528 → 35.3%); blank for none."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(value) * 100:.{int(places)}f}%"
