import io

import pytest
from rest_framework.test import APIClient

from conftest import count_queries
from units.models import Unit
from units.tests.factories import make_units_bulk

UNITS = "/api/v1/units/"


def test_token_authentication(cast):
    client = APIClient()
    assert client.get(UNITS).status_code == 401
    response = client.post("/api/v1/auth/token/", {"username": "head", "password": "pw-test-2026"}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    body = client.get(UNITS).json()
    assert [unit["code"] for unit in body["results"]] == ["CCTĐC"]
    assert client.get("/api/v1/me/").json()["role"] == "unit_head"


def test_wrong_password_gets_a_field_error_not_a_token(cast):
    response = APIClient().post("/api/v1/auth/token/", {"username": "head", "password": "nope"}, format="json")
    assert response.status_code == 400 and "token" not in response.json()


def test_unit_fields_of_the_contract(api, cast):
    unit = api.as_(cast.home_affairs).get(f"{UNITS}{cast.unit.pk}/").json()
    assert {"id", "name", "short_name", "code", "kind", "parent", "is_active"} <= unit.keys()
    assert (unit["code"], unit["kind"], unit["parent"], unit["is_active"]) == (
        "CCTĐC",
        "sub_department",
        cast.department.pk,
        True,
    )


def test_list_is_paginated_with_page_size_capped_at_200(api, cast):
    make_units_bulk(cast.department, 250)
    body = api.as_(cast.home_affairs).get(UNITS, {"page_size": 500}).json()
    assert body["count"] == 257 and len(body["results"]) == 200 and body["next"]
    assert {"count", "next", "previous", "results"} == body.keys()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "department"}, {"SNV", "SKHCN", "STP"}),
        ({"search": "so khoa hoc"}, {"SKHCN"}),
        ({"is_active": "false"}, set()),
    ],
)
def test_filters(api, cast, params, expected):
    body = api.as_(cast.home_affairs).get(UNITS, params).json()
    assert {unit["code"] for unit in body["results"]} == expected


def test_parent_filter(api, cast):
    body = api.as_(cast.home_affairs).get(UNITS, {"parent": cast.department.pk}).json()
    assert {unit["code"] for unit in body["results"]} == {"CCTĐC", "TTTTUD"}


def test_unit_outside_scope_is_404_by_api(api, cast):
    client = api.as_(cast.unit_head)
    assert client.get(f"{UNITS}{cast.unit.pk}/").status_code == 200
    assert client.get(f"{UNITS}{cast.other_unit.pk}/").status_code == 404
    assert (
        client.post(f"{UNITS}{cast.other_unit.pk}/rename/", {"name": "X", "effective_on": "2024-01-01"}).status_code
        == 404
    )


def test_reorganisation_by_a_non_administrator_is_403(api, cast):
    response = api.as_(cast.home_affairs).post(
        f"{UNITS}{cast.unit.pk}/rename/", {"name": "X", "effective_on": "2024-01-01"}
    )
    assert response.status_code == 403


def test_rename_and_history_by_api(api, cast):
    client = api.as_(cast.admin)
    response = client.post(
        f"{UNITS}{cast.unit.pk}/rename/", {"name": "Chi cục Đo lường", "code": "CCĐL", "effective_on": "2024-01-01"}
    )
    assert response.status_code == 201 and response.json()["kind"] == "rename"
    history = client.get(f"{UNITS}{cast.unit.pk}/history/").json()
    assert [v["name"] for v in history["versions"]] == ["Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục Đo lường"]
    assert history["versions"][0]["valid_to"] == "2024-01-01"


def test_service_errors_are_vietnamese_field_errors(api, cast):
    response = api.as_(cast.admin).post(f"{UNITS}{cast.unit.pk}/rename/", {"name": "X", "effective_on": "2001-01-01"})
    assert response.status_code == 400
    assert response.json()["effective_on"][0].startswith("Ngày có hiệu lực phải sau")


def test_bad_input_is_400_never_500(api, cast):
    client = api.as_(cast.admin)
    assert client.post(f"{UNITS}{cast.unit.pk}/rename/", {"effective_on": "not a date"}).status_code == 400
    assert (
        client.post(f"{UNITS}{cast.unit.pk}/move/", {"parent": 999999, "effective_on": "2024-01-01"}).status_code == 400
    )
    assert client.post(f"{UNITS}merge/", {"units": [], "effective_on": "2024-01-01"}).status_code == 400
    assert client.post(UNITS, {"name": "", "code": "X", "kind": "centre"}).status_code == 400


def test_move_merge_and_split_by_api(api, cast):
    client = api.as_(cast.admin)
    moved = client.post(
        f"{UNITS}{cast.sibling.pk}/move/", {"parent": cast.other_department.pk, "effective_on": "2024-01-01"}
    )
    assert moved.status_code == 201
    assert Unit.objects.get(pk=cast.sibling.pk).parent_id == cast.other_department.pk
    merged = client.post(
        f"{UNITS}merge/",
        {"units": [cast.other_unit.pk], "into": cast.home_affairs_dept.pk, "effective_on": "2024-02-01"},
    )
    assert merged.status_code == 201, merged.json()
    assert merged.json()["successors"] == [cast.home_affairs_dept.pk]
    split = client.post(
        f"{UNITS}{cast.unit.pk}/split/",
        {
            "effective_on": "2024-03-01",
            "parts": [{"name": "Chi cục A", "code": "CCA"}, {"name": "Chi cục B", "code": "CCB"}],
        },
    )
    assert split.status_code == 201, split.json()
    assert len(split.json()["successors"]) == 2


def test_import_by_api_dry_run_then_for_real(api, cast):
    client = api.as_(cast.admin)

    def upload(dry_run):
        data = io.BytesIO(b"code,name,kind,parent_code\nSYT,S\xe1\xbb\x9f Y t\xe1\xba\xbf,department,UBND\n")
        data.name = "units.csv"
        return client.post(f"{UNITS}import/", {"file": data, "dry_run": dry_run}, format="multipart")

    checked = upload("true").json()
    assert checked["valid"] and checked["created"] == [] and not Unit.objects.filter(code="SYT").exists()
    imported = upload("false").json()
    assert len(imported["created"]) == 1 and Unit.objects.get(code="SYT").name == "Sở Y tế"
    again = upload("false")
    assert again.status_code == 400 and again.json()["errors"][0]["column"] == "code"


def test_unit_list_runs_the_same_number_of_queries_for_10_or_1000_units(api, cast):
    client = api.as_(cast.home_affairs)
    make_units_bulk(cast.department, 10)
    small = count_queries(lambda: client.get(UNITS, {"page_size": 200}))
    make_units_bulk(cast.other_department, 990)
    large = count_queries(lambda: client.get(UNITS, {"page_size": 200}))
    assert small == large <= 6


def test_openapi_schema_lists_the_contract(client, cast):
    client.force_login(cast.inspector)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/units/" in schema["paths"] and "/api/v1/auth/token/" in schema["paths"]
    unit = schema["components"]["schemas"]["Unit"]["properties"]
    assert {"id", "name", "short_name", "code", "kind", "parent", "is_active"} <= unit.keys()


def test_api_docs_are_served_without_a_cdn(client, cast):
    client.force_login(cast.inspector)
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
