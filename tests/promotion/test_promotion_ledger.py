"""The lead ledger: exported through tuijin.exchange.xlsx, read back through the exchange sheet machinery;
a bad row is named by its Excel row and column, and then nothing is saved."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tuijin.promotion.ledger_import import import_ledger
from tuijin.promotion.models import FundEntry, Lead, Signing
from tuijin.promotion.stages import LeadStage

from .conftest import sign

HEADER = ["序号", "项目名称", "线索来源", "投资方", "统一社会信用代码", "所属行业", "产业链", "意向投资（亿元）", "阶段",
          "责任单位", "登记日期", "首次签约日期", "签约额（万元）", "下一步工作"]


def workbook(*rows, header=HEADER, note="单位：万元") -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["招商项目台账"])
    sheet.append([note])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture(autouse=True)
def _chains(chain):
    """The ledger rows name the 新材料 chain."""


GOOD = [1, "碳纤维项目", "展会", "江苏碳谷新材料有限公司", None, "新材料", "新材料", 2.2, "在谈", "住建局",
        date(2025, 2, 1), None, None, "第二轮洽谈"]
SIGNED = [2, "电驱项目", "以商招商", "苏州恒驱电机有限公司", None, "汽车零部件", None, "3", "注册", "住建局",
          "2025.1.5", "2025年3月1日", "31,200", ""]


def test_the_export_lists_what_the_list_shows(lead, centre_lead, coordinator_user, login):
    sign(lead, date(2025, 2, 1), 1000)
    sign(lead, date(2025, 3, 1), 1800, kind="increase", increase=800)
    FundEntry.objects.create(lead=lead, date=date(2025, 3, 2), amount=300)
    response = login(coordinator_user).get(reverse("promotion:export"), {"department": lead.department_id})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "招商项目台账" and "金额单位：万元" in rows[1][0]
    header = rows[2]
    data = [dict(zip(header, row, strict=False)) for row in rows[3:]]
    assert len(data) == 1
    assert data[0]["项目名称"] == lead.name and data[0]["签约额（万元）"] == 1800  # 1000 new + 800 increase
    assert data[0]["到位资金（万元）"] == 300 and data[0]["首次签约日期"].date() == date(2025, 2, 1)


def test_an_exported_ledger_reads_back(lead, coordinator_user, login, zone):
    response = login(coordinator_user).get(reverse("promotion:export"))
    Lead.objects.all().delete()
    result = import_ledger(actor=coordinator_user, file=BytesIO(response.content))
    assert result.errors == [] and result.created == 1
    assert Lead.objects.get().name == lead.name


def test_a_good_ledger_creates_leads_at_their_stage(coordinator_user, department, zone):
    result = import_ledger(actor=coordinator_user, file=workbook(GOOD, SIGNED))
    assert (result.rows, result.created, result.errors) == (2, 2, [])
    talks = Lead.objects.get(name="碳纤维项目")
    assert (talks.stage, talks.intended_investment, talks.department) == (LeadStage.NEGOTIATION, 22000, department)
    signed = Lead.objects.get(name="电驱项目")
    assert signed.stage == LeadStage.REGISTERED and signed.received_on == date(2025, 1, 5)
    assert Signing.objects.get(lead=signed).contract_amount == 31200  # the column says 万元, the note is overruled
    assert signed.intended_investment == 30000  # 3 亿元


def test_a_dry_run_saves_nothing(coordinator_user, department):
    result = import_ledger(actor=coordinator_user, file=workbook(GOOD), dry_run=True)
    assert result.created == 1 and not Lead.objects.exists()


@pytest.mark.parametrize("change, message", [
    ({1: None}, "第5行 项目名称：“项目名称”不能为空"),
    ({2: "网上"}, "第5行 线索来源：不认识的来源“网上”"),
    ({7: "很多"}, "第5行 意向投资：“很多”不是数字"),
    ({10: "2025-02-30"}, "第5行 登记日期："),
    ({9: "不存在局"}, "第5行 责任单位：没有名为“不存在局”的单位"),
    ({8: "签约"}, "第5行 首次签约日期：阶段为“签约”须填写首次签约日期和签约额"),
    ({4: "91410800MA0000001X"}, "第5行 统一社会信用代码：统一社会信用代码“91410800MA0000001X”校验位不对"),
])
def test_a_bad_row_is_named_and_nothing_is_saved(coordinator_user, department, change, message):
    bad = list(GOOD)
    bad[1] = "坏行项目"
    for index, value in change.items():
        bad[index] = value
    result = import_ledger(actor=coordinator_user, file=workbook(SIGNED, bad))
    assert result.created == 0 and not Lead.objects.exists()
    assert any(error.startswith(message) for error in result.errors), result.errors


def test_a_name_already_in_the_ledger_is_refused(lead, coordinator_user, department):
    row = list(GOOD)
    row[1] = lead.name
    result = import_ledger(actor=coordinator_user, file=workbook(row, row))
    assert result.errors[0] == f"第4行 项目名称：已有同名招商线索“{lead.name}”"
    assert Lead.objects.count() == 1


def test_a_file_that_is_not_a_ledger_is_refused(coordinator_user):
    assert "没有找到台账的表头" in import_ledger(actor=coordinator_user, file=workbook(header=["甲", "乙"])).errors[0]
    assert import_ledger(actor=coordinator_user, file=BytesIO(b"not a workbook")).errors


def test_upload_preview_confirm_in_the_browser(coordinator_user, department, login):
    client = login(coordinator_user)
    upload = SimpleUploadedFile("台账.xlsx", workbook(GOOD).getvalue())
    preview = client.post(reverse("promotion:import"), {"file": upload})
    token = preview.context["token"]
    assert token and not Lead.objects.exists()
    done = client.post(reverse("promotion:import"), {"token": token})
    assert done.status_code == 302 and Lead.objects.count() == 1


def test_a_failing_upload_offers_no_confirm(coordinator_user, department, login):
    bad = list(GOOD)
    bad[2] = "网上"
    upload = SimpleUploadedFile("台账.xlsx", workbook(bad).getvalue())
    preview = login(coordinator_user).post(reverse("promotion:import"), {"file": upload})
    assert preview.context["token"] is None and "不认识的来源" in preview.content.decode()


@pytest.mark.parametrize("role", ["department", "leader"])
def test_only_the_office_imports(user_for, login, role):
    assert login(user_for(role)).get(reverse("promotion:import")).status_code == 403
