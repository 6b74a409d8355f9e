"""The demo province's organisations and users, built from the seed documents.

Idempotent: units are found by code under their parent, users by username, and
each reorganisation is applied only while its predecessors still exist.
"""

import datetime

from django.db.models import F

from . import services
from .models import Role, Unit, UnitKind, User

DEMO_PASSWORD = "cchc-demo-2026"  # demo only; documented in API.md and the README
FOUNDED = datetime.date(2000, 1, 1)

DEPARTMENTS = [
    # code, name, short name, subunits (code, name, short name, kind)
    (
        "SNV",
        "Sở Nội vụ",
        "Sở Nội vụ",
        [
            ("VP", "Văn phòng Sở", "Văn phòng", UnitKind.DIVISION),
            ("TTr", "Thanh tra Sở", "Thanh tra", UnitKind.DIVISION),
            ("CCHC", "Phòng Cải cách hành chính", "Phòng CCHC", UnitKind.DIVISION),
        ],
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        [
            ("VP", "Văn phòng Sở", "Văn phòng", UnitKind.DIVISION),
            ("TTr", "Thanh tra Sở", "Thanh tra", UnitKind.DIVISION),
            ("CCTĐC", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục TCĐLCL", UnitKind.SUB_DEPARTMENT),
            ("TTTTUD", "Trung tâm Thông tin và Ứng dụng KH&CN", "TT Thông tin và Ứng dụng", UnitKind.CENTRE),
            ("TTKTTĐC", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "TT Kỹ thuật TCĐLCL", UnitKind.CENTRE),
        ],
    ),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Sở TT&TT",
        [
            ("VP", "Văn phòng Sở", "Văn phòng", UnitKind.DIVISION),
            ("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", UnitKind.DIVISION),
            ("TTBCXB", "Phòng Thông tin - Báo chí - Xuất bản", "Phòng TT-BC-XB", UnitKind.DIVISION),
            ("BCVT", "Phòng Bưu chính - Viễn thông", "Phòng BC-VT", UnitKind.DIVISION),
            ("CNTT", "Phòng Công nghệ thông tin", "Phòng CNTT", UnitKind.DIVISION),
            ("TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông", "TT CNTT&TT", UnitKind.CENTRE),
        ],
    ),
    (
        "STP",
        "Sở Tư pháp",
        "Sở Tư pháp",
        [
            ("VP", "Văn phòng Sở", "Văn phòng", UnitKind.DIVISION),
            ("TTr", "Thanh tra Sở", "Thanh tra", UnitKind.DIVISION),
        ],
    ),
    (
        "STC",
        "Sở Tài chính",
        "Sở Tài chính",
        [
            ("VP", "Văn phòng Sở", "Văn phòng", UnitKind.DIVISION),
            ("TTr", "Thanh tra Sở", "Thanh tra", UnitKind.DIVISION),
        ],
    ),
]

USERS = [
    # username, full name, title, role, (department code, subunit code or None)
    ("admin", "Quản trị hệ thống", "", Role.ADMIN, ("SNV", None)),
    ("noivu", "Nguyễn Thị Ngọc Thi", "Phó Giám đốc Sở Nội vụ", Role.HOME_AFFAIRS, ("SNV", None)),
    ("truongdoan", "Trần Duy Tâm Thanh", "Phó Giám đốc Sở", Role.INSPECTOR, ("SKHCN", None)),
    ("thanhvien", "Lê Văn Hùng", "Chánh Thanh tra Sở", Role.INSPECTOR, ("SKHCN", "TTr")),
    ("donvi", "Phạm Minh Quang", "Chi cục trưởng", Role.UNIT_HEAD, ("SKHCN", "CCTĐC")),
    ("donvi_ttud", "Võ Thị Lan", "Giám đốc Trung tâm", Role.UNIT_HEAD, ("SKHCN", "TTTTUD")),
    ("donvi_ttkt", "Đặng Văn Bình", "Giám đốc Trung tâm", Role.UNIT_HEAD, ("SKHCN", "TTKTTĐC")),
    ("donvi_stp", "Huỳnh Thanh Tùng", "Giám đốc Sở Tư pháp", Role.UNIT_HEAD, ("STP", None)),
]


