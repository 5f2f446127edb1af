"""Column headers of a dispatch sheet (调度表): which canonical field a header names, and in what unit.

Headers are compared after NFKC (full-width to half-width), without spaces, line breaks, brackets or
the unit in them: "总投资\n（万元）" and "总 投 资(亿元)" both name `total_investment`, the first in 万元,
the second in 亿元. A leading year ("2025年计划投资") is dropped, and "1-4月" is read as "1-N月"
(year-to-date through month N). Exact synonyms are tried first, then a short list of keyword rules
for the many local variants. Two- and three-row headers are matched on parent+child text, then on
the child in the context of its parent ("2025年投资" over "计划" / "1-4月完成" / "完成率").
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from tuijin.core.money import UNIT_ALIASES

MONEY_FIELDS = ("total_investment", "annual_plan", "completed_ytd", "completed_month", "completed_since_start")
PERCENT_FIELDS = ("completion_rate",)
DATE_FIELDS = ("planned_start", "planned_end", "actual_start")
END_DATE_FIELDS = ("planned_end",)

# What each canonical field means, for the import preview's column mapping ("this header was read as …").
FIELD_LABELS = {
    "seq": _("序号"), "code": _("项目代码"), "name": _("项目名称"), "owner": _("项目单位"), "nature": _("建设性质"),
    "scale": _("建设内容及规模"), "years": _("建设起止年限"), "planned_start": _("计划开工时间"),
    "planned_end": _("计划竣工时间"), "actual_start": _("实际开工时间"), "total_investment": _("总投资"),
    "annual_plan": _("年度计划投资"), "completed_ytd": _("本年累计完成投资（1-N月）"), "completed_month": _("本月完成投资"),
    "completion_rate": _("年度计划完成率（系统自行计算）"), "completed_since_start": _("开工以来累计完成投资"),
    "progress": _("形象进度"), "problems": _("存在问题"), "leader": _("责任领导"), "department": _("责任单位"),
    "region": _("县区"), "started": _("是否开工"), "category": _("项目类别"), "remark": _("备注（不导入）"),
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "序", "编号", "No", "No.", "NO", "排序"),
    "code": ("项目代码", "备案代码", "项目统一代码", "统一项目代码", "项目编码", "投资项目代码", "投资项目统一代码",
             "项目代码(备案代码)", "备案(核准)代码", "审批代码", "核准代码", "备案号", "项目备案代码", "赋码",
             "项目赋码", "在线平台代码", "项目代码/备案代码"),
    "name": ("项目名称", "名称", "工程名称", "项目名", "项目(工程)名称", "建设项目名称", "项目全称", "工程项目名称",
             "重点项目名称"),
    "owner": ("项目单位", "建设单位", "项目建设单位", "业主单位", "项目业主", "业主", "项目业主单位", "实施单位",
              "项目实施单位", "实施主体", "项目实施主体", "建设主体", "项目法人", "项目法人单位", "项目主体",
              "项目建设主体", "承办单位", "项目单位名称", "建设单位名称", "投资主体", "投资单位", "企业名称"),
    "nature": ("建设性质", "项目性质", "建设类型", "新建/续建", "新建或续建", "新建续建", "新开工/续建"),
    "scale": ("建设内容及规模", "建设规模及内容", "主要建设内容", "建设内容", "建设规模", "建设内容和规模",
              "建设规模和内容", "主要建设内容及规模", "项目建设内容及规模", "项目建设内容", "建设内容与规模",
              "项目概况", "项目简介", "主要建设内容和规模", "建设规模及主要内容", "项目建设规模及内容"),
    "years": ("建设起止年限", "建设年限", "起止年限", "建设起止年份", "建设期限", "建设起止时间", "起止时间",
              "建设周期", "建设起止日期", "起止年份", "建设工期", "项目建设年限", "建设起止期"),
    "planned_start": ("计划开工时间", "计划开工日期", "预计开工时间", "预计开工日期", "计划开工", "拟开工时间",
                      "计划开工年月", "开工计划"),
    "planned_end": ("计划竣工时间", "计划完工时间", "计划竣工日期", "计划完工日期", "预计竣工时间", "预计完工时间",
                    "计划竣工", "计划完工", "计划建成时间", "预计建成时间", "计划竣工年月", "竣工时间", "完工时间",
                    "竣工日期", "建成时间", "计划投产时间", "预计投产时间"),
    "actual_start": ("开工时间", "实际开工时间", "开工日期", "实际开工日期", "开工年月", "已开工时间", "实际开工"),
    "total_investment": ("总投资", "计划总投资", "项目总投资", "总投资额", "估算总投资", "概算总投资", "投资总额",
                         "总投资规模", "计划投资总额", "项目投资总额", "批复总投资", "总投资估算"),
    "annual_plan": ("年度计划投资", "本年计划投资", "本年度计划投资", "年度计划", "年度投资计划", "计划投资",
                    "投资计划", "年计划投资", "当年计划投资", "全年计划投资", "年度计划完成投资", "年度目标投资",
                    "年度投资目标", "年度计划投资额", "本年投资计划", "年度投资", "计划完成投资", "全年投资计划",
                    "年度计划投资任务", "年度投资任务"),
    "completed_ytd": ("1-4月完成投资", "1-4月完成", "1-4月累计完成投资", "1-4月累计完成", "1-4月完成额",
                      "1-4月投资完成额", "1-4月实际完成投资", "1-4月已完成投资", "1-4月完成固定资产投资",
                      "1-4月", "1-4月份完成投资", "1-4月累计", "1-4月投资",
                      "累计完成", "累计完成投资", "本年累计完成投资", "本年累计完成", "年度累计完成",
                      "年度累计完成投资", "今年累计完成投资", "本年完成投资", "年度完成投资", "年内累计完成投资",
                      "年初至今完成投资", "年初以来累计完成投资", "本年度累计完成投资", "已完成投资",
                      "累计完成投资额", "本年已完成投资", "年度已完成投资", "完成投资"),
    "completed_month": ("本月完成投资", "当月完成", "本月完成", "当月完成投资", "本月投资", "当月投资",
                        "本月完成额", "当月完成额", "本期完成投资", "本期完成"),
    "completion_rate": ("完成率", "年度计划完成率", "投资完成率", "年度投资完成率", "年度完成率", "完成比例",
                        "占年度计划比例", "占年度计划", "完成年度计划比例", "完成年度计划", "占年度计划的比例",
                        "占年计划比例", "年度计划完成比例", "计划完成率", "1-4月完成率", "占比",
                        "完成年度投资比例", "年度投资完成比例"),
    "completed_since_start": ("开工以来累计完成投资", "自开工累计完成投资", "自开工以来累计完成投资",
                              "开工累计完成投资", "开工以来累计完成", "自开工以来累计完成", "开工至今累计完成投资",
                              "开工以来完成投资", "建设以来累计完成投资", "项目累计完成投资", "累计完成总投资",
                              "开工至今完成投资", "自开工累计完成", "开工以来累计投资", "至今累计完成投资"),
    "progress": ("形象进度", "项目进展情况", "进展情况", "工程形象进度", "目前进展情况", "项目进展", "当前进展",
                 "截至目前形象进度", "本月形象进度", "1-4月形象进度", "项目推进情况", "推进情况", "建设进展情况",
                 "工作进展", "进展", "项目形象进度", "目前形象进度", "项目建设进展", "工程进度", "建设进度",
                 "项目进展情况及形象进度", "形象进度及存在问题", "工作进展情况", "项目当前进展"),
    "problems": ("存在问题", "存在的问题及建议", "需协调解决的问题", "存在问题及建议", "存在的问题", "问题及建议",
                 "需要协调解决的问题", "存在困难和问题", "存在的困难和问题", "存在问题及需协调事项", "困难问题",
                 "需协调事项", "需协调解决事项", "需市级协调解决的问题", "需区级协调解决的问题", "存在困难",
                 "困难和问题", "问题", "制约因素", "存在问题及解决措施", "需解决的问题"),
    "leader": ("责任领导", "分包领导", "包保领导", "联系领导", "分管领导", "牵头领导", "包联领导", "包抓领导",
               "责任区领导", "分包区领导", "联系区领导", "分包县级领导", "包联县级领导", "责任市领导",
               "分包市领导", "联系市领导", "包保区领导", "领导", "分包责任领导", "责任领导(分包领导)"),
    "department": ("责任单位", "牵头单位", "责任部门", "牵头部门", "主管部门", "牵头责任单位", "责任科室",
                   "服务单位", "包联单位", "分包单位", "牵头服务单位", "主责单位", "行业主管部门", "推进单位"),
    "region": ("县区", "县(市、区)", "县(市)区", "县市区", "区县", "所在地", "所在县区", "所属县区", "所在区县",
               "项目所在地", "属地", "所属区域", "区域", "所在区域", "县(区)", "县(市)", "所在县(市、区)",
               "乡镇(街道)", "所属乡镇(街道)", "所在乡镇", "镇街", "属地乡镇"),
    "started": ("是否开工", "是否已开工", "开工与否", "开工情况", "是否新开工", "开工状态"),
    "category": ("项目类别", "类别", "项目类型", "类型", "项目分类", "分类", "产业类别", "项目属性", "所属类别",
                 "所属领域", "领域"),
    "remark": ("备注", "备注说明", "说明", "其他"),
}

_STARS = str.maketrans({"*": None, "※": None, "★": None, "☆": None, "▲": None, "△": None, "◆": None})
_BRACKET = re.compile(r"[(\[【〔{<《]([^()\[\]【】〔〕{}<>《》]*)[)\]】〕}>》]")
_UNIT_TAIL = re.compile(r"(?:[/、,]?单位[:]?|/)?(万元|亿元)$")
_PERCENT_TAIL = re.compile(r"[(/]?%\)?$")
_YEAR_LEAD = re.compile(r"^(?:((?:19|20)\d{2})年度?|本年度?|今年|当年|全年)")
_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_YTD = re.compile(r"(?:1|一)月?[-~—–―至到](1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])月份?")
_UNTIL_MONTH = re.compile(r"截[至止](?:到|至)?(1[0-2]|[1-9])月(?:底|末|份)?")
_ONE_MONTH = re.compile(r"^(1[0-2]|[1-9])月份?(?=完成|投资)")
_MONEY_WORD = re.compile(r"元|币|美金")


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None
    unit: str | None = None          # a money unit the header declares (万元, 亿元, 元)
    bad_unit: str | None = None      # a currency the reader cannot convert ("万美元")
    per_cent: bool = False           # the header says the figures are numbers of per cent: 完成率（%）
    ytd_month: int | None = None     # N of "1-N月"
    year: int | None = None          # a year the header names: "2025年计划投资"
    exact: bool = False              # matched a synonym rather than a keyword rule


@dataclass(frozen=True)
class _Key:
    keys: tuple[str, ...]            # forms to look up, most specific first
    rule_text: str                   # the form keyword rules look at
    unit: str | None
    bad_unit: str | None
    per_cent: bool
    ytd_month: int | None
    year: int | None


def clean_text(value) -> str:
    """A header or note cell as display text: no line breaks or runs of spaces."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", str(value)) if isinstance(value, str) else str(value)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN_MONTH[text]


