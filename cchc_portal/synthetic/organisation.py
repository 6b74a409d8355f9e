"""The synthetic departments (through `units.services`, so paths, versions and history are real) and
their people: a head per unit, a deputy director and an inspector per department, a clerk, staff."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from core.text import fold
from units import services
from units.demo import DEMO_PASSWORD
from units.models import Role, Unit, UnitKind, User

from . import vocabulary
from .common import FOUNDED, Department, World, apportion, insert, stamp

HOME_AFFAIRS_STAFF = [
    # username suffix, title, in Phòng CCHC rather than the department itself
    ("pgd1", "Phó Giám đốc Sở Nội vụ", False),
    ("pgd2", "Phó Giám đốc Sở Nội vụ", False),
    ("cchc1", "Trưởng phòng Cải cách hành chính", True),
    ("cchc2", "Chuyên viên Phòng Cải cách hành chính", True),
]


def code_of(index: int) -> str:
    return f"SX{index + 1:02d}"


def _user(world: World, username: str, role: str, unit: Unit, title: str, password: str) -> User:
    user = User(
        username=username,
        full_name=vocabulary.full_name(world.rng),
        title=title,
        role=role,
        unit=unit,
        email=f"{username}@sx.cchc.local",
        password=password,
    )
    return stamp(user, world.clock.now, None, "make_province")


def _head_title(spec: vocabulary.Agency, sub: Unit) -> str:
    return vocabulary.HEAD_TITLE_BY_CODE.get(sub.code) or vocabulary.HEAD_TITLES[sub.kind]


def build(world: World) -> None:
    """Departments SX01… under the demo province, each with its subunits and people."""
    sizes, rng = world.sizes, world.rng
    password = make_password(DEMO_PASSWORD)
    counts = apportion(sizes.units - sizes.departments, [1.0] * sizes.departments)
    people: list[User] = []
    heads: list[tuple[Unit, User]] = []
    for index in range(sizes.departments):
        spec = vocabulary.agency(index)
        unit = services.unit_create(
            actor=None,
            name=spec.name,
            short_name=spec.short_name,
            code=code_of(index),
            kind=UnitKind.DEPARTMENT,
            parent=world.province,
            valid_from=FOUNDED,
        )
        subunits = [
            services.unit_create(
                actor=None,
                name=sub.name,
                short_name=sub.short_name,
                code=sub.code,
                kind=sub.kind,
                parent=unit,
                valid_from=FOUNDED,
            )
            for sub in vocabulary.subunits(spec, counts[index])
        ]
        department = Department(unit=unit, subunits=subunits)
        prefix = code_of(index).lower()
        department.head = _user(world, f"{prefix}.giamdoc", Role.UNIT_HEAD, unit, spec.head_title, password)
        heads.append((unit, department.head))
        department.deputy = _user(world, f"{prefix}.pgd", Role.INSPECTOR, unit, f"Phó {spec.head_title}", password)
        inspectorate = next((s for s in subunits if s.code == "TTr"), unit)
        department.inspector = _user(
            world, f"{prefix}.thanhtra", Role.INSPECTOR, inspectorate, "Phó Chánh Thanh tra", password
        )
        office = next((s for s in subunits if s.kind == UnitKind.DIVISION), unit)
        department.clerk = _user(world, f"{prefix}.vanthu", Role.CLERK, office, "Văn thư", password)
        people += [department.head, department.deputy, department.inspector, department.clerk]
        taken = set()
        for sub in subunits:
            slug = fold(sub.code).replace(" ", "")
            while slug in taken:
                slug += "x"
            taken.add(slug)
            head = _user(world, f"{prefix}.{slug}", Role.UNIT_HEAD, sub, _head_title(spec, sub), password)
            heads.append((sub, head))
            people.append(head)
        working = [s for s in subunits if s.kind != UnitKind.DIVISION] or subunits or [unit]
        staff_unit = rng.choice(working)
        people.append(_user(world, f"{prefix}.chuyenvien", Role.UNIT_STAFF, staff_unit, "Chuyên viên", password))
        world.departments.append(department)

    snv = Unit.objects.get(parent=world.province, code="SNV", valid_to__isnull=True)
    reform_office = Unit.objects.filter(parent=snv, code="CCHC", valid_to__isnull=True).first() or snv
    for suffix, title, in_office in HOME_AFFAIRS_STAFF:
        user = _user(world, f"snv.{suffix}", Role.HOME_AFFAIRS, reform_office if in_office else snv, title, password)
        world.home_affairs.append(user)
        people.append(user)

    insert(User, people, history=True)
    for unit, head in heads:
        services.unit_set_head(actor=None, unit=unit, head=head)
    world.counts["users"] = len(people)
    world.counts["units"] = sizes.departments + sum(counts)

    # Who answers for a unit's tasks (remediation.selectors.unit_side): its unit-head users and its head.
    for user in User.objects.filter(role=Role.UNIT_HEAD, is_active=True).order_by("pk"):
        world.unit_side.setdefault(user.unit_id, []).append(user)
