"""Shapes shared by every domain's resources."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field, PlainSerializer, field_validator

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

# A record id as callers may send it: a positive integer the databases can hold (a larger one would fail in the
# database, not in validation).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# The version a caller read (0: none yet, for a report not yet filed).
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]


class Input(Schema):
    """Every request body and query: text may not carry NUL characters, which PostgreSQL cannot store or search
    for (refused as a 422 naming the field, the same on both databases)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value):
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError(_("不能含有空字符（\\x00）。"))
        return value


class LoopStepOut(Schema):
    """One step of a closed-loop item's history (tuijin.core.loop.LoopStep): problems, demands, hazards, tasks."""

    kind: str
    kind_label: str
    at: datetime
    actor: str
    department: Ref | None
    note: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.username if obj.actor else ""

    @staticmethod
    def resolve_department(obj):
        return ref(obj.department)


class LoopNoteIn(Input):
    """A loop step that is only words: progress, escalation, a return."""

    note: str
