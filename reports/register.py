"""The outgoing register (sổ đăng ký văn bản đi) as an XLSX workbook."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .rendering import lines

COLUMNS = [
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Người ký",
    "Nơi nhận",
    "Số lượng bản",
    "Ghi chú",
]


def register_row(document) -> list:
    recipients = lines(document.recipients) + lines(document.copies_to)
    kind = document.type_title.capitalize() if document.type_title else "Công văn"
    return [
        document.number_text,
        document.issued_on,
        f"{kind}: {document.subject}",
        document.signer_name,
        "; ".join(recipients),
        len(recipients) or 1,
        document.register_note,
    ]


def register_workbook(documents) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So van ban di"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for document in documents:
        sheet.append(register_row(document))
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFG", (16, 12, 60, 24, 50, 10, 20), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook
