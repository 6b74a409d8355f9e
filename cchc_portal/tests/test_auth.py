import re

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

PASSWORD = "pw-test-2026"
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}
TOKEN_AUTHENTICATED = {"schema", "api-docs", "api-redoc"}  # DRF views: 401 instead of a redirect


def html_url_names(resolver=None, prefix=""):
    """Every named page of the portal outside the API and the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("api/v1/", "admin/")):
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from html_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name, entry


@pytest.mark.parametrize("name", sorted({name for name, _ in html_url_names()} - PUBLIC - TOKEN_AUTHENTICATED))
def test_every_page_requires_login(client, db, name):
    _, entry = next(item for item in html_url_names() if item[0] == name)
    kwargs = dict.fromkeys(entry.pattern.converters, 1)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_vietnamese(client, db):
    body = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in body
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_login_and_logout(client, cast):
    response = client.post(reverse("login"), {"username": "head", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_a_vietnamese_form_error(client, cast):
    response = client.post(reverse("login"), {"username": "head", "password": "wrong"})
    assert response.status_code == 200
    assert "Vui lòng điền vào" in response.content.decode()


def test_login_is_throttled_after_five_failures_even_with_the_right_password(client, cast):
    for _ in range(5):
        client.post(reverse("login"), {"username": "head", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "head", "password": PASSWORD})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # Another user from the same address is not locked out.
    assert client.post(reverse("login"), {"username": "noivu", "password": PASSWORD}).status_code == 302


def test_token_endpoint_is_throttled_too(cast):
    api = APIClient()
    for _ in range(5):
        api.post("/api/v1/auth/token/", {"username": "head", "password": "wrong"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": "head", "password": PASSWORD}, format="json")
    assert response.status_code in (400, 403, 429) and "token" not in response.json()


def test_password_reset_by_email(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "head@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["head@example.test"] and "Đặt lại mật khẩu" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Một-mật-khẩu-mới-2026", "new_password2": "Một-mật-khẩu-mới-2026"},
    )
    assert response.status_code == 302
    assert client.post(reverse("login"), {"username": "head", "password": "Một-mật-khẩu-mới-2026"}).status_code == 302


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302 and mail.outbox == []


def test_password_change(client, cast):
    client.force_login(cast.unit_head)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Khác-hẳn-2026-x", "new_password2": "Khác-hẳn-2026-x"},
    )
    assert response.status_code == 302
    cast.unit_head.refresh_from_db()
    assert cast.unit_head.check_password("Khác-hẳn-2026-x")


@pytest.mark.parametrize(
    "member, role",
    [("admin", "admin"), ("home_affairs", "home_affairs"), ("inspector", "inspector"), ("unit_head", "unit")],
)
def test_each_role_lands_on_its_home_page(client, cast, member, role):
    client.force_login(getattr(cast, member))
    body = client.get(reverse("home")).content.decode()
    assert f'data-role="{role}"' in body


def test_navigation_depends_on_the_role(client, cast):
    client.force_login(cast.admin)
    assert reverse("units:import") in client.get(reverse("home")).content.decode()
    client.force_login(cast.unit_head)
    assert reverse("units:import") not in client.get(reverse("home")).content.decode()


def test_healthz_is_public(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/", "/api/redoc/"])
def test_openapi_schema_and_docs_need_credentials(db, path):
    assert APIClient().get(path).status_code == 401
