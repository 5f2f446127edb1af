"""Small helpers shared by every Excel export: a write-only workbook with a title, a unit note and a header."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
MONEY_FORMAT = "#,##0.00"


class SheetWriter:
    """Streams rows into a write-only worksheet: memory stays flat whatever the number of rows."""

    def __init__(self, title: str, note: str, headers: list[str], widths: list[int]):
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title[:31])
        for i, width in enumerate(widths):
            self.sheet.column_dimensions[get_column_letter(i + 1)].width = width
        self.sheet.freeze_panes = "A4"
        self.sheet.append([self._cell(title, TITLE_FONT)])
        self.sheet.append([note])
        self.sheet.append([self._cell(h, HEADER_FONT, wrap=True) for h in headers])

    def _cell(self, value, font=None, number_format=None, wrap=False):
        cell = WriteOnlyCell(self.sheet, value=value)
        if font:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        return cell

    def row(self, values: list, money_columns: set[int] = frozenset()) -> None:
        self.sheet.append([
            self._cell(float(v) if v is not None else None, number_format=MONEY_FORMAT) if i in money_columns
            else v for i, v in enumerate(values)
        ])

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
