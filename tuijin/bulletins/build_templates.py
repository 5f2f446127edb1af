"""Builds the Word templates of the bulletin and the letters: tuijin/bulletins/docx/{bulletin,letter}.docx.

    .venv/bin/python -m tuijin.bulletins.build_templates [OUTPUT_DIR]

The generated files are committed; office staff edit a copy (see documents.py) and never need this script.
Layout after GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, body in 仿宋_GB2312 三号 (16 pt)
on a fixed 28 pt line, titles in 方正小标宋简体 二号 (22 pt), first-level headings in 黑体, second-level in
楷体_GB2312, page numbers "— 1 —" at the foot; the bulletin carries a red masthead and a red rule.

Fonts are named as offices have them, with fallbacks: each East Asian font is declared in the font table with
an alternative name (w:altName) and a GB2312 character set, so a machine without 方正小标宋简体 or 仿宋_GB2312
falls back to 宋体 / 仿宋 / 楷体 rather than to a Latin font. Latin text and digits use Times New Roman.

Placeholders are docxtpl (Jinja2) tags, each written as one run so Word never splits them: table rows repeat
with `{%tr for … %}`, paragraphs with `{%p for … %}`; the fields are those of bulletins.context.bulletin_context
and bulletins.documents.letter_context.
"""

import sys
from copy import deepcopy
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

OUTPUT_DIR = Path(__file__).resolve().parent / "docx"

LATIN = "Times New Roman"
TITLE = "方正小标宋简体"
BODY = "仿宋_GB2312"
HEADING = "黑体"
SUBHEADING = "楷体_GB2312"
# Declared in the font table with the font Word uses when the named one is missing.
FALLBACKS = {TITLE: "宋体", BODY: "仿宋", HEADING: "SimHei", SUBHEADING: "楷体"}
RED = RGBColor(0xFF, 0x00, 0x00)

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四
SIZE_SMALL = Pt(10.5)  # 五号
LINE = Pt(28)
PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


# ---------------------------------------------------------------------------------------------------------
# Low-level helpers.


