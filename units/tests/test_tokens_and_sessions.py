"""Issue 13: tokens expire and die with the password, resets are throttled, signed-in pages are not cached."""

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import OutgoingEmail

PASSWORD = "pw-test-2026"


def _token(username="head", password=PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def _me(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/")


def test_a_token_is_refused_after_a_password_change_and_a_new_one_is_handed_out(cast):
    old = _token().json()["token"]
    assert _me(old).status_code == 200
    cast.unit_head.set_password("another-pw-2026")
    cast.unit_head.save()
    assert _me(old).status_code == 401
    new = _token(password="another-pw-2026").json()["token"]
    assert new != old and _me(new).status_code == 200


def test_a_token_expires_and_the_next_sign_in_replaces_it(cast, settings):
    reply = _token().json()
    assert datetime.datetime.fromisoformat(reply["expires"]) > timezone.now() + datetime.timedelta(days=29)
    Token.objects.filter(key=reply["token"]).update(created=timezone.now() - datetime.timedelta(days=31))
    refused = _me(reply["token"])
    assert refused.status_code == 401 and "hết hạn" in refused.json()["detail"]
    again = _token().json()["token"]
    assert again != reply["token"] and _me(again).status_code == 200


def test_the_owner_revokes_their_token(cast):
    key = _token().json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert _me(key).status_code == 401 and not Token.objects.filter(user=cast.unit_head).exists()


def test_a_locked_out_account_gets_429_with_a_clear_message(cast, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(password="wrong").status_code == 400
    locked = _token(password="wrong")
    assert locked.status_code == 429 and "tạm khóa" in locked.json()["detail"]
    # Even the right password waits for the cool-off.
    assert _token().status_code == 429


def test_password_reset_sends_at_most_the_limit_per_hour_and_the_page_never_tells(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_LIMIT = 3
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        pages = [client.post(reverse("password_reset"), {"email": cast.unit_head.email}) for _ in range(6)]
    assert {page.status_code for page in pages} == {302}
    assert {page["Location"] for page in pages} == {reverse("password_reset_done")}
    assert OutgoingEmail.objects.filter(purpose="password_reset", to=[cast.unit_head.email]).count() == 3
    assert len([message for message in mail.outbox if cast.unit_head.email in message.to]) == 3
    # Another address has its own allowance.
    client.post(reverse("password_reset"), {"email": cast.home_affairs.email})
    assert OutgoingEmail.objects.filter(purpose="password_reset", to=[cast.home_affairs.email]).count() == 1


def test_signed_in_pages_are_not_stored(client, cast):
    client.force_login(cast.home_affairs)
    for url in (reverse("home"), reverse("units:list"), "/api/v1/units/"):
        assert "no-store" in client.get(url)["Cache-Control"], url
    token = _token("noivu").json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert "no-store" in api.get("/api/v1/units/")["Cache-Control"]


def test_an_idle_session_ends_and_an_active_one_slides(client, cast, settings):
    client.force_login(cast.home_affairs)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    assert session.get_expiry_age() <= settings.SESSION_COOKIE_AGE == 30 * 60
    # Thirty-one minutes later, without a request between, the session is gone.
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_active_session_saves_its_expiry_at_most_once_a_minute(client, cast, monkeypatch):
    client.force_login(cast.home_affairs)
    client.get(reverse("home"))
    from django.contrib.sessions.models import Session

    first = Session.objects.get(session_key=client.session.session_key).expire_date
    client.get(reverse("home"))
    assert Session.objects.get(session_key=client.session.session_key).expire_date == first
    import time

    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    client.get(reverse("home"))
    assert Session.objects.get(session_key=client.session.session_key).expire_date > first