def _normalise(text: str) -> _Key:
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split()).translate(_STARS).rstrip(":")
    unit = bad_unit = None
    per_cent = False
    kept: list[str] = []

    def bracket(match: re.Match) -> str:
        nonlocal unit, bad_unit, per_cent
        inner = match[1]
        content = re.sub(r"^单位[:]?", "", inner)
        found = None
        for token in re.split(r"[/、,;]", content):
            name = UNIT_ALIASES.get(token)
            if name:
                found = found or name
            elif token in ("%", "百分比", "百分之"):
                per_cent = True
            elif _MONEY_WORD.search(token) and not found:
                bad_unit = bad_unit or token
        if found:
            unit = unit or found
            return ""
        if per_cent and content in ("%", "百分比", "百分之"):
            return ""
        kept.append(inner)
        return "\0" + inner + "\0"

    marked = _BRACKET.sub(bracket, text)
    if unit:
        bad_unit = None
    base = re.sub(r"\0[^\0]*\0", "", marked)
    flat = marked.replace("\0", "")
    forms = []
    for form in (base, flat, text):
        tail = _UNIT_TAIL.search(form)
        if tail and len(form) > len(tail[0]):
            unit = unit or tail[1]
            form = form[: tail.start()]
        if _PERCENT_TAIL.search(form) and len(form) > 1:
            per_cent = True
            form = _PERCENT_TAIL.sub("", form)
        forms.append(form.rstrip(":/"))
    year = ytd = None
    keys: list[str] = []
    rule_text = ""
    for number, form in enumerate(forms):
        variants = [form]
        lead = _YEAR_LEAD.match(form)
        if lead:
            if lead[1]:
                year = year or int(lead[1])
            if len(form) > lead.end():
                variants.append(form[lead.end():])
        for variant in variants:
            found = _YTD.search(variant) or _UNTIL_MONTH.search(variant)
            if found:
                ytd = ytd or _month(found[1])
                variant = variant[: found.start()] + "1-N月" + variant[found.end():]
            else:
                variant = _ONE_MONTH.sub("本月", variant)
            if number == 0:
                rule_text = variant
            if variant and variant not in keys:
                keys.append(variant)
    if year is None and (found := re.search(r"((?:19|20)\d{2})年", text)):
        year = int(found[1])
    return _Key(tuple(keys), rule_text, unit, bad_unit, per_cent, ytd, year)


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        for name in names:
            for key in _normalise(name).keys:
                index.setdefault(key, field)
    return index


