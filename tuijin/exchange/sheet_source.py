"""Opening an uploaded dispatch sheet safely: what kind of file it is, by content, and whether it is
an .xlsx small enough to open; then openpyxl in read-only mode, and the sheet's merged ranges.

`SheetError` lives here so that every layer of the reader can raise it; `sheet_reader` re-exports it.
"""

import io
import os
import re
import zipfile
from contextlib import contextmanager

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

# An .xlsx whose parts declare more than this many bytes uncompressed is refused before it is opened
# (a zip bomb, or a sheet far larger than any dispatch sheet). Real dispatch sheets are well under 10 MB.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
# How much of a file that is not a zip is read to tell what it is.
SNIFF_BYTES = 64 * 1024


class SheetError(ValueError):
    """The file cannot be read as a dispatch sheet at all; the message, in Chinese, says why and what to do."""


SAVE_AS = "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后再导入。"


def _describe_non_zip(head: bytes) -> str:
    """Why a file that is not a zip cannot be imported, in words the office understands."""
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in head:
            return "文件设置了打开密码，无法读取。请去掉密码，" + SAVE_AS
        return "这是旧版 Excel 97-2003 工作簿（.xls）或 WPS 表格（.et），不能直接导入。" + SAVE_AS
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "这是图片文件，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "这是压缩包，不是 Excel 表格。请解压后上传其中的 Excel 工作簿（.xlsx）。"
    text = None
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is not None:
        low = text.lstrip().lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in low:
            return "这是 XML 表格（Excel 2003 XML），不能直接导入。" + SAVE_AS
        if low.startswith(("<html", "<!doctype html", "<table", "<meta", "<head")) or "<table" in low[:4096]:
            return "这是网页（HTML）格式的表格，常见于系统导出的“.xls”文件，不能直接导入。" + SAVE_AS
        if low.startswith("{\\rtf"):
            return "这是 RTF 文档，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"
        if "\0" not in text:
            return "这是文本文件（如 CSV 或 TXT），不是 Excel 表格。" + SAVE_AS
    return "无法识别的文件格式，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"


def _describe_zip(names: set[str]) -> str | None:
    """None when the zip is an Excel workbook; otherwise why not."""
    if "xl/workbook.xml" in names:
        return None
    if "xl/workbook.bin" in names:
        return "这是 Excel 二进制工作簿（.xlsb），不能直接导入。" + SAVE_AS
    if "word/document.xml" in names:
        return "这是 Word 文档，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"
    if any(name.startswith("ppt/") for name in names):
        return "这是 PowerPoint 演示文稿，不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"
    if "content.xml" in names and "mimetype" in names:
        return "这是 OpenDocument 表格（.ods），不能直接导入。" + SAVE_AS
    if any(name.endswith(".xlsx") for name in names):
        return "这是一个压缩包，里面有 Excel 文件。请解压后逐个上传其中的 Excel 工作簿（.xlsx）。"
    return "这是压缩包（zip），不是 Excel 表格。请上传 Excel 工作簿（.xlsx）。"


def _as_source(file):
    """(a seekable binary file-like object, whether we opened it) for a path, bytes or a file-like object."""
    if isinstance(file, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(file)), True
    if isinstance(file, str | os.PathLike):
        try:
            return open(file, "rb"), True  # noqa: SIM115 - closed by open_workbook
        except FileNotFoundError:
            raise SheetError(f"找不到文件“{os.fspath(file)}”。") from None
        except IsADirectoryError:
            raise SheetError(f"“{os.fspath(file)}”是文件夹，不是文件。") from None
        except OSError as exc:
            raise SheetError(f"无法打开文件“{os.fspath(file)}”：{exc.strerror or exc}") from None
    if hasattr(file, "read"):
        seekable = getattr(file, "seekable", None)
        if seekable is not None and seekable():
            file.seek(0)
            return file, False
        return io.BytesIO(file.read()), True
    raise TypeError(f"read_sheet expects a path, bytes or a binary file object, not {type(file).__name__}")


