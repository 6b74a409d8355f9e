"""Checking uploaded evidence: real type (not the name), size, and a safe name."""

import os
import unicodedata
import uuid
from contextlib import contextmanager

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# Sniffed type → (extensions accepted for it, MIME type served back).
EVIDENCE_TYPES = {
    "pdf": ({"pdf"}, "application/pdf"),
    "doc": ({"doc"}, "application/msword"),
    "docx": ({"docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xls": ({"xls"}, "application/vnd.ms-excel"),
    "xlsx": ({"xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jpg": ({"jpg", "jpeg"}, "image/jpeg"),
    "png": ({"png"}, "image/png"),
}
ACCEPT_ATTRIBUTE = ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"


def safe_filename(name: str) -> str:
    """The name without any directory part or control characters, at most 150 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    if not name:
        name = "tep-dinh-kem"
    stem, ext = os.path.splitext(name)
    return stem[: 150 - len(ext)] + ext


def check_evidence(upload) -> tuple[str, str, str]:
    """Validate an uploaded file; return (safe original name, sniffed extension, MIME type)."""
    limit = settings.CCHC_MAX_UPLOAD_MB * 1024 * 1024
    name = safe_filename(upload.name)
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": settings.CCHC_MAX_UPLOAD_MB}, code="too_big"
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    accepted = EVIDENCE_TYPES.get(kind.extension) if kind else None
    if accepted is None or extension not in accepted[0]:
        raise ValidationError(
            _("%(name)s is not an accepted file: upload PDF, DOC, DOCX, XLS, XLSX, JPG or PNG.") % {"name": name},
            code="type",
        )
    return name, kind.extension, accepted[1]


def check_files(files) -> list[tuple]:
    """Check every file before anything is written: [(upload, name, extension, content type)].

    A bad file is an error of the `files` field, in forms and the API alike.
    """
    try:
        return [(upload, *check_evidence(upload)) for upload in files or []]
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from None


@contextmanager
def removed_on_error():
    """Collect stored file paths; if the block fails (and its transaction rolls back), delete them."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for path in stored:
            default_storage.delete(path)
        raise


def store_upload(upload, folder: str, extension: str, stored: list[str]) -> str:
    """Save a checked upload under a random name in `folder`; the path joins `stored` for clean-up."""
    path = default_storage.save(storage_name(folder, extension), upload)
    stored.append(path)
    return path


def storage_name(folder: str, extension: str) -> str:
    """A random stored name: the user's file name never becomes a path on disk."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def evidence_response(evidence):
    """Stream a stored evidence file as a download under its original name (404 if gone from disk)."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
