"""Shapes shared by every domain's resources."""

from ninja import Schema

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
