"""DRF's own messages reach API clients in Vietnamese, with or without Accept-Language (issue 12, item 9)."""

import inspect

from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers
from rest_framework.test import APIClient


def _drf_messages():
    """Every default error message of DRF's fields and relations, and every exception's default detail."""
    found = []
    for module in (fields, relations, serializers):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            found += [
                (f"{cls.__name__}.{key}", message)
                for key, message in getattr(cls, "default_error_messages", {}).items()
            ]
    for _name, cls in inspect.getmembers(exceptions, inspect.isclass):
        if getattr(cls, "default_detail", None) is not None:
            found.append((cls.__name__, cls.default_detail))
    return found


def test_every_message_of_drf_reads_vietnamese():
    messages = _drf_messages()
    assert len(messages) > 80
    with translation.override("en"):
        english = {name: str(message) for name, message in messages}
    with translation.override("vi"):
        untranslated = sorted(name for name, message in messages if str(message) == english[name])
    assert untranslated == []


def test_a_client_without_accept_language_gets_vietnamese_field_errors(db, setup):
    client = APIClient()
    assert client.get("/api/v1/findings/").json() == {"detail": "Chưa cung cấp thông tin xác thực."}
    client.force_authenticate(setup.member)
    payload = {"inspection": 999999, "area": "PROCEDURES", "kind": "shortcoming", "text": "X"}
    answer = client.post("/api/v1/findings/", payload, format="json")
    assert answer.status_code == 400
    assert answer.json()["inspection"] == ['Mã số "999999" không hợp lệ: đối tượng không tồn tại.']
    null = client.post("/api/v1/findings/", {**payload, "inspection": None}, format="json").json()
    assert null["inspection"] == ["Trường này không được để trống (null)."]
