"""Checking uploaded evidence: real type (not the name), size, and a safe name."""

import os
import unicodedata
import uuid
import zipfile
from contextlib import contextmanager

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError

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
# A DOCX or XLSX is a zip: refuse one that unpacks past this many bytes or entries (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
# An image larger than this many pixels is refused (Pillow's decompression-bomb guard, made strict).
MAX_IMAGE_PIXELS = 80_000_000


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
    if accepted is None or extension not in accepted[0] or not _whole(kind.extension, upload):
        raise ValidationError(
            _("%(name)s is not an accepted file: upload PDF, DOC, DOCX, XLS, XLSX, JPG or PNG.") % {"name": name},
            code="type",
        )
    return name, kind.extension, accepted[1]


def _whole(extension: str, upload) -> bool:
    """Whether the whole file is what its first bytes claim: a PDF that parses, an Office zip that
    unpacks to a sane size, an image that decodes. `%PDF` followed by a web page is not a PDF."""
    upload.seek(0)
    try:
        if extension == "pdf":
            return len(PdfReader(upload, strict=False).pages) > 0
        if extension in ("docx", "xlsx"):
            with zipfile.ZipFile(upload) as archive:
                entries = archive.infolist()
                unpacked = sum(entry.file_size for entry in entries)
                names = {entry.filename for entry in entries}
                return (
                    len(entries) <= MAX_ZIP_ENTRIES
                    and unpacked <= MAX_UNPACKED_BYTES
                    and "[Content_Types].xml" in names
                )
        if extension in ("jpg", "png"):
            with Image.open(upload) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()
        return True
    except (PyPdfError, zipfile.BadZipFile, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)


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
