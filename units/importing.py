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
from django.utils.translation import gettext_lazy
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
    "unit code": "code",
    "unit name": "name",
    "short name": "short_name",
    "kind of unit": "kind",
    "parent code": "parent_code",
    "place name": "place_name",
    "valid from": "valid_from",
    "ngay hieu luc": "valid_from",
}
KIND_ALIASES = {
    "ubnd tinh": UnitKind.PROVINCE,
    "ubnd": UnitKind.PROVINCE,
    "ubnd thanh pho": UnitKind.PROVINCE,
    "ubnd tinh/thanh pho": UnitKind.PROVINCE,
    "uy ban nhan dan thanh pho": UnitKind.PROVINCE,
    "uy ban nhan dan": UnitKind.PROVINCE,
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


# Column names as the template and the error table print them.
COLUMN_LABELS = {
    "code": gettext_lazy("Unit code"),
    "name": gettext_lazy("Unit name"),
    "short_name": gettext_lazy("Short name"),
    "kind": gettext_lazy("Kind of unit"),
    "parent_code": gettext_lazy("Parent code"),
    "place_name": gettext_lazy("Place name"),
    "valid_from": gettext_lazy("Valid from"),
}
# The sample file: Vietnamese headers and kind names, a parent named by its code path.
TEMPLATE_KINDS = {
    UnitKind.PROVINCE: "UBND tỉnh",
    UnitKind.DEPARTMENT: "Sở",
    UnitKind.DIVISION: "Phòng",
    UnitKind.SUB_DEPARTMENT: "Chi cục",
    UnitKind.CENTRE: "Trung tâm",
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
    parent_label: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind else self.values["kind"]


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

    def column_label(self, column: str) -> str:
        return str(COLUMN_LABELS.get(column, column))

    def label_rows(self, registry: _Registry) -> None:
        """For the preview: each row's parent as a person reads it, and its own problems."""
        by_line: dict[int, list[str]] = {}
        for error in self.errors:
            by_line.setdefault(error.line, []).append(f"{self.column_label(error.column)}: {error.message}")
        for row in self.rows:
            row.problems = by_line.get(row.line, [])
            if row.parent_unit is not None:
                row.parent_label = registry.label(row.parent_unit)
            elif row.parent_row is not None:
                row.parent_label = _("%(name)s (line %(line)s of this file)") % {
                    "name": row.parent_row.values["name"],
                    "line": row.parent_row.line,
                }


def template_csv(province: Unit | None) -> str:
    """The sample file, naming the parents by code path under the user's own province."""
    root = province.code if province else "UBND"
    lines = [
        ",".join(str(COLUMN_LABELS[column]) for column in COLUMNS),
        f"SGDĐT,Sở Giáo dục và Đào tạo,Sở GD&ĐT,{TEMPLATE_KINDS[UnitKind.DEPARTMENT]},{root},,01/01/2008",
        f"TTr,Thanh tra Sở,Thanh tra Sở,{TEMPLATE_KINDS[UnitKind.DIVISION]},{root}/SGDĐT,,01/01/2008",
        f"TTBD,Trung tâm Bồi dưỡng,,{TEMPLATE_KINDS[UnitKind.CENTRE]},{root}/SGDĐT,,01/01/2008",
    ]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


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
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"):  # the last: an XLSX date kept in the session
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


PATH_SEPARATORS = ("/", ">", "→")


def parent_path(value: str) -> list[str]:
    """`UBNDCT/STP` (or `UBNDCT > STP`) as lower-case codes, outermost first; a single code is a path of one."""
    text = str(value)
    for separator in PATH_SEPARATORS[1:]:
        text = text.replace(separator, PATH_SEPARATORS[0])
    return [part.strip().lower() for part in text.split(PATH_SEPARATORS[0]) if part.strip()]


class _Registry:
    """Existing units as candidate parents: by code, with the chain of codes from their province down."""

    def __init__(self, province: Unit | None):
        units = list(Unit.objects.only("pk", "code", "name", "short_name", "path", "valid_to"))
        self.by_id = {unit.pk: unit for unit in units}
        self.by_code: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.valid_to is None and (province is None or unit.path.startswith(province.path)):
                self.by_code.setdefault(unit.code.lower(), []).append(unit)

    def chain(self, unit: Unit) -> list[str]:
        ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        return [self.by_id[pk].code.lower() for pk in ids if pk in self.by_id]

    def label(self, unit: Unit) -> str:
        ids = [int(part) for part in unit.path.strip("/").split("/") if part]
        names = [self.by_id[pk].short_name or self.by_id[pk].name for pk in ids[:-1] if pk in self.by_id]
        codes = "/".join(self.by_id[pk].code for pk in ids if pk in self.by_id)
        return f"{' → '.join([*names, unit.name])} ({codes})"


def check_unit_rows(rows: list[dict], province: Unit | None = None) -> ImportReport:
    """Validate every row; resolve parents among the file and the existing active units.

    A parent is named by its code or by a code path (`UBNDCT/STP`: STP under UBNDCT) when a
    code is used in more than one place; `province` limits existing parents to one province.
    """
    report = ImportReport()
    registry = _Registry(province)
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
        elif "/" in values["code"]:
            report.add(line, "code", _("A code cannot contain “/”: it separates the codes of a parent path."))
        row.kind = _parse_kind(values["kind"])
        if not row.kind:
            report.add(
                line,
                "kind",
                _("Unknown kind “%(value)s”. Write one of: %(kinds)s.")
                % {"value": values["kind"], "kinds": ", ".join(str(label) for label in UnitKind.labels)},
            )
        if values["valid_from"]:
            row.valid_from = _parse_date(values["valid_from"])
            if row.valid_from is None:
                report.add(line, "valid_from", _("Write the date as dd/mm/yyyy."))
        if row.kind == UnitKind.PROVINCE and values["parent_code"]:
            report.add(line, "parent_code", _("A provincial People's Committee has no parent unit."))
        elif row.kind != UnitKind.PROVINCE and not values["parent_code"]:
            report.add(line, "parent_code", _("The parent code is missing."))
    _resolve_parents(report, registry, in_file)
    for row in report.rows:
        values, line = row.values, row.line
        parent = (
            ("row", row.parent_row.line)
            if row.parent_row
            else ("unit", row.parent_unit.pk)
            if row.parent_unit
            else None
        )
        pair = (parent, values["code"].lower())
        if values["code"] and pair[0] is not None and pair in seen_pairs:
            report.add(
                line,
                "code",
                _("Duplicate code %(code)s: already on line %(line)s.")
                % {"code": values["code"], "line": seen_pairs[pair]},
            )
        elif values["code"]:
            seen_pairs[pair] = line
        if row.parent_unit is not None and values["code"]:
            clash = [
                u
                for u in registry.by_code.get(values["code"].lower(), [])
                if u.path == f"{row.parent_unit.path}{u.pk}/"
            ]
            if clash:
                report.add(
                    line,
                    "code",
                    _("Duplicate code %(code)s: %(name)s already uses it.")
                    % {"code": values["code"], "name": clash[0].name},
                )
    report.errors.sort(key=lambda error: (error.line, COLUMNS.index(error.column) if error.column in COLUMNS else 99))
    report.label_rows(registry)
    return report


def _row_chain(row: ImportRow, registry: _Registry) -> list[str] | None:
    """The codes from the province down to this file row, once its own parent is known."""
    codes, current, seen = [], row, set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        codes.append(current.values["code"].lower())
        if current.kind == UnitKind.PROVINCE:
            return codes[::-1]
        if current.parent_unit is not None:
            return [*registry.chain(current.parent_unit), *codes[::-1]]
        current = current.parent_row
    return None


def _resolve_parents(report: ImportReport, registry: _Registry, in_file) -> None:
    """Find each row's parent among existing units and the file's rows, until nothing more resolves.

    A row whose parent is in the file waits until that row's own place is known, so a path
    `UBNDCT/STP` can name a department created a few lines above.
    """
    waiting = []
    for row in report.rows:
        if row.kind and row.kind != UnitKind.PROVINCE and row.values["parent_code"]:
            if parent_path(row.values["parent_code"]):
                waiting.append(row)
            else:
                report.add(row.line, "parent_code", _("Write the parent's code, e.g. UBND/SKHCN."))
    progress = True
    while waiting and progress:
        open_rows = {id(row) for row in waiting}
        progress, still = False, []
        for row in waiting:
            path = parent_path(row.values["parent_code"])
            units = [u for u in registry.by_code.get(path[-1], []) if registry.chain(u)[-len(path) :] == path]
            rows, pending = [], False
            for other in in_file.get(path[-1], []):
                if other is row or not other.kind:
                    continue
                chain = _row_chain(other, registry)
                if chain is None:
                    # Not placed yet, but it may be: wait for it. A row that failed is no candidate.
                    pending = pending or (id(other) in open_rows and _could_match(other, path))
                elif chain[-len(path) :] == path:
                    rows.append(other)
            if pending and len(units) + len(rows) < 2:
                still.append(row)
                continue
            progress = True
            open_rows.discard(id(row))
            if not units and not rows and (broken := _broken_parent(row, path, in_file)):
                report.add(row.line, "parent_code", _("Its parent on line %(line)s has errors: correct that row first.")
                           % {"line": broken.line})  # fmt: skip
                continue
            _settle(row, path, units, rows, registry, report)
        waiting = still
    for row in waiting:
        report.add(
            row.line,
            "parent_code",
            _("The parent %(code)s cannot be placed: the parent codes of these rows form a circle.")
            % {"code": row.values["parent_code"]},
        )


def _broken_parent(row: ImportRow, path: list[str], in_file) -> ImportRow | None:
    """A row of the file that would be the parent, but has no kind it could be created with."""
    return next((other for other in in_file.get(path[-1], []) if other is not row and not other.kind), None)


def _could_match(other: ImportRow, path: list[str]) -> bool:
    written = [*parent_path(other.values["parent_code"]), other.values["code"].lower()]
    overlap = min(len(written), len(path))
    return written[-overlap:] == path[-overlap:]


def _settle(row: ImportRow, path, units: list[Unit], rows: list[ImportRow], registry: _Registry, report) -> None:
    code = row.values["parent_code"]
    if len(units) + len(rows) == 1:
        row.parent_unit = units[0] if units else None
        row.parent_row = rows[0] if rows else None
        return
    if units or rows:
        places = [registry.label(unit) for unit in units] + [
            _("line %(line)s of this file (%(name)s)")
            % {"line": other.line, "name": f"{other.values['name']}, {_row_code_path(other, registry)}"}
            for other in rows
        ]
        report.add(
            row.line,
            "parent_code",
            _(
                "The parent code %(code)s matches more than one unit: %(places)s. Write the path of codes, "
                "e.g. %(example)s, or choose the province above."
            )
            % {
                "code": code,
                "places": "; ".join(places),
                "example": _example_path(units, registry) or _row_code_path(rows[0], registry),
            },
        )
        return
    elsewhere = [registry.label(unit) for unit in registry.by_code.get(path[-1], [])]
    if elsewhere:
        report.add(
            row.line,
            "parent_code",
            _("No unit has the code path %(code)s; %(last)s exists as: %(places)s.")
            % {"code": code, "last": path[-1].upper(), "places": "; ".join(elsewhere)},
        )
    else:
        report.add(row.line, "parent_code", _("Unknown parent unit %(code)s.") % {"code": code})


def _row_code_path(row: ImportRow, registry: _Registry) -> str:
    """A file row's codes from its province down, as written (`UBNDCT/STP`)."""
    codes, current, seen = [], row, set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        codes.append(current.values["code"])
        if current.parent_unit is not None:
            return "/".join([_example_path([current.parent_unit], registry), *codes[::-1]])
        current = current.parent_row
    return "/".join(codes[::-1])


def _example_path(units: list[Unit], registry: _Registry) -> str:
    if not units:
        return ""
    ids = [int(part) for part in units[0].path.strip("/").split("/") if part]
    return "/".join(registry.by_id[pk].code for pk in ids if pk in registry.by_id)


def _creation_order(rows: list[ImportRow]) -> list[ImportRow]:
    def depth(row):
        count = 0
        while row.parent_row is not None:
            row, count = row.parent_row, count + 1
        return count

    return sorted(rows, key=depth)


def import_units(*, actor: User | None, rows: list[dict], dry_run: bool, province: Unit | None = None) -> ImportReport:
    """Check `rows` and, unless `dry_run` or any row is bad, create every unit in one transaction."""
    services.require_admin(actor)
    report = check_unit_rows(rows, province=province)
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
