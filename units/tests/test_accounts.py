"""People managed in the portal: accounts for a unit, roles, passwords, deactivation, scoped and safe."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from conftest import count_queries
from units import accounts
from units.models import Role, UnitKind, User
from units.tests.factories import make_unit, make_user

STRONG = "Cchc-Kiem-Tra-2026"


def signs_in(username: str, password: str) -> bool:
    """Through the login page, as the person would (django-axes needs the request)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def create(client, **changes):
    data = {"username": "lan.vo", "full_name": "Võ Thị Lan", "title": "Chuyên viên", "email": "lan@example.test",
            "role": Role.UNIT_STAFF, "password": STRONG, "password2": STRONG} | changes  # fmt: skip
    return client.post(reverse("people:create"), data)


def test_home_affairs_creates_an_account_that_signs_in(client, cast):
    client.force_login(cast.home_affairs)
    response = create(client, unit=cast.unit.pk)
    person = User.objects.get(username="lan.vo")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert (person.unit, person.role, person.is_staff) == (cast.unit, Role.UNIT_STAFF, False)
    assert signs_in("lan.vo", STRONG)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"password": "123", "password2": "123"}, "password", "hoàn toàn là số"),
        ({"password": "Ab-1x", "password2": "Ab-1x"}, "password", "quá ngắn"),
        ({"password2": "khac-hoan-toan"}, "password2", "không khớp"),
        ({"username": "HEAD"}, "username", "đã được dùng"),
        ({"unit": ""}, "unit", "Hãy chọn đơn vị"),
        ({"role": Role.ADMIN}, "role", "không phải là một trong các lựa chọn"),  # not offered to Home Affairs
    ],
)
def test_bad_input_is_explained_on_its_field(client, cast, changes, field, message):
    client.force_login(cast.home_affairs)
    response = create(client, **{"unit": cast.unit.pk, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, []))
    assert not User.objects.filter(username="lan.vo").exists()


def test_home_affairs_cannot_touch_an_administrator_or_another_province(client, cast):
    city = make_unit("UBNDCT", "UBND thành phố Cần Thơ", UnitKind.PROVINCE, None)
    stranger = make_user("stranger", Role.UNIT_HEAD, make_unit("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, city))
    client.force_login(cast.home_affairs)
    assert client.get(reverse("people:detail", args=[stranger.pk])).status_code == 404
    assert stranger.pk not in [p.pk for p in client.get(reverse("people:list")).context["page"].object_list]
    page = client.get(reverse("people:detail", args=[cast.admin.pk]))
    assert 'data-testid="account-form"' not in page.content.decode()
    token = accounts.edit_token(cast.admin)
    data = {"full_name": "X", "role": Role.UNIT_STAFF, "unit": cast.unit.pk, "token": token}
    assert client.post(reverse("people:detail", args=[cast.admin.pk]), data).status_code == 403
    assert (
        client.post(reverse("people:active", args=[cast.admin.pk]), {"active": "0", "token": token}).status_code == 403
    )
    cast.admin.refresh_from_db()
    assert cast.admin.role == Role.ADMIN and cast.admin.is_active
    # An administrator may make another.
    client.force_login(cast.admin)
    create(client, unit=cast.home_affairs_dept.pk, role=Role.ADMIN)
    assert User.objects.get(username="lan.vo").is_staff


@pytest.mark.parametrize("user", ["inspector", "unit_head", "department_head"])
def test_other_roles_get_no_people_pages(client, cast, user):
    client.force_login(getattr(cast, user))
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[cast.unit_head.pk])).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert reverse("people:list") not in home


def test_a_role_changes_but_not_ones_own_and_two_editors_do_not_overwrite(client, cast):
    client.force_login(cast.home_affairs)
    url = reverse("people:detail", args=[cast.inspector.pk])
    token = client.get(url).context["form"].initial["token"]
    data = {"full_name": cast.inspector.full_name, "role": Role.CLERK, "unit": cast.department.pk, "token": token}
    assert client.post(url, data).status_code == 302
    cast.inspector.refresh_from_db()
    assert cast.inspector.role == Role.CLERK
    # A second officer who read the account before that save is told, and changes nothing.
    stale = client.post(url, data | {"role": Role.INSPECTOR})
    assert stale.status_code == 200 and "vừa được người khác thay đổi" in stale.content.decode()
    cast.inspector.refresh_from_db()
    assert cast.inspector.role == Role.CLERK
    own = reverse("people:detail", args=[cast.home_affairs.pk])
    token = accounts.edit_token(cast.home_affairs)
    data = {"full_name": "Thi", "role": Role.INSPECTOR, "unit": cast.home_affairs_dept.pk, "token": token}
    assert "tự đổi vai trò" in client.post(own, data).content.decode()


