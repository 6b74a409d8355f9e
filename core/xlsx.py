"""Lists as XLSX: Vietnamese headers, real dates and numbers, a frozen header row with filters.

Written in openpyxl's write-only mode with named styles, so a sheet of tens of
thousands of rows streams row by row instead of styling cell objects one by one.
Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`) is stored
as text: a finding or a unit name can never run in someone's Excel.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # row object -> cell value (str, int, Decimal, date, None)
    width: int = 16
    wrap: bool = False


def _styles() -> dict[str, NamedStyle]:
    header = NamedStyle(name="cchc_header", font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))
    date = NamedStyle(name="cchc_date", number_format="DD/MM/YYYY", alignment=Alignment(vertical="top"))
    text = NamedStyle(name="cchc_text", alignment=Alignment(vertical="top"))
    wrapped = NamedStyle(name="cchc_wrapped", alignment=Alignment(wrap_text=True, vertical="top"))
    title = NamedStyle(name="cchc_title", font=Font(bold=True, size=13))
    note = NamedStyle(name="cchc_note", font=Font(italic=True))
    return {style.name: style for style in (header, date, text, wrapped, title, note)}


def _cell(sheet, value, style: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # kept as the text it is
    cell.style = style
    return cell


def _style_for(column: Column, value) -> str:
    if isinstance(value, datetime.date):
        return "cchc_date"
    return "cchc_wrapped" if column.wrap else "cchc_text"


@dataclass
class Table:
    """One worksheet of a workbook: its title, columns and rows."""

    title: str
    columns: list[Column]
    rows: Iterable


def workbook_bytes(*, title: str, columns: list[Column], rows: Iterable, filters: list[tuple[str, str]] = ()) -> bytes:
    """The sheet: a title, the active filters (one per line), the header row (frozen, with filters), the rows."""
    return tables_workbook([Table(title, columns, rows)], filters)


def tables_workbook(tables: list[Table], filters: list[tuple[str, str]] = ()) -> bytes:
    """One worksheet per table, each laid out as `workbook_bytes` lays out its one (same filters above each)."""
    workbook = Workbook(write_only=True)
    for style in _styles().values():
        workbook.add_named_style(style)
    for table in tables:
        _write_table(workbook, table, filters)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_table(workbook, table: Table, filters) -> None:
    title, columns, rows = table.title, table.columns, table.rows
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    preamble = [[_cell(sheet, title, "cchc_title")]]
    preamble += [[_cell(sheet, f"{label}: {value}", "cchc_note")] for label, value in filters]
    header_row = len(preamble) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(columns))
    for line in preamble:
        sheet.append(line)
    sheet.append([_cell(sheet, column.header, "cchc_header") for column in columns])
    count = 0
    try:
        for row in rows:
            cells = []
            for column in columns:
                value = column.value(row)
                cells.append(_cell(sheet, value, _style_for(column, value)))
            sheet.append(cells)
            count += 1
    except Exception:
        sheet.close()  # its temporary file, rather than a half-written stream left to the garbage collector
        raise
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def active_filters(filterset) -> list[tuple[str, str]]:
    """The filters a list was shown with, as (label, value shown) pairs, for the top of its sheet."""
    if not filterset.is_valid():
        return []
    shown = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        choices = dict(getattr(field, "choices", None) or getattr(field.widget, "choices", None) or ())
        if isinstance(value, bool):
            text = choices.get("true" if value else "false", value)
        elif isinstance(value, datetime.date):
            text = value.strftime("%d/%m/%Y")
        else:
            text = choices.get(value, value)
        shown.append((str(field.label), str(text)))
    return shown