INDEX = _build_index()


def _has(text: str, *words: str) -> bool:
    return any(word in text for word in words)


def _rule(k: str) -> str | None:
    """Keyword rules for headers no synonym names; the order matters."""
    if not k or _has(k, "联系人", "电话", "手机", "邮箱"):
        return None
    if _has(k, "完成率", "完成比例", "完成进度比") or ("占" in k and "计划" in k):
        return "completion_rate"
    if _has(k, "开工以来", "自开工", "开工至今", "建设以来", "开工累计") and _has(k, "完成", "投资"):
        return "completed_since_start"
    if "1-N月" in k and _has(k, "完成", "投资", "累计"):
        return "completed_ytd"
    if _has(k, "本月", "当月", "本期") and _has(k, "完成", "投资"):
        return "completed_month"
    if "累计完成" in k:
        return "completed_ytd"
    if _has(k, "总投资", "投资总额"):
        return "total_investment"
    if _has(k, "计划投资", "投资计划") or k.endswith("年度计划"):
        return "annual_plan"
    if _has(k, "是否") and "开工" in k:
        return "started"
    if _has(k, "计划开工", "预计开工", "拟开工"):
        return "planned_start"
    if _has(k, "竣工", "完工", "建成", "投产") and _has(k, "时间", "日期", "计划", "预计", "年月"):
        return "planned_end"
    if "开工" in k and _has(k, "时间", "日期", "年月"):
        return "actual_start"
    if _has(k, "起止", "年限"):
        return "years"
    if _has(k, "代码", "编码"):
        return "code"
    if _has(k, "建设单位", "项目单位", "业主", "项目法人", "实施单位", "实施主体", "建设主体"):
        return "owner"
    if "项目名称" in k or (k.endswith("名称") and "单位" not in k):
        return "name"
    if _has(k, "形象进度", "进展"):
        return "progress"
    if _has(k, "问题", "困难"):
        return "problems"
    if "领导" in k:
        return "leader"
    if _has(k, "责任", "牵头", "主管") and _has(k, "单位", "部门"):
        return "department"
    if (k.startswith("县") and "区" in k) or _has(k, "所在地", "所属县", "所在县"):
        return "region"
    if _has(k, "建设内容", "建设规模"):
        return "scale"
    if "性质" in k:
        return "nature"
    if _has(k, "类别", "分类"):
        return "category"
    if "备注" in k:
        return "remark"
    if "序号" in k:
        return "seq"
    return None


