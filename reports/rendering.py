"""From a document to HTML (the preview) and to PDF (WeasyPrint), safely.

User text is escaped by the template engine; WeasyPrint may load nothing but
the portal's own static files and small `data:` URIs (`safe_url_fetcher`).
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import charts
from .formats import number_and_symbol, place_and_date
from .models import Document

STATIC_PREFIX = "cchc-static:"
MAX_DATA_URI = 64 * 1024
HEADING = re.compile(r"^#\s+(.*)$")
TABLE = re.compile(r"^\[bảng(?:\s+(\d+))?\]$", re.IGNORECASE)
CHART = re.compile(r"^\[biểu đồ\s+(\w+)\]$", re.IGNORECASE)


class FetchRefused(ValueError):
    pass


class SafeURLFetcher:
    """Serve `cchc-static:` URLs from the app's static files and small `data:` URIs; refuse the rest.

    Nothing user-supplied can make the renderer read the disk (`file://`) or the
    network: a refused URL raises, and WeasyPrint leaves the resource out.
    """

    def __init__(self):
        # Only the `data:` handler of WeasyPrint's fetcher is ever reached.
        self._data = URLFetcher(allowed_protocols={"data"})
        self._fail_on_errors = False

    def fetch(self, url: str, headers=None):
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX) :].lstrip("/")
            path = finders.find(relative) if ".." not in relative.split("/") else None
            if not path:
                raise FetchRefused(f"no static file {url}")
            with open(path, "rb") as handle:
                content = handle.read()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, content, {"Content-Type": kind})
        if url.startswith("data:") and len(url) <= MAX_DATA_URI:
            return self._data.fetch(url, headers)
        raise FetchRefused(f"refused to load {url[:80]}")

    __call__ = fetch


safe_url_fetcher = SafeURLFetcher()


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "table" or "chart"
    text: str = ""
    header: list = field(default_factory=list)  # a table's
    rows: list = field(default_factory=list)
    svg: str = ""  # a chart's


def _tables(document: Document) -> list[dict]:
    """The document's tables in order: the main one (Bảng 1), then a report's further ones (Bảng 2, 3…)."""
    found = [{"title": "", "rows": document.table}] if document.table else []
    return found + [table for table in document.tables or [] if table.get("rows")]


def _table_block(table: dict, number: int, numbered: bool) -> Block:
    title = f"Bảng {number}. {table['title']}".rstrip(". ") if numbered else ""
    return Block("table", title, header=table["rows"][0], rows=table["rows"][1:])


def blocks(document: Document) -> list[Block]:
    """The body as blocks: `# ` lines are headings, `[bảng]` or `[bảng N]` places a table, `[biểu đồ NAME]`
    a chart of the document's figures; the rest are paragraphs. A table the text does not place comes last."""
    tables = _tables(document)
    numbered = len(tables) > 1
    placed: set[int] = set()
    charts = charts_for(document) if document.figures else {}
    result = []
    for line in document.body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if (match := TABLE.match(stripped)) and int(match.group(1) or 1) <= len(tables):
            number = int(match.group(1) or 1)
            result.append(_table_block(tables[number - 1], number, numbered))
            placed.add(number)
        elif (match := CHART.match(stripped)) and match.group(1) in charts:
            result.append(Block("chart", svg=charts[match.group(1)]))
        elif match := HEADING.match(stripped):
            result.append(Block("heading", match.group(1)))
        else:
            result.append(Block("paragraph", stripped))
    result += [_table_block(t, n, numbered) for n, t in enumerate(tables, start=1) if n not in placed]
    return result


def charts_for(document: Document) -> dict[str, str]:
    """The charts of a report, drawn from the figures it was drawn up from (the dashboard's drawing)."""
    return charts.all_charts(document.figures)


def lines(text: str) -> list[str]:
    """Non-empty lines without a leading dash or trailing `;`/`.` (the template adds the decree's)."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-").strip().rstrip(";.").strip()
        if line:
            result.append(line)
    return result


def punctuated(items: list[str]) -> list[str]:
    """`Nơi nhận` items: each ends with `;`, the last with `.`."""
    return [item + ("." if index == len(items) - 1 else ";") for index, item in enumerate(items)]


def context_for(document: Document) -> dict:
    number = document.number_text or number_and_symbol(
        number=None, kind=document.kind, issuer_code=document.issuer.code, drafter_code=document.drafter_code
    )
    recipients = lines(document.recipients)
    copies = punctuated(lines(document.copies_to))
    return {
        "document": document,
        "number": number,
        "place_and_date": place_and_date(document.place_name, document.issued_on),
        "blocks": blocks(document),
        "recipients": recipients,
        "copies": copies,
        "static_prefix": STATIC_PREFIX,
    }


def document_html(document: Document, *, preview: bool = False) -> str:
    return render_to_string("reports/pdf/document.html", {**context_for(document), "preview": preview})


def html_to_pdf(html: str, progress=lambda percent: None) -> bytes:
    """WeasyPrint, only the portal's own files; `progress(80)` once the pages are laid out."""
    laid_out = HTML(string=html, url_fetcher=safe_url_fetcher).render()
    progress(80)
    return laid_out.write_pdf()


def document_pdf(document: Document, progress=lambda percent: None) -> bytes:
    """The PDF, telling `progress` how far it is: the text and charts drawn, the pages laid out, written."""
    html = document_html(document)
    progress(30)
    return html_to_pdf(html, progress)


# The kind in a file name, in ASCII (file systems and e-mail clients of every office read it).
KIND_SLUGS = {
    "plan": "ke-hoach",
    "team_decision": "quyet-dinh",
    "minutes": "bien-ban",
    "conclusion": "thong-bao",
    "remediation_letter": "cong-van",
    "report": "bao-cao",
    "annual_report": "bao-cao-nam",
    "remediation_report": "bao-cao-khac-phuc",
    "unit_history": "lich-su-kiem-tra",
}


def pdf_filename(document: Document) -> str:
    """A name no other document has, readable by a person: `09-KH-SKHCN_ke-hoach_2021-02-23.pdf`.

    Numbers are unique per issuer and year and carry the issuer's code; a draft
    has no number, so its id stands in.
    """
    kind = KIND_SLUGS.get(document.kind, document.kind.replace("_", "-"))
    if not document.number_text:
        return f"du-thao-{document.pk}_{kind}.pdf"
    number = document.number_text.replace("/", "-")
    return f"{number}_{kind}_{document.issued_on:%Y-%m-%d}.pdf"


def pdf_response(document: Document, *, as_attachment: bool = False):
    """The stored PDF as a download under its `pdf_filename`; 404 if the file is gone from disk."""
    name = pdf_filename(document)
    try:
        handle = document.pdf_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=as_attachment, filename=name, content_type="application/pdf")
