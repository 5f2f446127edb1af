"""The bulletin (调度通报) for a list of 1,000 projects: figures, words and the .docx, against docxtpl rendering of
the same template with the context computed beforehand."""

import io

from django.utils import timezone
from docx import Document

from tuijin.bulletins.context import bulletin_context, default_requirements
from tuijin.bulletins.documents import render_bulletin

from . import Case


def _table_rows(content: bytes) -> int:
    return sum(len(table.rows) for table in Document(io.BytesIO(content)).tables)


def case(scene) -> Case:
    period, programme = scene.period, scene.programme
    issued_on = timezone.localdate()

    def context():
        return bulletin_context(period=period, programme=programme, requirements=default_requirements(),
                                number=1, issued_on=issued_on)

    prepared = context()

    def ours():
        return render_bulletin(context())

    def anchor():
        return render_bulletin(prepared)

    def agree(mine, theirs) -> str:
        assert prepared["totals"]["count"] == 1000, prepared["totals"]["count"]
        rows_mine, rows_theirs = _table_rows(mine), _table_rows(theirs)
        assert rows_mine == rows_theirs, (rows_mine, rows_theirs)
        return f"1,000 projects, {rows_mine} table rows in both documents"

    return Case("bulletin for a list of 1,000 projects", "docxtpl render, same template, precomputed values", 1.5,
                ours, anchor, agree, order=8)
