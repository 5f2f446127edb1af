"""Shapes shared by every domain's resources."""

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import PlainSerializer

from .errors import ERROR_STATUSES, Error


class Ref(Schema):
    """Another record, by id and the name people know it by."""

    id: int
    name: str


def ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def responses(ok: dict | type, *, ok_status: int = 200) -> dict:
    """An operation's responses: its result, and the one error shape for every refusal it may give."""
    result = ok if isinstance(ok, dict) else {ok_status: ok}
    return {**result, ERROR_STATUSES: Error}


FOUR_PLACES = Decimal("0.0001")

# Money in 万元 travels as a decimal string with the four places it is stored with ("1500.0000"), the same on
# SQLite and PostgreSQL, and never through a float.
Money = Annotated[Decimal, PlainSerializer(lambda v: format(v.quantize(FOUR_PLACES), "f"), return_type=str)]
