"""The hostile-input catalogue: markup, formulas, control characters, SQL and regex text, forged forms.

Each payload goes where a user could type it and is read back where others meet it: the pages,
the XLSX, the PDF. Uploads (disguised, oversized, zip bombs, SVG) are in core/tests and
inspections/tests; the renderer's file:// and loopback URLs in reports/tests/test_rendering.py.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal.tests.test_permission_matrix import MATRIX, _body, _path, world  # noqa: F401  (world: fixture)
from inspections.models import Finding
from reports import rendering, services
from reports.tests.factories import draft
from reports.tests.pdf import text
from units.models import Unit

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/","Bấm vào đây")'


@pytest.fixture
def hostile(cast, remediation):
    """A shortcoming and a unit name written by someone hostile (stored as typed)."""
    Finding.objects.filter(pk=remediation.shortcoming.pk).update(text=f"{FORMULA} {MARKUP}")
    Unit.objects.filter(pk=cast.unit.pk).update(name=f"Chi cục {MARKUP}")
    return remediation


@pytest.mark.parametrize(
    "who, url",
    [
        ("leader", lambda r: reverse("inspections:visit_detail", args=[r.visit.pk])),
        ("home_affairs", lambda r: reverse("inspections:finding_search") + "?kind=shortcoming"),
        ("home_affairs", lambda r: reverse("remediation:task_list")),
        ("unit_head", lambda r: reverse("remediation:task_detail", args=[r.task.pk])),
        ("home_affairs", lambda r: reverse("units:detail", args=[r.visit.unit_id])),
        ("home_affairs", lambda r: reverse("dashboard:index") + "?year=2026"),
    ],
)
def test_markup_is_shown_as_text_on_every_page(client, cast, hostile, who, url):
    user = hostile.leader if who == "leader" else getattr(cast, who)
    client.force_login(user)
    page = client.get(url(hostile)).content.decode()
    assert MARKUP not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page or "&lt;img" in page  # it is there, as text


def test_a_formula_in_a_finding_is_text_in_the_xlsx(client, cast, hostile):
    client.force_login(cast.home_affairs)
    response = client.get(reverse("inspections:finding_search"), {"kind": "shortcoming", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value or "").startswith("=HYPERLINK")]
    assert cells, "the finding is in the sheet"
    assert all(cell.data_type == "s" for cell in cells)  # a string, never a formula ("f")
    assert cells[0].value == f"{FORMULA} {MARKUP}"


def test_markup_in_a_document_is_printed_as_text_in_the_pdf(hostile):
    letter = draft(actor=hostile.leader, kind="remediation_letter", plan=hostile.plan)
    letter = services.document_update(
        actor=hostile.leader, document=letter, expected_version=letter.version, body=f"{letter.body}\n{MARKUP}"
    )
    html = rendering.document_html(letter)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<script>alert("x")</script>' in text(rendering.document_pdf(letter)).replace("“", '"').replace("”", '"')


@pytest.mark.parametrize(
    "search, matches",
    [
        ("%' OR 1=1 --", False),  # SQL: plain words, which no finding has
        ("'; DROP TABLE inspections_finding; --", False),
        ("%_%", False),  # LIKE wildcards: literal
        (".*[(", None),  # regex and punctuation: no words left, so no filter; never an error
        ("\\", None),
    ],
)
def test_sql_and_regex_characters_in_a_search_are_plain_text(client, api, cast, hostile, search, matches):
    client.force_login(cast.home_affairs)
    assert client.get(reverse("inspections:finding_search"), {"search": search}).status_code == 200
    listed = api.as_(cast.home_affairs).get("/api/v1/findings/", {"search": search})
    assert listed.status_code == 200
    if matches is False:
        assert listed.json()["count"] == 0
    assert Finding.objects.filter(pk=hostile.shortcoming.pk).exists()


def test_control_characters_are_a_field_error_not_a_500(api, client, hostile):
    detail = f"/api/v1/findings/{hostile.shortcoming.pk}/"
    answer = api.as_(hostile.leader).post(
        "/api/v1/findings/",
        {"inspection": hostile.visit.pk, "area": "PROCEDURES", "kind": "shortcoming", "text": "Thiếu\x00sót"},
        format="json",
    )
    assert answer.status_code == 400 and "text" in answer.json()
    assert api.as_(hostile.leader).get(detail).status_code == 200
    client.force_login(hostile.leader)
    page = client.get(reverse("inspections:finding_search"), {"search": "a\x00b"})
    assert page.status_code in (200, 400)


POST_FORMS = sorted({(row[0], row[2]) for row in MATRIX if row[1] == "post" and not row[0].startswith("api:")})


def test_every_form_is_refused_without_its_csrf_token(world):  # noqa: F811  (the fixture imported above)
    """Each page that accepts a POST, as an administrator with a session but no token: 403, nothing done."""
    ids, people = world
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(people["A"])
    outcomes = {}
    for name, args in POST_FORMS:
        row = next(r for r in MATRIX if r[0] == name and r[1] == "post")
        response = forged.post(_path(name, args, ids), **_body(row, ids, api=False))
        outcomes[name] = response.status_code
    assert len(outcomes) >= 25
    assert {name: code for name, code in outcomes.items() if code != 403} == {}