def set_fonts(element_rpr, east_asian: str) -> None:
    """Name the fonts explicitly (and drop theme fonts, which would override them)."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)


def style_run(run, font: str = BODY, size=SIZE_BODY, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    set_fonts(run._element.get_or_add_rPr(), font)


def paragraph(container, text: str = "", *, font: str = BODY, size=SIZE_BODY, bold: bool = False,
              color: RGBColor | None = None, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False,
              exact: bool = True, space_before=0, space_after=0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE if size <= SIZE_BODY else Pt(size.pt * 1.3)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if text:
        style_run(p.add_run(text), font, size, bold, color)
    return p


def tag(container, text: str):
    """A paragraph holding only a docxtpl block tag ({%p … %}); docxtpl removes the paragraph itself."""
    return paragraph(container, text, exact=False, size=SIZE_SMALL)


def red_rule(p, size_eighths: int = 12) -> None:
    """A red line under paragraph `p` (the 版头 separator)."""
    borders = parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{size_eighths}" w:space="4" '
                        f'w:color="FF0000"/></w:pBdr>')
    # Schema order matters to Word: w:pBdr goes before these siblings.
    p._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def page_setup(section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) if not landscape else Mm(15)


def page_numbers(section) -> None:
    """"— 1 —" centred at the foot of each page (a PAGE field)."""
    footer = section.footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_run(p.add_run("— "), BODY, Pt(14))
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="{LATIN}" '
                      f'w:hAnsi="{LATIN}"/><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>')
    p._p.append(field)
    style_run(p.add_run(" —"), BODY, Pt(14))


def base_document() -> Document:
    doc = Document()
    # Document defaults: 仿宋 三号, Chinese language, no theme fonts.
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, BODY)
    language = rpr_default.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr_default.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_BODY
    set_fonts(normal.element.get_or_add_rPr(), BODY)
    table_style = doc.styles["Table Grid"]
    set_fonts(table_style.element.get_or_add_rPr(), BODY)
    declare_fonts(doc)
    section = doc.sections[0]
    page_setup(section)
    page_numbers(section)
    doc.core_properties.author = ""
    doc.core_properties.comments = "tuijin"
    return doc


def declare_fonts(doc) -> None:
    """Add the Chinese fonts, with their fallbacks, to the document's font table."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alternative in FALLBACKS.items():
        font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                         f'<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
        root.append(deepcopy(font))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def cell_text(cell, text: str, *, bold: bool = False, font: str = BODY, size=SIZE_TABLE,
              align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(2)
    if text:
        style_run(p.add_run(text), font, size, bold)


def table(doc, columns: list[tuple[str, str, float, str]], loop: str, *, total: list[str] | None = None,
          size=SIZE_TABLE, before: list[str] | None = None, inner_loop: str | None = None):
    """A table with a header row and one row repeated by `{%tr for … %}`.

    columns: (header, cell template, width in mm, alignment "l"/"c"/"r").
    before: the cells of a group row repeated by the outer loop (with inner_loop repeating the data rows)."""
    aligns = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}
    t = doc.add_table(rows=0, cols=len(columns))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER

    def add_row(texts, *, bold=False, align=None, merge=False):
        row = t.add_row()
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=False)):
            cell.width = Mm(columns[index][2])
            cell_text(cell, text, bold=bold, font=HEADING if bold else BODY, size=size,
                      align=align if align is not None else aligns[columns[index][3]])
        if merge:
            merged = row.cells[0].merge(row.cells[-1])
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
        return row

    header = add_row([c[0] for c in columns], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    repeat_header(header)
    add_row([loop] + [""] * (len(columns) - 1))
    if before is not None:
        add_row(before, merge=len(before) == 1, align=WD_ALIGN_PARAGRAPH.LEFT)
        add_row([inner_loop] + [""] * (len(columns) - 1))
    add_row([c[1] for c in columns])
    add_row(["{%tr endfor %}"] + [""] * (len(columns) - 1))
    if before is not None:
        add_row(["{%tr endfor %}"] + [""] * (len(columns) - 1))
    if total:
        add_row(total, bold=True)
    return t


def heading(doc, text: str, level: int = 1):
    font = HEADING if level == 1 else SUBHEADING
    return paragraph(doc, text, font=font, indent=True)


# ---------------------------------------------------------------------------------------------------------
# The bulletin.


def build_bulletin() -> Document:
    doc = base_document()
    # 版头: the red masthead, the issue number, the issuing office and date, the red rule.
    paragraph(doc, "{{ masthead }}", font=TITLE, size=Pt(36), color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              exact=False, space_before=12, space_after=12)
    paragraph(doc, "{{ number_text }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    office_line = paragraph(doc, align=WD_ALIGN_PARAGRAPH.LEFT)
    office_line.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    style_run(office_line.add_run("{{ office }}\t{{ date_text }}"))
    red_rule(office_line, 18)
    paragraph(doc)

    paragraph(doc, "{{ title }}", font=TITLE, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16)

    heading(doc, "一、总体情况")
    paragraph(doc, "{{ summary }}", indent=True)

    heading(doc, "二、分类推进情况")
    paragraph(doc, "单位：万元", size=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table(doc, [
        ("项目类别", "{{ r.name }}", 40, "c"),
        ("项目数", "{{ r.count }}", 18, "c"),
        ("年度计划投资", "{{ r.annual_plan_text }}", 34, "r"),
        ("{{ cumulative }}完成投资", "{{ r.completed_text }}", 34, "r"),
        ("完成率", "{{ r.rate_text }}", 26, "c"),
    ], "{%tr for r in by_category %}", total=[
        "合计", "{{ totals.count }}", "{{ totals.annual_plan_text }}", "{{ totals.completed_text }}",
        "{{ totals.rate_text }}"])

    heading(doc, "三、责任单位推进情况")
    paragraph(doc, "按完成率由高到低排列。单位：万元", size=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table(doc, [
        ("序号", "{{ r.no }}", 14, "c"),
        ("责任单位", "{{ r.name }}", 36, "c"),
        ("项目数", "{{ r.count }}", 16, "c"),
        ("年度计划投资", "{{ r.annual_plan_text }}", 32, "r"),
        ("{{ cumulative }}完成投资", "{{ r.completed_text }}", 32, "r"),
        ("完成率", "{{ r.rate_text }}", 22, "c"),
    ], "{%tr for r in by_department %}")

    heading(doc, "四、未开工项目")
    tag(doc, "{%p if not_started %}")
    paragraph(doc, "截至{{ as_of_text }}，尚有{{ not_started|length }}个项目未开工：", indent=True)
    table(doc, [
        ("序号", "{{ r.no }}", 14, "c"),
        ("项目名称", "{{ r.name }}", 62, "l"),
        ("计划开工", "{{ r.planned_start_text }}", 28, "c"),
        ("责任单位", "{{ r.department }}", 26, "c"),
        ("责任领导", "{{ r.leader }}", 26, "c"),
    ], "{%tr for r in not_started %}")
    tag(doc, "{%p else %}")
    paragraph(doc, "截至{{ as_of_text }}，所有项目均已开工。", indent=True)
    tag(doc, "{%p endif %}")

    heading(doc, "五、红黄预警项目")
    paragraph(doc, "按{{ as_of_text }}序时进度{{ time_text }}计算。", indent=True)
    heading(doc, "（一）红色预警项目（落后序时进度{{ red_above }}个百分点以上）", level=2)
    tag(doc, "{%p if red %}")
    warning_columns = [
        ("序号", "{{ r.no }}", 14, "c"),
        ("项目名称", "{{ r.name }}", 56, "l"),
        ("责任单位", "{{ r.department }}", 24, "c"),
        ("责任领导", "{{ r.leader }}", 24, "c"),
        ("滞后情况", "{{ r.reason }}", 38, "l"),
    ]
    table(doc, warning_columns, "{%tr for r in red %}")
    tag(doc, "{%p else %}")
    paragraph(doc, "无。", indent=True)
    tag(doc, "{%p endif %}")
    heading(doc, "（二）黄色预警项目（落后序时进度{{ yellow_from }}至{{ red_above }}个百分点）", level=2)
    tag(doc, "{%p if yellow %}")
    table(doc, warning_columns, "{%tr for r in yellow %}")
    tag(doc, "{%p else %}")
    paragraph(doc, "无。", indent=True)
    tag(doc, "{%p endif %}")

    heading(doc, "六、存在问题")
    tag(doc, "{%p if problems %}")
    paragraph(doc, "尚有未解决问题{{ problems|length }}个，其中逾期{{ overdue_count }}个，逾期问题列在前面：",
              indent=True)
    table(doc, [
        ("序号", "{{ r.no }}", 10, "c"),
        ("项目名称", "{{ r.project }}", 34, "l"),
        ("问题类型", "{{ r.kind }}", 16, "c"),
        ("问题描述", "{{ r.description }}", 44, "l"),
        ("责任单位", "{{ r.department }}", 20, "c"),
        ("办结时限", "{{ r.deadline_text }}", 18, "c"),
        ("是否逾期", "{{ r.overdue_text }}", 14, "c"),
    ], "{%tr for r in problems %}", size=SIZE_SMALL)
    tag(doc, "{%p else %}")
    paragraph(doc, "无未解决问题。", indent=True)
    tag(doc, "{%p endif %}")

    heading(doc, "七、下步工作要求")
    tag(doc, "{%p for text in requirements %}")
    paragraph(doc, "{{ text }}", indent=True)
    tag(doc, "{%p endfor %}")

    paragraph(doc)
    paragraph(doc, "附表：{{ subject }}{{ cumulative }}推进情况一览表", indent=True)
    paragraph(doc)
    paragraph(doc, "{{ office }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)

    # 附表 on a landscape page: every project, grouped by category.
    appendix = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(appendix, landscape=True)
    paragraph(doc, "附表", font=HEADING, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph(doc, "{{ subject }}{{ cumulative }}推进情况一览表", font=TITLE, size=SIZE_TITLE,
              align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    paragraph(doc, "单位：万元", size=SIZE_SMALL, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table(doc, [
        ("序号", "{{ r.no }}", 10, "c"),
        ("项目名称", "{{ r.name }}", 58, "l"),
        ("责任单位", "{{ r.department }}", 20, "c"),
        ("责任领导", "{{ r.leader }}", 24, "c"),
        ("总投资", "{{ r.total_investment_text }}", 22, "r"),
        ("年度计划投资", "{{ r.annual_plan_text }}", 22, "r"),
        ("{{ cumulative }}完成投资", "{{ r.completed_text }}", 22, "r"),
        ("完成率", "{{ r.rate_text }}", 16, "c"),
        ("形象进度", "{{ r.progress_text }}", 48, "l"),
        ("预警", "{{ r.level_text }}", 12, "c"),
    ], "{%tr for g in groups %}", size=SIZE_SMALL, before=["{{ g.name }}（{{ g.count }}个）"],
        inner_loop="{%tr for r in g.projects %}", total=[
        "", "合计（{{ totals.count }}个）", "", "", "{{ totals.total_investment_text }}",
        "{{ totals.annual_plan_text }}", "{{ totals.completed_text }}", "{{ totals.rate_text }}", "", ""])
    return doc


# ---------------------------------------------------------------------------------------------------------
# The letter (交办函 / 提醒函 / 督办函).


def build_letter() -> Document:
    doc = base_document()
    paragraph(doc, "{{ office }}", font=TITLE, size=Pt(26), color=RED, align=WD_ALIGN_PARAGRAPH.CENTER,
              exact=False, space_before=6, space_after=6)
    number_line = paragraph(doc, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    red_rule(number_line, 18)
    paragraph(doc)
    paragraph(doc, "{{ title }}", font=TITLE, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16)
    paragraph(doc, "{{ addressee }}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(doc, "{%p for text in body %}")
    paragraph(doc, "{{ text }}", indent=True)
    tag(doc, "{%p endfor %}")
    table(doc, [
        ("事项", "{{ r.label }}", 36, "c"),
        ("内容", "{{ r.value }}", 120, "l"),
    ], "{%tr for r in facts %}")
    paragraph(doc)
    tag(doc, "{%p for text in required %}")
    paragraph(doc, "{{ text }}", indent=True)
    tag(doc, "{%p endfor %}")
    paragraph(doc)
    paragraph(doc, "{{ office }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc, "{{ date_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(doc)
    tag(doc, "{%p if cc %}")
    cc = paragraph(doc, "抄送：{{ cc }}。", size=Pt(14), align=WD_ALIGN_PARAGRAPH.LEFT)
    red_rule(cc, 6)
    tag(doc, "{%p endif %}")
    return doc


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    output = Path(argv[0]) if argv else OUTPUT_DIR
    output.mkdir(parents=True, exist_ok=True)
    build_bulletin().save(output / "bulletin.docx")
    build_letter().save(output / "letter.docx")
    print(f"wrote {output / 'bulletin.docx'} and {output / 'letter.docx'}")


if __name__ == "__main__":
    main()
