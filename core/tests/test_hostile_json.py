"""Issue 13: JSON nested a thousand levels deep is a 400 with a Vietnamese message on every endpoint, never a 500."""

import re

import pytest

DEEP = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"


def _writes(api, cast):
    schema = api.as_(cast.admin).get("/api/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in operations and "application/json" in str(operations[method].get("requestBody", {})):
                yield method, re.sub(r"\{[^}]+\}", "1", path)


def test_every_json_endpoint_refuses_a_deeply_nested_body(api, cast, remediation):
    writes = list(_writes(api, cast))
    assert len(writes) >= 9  # the schema still lists the JSON writes the sweep found
    for method, path in writes:
        response = api.as_(cast.admin).generic(method.upper(), path, DEEP, content_type="application/json")
        assert response.status_code < 500, (method, path, response.status_code)
        if response.status_code == 400:
            assert "lồng nhau quá sâu" in response.json()["detail"], (method, path)


@pytest.mark.parametrize("depth, accepted", [(3, True), (40, False)])
def test_the_limit_lies_well_past_any_real_body(api, cast, depth, accepted):
    body = '{"username": "head", "password": "pw-test-2026", "extra": ' + "[" * depth + "]" * depth + "}"
    response = api.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert (response.status_code == 200) is accepted
