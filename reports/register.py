"""The outgoing register (sổ đăng ký văn bản đi) as an XLSX sheet."""

from core.xlsx import Column

from .models import DocumentStatus
from .rendering import lines


def _recipients(document) -> list[str]:
    return lines(document.recipients) + lines(document.copies_to)


def _kind_and_subject(document) -> str:
    kind = document.type_title.capitalize() if document.type_title else "Công văn"
    return f"{kind}: {document.subject}"


def _note(document) -> str:
    """The register's remark; a withdrawal is written there (the number stays taken)."""
    if document.status != DocumentStatus.WITHDRAWN:
        return document.register_note
    withdrawal = f"Đã thu hồi ngày {document.withdrawn_on:%d/%m/%Y}: {document.withdrawal_reason}"
    return "; ".join(filter(None, [document.register_note, withdrawal]))


COLUMNS = [
    Column("Số, ký hiệu", lambda d: d.number_text, 16),
    Column("Ngày tháng", lambda d: d.issued_on, 12),
    Column("Tên loại và trích yếu nội dung", _kind_and_subject, 60, wrap=True),
    Column("Người ký", lambda d: d.signer_name, 24),
    Column("Nơi nhận", lambda d: "; ".join(_recipients(d)), 50, wrap=True),
    Column("Số lượng bản", lambda d: len(_recipients(d)) or 1, 10),
    Column("Ghi chú", _note, 30, wrap=True),
]
# What the sheet reads of each document: never the body, which is the bulk of the row.
FIELDS = [
    "number_text",
    "issued_on",
    "kind",
    "subject",
    "signer_name",
    "recipients",
    "copies_to",
    "register_note",
    "status",
    "withdrawn_on",
    "withdrawal_reason",
    "year",
    "series",
    "number",
]