def test_deactivation_signs_out_revokes_tokens_and_frees_the_head(client, cast):
    from units import services

    services.unit_set_head(actor=None, unit=cast.unit, head=cast.unit_head)
    Token.objects.create(user=cast.unit_head)
    person = Client()
    person.force_login(cast.unit_head)
    assert person.get(reverse("home")).status_code == 200
    client.force_login(cast.home_affairs)
    token = accounts.edit_token(cast.unit_head)
    client.post(reverse("people:active", args=[cast.unit_head.pk]), {"active": "0", "token": token})
    cast.unit_head.refresh_from_db()
    cast.unit.refresh_from_db()
    assert not cast.unit_head.is_active and cast.unit.head is None
    assert not Token.objects.filter(user=cast.unit_head).exists()
    assert person.get(reverse("home")).status_code == 302  # signed out at the next request
    response = client.post(reverse("people:active", args=[cast.home_affairs.pk]),
                           {"active": "0", "token": accounts.edit_token(cast.home_affairs)}, follow=True)  # fmt: skip
    assert "tự khóa" in response.content.decode()


def test_a_new_password_set_by_home_affairs_replaces_the_old_one(client, cast):
    Token.objects.create(user=cast.unit_head)
    client.force_login(cast.home_affairs)
    token = accounts.edit_token(cast.unit_head)
    url = reverse("people:password", args=[cast.unit_head.pk])
    assert client.post(url, {"password": "ngan", "password2": "ngan", "token": token}).status_code == 400
    assert client.post(url, {"password": STRONG, "password2": STRONG, "token": token}).status_code == 302
    assert signs_in("head", STRONG)
    assert not signs_in("head", "pw-test-2026")
    assert not Token.objects.filter(user=cast.unit_head).exists()


def test_the_list_finds_without_diacritics_and_runs_flat(client, cast):
    for number in range(30):
        make_user(f"staff{number}", Role.UNIT_STAFF, cast.unit, full_name=f"Nguyễn Văn {number}")
    make_user("thi", Role.UNIT_STAFF, cast.sibling, full_name="Trần Thị Ngọc Thi")
    client.force_login(cast.home_affairs)
    response = client.get(reverse("people:list"), {"search": "ngoc thi"})
    assert [p.username for p in response.context["page"].object_list] == ["thi"]
    response = client.get(reverse("people:list"), {"unit": cast.unit.pk})
    assert len(response.context["page"].object_list) == 25  # paginated
    few = count_queries(lambda: client.get(reverse("people:list"), {"unit": cast.sibling.pk}))
    many = count_queries(lambda: client.get(reverse("people:list"), {"unit": cast.unit.pk}))
    assert many == few


def test_a_crafted_post_cannot_make_an_administrator_nor_reach_another_province(client, cast):
    city = make_unit("UBNDCT", "UBND thành phố Cần Thơ", UnitKind.PROVINCE, None)
    stranger = make_user("stranger", Role.UNIT_STAFF, city)
    client.force_login(cast.home_affairs)
    url = reverse("people:detail", args=[cast.unit_head.pk])
    data = {"full_name": "Head", "role": Role.ADMIN, "unit": cast.unit.pk, "token": accounts.edit_token(cast.unit_head)}
    response = client.post(url, data)
    assert "role" in response.context["form"].errors
    cast.unit_head.refresh_from_db()
    assert cast.unit_head.role == Role.UNIT_HEAD and not cast.unit_head.is_superuser
    token = accounts.edit_token(stranger)
    password = {"password": STRONG, "password2": STRONG, "token": token}
    assert client.post(reverse("people:password", args=[stranger.pk]), password).status_code == 404
    assert client.post(reverse("people:active", args=[stranger.pk]), {"active": "0", "token": token}).status_code == 404
    assert client.get(reverse("people:create"), {"unit": "²"}).status_code == 200


def test_a_superuser_saved_on_the_page_stays_one(client, cast):
    root = User.objects.create_superuser("root", "root@example.test", STRONG)  # role left at its default
    client.force_login(cast.admin)
    url = reverse("people:detail", args=[root.pk])
    data = {"full_name": "Quản trị gốc", "role": root.role, "token": accounts.edit_token(root)}
    assert client.post(url, data).status_code == 302
    root.refresh_from_db()
    assert root.full_name == "Quản trị gốc" and root.is_superuser and root.is_staff
