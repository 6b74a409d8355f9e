"""Importing a unit list from CSV or XLSX, all or nothing.

`read_unit_rows` turns a file into rows; `check_unit_rows` reports every bad
row at once (unknown parent, duplicate code, missing name, ...);
`import_units` writes only when every row is good.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.text import fold, nfc

from . import services
from .models import Unit, UnitKind, User

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

# The model's column widths: longer text is reported, not cut.
LENGTHS = {"code": 30, "name": 255, "short_name": 100, "place_name": 100, "parent_code": 30}
COLUMNS = ("code", "name", "short_name", "kind", "parent_code", "place_name", "valid_from")
# Header names accepted for each column, folded (no diacritics, lower case).
HEADER_ALIASES = {
    "code": "code",
    "ma": "code",
    "ma don vi": "code",
    "name": "name",
    "ten": "name",
    "ten don vi": "name",
    "short_name": "short_name",
    "ten viet tat": "short_name",
    "ten ngan": "short_name",
    "kind": "kind",
    "loai": "kind",
    "loai don vi": "kind",
    "parent_code": "parent_code",
    "ma cap tren": "parent_code",
    "ma don vi cap tren": "parent_code",
    "place_name": "place_name",
    "dia danh": "place_name",
    "valid_from": "valid_from",
    "hieu luc tu": "valid_from",
    "ngay hieu luc": "valid_from",
}
KIND_ALIASES = {
    "ubnd tinh": UnitKind.PROVINCE,
    "ubnd": UnitKind.PROVINCE,
    "uy ban nhan dan tinh": UnitKind.PROVINCE,
    "so": UnitKind.DEPARTMENT,
    "ban": UnitKind.DEPARTMENT,
    "nganh": UnitKind.DEPARTMENT,
    "so, ban, nganh": UnitKind.DEPARTMENT,
    "phong": UnitKind.DIVISION,
    "van phong": UnitKind.DIVISION,
    "thanh tra so": UnitKind.DIVISION,
    "chi cuc": UnitKind.SUB_DEPARTMENT,
    "trung tam": UnitKind.CENTRE,
    "center": UnitKind.CENTRE,
}


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportRow:
    line: int
    values: dict
    kind: str = ""
    valid_from: datetime.date | None = None
    parent_unit: Unit | None = None
    parent_row: ImportRow | None = None


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[Unit] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))


def read_unit_rows(uploaded, filename: str | None = None) -> list[dict]:
    """Rows of a CSV or XLSX file as dicts keyed by COLUMNS (line numbers in `_line`)."""
    name = (filename or getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read()
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
    if name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith(".csv"):
        table = _csv_table(data)
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [_column_for(cell) for cell in table[0]]
    missing = [column for column in ("code", "name", "kind", "parent_code") if column not in header]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for offset, raw in enumerate(table[1:], start=2):
        if not any(str(cell or "").strip() for cell in raw):
            continue
        row = dict.fromkeys(COLUMNS, "")
        for column, cell in zip(header, raw, strict=False):
            if column:
                row[column] = (
                    cell if isinstance(cell, datetime.date) else nfc(str(cell if cell is not None else "")).strip()
                )
        row["_line"] = offset
        rows.append(row)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationError(_("A file may hold at most %(count)s units.") % {"count": MAX_IMPORT_ROWS})
    return rows


def _column_for(header_cell) -> str | None:
    key = fold(str(header_cell or ""))
    return HEADER_ALIASES.get(key) or HEADER_ALIASES.get(key.replace(" ", "_"))


def _csv_table(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be saved as UTF-8.")) from None
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_table(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _parse_kind(value: str) -> str:
    folded = fold(value)
    if folded in UnitKind.values:
        return folded
    labels = {fold(str(label)): kind for kind, label in UnitKind.choices}
    return KIND_ALIASES.get(folded) or labels.get(folded, "")


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def check_unit_rows(rows: list[dict]) -> ImportReport:
    """Validate every row; resolve parents among the file and the existing active units."""
    report = ImportReport()
    existing: dict[str, list[Unit]] = {}
    for unit in Unit.objects.active().only("pk", "code", "name", "kind", "path", "parent_id", "valid_to"):
        existing.setdefault(unit.code.lower(), []).append(unit)
    in_file: dict[str, list[ImportRow]] = {}
    for raw in rows:
        row = ImportRow(line=raw["_line"], values=raw)
        report.rows.append(row)
        if raw["code"]:
            in_file.setdefault(raw["code"].lower(), []).append(row)

    seen_pairs: dict[tuple[str, str], int] = {}
    for row in report.rows:
        values, line = row.values, row.line
        if not values["name"]:
            report.add(line, "name", _("The name is missing."))
        for column, limit in LENGTHS.items():
            if len(str(values[column])) > limit:
                report.add(line, column, _("At most %(limit)s characters.") % {"limit": limit})
        if not values["code"]:
            report.add(line, "code", _("The code is missing."))
        row.kind = _parse_kind(values["kind"])
        if not row.kind:
            report.add(line, "kind", _("Unknown kind “%(value)s”.") % {"value": values["kind"]})
        if values["valid_from"]:
            row.valid_from = _parse_date(values["valid_from"])
            if row.valid_from is None:
                report.add(line, "valid_from", _("Write the date as dd/mm/yyyy."))
        _resolve_parent(row, existing, in_file, report)
        pair = (values["parent_code"].lower(), values["code"].lower())
        if values["code"] and pair in seen_pairs:
            report.add(
                line,
                "code",
                _("Duplicate code %(code)s: already on line %(line)s.")
                % {"code": values["code"], "line": seen_pairs[pair]},
            )
        elif values["code"]:
            seen_pairs[pair] = line
        if row.parent_unit is not None and values["code"]:
            clash = [u for u in existing.get(values["code"].lower(), []) if u.parent_id == row.parent_unit.pk]
            if clash:
                report.add(
                    line,
                    "code",
                    _("Duplicate code %(code)s: %(name)s already uses it.")
                    % {"code": values["code"], "name": clash[0].name},
                )
    _check_cycles(report)
    report.errors.sort(key=lambda error: (error.line, COLUMNS.index(error.column) if error.column in COLUMNS else 99))
    return report


def _resolve_parent(row: ImportRow, existing, in_file, report: ImportReport) -> None:
    code = row.values["parent_code"]
    if row.kind == UnitKind.PROVINCE:
        if code:
            report.add(row.line, "parent_code", _("A provincial People's Committee has no parent unit."))
        return
    if not code:
        report.add(row.line, "parent_code", _("The parent code is missing."))
        return
    file_matches = [other for other in in_file.get(code.lower(), []) if other is not row]
    unit_matches = existing.get(code.lower(), [])
    if len(file_matches) + len(unit_matches) > 1:
        report.add(row.line, "parent_code", _("The parent code %(code)s matches more than one unit.") % {"code": code})
    elif file_matches:
        row.parent_row = file_matches[0]
    elif unit_matches:
        row.parent_unit = unit_matches[0]
    else:
        report.add(row.line, "parent_code", _("Unknown parent unit %(code)s.") % {"code": code})


def _check_cycles(report: ImportReport) -> None:
    for row in report.rows:
        seen, current = set(), row
        while current.parent_row is not None:
            if id(current) in seen:
                report.add(row.line, "parent_code", _("The parent codes form a circle."))
                break
            seen.add(id(current))
            current = current.parent_row


def _creation_order(rows: list[ImportRow]) -> list[ImportRow]:
    def depth(row):
        count = 0
        while row.parent_row is not None:
            row, count = row.parent_row, count + 1
        return count

    return sorted(rows, key=depth)


def import_units(*, actor: User | None, rows: list[dict], dry_run: bool) -> ImportReport:
    """Check `rows` and, unless `dry_run` or any row is bad, create every unit in one transaction."""
    services._require_admin(actor)
    report = check_unit_rows(rows)
    if dry_run or not report.is_valid:
        return report
    with transaction.atomic():
        created: dict[int, Unit] = {}
        for row in _creation_order(report.rows):
            values = row.values
            parent = row.parent_unit or (created[id(row.parent_row)] if row.parent_row else None)
            try:
                unit = services.unit_create(
                    actor=actor,
                    name=values["name"],
                    code=values["code"],
                    kind=row.kind,
                    parent=parent,
                    short_name=values["short_name"],
                    place_name=values["place_name"],
                    valid_from=row.valid_from,
                )
            except ValidationError as error:
                # Checked above; only a concurrent change to the registry lands here.
                transaction.set_rollback(True)
                report.created = []
                report.add(row.line, "code", " ".join(error.messages))
                return report
            created[id(row)] = unit
            report.created.append(unit)
    return report
