"""Validators for the national codes that identify projects and enterprises."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# 项目代码 from the national online approval platform (全国投资项目在线审批监管平台):
# year - 6-digit division code - 2-digit industry - 2-digit kind (01 审批, 02 核准, 03 备案) - serial.
PROJECT_CODE_RE = re.compile(r"^(?P<year>\d{4})-(?P<division>\d{6})-(?P<industry>\d{2})-(?P<kind>0[1-3])-(?P<serial>\d{6})$")

# 统一社会信用代码 (GB 32100-2015): 18 characters over 31 symbols (no I, O, Z, S, V).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def normalise_code(text: str) -> str:
    """Upper-case and strip spaces and full-width dashes that come in from sheets and forms."""
    return (text or "").strip().upper().replace("－", "-").replace("—", "-").replace(" ", "")


def validate_project_code(value: str) -> None:
    code = normalise_code(value)
    match = PROJECT_CODE_RE.match(code)
    if not match:
        raise ValidationError(
            _("项目代码“%(code)s”格式不对，应为“年份-6位区划代码-2位行业代码-01/02/03-6位流水号”，如 2025-410871-36-03-012345。"),
            params={"code": value},
            code="project_code_format",
        )
    year = int(match["year"])
    if not 2000 <= year <= date.today().year + 1:
        raise ValidationError(_("项目代码“%(code)s”中的年份 %(year)s 不合理。"), params={"code": value, "year": year},
                              code="project_code_year")


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalise_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码“%(code)s”应为18位，现为%(n)s位。"), params={"code": value, "n": len(code)},
                              code="uscc_length")
    bad = [ch for ch in code if ch not in USCC_ALPHABET]
    if bad:
        raise ValidationError(_("统一社会信用代码“%(code)s”含有不允许的字符“%(ch)s”（不使用 I、O、Z、S、V）。"),
                              params={"code": value, "ch": bad[0]}, code="uscc_charset")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(_("统一社会信用代码“%(code)s”校验位不对：最后一位应为“%(exp)s”。"),
                              params={"code": value, "exp": expected}, code="uscc_check")
