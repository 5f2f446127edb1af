"""tuijin bulletin --period YYYY-MM [--list NAME] -o FILE.docx [--issue --user USERNAME] [--region NAME]"""

import io

import pytest
from django.core.management import CommandError, call_command

from tuijin.core.models import AuditEvent
from tuijin.dispatch.models import Bulletin

from .conftest import LIST_NAME

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("bulletin", *args, stdout=out)
    return out.getvalue()


def test_renders_a_draft_without_storing(world, tmp_path, docx_text):
    target = tmp_path / "draft.docx"
    output = run("--period", "2025-04", "--list", LIST_NAME, "--region", "焦作高新区", "-o", str(target))
    text = docx_text(target.read_bytes())
    assert "关于2025年1-4月区定“三十工程”推进情况的通报" in text["paragraphs"]
    assert "第1期" in text["paragraphs"]
    assert "一、对标对表抓进度。各责任单位要对照年度计划和节点安排，倒排工期、挂图作战，对落后序时进度的项目逐一分析原因、" \
           "制定赶超措施，确保实现时间任务“双过半”。" in text["paragraphs"]
    for name in ["瑞庆混动发动机项目", "紫荆大道改造工程", "玉溪路小学建设项目"]:
        assert name in text["cells"]
    assert "未印发" in output and "5个项目完成投资8500万元" in output
    assert not Bulletin.objects.exists()


def test_the_list_may_be_named_without_its_year_and_requirements_read_from_a_file(world, tmp_path, docx_text):
    requirements = tmp_path / "req.txt"
    requirements.write_text("一、务必按期开工。\n\n二、逾期问题一律督办。", encoding="utf-8")
    target = tmp_path / "draft.docx"
    run("--period", "2025-4", "--list", "区定“三十工程”", "--region", "焦作高新区", "-o", str(target),
        "--requirements-file", str(requirements))
    paragraphs = docx_text(target.read_bytes())["paragraphs"]
    assert "一、务必按期开工。" in paragraphs and "二、逾期问题一律督办。" in paragraphs


def test_issue_stores_a_bulletin_as_the_named_coordinator(world, tmp_path):
    target = tmp_path / "issued.docx"
    output = run("--period", "2025-04", "--list", LIST_NAME, "--region", "焦作高新区", "-o", str(target), "--issue",
                 "--user", "coord")
    bulletin = Bulletin.objects.get()
    assert (bulletin.number, bulletin.period, bulletin.issued_by) == (1, world.apr, world.coordinator)
    with bulletin.document.open("rb") as stored:
        assert stored.read() == target.read_bytes()
    assert AuditEvent.objects.filter(action="bulletin.issue", actor=world.coordinator).count() == 1
    assert "已印发" in output and "第1期" in output


def test_whole_zone_without_a_list(world, tmp_path, docx_text):
    target = tmp_path / "all.docx"
    run("--period", "2025-04", "--region", "焦作高新区", "-o", str(target))
    assert "关于2025年1-4月重点项目推进情况的通报" in docx_text(target.read_bytes())["paragraphs"]


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2025-04"], "--region"),  # two zones have a 2025-04 period
    (["--period", "2025/04"], "YYYY-MM"),
    (["--period", "2025-07", "--region", "焦作高新区"], "没有 2025-07 的调度期"),
    (["--period", "2025-04", "--region", "焦作高新区", "--list", "不存在的清单"], "2025年区定“三十工程”"),
    (["--period", "2025-04", "--region", "焦作高新区", "--issue"], "--user"),
    (["--period", "2025-04", "--region", "焦作高新区", "--issue", "--user", "nobody"], "没有账号"),
    (["--period", "2025-04", "--region", "焦作高新区", "--issue", "--user", "leader"], "项目办"),
])
def test_clear_errors(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("-", r"\-")):
        run(*args, "-o", str(tmp_path / "x.docx"))
    assert not Bulletin.objects.exists()
    assert not (tmp_path / "x.docx").exists()