def match_header(text) -> HeaderMatch | None:
    """The canonical field one header cell names, with the unit it declares; None if it names none."""
    if text is None or not str(text).strip():
        return None
    return _match_text(str(text))


@lru_cache(maxsize=4096)
def _match_text(text: str) -> HeaderMatch:
    key = _normalise(text)
    field = next((INDEX[k] for k in key.keys if k in INDEX), None)
    exact = field is not None
    if field is None:
        field = _rule(key.rule_text)
    return HeaderMatch(field, key.unit, key.bad_unit, key.per_cent, key.ytd_month, key.year, exact)


# --- several header rows: parent over child ----------------------------------------------------------------

_PLAN_CHILD = {"计划", "年度计划", "计划投资", "全年计划", "计划数", "目标", "年度目标", "计划完成", "年计划",
               "投资计划", "计划额", "任务", "年度任务", "计划完成投资", "目标任务"}
_DONE_CHILD = {"完成", "完成投资", "累计完成", "实际完成", "已完成", "累计", "完成额", "累计完成投资", "完成数",
               "完成情况", "实际完成投资", "已完成投资", "投资完成额"}
_RATE_CHILD = {"完成率", "完成比例", "占比", "比例", "占年度计划", "占年度计划比例", "占计划比例",
               "完成年度计划", "完成进度", "进度", "完成%"}
