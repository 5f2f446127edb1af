"""Keyset pagination with an opaque cursor.

A page is the rows after the last row the caller saw, in a fixed order of (one sort field, id), the sort
field's empty values last. The cursor carries that row's sort value and id (base64 of a small JSON), so a page
costs one indexed query however deep it is, and rows added meanwhile neither repeat nor go missing.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from .errors import ApiError


@dataclass(frozen=True)
class Order:
    field: str  # a model field or annotation
    descending: bool = False
    kind: type = str  # how the value travels in the cursor: str, int, Decimal or date

    def order_by(self):
        expression = F(self.field)
        main = expression.desc(nulls_last=True) if self.descending else expression.asc(nulls_last=True)
        return [main, F("id").asc()]


def _encode(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _decode(order: Order, text):
    if text is None:
        return None
    try:
        if order.kind is date:
            return date.fromisoformat(text)
        if order.kind is Decimal:
            return Decimal(text)
        return order.kind(text)
    except (ValueError, TypeError, InvalidOperation) as exc:
        raise ValueError from exc


def make_cursor(sort: str, order: Order, row) -> str:
    payload = {"s": sort, "v": _encode(getattr(row, order.field)), "id": row.pk}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _bad_cursor() -> ApiError:
    return ApiError(400, "invalid", _("cursor 无效：请使用上一页返回的 next_cursor，且不要改变排序。"),
                    {"cursor": _("无效的分页游标。")})


def read_cursor(cursor: str, sort: str, order: Order) -> tuple[object, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(payload, dict) or payload.get("s") != sort:
            raise ValueError
        last_id = payload["id"]
        if not isinstance(last_id, int) or isinstance(last_id, bool):
            raise ValueError
        value = payload.get("v")
        if value is not None and not isinstance(value, str):
            raise ValueError
        return _decode(order, value), last_id
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as exc:
        raise _bad_cursor() from exc


def after(rows: QuerySet, order: Order, value, last_id: int) -> QuerySet:
    """The rows that come after (value, last_id) in `order`, empty values last."""
    name = order.field
    if value is None:
        return rows.filter(**{f"{name}__isnull": True, "id__gt": last_id})
    beyond = f"{name}__lt" if order.descending else f"{name}__gt"
    return rows.filter(Q(**{beyond: value}) | Q(**{name: value, "id__gt": last_id}) | Q(**{f"{name}__isnull": True}))


def page(rows: QuerySet, *, sort: str, order: Order, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of `rows` and the cursor of the next (None on the last page)."""
    rows = rows.order_by(*order.order_by())
    if cursor:
        rows = after(rows, order, *read_cursor(cursor, sort, order))
    items = list(rows[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return items, (make_cursor(sort, order, items[-1]) if more and items else None)