def check_workbook(fh, max_bytes: int | None = None) -> None:
    """Raise SheetError unless `fh` (seekable, at 0) holds an .xlsx workbook whose parts declare at most
    `max_bytes` uncompressed (default MAX_UNCOMPRESSED_BYTES)."""
    max_bytes = MAX_UNCOMPRESSED_BYTES if max_bytes is None else max_bytes
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    if not head:
        raise SheetError("文件是空的（0 字节）。请上传填好的 Excel 工作簿（.xlsx）。")
    if isinstance(head, str):
        raise SheetError("这是文本文件，不是 Excel 表格。" + SAVE_AS)
    if not head.startswith(b"PK"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # an encrypted workbook names its EncryptedPackage stream somewhere in the compound file
            whole = head + fh.read(20 * 1024 * 1024)
            fh.seek(0)
            raise SheetError(_describe_non_zip(whole))
        raise SheetError(_describe_non_zip(head))
    try:
        with zipfile.ZipFile(fh) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise SheetError("文件已损坏或不完整，无法作为 Excel 工作簿打开。请重新保存为 .xlsx 后再导入。") from exc
    finally:
        fh.seek(0)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise SheetError(f"文件内部包含 {len(infos)} 个部件，不像正常的 Excel 工作簿，拒绝打开。")
    declared = sum(info.file_size for info in infos)
    if declared > max_bytes:
        raise SheetError(
            f"文件解压后声明的大小为 {declared / 1024 / 1024:.1f} MB，超过上限 "
            f"{max_bytes / 1024 / 1024:.1f} MB，可能是恶意文件或表格过大，拒绝打开。"
            "请只保留调度表所在的工作表后再导入。")
    problem = _describe_zip({info.filename for info in infos})
    if problem:
        raise SheetError(problem)


@contextmanager
def open_workbook(file, max_bytes: int | None = None):
    """The workbook of `file` in openpyxl read-only mode (cached values of formulas), after the checks above."""
    fh, owned = _as_source(file)
    try:
        check_workbook(fh, max_bytes)
        try:
            workbook = load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        except SheetError:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise SheetError("文件已损坏或不是有效的 Excel 工作簿（.xlsx），无法打开。请重新保存为 .xlsx 后再导入。") \
                from exc
        try:
            yield workbook
        finally:
            workbook.close()
    finally:
        if owned:
            fh.close()


def iter_values(worksheet):
    """The rows of a read-only worksheet as tuples of values, from row 1, gaps as empty tuples; a damaged
    sheet part raises SheetError instead of whatever the XML or zip layer raises."""
    worksheet.reset_dimensions()  # the <dimension> some programs write is wrong; read to the real end
    rows = worksheet.iter_rows(values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise SheetError(f"工作表“{worksheet.title}”内容已损坏，无法读取。请重新保存为 .xlsx 后再导入。") from exc
        yield row


_CLOSE_SHEET_DATA = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData>|<(?:[A-Za-z_][\w.-]*:)?sheetData\s*/>")
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")


def merged_ranges(workbook, worksheet) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a read-only worksheet as (min_row, min_col, max_row, max_col), 1-based.

    openpyxl does not read them in read-only mode; they sit after the cell data in the sheet's XML, so
    the part is decompressed once more (no XML parsing) and only its tail is searched. Any problem
    gives no ranges: the reader then falls back to forward-filling header cells.
    """
    archive = getattr(workbook, "_archive", None)
    path = getattr(worksheet, "_worksheet_path", None)
    if archive is None or path is None:
        return []
    tail = b""
    window = b""
    try:
        with archive.open(path) as part:
            found = False
            while chunk := part.read(1 << 20):
                if found:
                    tail += chunk
                    continue
                window = window[-64:] + chunk
                if b"sheetData" not in window:
                    continue
                ends = [m.end() for m in _CLOSE_SHEET_DATA.finditer(window)]
                if ends:
                    found = True
                    tail = window[ends[-1]:]
    except Exception:
        return []
    ranges = []
    for match in _MERGE.finditer(tail):
        first_col = column_index_from_string(match[1].decode())
        first_row = int(match[2])
        last_col = column_index_from_string(match[3].decode()) if match[3] else first_col
        last_row = int(match[4]) if match[4] else first_row
        ranges.append((first_row, first_col, max(first_row, last_row), max(first_col, last_col)))
    return ranges
