"""Reading PDFs back, as a person (or a checker) would."""

import io

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4


def words(pdf: bytes, page: int) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[page].extract_words()


def text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


def embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the fonts whose program is embedded in the file."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def in_order(haystack: str, needles: list[str]) -> bool:
    """Every needle occurs in the text, each after the previous one (whitespace-insensitive)."""
    flat = " ".join(haystack.split())
    position = 0
    for needle in needles:
        found = flat.find(" ".join(needle.split()), position)
        if found < 0:
            raise AssertionError(f"not found (in order): {needle[:80]!r}")
        position = found + 1
    return True
