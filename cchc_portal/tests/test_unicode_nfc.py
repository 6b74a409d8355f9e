"""Text arriving decomposed (macOS keyboards, Word pastes) is stored composed: forms, API and imports alike."""

import io
import unicodedata

from django.test import RequestFactory

from core.middleware import UnicodeNFCMiddleware
from core.text import nfc
from inspections.models import Finding
from inspections.tests.factories import area
from units.importing import import_units, read_unit_rows
from units.models import Unit

TEXT = "Chưa niêm yết công khai thủ tục hành chính tại bộ phận một cửa"
DECOMPOSED = unicodedata.normalize("NFD", TEXT)


def test_the_sample_is_really_decomposed_and_nfc_composes_it_through_lists_and_dicts():
    assert DECOMPOSED != TEXT and len(DECOMPOSED) > len(TEXT)
    assert nfc({DECOMPOSED: [DECOMPOSED, 3, None]}) == {TEXT: [TEXT, 3, None]}
    assert nfc(TEXT) is TEXT


def test_query_strings_and_form_fields_reach_the_view_composed():
    seen = {}

    def view(request):
        seen.update(q=request.GET["q"], text=request.POST.getlist("text"), token=request.POST["csrfmiddlewaretoken"])

    request = RequestFactory().post(f"/x/?q={DECOMPOSED}", {"text": [DECOMPOSED, "ổn"], "csrfmiddlewaretoken": "abc"})
    UnicodeNFCMiddleware(view)(request)
    assert seen == {"q": TEXT, "text": [TEXT, "ổn"], "token": "abc"}


def test_a_finding_typed_on_a_mac_is_stored_composed_from_the_page(client, setup):
    client.force_login(setup.member)
    client.post(
        f"/inspections/visits/{setup.visit.pk}/findings/new/",
        {"area": area("PROCEDURES").pk, "kind": "shortcoming", "text": DECOMPOSED},
    )
    assert Finding.objects.get().text == TEXT
    # And found by the composed words, as by the folded ones.
    assert Finding.objects.filter(text__contains="niêm yết").exists()


def test_the_api_stores_json_and_multipart_text_composed(api, setup):
    payload = {"inspection": setup.visit.pk, "area": "PROCEDURES", "kind": "shortcoming", "text": DECOMPOSED}
    assert api.as_(setup.member).post("/api/v1/findings/", payload, format="json").status_code == 201
    payload["text"] = DECOMPOSED + " (2)"
    assert api.as_(setup.member).post("/api/v1/findings/", payload, format="multipart").status_code == 201
    assert sorted(Finding.objects.values_list("text", flat=True)) == [TEXT, TEXT + " (2)"]


def test_an_imported_name_is_stored_composed(cast):
    name = unicodedata.normalize("NFD", "Sở Tài nguyên và Môi trường")
    data = io.BytesIO(f"code,name,kind,parent_code\nSTNMT,{name},department,UBND\n".encode("utf-8-sig"))
    data.name = "units.csv"
    report = import_units(actor=cast.admin, rows=read_unit_rows(data), dry_run=False)
    assert report.is_valid, report.errors
    assert Unit.objects.get(code="STNMT").name == "Sở Tài nguyên và Môi trường"
