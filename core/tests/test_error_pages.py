"""Error pages: Vietnamese, in the portal's layout, with the request id that is also in the log; JSON under /api/."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from core.error_views import server_error
from core.middleware import RequestIdLogFilter


@pytest.fixture
def signed_in(client, cast):
    client.force_login(cast.unit_head)
    return client


def test_a_404_page_is_vietnamese_in_the_layout_with_its_request_id(signed_in):
    response = signed_in.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in body and 'data-testid="bell"' in body
    assert f'data-testid="request-id">{response["X-Request-ID"]}<' in body


def test_a_404_of_the_api_is_json(api, cast):
    response = api.as_(cast.unit_head).get("/api/v1/khong-co/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["request_id"] == response["X-Request-ID"]


def test_another_units_object_by_url_is_the_same_404(signed_in, cast):
    response = signed_in.get(reverse("units:detail", args=[cast.other_unit.pk]))
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_a_403_page_and_the_csrf_failure_are_explained(cast, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.unit_head)
    response = client.post(reverse("core:notifications_read_all"))
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()
    signed = Client()
    signed.force_login(cast.unit_head)
    assert "Không được phép" in signed.get(reverse("units:create")).content.decode()


def test_the_500_page_needs_neither_the_database_nor_the_user(rf):
    request = rf.get("/inspections/visits/1/")
    request.request_id = "abc123"
    response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500 and "Cổng thông tin gặp lỗi" in body and "abc123" in body


def test_a_proxys_request_id_is_kept_and_a_bad_one_replaced(signed_in):
    assert signed_in.get(reverse("home"), HTTP_X_REQUEST_ID="proxy-42")["X-Request-ID"] == "proxy-42"
    replaced = signed_in.get(reverse("home"), HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert replaced != "<script>" and len(replaced) == 16


def test_every_log_line_of_a_request_carries_its_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", (), None)
    assert RequestIdLogFilter().filter(record) and record.request_id == "-"
