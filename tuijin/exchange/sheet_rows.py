"""What a row of a dispatch sheet is, from its text: a category heading (一、产业项目（9个）), a 合计 or
小计 row, a note (填报说明、备注：…), a repeated header, or a row of column numbers (1 2 3 … / 甲 乙 丙)."""

import re

from .sheet_values import compact

_CN = "一二三四五六七八九十"
HEADING_L1 = re.compile(rf"^([{_CN}]{{1,3}})[、.,:;\s](.*)$")
HEADING_L2 = re.compile(rf"^\(([{_CN}]{{1,3}})\)[、.,:]?(.*)$")
SEQ_L1 = re.compile(rf"^[{_CN}]{{1,3}}[、.]?$")
SEQ_L2 = re.compile(rf"^\([{_CN}]{{1,3}}\)$")
COUNT_TAIL = re.compile(r"(?:\([^()]*\d+\s*(?:个|项)[^()]*\)|[,:]?(?:共|计)?\d+(?:个|项)(?:项目)?)$")
HEADING_WORDS = re.compile(r"(?:项目|类|工程|领域|板块|产业|片区|园区)$")
TOTAL = re.compile(r"^(.*?)(合计|总计|小计|汇总|总合计)$")
GRAND_PREFIXES = {"", "总", "全区", "全市", "全县", "全部", "全部项目", "所有项目", "全区项目", "项目", "共计", "全镇",
                  "全开发区", "全省", "本区", "本市", "全园区", "全示范区", "全高新区"}
NOTE = re.compile(r"^(?:填报说明|填表说明|注释说明|说明事项|特别说明)|"
                  r"^(?:说明|备注|注|附注|注释|填报人|填表人|审核人|审核|制表人|制表|负责人|单位负责人|主要负责人|"
                  r"统计负责人|分管领导|联系人|联系电话|电话|填报日期|填报时间|报送时间|制表时间|审核时间)\d*[:、.]")
COLUMN_MARKS = set("甲乙丙丁戊己庚辛壬癸") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Cheap first look at the name cell of a row: only a row this says may be special goes to `classify`.
_SUSPECT = re.compile(rf"\s*(?:[合总小]\s*计|汇\s*总|其\s*中|[{_CN}]{{1,3}}\s*[、.．，,:：;；\s]|[（(]\s*[{_CN}]|"
                      r"填报|填表|注|说\s*明|备\s*注|附|制表|审核|项目名称|名\s*称\s*$)")


def suspect(name: str) -> bool:
    """Whether a non-empty name cell may hold something other than a project name."""
    if _SUSPECT.match(name):
        return True
    tail = name.rstrip()[-3:]
    return tail.endswith(("个)", "个）", "计", "总", "项)", "项）")) or "个项目" in tail


def heading_label(text: str) -> str:
    """一、产业项目（9个） → 产业项目; （一）基础设施类 → 基础设施类."""
    text = compact(text)
    for pattern in (HEADING_L1, HEADING_L2):
        match = pattern.match(text)
        if match:
            text = match[2]
            break
    previous = None
    while previous != text:
        previous = text
        text = COUNT_TAIL.sub("", text).rstrip(":,;、 ")
    return text


def total_marker(text: str) -> tuple[str, str] | None:
    """("合计", "") for a grand total, ("小计", prefix) for a subtotal, from a cell's text; None otherwise."""
    text = compact(text).split(":")[0]
    text = COUNT_TAIL.sub("", text)
    match = TOTAL.match(text)
    if not match or len(match[1]) > 20:
        return None
    prefix = match[1].rstrip("、,")
    if match[2] == "小计" or prefix not in GRAND_PREFIXES:
        return "小计", heading_label(prefix) if prefix not in GRAND_PREFIXES else ""
    return "合计", ""


def heading_marker(name, seq, first) -> tuple[str, int] | None:
    """(label, level) when the row is a category heading: 一、产业项目 (level 1), （一）基础设施类 (level 2),
    a Chinese numeral in the 序号 cell with the heading in the name cell, or 产业项目（9个）."""
    seq_text = compact(seq) if isinstance(seq, str) else ""
    name_text = compact(name) if isinstance(name, str) else ""
    if seq_text and (SEQ_L1.match(seq_text) or SEQ_L2.match(seq_text)):
        label = heading_label(name_text) if name_text else ""
        if not label and isinstance(first, str):
            label = heading_label(first)
        if label and label != seq_text:
            return label, 1 if SEQ_L1.match(seq_text) else 2
    for text in (name_text, compact(first) if isinstance(first, str) else ""):
        if not text:
            continue
        if HEADING_L1.match(text):
            label = heading_label(text)
            if label:
                return label, 1
        if HEADING_L2.match(text):
            label = heading_label(text)
            if label:
                return label, 2
    if name_text and seq is None and COUNT_TAIL.search(name_text):
        label = heading_label(name_text)
        if label and label != name_text:
            return label, 1
    return None


def plain_heading(text: str) -> str | None:
    """A lone short text such as 产业项目 or 民生工程 in a row with no project name: a heading without number."""
    text = compact(text)
    label = heading_label(text)
    if 2 <= len(label) <= 20 and HEADING_WORDS.search(label) and not re.search(r"[。;:]", text):
        return label
    return None


def is_note(text: str) -> bool:
    return bool(NOTE.match(compact(text)))


def is_column_numbers(values) -> bool:
    """A row under the header that only numbers the columns: 1 2 3 4 … or 甲 乙 1 2 …"""
    marks = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if len(marks) < 3:
        return False
    numbers = []
    for value in marks:
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            if not float(value).is_integer():
                return False
            numbers.append(int(value))
            continue
        text = compact(str(value))
        if text.isdigit():
            numbers.append(int(text))
        elif text not in COLUMN_MARKS:
            return False
    return not numbers or numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