_TOTAL_CHILD = {"合计", "总计", "小计", "金额", "总额", "投资额", "总投资", "计划总投资"}
_START_CHILD = {"开工", "开工时间", "开工日期", "开始", "开始时间", "起", "开工年月"}
_END_CHILD = {"竣工", "完工", "竣工时间", "完工时间", "建成", "建成时间", "投产", "投产时间", "结束", "结束时间",
              "竣工日期", "完工日期", "止", "竣工年月"}


def _context(parent: _Key, child: _Key) -> str | None:
    """The field of a child header read in the light of its parent: 计划 under 2025年投资 is the annual plan."""
    p = " ".join(parent.keys)
    c = child.rule_text                      # the child without brackets, unit or leading year
    forms = set(child.keys) | {c}

    def child_in(words: set[str]) -> bool:
        return bool(forms & words)

    annual = parent.year is not None or _has(p, "投资", "年度", "本年", "全年", "计划", "1-N月")
    since = _has(p, "开工以来", "自开工", "建设以来", "开工至今", "开工累计")
    rate = child_in(_RATE_CHILD) or ("率" in c and "完成" in c) or (c == "" and child.per_cent)
    if rate and (c not in ("进度", "完成进度") or "投资" in p):
        return "completion_rate"
    if since and (child_in(_DONE_CHILD) or "完成" in c):
        return "completed_since_start"
    if "总投资" in p:
        if child_in(_TOTAL_CHILD | _PLAN_CHILD):
            return "total_investment"
        if child_in(_DONE_CHILD):
            return "completed_since_start"
    if child_in(_PLAN_CHILD) and annual:
        return "annual_plan"
    if "1-N月" in c and (c == "1-N月" or _has(c, "完成", "累计", "投资")):
        return "completed_ytd"
    if child_in(_DONE_CHILD) and annual:
        return "completed_ytd"
    if c.startswith(("本月", "当月", "本期")):
        return "completed_month"
    if _has(p, "时间", "日期", "年限", "开竣工", "起止", "工期"):
        planned = _has(p, "计划", "起止", "年限", "预计", "开竣工", "工期")
        if child_in(_START_CHILD):
            return "planned_start" if planned else "actual_start"
        if child_in(_END_CHILD):
            return "planned_end"
        if "开工" in p and child_in({"计划", "预计", "计划开工"}):
            return "planned_start"
        if "开工" in p and child_in({"实际", "实际开工"}):
            return "actual_start"
    return None


def match_column(texts: list) -> HeaderMatch | None:
    """The field of a column whose header spans several rows, from top to bottom (parent first)."""
    parts: list[str] = []
    for text in texts:
        text = clean_text(text)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    if not parts:
        return None
    if len(parts) == 1:
        return match_header(parts[0])
    parent_text, child_text = "".join(parts[:-1]), parts[-1]
    parent, child = _normalise(parent_text), _normalise(child_text)
    unit = child.unit or parent.unit
    extra = {
        "unit": unit,
        "bad_unit": None if unit else (child.bad_unit or parent.bad_unit),
        "per_cent": child.per_cent or parent.per_cent,
        "ytd_month": child.ytd_month or parent.ytd_month,
        "year": child.year or parent.year,
    }
    whole = _normalise(parent_text + child_text)
    field = next((INDEX[k] for k in whole.keys if k in INDEX), None)
    if field:
        return HeaderMatch(field, exact=True, **extra)
    field = _context(parent, child)
    if field:
        return HeaderMatch(field, exact=True, **extra)
    alone = match_header(child_text)
    if alone and alone.field:
        return replace(alone, **extra)
    field = _rule(whole.rule_text)
    return HeaderMatch(field, **extra)


