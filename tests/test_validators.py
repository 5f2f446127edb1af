"""项目代码 and 统一社会信用代码 (GB 32100-2015) are checked on input, with Chinese messages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tuijin.core.validators import (
    USCC_ALPHABET,
    normalise_code,
    uscc_check_character,
    validate_credit_code,
    validate_project_code,
)
from tuijin.org.models import Enterprise

# Published codes whose check characters are known (taken from public business registrations).
KNOWN_USCC = ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T"]


def error_of(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value


def text_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- 项目代码 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [
    "2025-410871-36-03-012345",
    "2024-410800-48-01-000001",
    "2019-110105-65-02-999999",
    " 2025－410871－36－03－012345 ",  # full-width dashes and spaces from a sheet are normalised
])
def test_project_code_accepts_valid_codes(code):
    validate_project_code(code)


@pytest.mark.parametrize("code", [
    "2025-41087-36-03-012345",     # division code one digit short
    "2025-410871-36-04-012345",    # kind must be 01 审批, 02 核准 or 03 备案
    "2025-410871-3-03-012345",     # industry code one digit short
    "2025-410871-36-03-01234",     # serial one digit short
    "2025410871360301234",         # no dashes
    "20A5-410871-36-03-012345",    # a letter in the year
    "",
])
def test_project_code_refuses_wrong_format_in_chinese(code):
    error = error_of(validate_project_code, code)
    assert error.code == "project_code_format"
    assert "项目代码" in text_of(error) and "格式不对" in text_of(error)
    assert "2025-410871-36-03-012345" in text_of(error)  # the message shows what a right code looks like


@pytest.mark.parametrize("year", [1999, date.today().year + 2])
def test_project_code_refuses_an_unreasonable_year(year):
    error = error_of(validate_project_code, f"{year}-410871-36-03-012345")
    assert error.code == "project_code_year"
    assert str(year) in text_of(error) and "不合理" in text_of(error)


def test_normalise_code_upper_cases_and_strips():
    assert normalise_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert normalise_code("2025—410871－36-03-012345") == "2025-410871-36-03-012345"
    assert normalise_code(None) == ""


# --- 统一社会信用代码 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", KNOWN_USCC)
def test_credit_code_accepts_published_codes(code):
    validate_credit_code(code)
    assert uscc_check_character(code[:17]) == code[17]


def test_credit_code_lower_case_is_normalised():
    validate_credit_code("91350100m000100y43")
    validate_credit_code(" 91110108551385082q ")


def test_credit_code_wrong_check_character_names_the_right_one():
    error = error_of(validate_credit_code, "91350100M000100Y44")
    assert error.code == "uscc_check"
    assert "校验位不对" in text_of(error) and "“3”" in text_of(error)


@pytest.mark.parametrize("code, length", [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0)])
def test_credit_code_wrong_length(code, length):
    error = error_of(validate_credit_code, code)
    assert error.code == "uscc_length"
    assert f"应为18位，现为{length}位" in text_of(error)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_credit_code_forbidden_letters(letter):
    code = "91350100M000100Y4" + letter
    error = error_of(validate_credit_code, code)
    assert error.code == "uscc_charset"
    assert f"“{letter}”" in text_of(error) and "不使用 I、O、Z、S、V" in text_of(error)


def test_credit_code_forbidden_letter_in_the_body():
    error = error_of(validate_credit_code, "9135010OM000100Y43")
    assert error.code == "uscc_charset" and "“O”" in text_of(error)


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17), st.sampled_from(USCC_ALPHABET))
def test_credit_code_property_check_character(first17, other):
    """Any 17 characters of the alphabet plus the computed check character validate; any other last
    character fails the check."""
    check = uscc_check_character(first17)
    assert check in USCC_ALPHABET
    validate_credit_code(first17 + check)
    validate_credit_code((first17 + check).lower())
    if other != check:
        error = error_of(validate_credit_code, first17 + other)
        assert error.code == "uscc_check"


@pytest.mark.django_db
def test_enterprise_stores_the_normalised_code(zone):
    enterprise = Enterprise(name="丙公司", credit_code=" 91350100m000100y43", region=zone)
    enterprise.full_clean()
    assert enterprise.credit_code == "91350100M000100Y43"
    blank = Enterprise(name="丁单位", credit_code="", region=zone)
    blank.full_clean()
    assert blank.credit_code is None  # empty codes are stored as NULL so they do not collide as duplicates


@pytest.mark.django_db
def test_enterprise_refuses_a_bad_code_naming_the_field(zone):
    enterprise = Enterprise(name="丙公司", credit_code="91350100M000100Y44", region=zone)
    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()
    assert "校验位不对" in " ".join(caught.value.message_dict["credit_code"])
