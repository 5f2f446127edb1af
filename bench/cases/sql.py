"""Hand-written SQL helpers shared by the anchors (the same text runs on SQLite and PostgreSQL)."""

from django.db import connection


def rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def year_month(column: str) -> str:
    """A date column as the integer YYYYMM."""
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {column}) AS INTEGER) * 100 + CAST(strftime('%%m', {column}) AS INTEGER)"
    return f"(EXTRACT(YEAR FROM {column}) * 100 + EXTRACT(MONTH FROM {column}))::integer"


COUNTED = "('submitted', 'approved')"
STARTED_STAGES = "('construction', 'completed', 'effective')"
OPEN = "('pending', 'working')"
