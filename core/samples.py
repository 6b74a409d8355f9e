"""A tiny whole PDF (one blank A4 page), for the demo's, the synthetic province's and the tests' evidence.

Written by pypdf, so that it passes the same whole-file check as a user's upload (`core.uploads`).
"""

import io

from pypdf import PdfWriter


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BLANK_PDF = _blank_pdf()
