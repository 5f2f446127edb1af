"""Builds the Word template of a leader's brief: tuijin/briefs/docx/brief.docx.

    .venv/bin/python -m tuijin.briefs.build_templates [OUTPUT_DIR]

The generated file is committed; office staff may keep an edited copy as brief.docx in the template folder
(see bulletins.documents.template_dir), which is then used instead. The layout and fonts are the bulletin's
(GB/T 9704-2012, built with the same helpers in tuijin.bulletins.build_templates). Placeholders are docxtpl
tags; the fields are those of briefs.context.brief_context. Each section's table has the columns its
domain gives it: its cells repeat across with docxtpl's `{%tc for … %}` and down with `{%tr for … %}`, and
docxtpl widens the table grid to the number of columns rendered.
"""

import sys
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from tuijin.bulletins.build_templates import (
    BODY,
    HEADING,
    SIZE_SMALL,
    SIZE_TABLE,
    SIZE_TITLE,
    TITLE,
    base_document,
    cell_text,
    heading,
    paragraph,
    repeat_header,
    table,
    tag,
)

OUTPUT_DIR = Path(__file__).resolve().parent / "docx"


def section_table(doc):
    """A table of as many columns as the section has: a header row and one row per section row."""
    t = doc.add_table(rows=0, cols=3)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER

    def add_row(texts, *, bold=False):
        row = t.add_row()
        for cell, text in zip(row.cells, texts, strict=True):
            cell.width = Mm(26) if text.startswith("{{") else Mm(4)
            cell_text(cell, text, bold=bold, font=HEADING if bold else BODY, size=SIZE_SMALL,
                      align=WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT)
        return row

    repeat_header(add_row(["{%tc for c in s.columns %}", "{{ c }}", "{%tc endfor %}"], bold=True))
    add_row(["{%tr for row in s.rows %}", "", ""])
    add_row(["{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}"])
    add_row(["{%tr endfor %}", "", ""])
    return t


def build_brief():
    doc = base_document()
    paragraph(doc, "{{ title }}", font=TITLE, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    paragraph(doc, "{{ person_line }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "{{ period_line }}", size=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)

    heading(doc, "一、主要数字")
    table(doc, [
        ("项目", "{{ r.label }}", 60, "l"),
        ("{{ then_heading }}", "{{ r.then }}", 48, "r"),
        ("{{ now_heading }}", "{{ r.now }}", 48, "r"),
    ], "{%tr for r in figures %}")

    heading(doc, "二、近期变化")
    tag(doc, "{%p if changes %}")
    tag(doc, "{%p for line in changes %}")
    paragraph(doc, "{{ line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    paragraph(doc, "{{ no_changes }}", indent=True)
    tag(doc, "{%p endif %}")

    heading(doc, "三、分项情况")
    tag(doc, "{%p for s in sections %}")
    heading(doc, "{{ s.number }}{{ s.title }}", level=2)
    section_table(doc)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not sections %}")
    paragraph(doc, "{{ no_sections }}", indent=True)
    tag(doc, "{%p endif %}")

    paragraph(doc)
    paragraph(doc, "{{ office }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    return doc


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    output = Path(argv[0]) if argv else OUTPUT_DIR
    output.mkdir(parents=True, exist_ok=True)
    build_brief().save(output / "brief.docx")
    print(f"wrote {output / 'brief.docx'}")


if __name__ == "__main__":
    main()