# --- notes above the header: 单位：万元, 截至2025年4月底 ------------------------------------------------------

_UNIT_NOTE = re.compile(r"(?:^|(?<![\u4e00-\u9fff])|(?<=金额)|(?<=计量)|(?<=货币)|(?<=资金)|(?<=本表)|(?<=价值)|(?<=日)|(?<=底))"
                        r"单位[:]([^\s;；)\]】]+)")


class UnknownUnit(ValueError):
    """A note or header declares a currency unit the reader cannot convert."""

    def __init__(self, unit: str, where: str):
        super().__init__(unit)
        self.unit, self.where = unit, where


def note_unit(text: str) -> str | None:
    """The money unit a note declares ("单位：万元", "金额单位：亿元", "（单位：万元、个）"), or None.
    Raises UnknownUnit for a currency unit the reader cannot convert ("单位：美元")."""
    norm = unicodedata.normalize("NFKC", text)
    norm = re.sub(r"(?<=单位)\s*:\s*", ":", norm)
    bad = None
    for match in _UNIT_NOTE.finditer(norm):
        for token in re.split(r"[、,/及和]", match[1]):
            token = token.strip("()（）")
            name = UNIT_ALIASES.get(token)
            if name is None and (head := re.match(r"(?:人民币)?(万元|亿元|元|万|亿)(?![美欧港日英澳加台韩卢]|币)", token)):
                name = UNIT_ALIASES[head[1]] if len(token) == head.end() or not _MONEY_WORD.search(
                    token[head.end():]) else None
            if name:
                return name
            if _MONEY_WORD.search(token) and bad is None:
                bad = token
    if bad:
        raise UnknownUnit(bad, text.strip())
    for match in re.finditer(r"[(（]\s*(万元|亿元|元)\s*[)）]", norm):
        return match[1]
    return None


_PERIOD_YTD = re.compile(r"((?:19|20)\d{2})年度?(?:1|一)月?[-~—–―至到](1[0-2]|[1-9])月")
_PERIOD_UNTIL = re.compile(r"截[至止](?:时间|日期)?[:]?(?:到|至)?((?:19|20)\d{2})[年.\-/](1[0-2]|0?[1-9])(?!\d)")
_PERIOD_UNTIL_MONTH = re.compile(r"截[至止](?:到|至)?(1[0-2]|[1-9])月")
_PERIOD_MONTH = re.compile(r"((?:19|20)\d{2})年(1[0-2]|0?[1-9])月份?(?![\d日号])")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("：", ":")


def note_period(texts: list[str], title: str | None) -> tuple[str | None, int | None]:
    """("YYYY-MM", year) from the title and notes: "2025年1-4月", "截至2025年4月底", "截至时间：2025年4月30日",
    "2025年4月份…调度表" (in the title); the year alone when only a year is named."""
    notes = [_compact(t) for t in texts if t]
    title_c = _compact(title) if title else ""
    every = ([title_c] if title_c else []) + notes
    for text in every:
        if m := _PERIOD_YTD.search(text):
            return f"{m[1]}-{int(m[2]):02d}", int(m[1])
    for text in every:
        if m := _PERIOD_UNTIL.search(text):
            return f"{m[1]}-{int(m[2]):02d}", int(m[1])
    year = None
    for text in every:
        if m := _YEAR.search(text):
            year = int(m[1])
            break
    if year:
        for text in every:
            if m := _PERIOD_UNTIL_MONTH.search(text):
                return f"{year}-{int(m[1]):02d}", year
    if title_c and (m := _PERIOD_MONTH.search(title_c)):
        return f"{m[1]}-{int(m[2]):02d}", int(m[1])
    return None, year
