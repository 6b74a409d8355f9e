"""Test builders. Units go through the service, so paths and versions are real."""

import datetime

from units import services
from units.models import Role, Unit, User

FOUNDED = datetime.date(2010, 1, 1)


def make_unit(code: str, name: str, kind: str, parent: Unit | None, **extra) -> Unit:
    extra.setdefault("valid_from", FOUNDED)
    return services.unit_create(actor=None, name=name, code=code, kind=kind, parent=parent, **extra)


def make_user(
    username: str, role: str = Role.UNIT_STAFF, unit: Unit | None = None, password: str = "pw-test-2026", **extra
) -> User:
    user = User(username=username, role=role, unit=unit, full_name=extra.pop("full_name", username.title()), **extra)
    user.email = user.email or f"{username}@example.test"
    user.is_superuser = user.is_staff = role == Role.ADMIN
    user.set_password(password)
    user.save()
    return user


def make_units_bulk(parent: Unit, count: int, kind: str = "division", prefix: str = "P") -> list[Unit]:
    """Many subunits quickly, for query-count tests (no versions: they are not read there)."""
    units = Unit.objects.bulk_create(
        Unit(name=f"Phòng số {prefix}{n}", code=f"{prefix}{n}", kind=kind, parent=parent, valid_from=FOUNDED)
        for n in range(count)
    )
    for unit in units:
        unit.path = f"{parent.path}{unit.pk}/"
        unit.refresh_search_text()
    Unit.objects.bulk_update(units, ["path", "search_text"])
    return units
