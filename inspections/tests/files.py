"""Small real files for upload tests: their first bytes are what the checks look at."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.samples import BLANK_PDF


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
PDF = BLANK_PDF
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def disguised_exe(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, EXE, content_type="application/pdf")


def docx(name="van-ban.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def big(name="lon.pdf", megabytes=21):
    return SimpleUploadedFile(name, PDF + b"0" * (megabytes * 1024 * 1024))


def pdf_then_html(name="bao-cao.pdf"):
    """%PDF first, a web page after: passes a first-bytes check, not a whole-file one."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n<html><script>alert(1)</script></html>", content_type="application/pdf")


def zip_bomb(name="bom.docx", megabytes=300):
    """A DOCX whose one entry unpacks to `megabytes` of zeros (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                entry.write(chunk)
    return SimpleUploadedFile(name, buffer.getvalue())


def zip_not_office(name="van-ban.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE)
    return SimpleUploadedFile(name, buffer.getvalue())


def huge_png(name="anh.png"):
    """A PNG header claiming 100,000 × 100,000 pixels (an image bomb)."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return SimpleUploadedFile(name, PNG[:8] + ihdr + PNG[33:], content_type="image/png")


def svg(name="anh.png"):
    return SimpleUploadedFile(name, b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
