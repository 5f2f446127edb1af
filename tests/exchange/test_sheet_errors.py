"""Files that cannot be read as a dispatch sheet at all raise SheetError with a clear Chinese message."""

import io
import struct
import zipfile

import pytest
from openpyxl import Workbook
from sheet_builders import city_sheet, sheet_of, to_bytes

from tuijin.exchange import sheet_reader
from tuijin.exchange.sheet_reader import SheetError, read_sheet

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def message(content) -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(content)
    return str(caught.value)


# --- not Excel ---------------------------------------------------------------------------------------------

def test_empty_file():
    assert "文件是空的" in message(b"")


def test_csv_text_file():
    text = "项目名称,总投资\n甲,100\n".encode()
    assert message(text) == "这是文本文件（如 CSV 或 TXT），不是 Excel 表格。请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后再导入。"


def test_gbk_text_file():
    assert "文本文件" in message("项目名称\t总投资\n".encode("gbk"))


def test_pdf():
    assert message(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == "这是 PDF 文件，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"


def test_legacy_xls_says_to_save_as_xlsx():
    text = message(OLE_MAGIC + b"\0" * 504)
    assert "旧版 Excel 97-2003 工作簿（.xls）" in text
    assert "另存为" in text and ".xlsx" in text


def test_password_protected_workbook():
    content = OLE_MAGIC + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    assert "设置了打开密码" in message(content)


def test_html_disguised_as_xls():
    content = b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr></table></body></html>"
    assert "网页（HTML）格式的表格" in message(content)


def test_spreadsheet_2003_xml():
    content = b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    assert "Excel 2003 XML" in message(content)


def test_image():
    assert "图片" in message(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)


def zip_of(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_word_document():
    assert "Word 文档" in message(zip_of({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}))


def test_ods():
    text = message(zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}))
    assert "OpenDocument 表格（.ods）" in text


def test_xlsb():
    assert ".xlsb" in message(zip_of({"[Content_Types].xml": b"<x/>", "xl/workbook.bin": b"\0"}))


def test_plain_zip_and_zip_of_workbooks():
    assert "压缩包（zip）" in message(zip_of({"a.txt": b"hello"}))
    assert "请解压" in message(zip_of({"调度表.xlsx": city_sheet()}))


def test_truncated_xlsx():
    assert "损坏" in message(city_sheet()[:2000])


def test_xlsx_with_a_damaged_part():
    damaged = zip_of({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"not xml"})
    assert "损坏" in message(damaged)


def test_missing_path(tmp_path):
    assert "找不到文件" in message(tmp_path / "没有这个文件.xlsx")


def test_unsupported_argument_type_is_a_programming_error():
    with pytest.raises(TypeError):
        read_sheet(12345)


# --- empty, no header -------------------------------------------------------------------------------------

def test_workbook_with_nothing_in_it():
    assert message(to_bytes(Workbook())) == "表格是空的：工作表“Sheet”中没有任何内容。"


def test_workbook_whose_cells_are_only_blank_text():
    assert "表格是空的" in message(sheet_of([["  ", None], [None, "\u3000"]]))


def test_no_recognisable_header():
    text = message(sheet_of([["甲", "乙"], [1, 2], ["总投资", "建设单位"]], "数据"))
    assert text.startswith("找不到表头：工作表“数据”的前30行中没有“项目名称”列。")


def test_header_without_a_name_column():
    assert "找不到表头" in message(sheet_of([["序号", "建设单位", "总投资"], [1, "甲公司", 100]]))


def test_header_below_the_scanned_rows():
    rows = [[f"说明{i}"] for i in range(sheet_reader.HEADER_SCAN_ROWS)] + [["项目名称", "总投资"], ["甲", 1]]
    assert "找不到表头" in message(sheet_of(rows))


def test_a_named_sheet_that_does_not_exist():
    assert message_for_sheet(city_sheet(), "不存在") == "工作簿中没有名为“不存在”的工作表（现有：市定三十工程）。"


def message_for_sheet(content, name) -> str:
    with pytest.raises(SheetError) as caught:
        read_sheet(content, sheet_name=name)
    return str(caught.value)


# --- units ------------------------------------------------------------------------------------------------

def test_unknown_unit_in_a_note():
    text = message(sheet_of([["单位：美元"], ["项目名称", "总投资"], ["甲", 1]]))
    assert text == "不认识的金额单位“美元”（见“单位：美元”）。请把金额换算成万元、亿元或元，并写明“单位：万元”后再导入。"


@pytest.mark.parametrize("note", ["金额单位：万美元", "（单位：港币）", "填报单位：某局  单位：欧元"])
def test_other_unknown_units_in_notes(note):
    assert "不认识的金额单位" in message(sheet_of([[note], ["项目名称", "总投资"], ["甲", 1]]))


def test_unknown_unit_in_a_money_header():
    text = message(sheet_of([["项目名称", "总投资（万美元）"], ["甲", 1]]))
    assert text == "表头“总投资（万美元）”的金额单位“万美元”无法识别。请把金额换算成万元、亿元或元后再导入。"


def test_an_organisation_named_in_a_unit_note_is_not_a_unit():
    parsed = read_sheet(sheet_of([["填报单位：高新区项目办"], ["项目名称", "总投资"], ["甲", 1]]))
    assert parsed.unit == "万元"


# --- size guard -------------------------------------------------------------------------------------------

def declare_size(content: bytes, size: int) -> bytes:
    """The same .xlsx with its first part's uncompressed size, in the central directory, declared as `size`."""
    at = content.find(b"PK\x01\x02")
    return content[: at + 24] + struct.pack("<I", size) + content[at + 28:]


def test_zip_bomb_like_declared_size_is_refused_before_opening():
    content = declare_size(city_sheet(), 300 * 1024 * 1024)
    text = message(content)
    assert "拒绝打开" in text and "超过上限 200.0 MB" in text


def test_size_limit_is_a_module_constant(monkeypatch):
    monkeypatch.setattr(sheet_reader, "MAX_UNCOMPRESSED_BYTES", 1000)
    assert "超过上限" in message(city_sheet())


def test_too_many_parts_is_refused(monkeypatch):
    from tuijin.exchange import sheet_source

    monkeypatch.setattr(sheet_source, "MAX_ZIP_ENTRIES", 3)
    assert "部件" in message(city_sheet())


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 2)
    assert "表格超过 2 行" in message(sheet_of([["项目名称"], ["甲"], ["乙"], ["丙"]]))