def _ensure_unit(code, name, short_name, kind, parent, place_name="") -> Unit:
    existing = Unit.objects.filter(code=code, parent=parent).order_by(F("valid_to").desc(nulls_first=True)).first()
    if existing:
        return existing
    return services.unit_create(
        actor=None,
        name=name,
        short_name=short_name,
        code=code,
        kind=kind,
        parent=parent,
        place_name=place_name,
        valid_from=FOUNDED,
    )


def _still_active(*units: Unit) -> bool:
    return all(Unit.objects.get(pk=unit.pk).is_active for unit in units)


def load_units() -> Unit:
    province = Unit.objects.filter(code="UBND", parent=None).first() or services.unit_create(
        actor=None,
        name="Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
        short_name="UBND tỉnh",
        code="UBND",
        kind=UnitKind.PROVINCE,
        place_name="Bà Rịa - Vũng Tàu",
        valid_from=FOUNDED,
    )
    departments = {}
    for code, name, short_name, subunits in DEPARTMENTS:
        department = _ensure_unit(code, name, short_name, UnitKind.DEPARTMENT, province)
        departments[code] = department
        if not department.is_active:
            continue  # merged away already: its subunits live elsewhere now
        for sub_code, sub_name, sub_short, kind in subunits:
            _ensure_unit(sub_code, sub_name, sub_short, kind, department)

    # Seed 003: in 2020 Sở TT&TT merged its planning-finance division into its office.
    stttt = departments["STTTT"]
    office = Unit.objects.get(parent=stttt, code="VP")
    finance = Unit.objects.filter(parent=stttt, code="KHTC").first()
    if finance and _still_active(finance, office):
        services.units_merge(
            actor=None,
            units=[finance],
            into=office,
            effective_on=datetime.date(2020, 7, 1),
            decision="Quyết định sắp xếp tổ chức bộ máy năm 2020",
            note="Sáp nhập phòng Kế hoạch - Tài chính với Văn phòng Sở (seed 003).",
        )

    # DOMAIN.md §4: on 01/03/2025 Sở TT&TT merged into Sở KH&CN; its office merged into theirs.
    skhcn = departments["SKHCN"]
    if _still_active(stttt):
        services.units_merge(
            actor=None,
            units=[office],
            into=Unit.objects.get(parent=skhcn, code="VP", valid_to__isnull=True),
            effective_on=datetime.date(2025, 3, 1),
            note="Hợp nhất Văn phòng Sở TT&TT vào Văn phòng Sở KH&CN.",
        )
        services.units_merge(
            actor=None,
            units=[stttt],
            into=skhcn,
            effective_on=datetime.date(2025, 3, 1),
            decision="Nghị quyết về sắp xếp cơ quan chuyên môn thuộc UBND tỉnh, 2025",
            note="Hợp nhất Sở Thông tin và Truyền thông vào Sở Khoa học và Công nghệ.",
        )
    return province


def load_users(province: Unit) -> list[User]:
    users = []
    for username, full_name, title, role, (department_code, subunit_code) in USERS:
        unit = Unit.objects.get(parent=province, code=department_code, valid_to__isnull=True)
        if subunit_code:
            unit = Unit.objects.get(parent=unit, code=subunit_code, valid_to__isnull=True)
        user, _ = User.objects.get_or_create(username=username)
        user.full_name, user.title, user.role, user.unit = full_name, title, role, unit
        user.email = f"{username}@demo.cchc.local"
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role == Role.UNIT_HEAD and unit.head_id != user.pk:
            services.unit_set_head(actor=None, unit=unit, head=user)
        users.append(user)
    return users


def load() -> dict:
    province = load_units()
    users = load_users(province)
    return {"province": province, "users": users}
