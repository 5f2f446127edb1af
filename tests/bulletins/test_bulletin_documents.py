"""The Word documents: the bulletin and the letters open with python-docx and say what the data says."""

import io
import shutil
import zipfile

import pytest
from docx import Document

from tuijin.bulletins.context import bulletin_context
from tuijin.bulletins.documents import SHIPPED_DIR, letter_context, render_bulletin, render_letter
from tuijin.core.loop import Escalation, LetterKind
from tuijin.projects.models import Project

from .conftest import ISSUED_ON

pytestmark = pytest.mark.django_db

LIST_PROJECTS = ["瑞庆混动发动机项目", "澳特盛新材料项目", "紫荆大道改造工程", "玉溪路小学建设项目", "卓立膜材料扩产项目"]


def bulletin_bytes(world, **kwargs) -> tuple[dict, bytes]:
    ctx = bulletin_context(period=world.apr, programme=world.programme, number=2, issued_on=ISSUED_ON,
                           requirements=kwargs.pop("requirements", "一、抓进度。\n\n二、抓问题。"))
    return ctx, render_bulletin(ctx)


def test_bulletin_opens_and_carries_title_summary_and_every_project(world, docx_text):
    ctx, content = bulletin_bytes(world)
    text = docx_text(content)
    assert "重点项目建设调度通报" in text["paragraphs"]
    assert "第2期" in text["paragraphs"]
    assert "关于2025年1-4月区定“三十工程”推进情况的通报" in text["paragraphs"]
    assert ctx["summary"] in text["paragraphs"]
    assert "高新区重点项目建设指挥部办公室\t2025年5月8日" in text["paragraphs"]
    assert [p for p in text["paragraphs"] if p.startswith(("一、抓", "二、抓"))] == ["一、抓进度。", "二、抓问题。"]
    for name in LIST_PROJECTS:
        assert name in text["cells"], name
    # The tables by category and department, the warnings and the problems.
    assert {"产业项目", "基础设施", "经发局", "城管局", "住建局"} <= set(text["cells"])
    assert "完成率0.0%，落后序时进度33.3个百分点" in text["cells"]
    assert "完成率12.0%，落后序时进度21.3个百分点" in text["cells"]
    assert "道路红线内征地手续未办结，影响路基施工" in text["cells"]
    assert "2025年6月" in text["cells"]
    assert "{{" not in text["all"] and "{%" not in text["all"]


def test_bulletin_table_rows_hold_the_figures(world):
    _ctx, content = bulletin_bytes(world)
    tables = Document(io.BytesIO(content)).tables
    by_category = [[c.text for c in row.cells] for row in tables[0].rows]
    assert by_category == [
        ["项目类别", "项目数", "年度计划投资", "1-4月完成投资", "完成率"],
        ["产业项目", "3", "35,000.00", "7,900.00", "22.6%"],
        ["基础设施", "2", "10,000.00", "600.00", "6.0%"],
        ["合计", "5", "45,000.00", "8,500.00", "18.9%"],
    ]
    by_department = [[c.text for c in row.cells][1] for row in tables[1].rows[1:]]
    assert by_department == ["经发局", "城管局", "住建局"]


def test_empty_sections_say_so(world, docx_text):
    Project.objects.filter(pk=world.d.pk).update(actual_start=world.apr.deadline)
    world.land.delete()
    world.power.delete()
    _ctx, content = bulletin_bytes(world)
    text = docx_text(content)
    assert "截至2025年4月30日，所有项目均已开工。" in text["paragraphs"]
    assert "无未解决问题。" in text["paragraphs"]


def test_markup_in_names_does_not_break_the_document(world, docx_text):
    Project.objects.filter(pk=world.c.pk).update(name="紫荆大道<改造>&配套工程")
    _ctx, content = bulletin_bytes(world, requirements="一、A&B <要求>")
    text = docx_text(content)
    assert "紫荆大道<改造>&配套工程" in text["cells"]
    assert "一、A&B <要求>" in text["paragraphs"]


def test_an_office_copy_of_the_template_is_used(world, settings, tmp_path, docx_text):
    own = tmp_path / "own-templates"
    own.mkdir()
    document = Document(str(SHIPPED_DIR / "bulletin.docx"))
    document.add_paragraph("本通报由办公室修改的模板生成：{{ number_text }}")
    document.save(str(own / "bulletin.docx"))
    settings.TUIJIN_TEMPLATE_DIR = own
    _ctx, content = bulletin_bytes(world)
    assert "本通报由办公室修改的模板生成：第2期" in docx_text(content)["paragraphs"]


def test_shipped_templates_declare_chinese_fonts_with_fallbacks():
    for name in ("bulletin.docx", "letter.docx"):
        with zipfile.ZipFile(SHIPPED_DIR / name) as archive:
            fonts = archive.read("word/fontTable.xml").decode()
            body = archive.read("word/document.xml").decode()
        assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
        assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
        assert 'w:eastAsia="方正小标宋简体"' in body
        assert 'w:color="FF0000"' in body  # the red masthead rule


def test_build_script_regenerates_equivalent_templates(tmp_path):
    from tuijin.bulletins.build_templates import main

    main([str(tmp_path)])
    for name in ("bulletin.docx", "letter.docx"):
        fresh = Document(str(tmp_path / name))
        shipped = Document(str(SHIPPED_DIR / name))
        assert [p.text for p in fresh.paragraphs] == [p.text for p in shipped.paragraphs]
        assert len(fresh.tables) == len(shipped.tables)
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize(("kind", "title", "phrases"), [
    (LetterKind.ASSIGN, "关于交办“紫荆大道改造工程”用地问题的函", ["现将该问题交由你单位牵头办理", "于2025年4月20日前办结"]),
    (LetterKind.REMIND, "关于提醒办理“紫荆大道改造工程”用地问题的函", ["目前尚未办结，已逾期18天", "将按程序提级督办"]),
    (LetterKind.SUPERVISE, "关于督办“紫荆大道改造工程”用地问题的函", ["该问题已提级至分管领导督办", "主要负责人亲自过问"]),
])
def test_letters_of_each_kind(world, docx_text, kind, title, phrases):
    content = render_letter(problem=world.land, kind=kind, number="高新项目办〔2025〕7号", issued_on=ISSUED_ON)
    text = docx_text(content)
    assert title in text["paragraphs"]
    assert "高新项目办〔2025〕7号" in text["paragraphs"]
    assert "住房和城乡建设局：" in text["paragraphs"]
    body = "\n".join(text["paragraphs"])
    for phrase in phrases:
        assert phrase in body, phrase
    assert "道路红线内征地手续未办结，影响路基施工" in text["cells"]
    assert "分管领导" in text["cells"]  # the escalation level
    assert "2025年4月20日" in text["cells"]
    assert "{{" not in text["all"] and "{%" not in text["all"]


def test_supervision_letter_is_copied_to_the_project_leader(world):
    ctx = letter_context(problem=world.land, kind=LetterKind.SUPERVISE, number="x", issued_on=ISSUED_ON)
    assert ctx["cc"] == "管委会副主任，分管城建（项目责任领导）"
    assert ctx["escalation"] == Escalation.DEPUTY.label
    assert letter_context(problem=world.land, kind=LetterKind.ASSIGN, number="x", issued_on=ISSUED_ON)["cc"] == ""
