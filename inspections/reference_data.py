"""The reform areas of the 2021-2030 programme (DOMAIN.md §3), as shipped.

The data migration seeded these once; after that they are data an
administrator edits. `ensure_default_areas` restores missing ones (demo data,
tests that flush the database) without touching edited ones.
"""

DEFAULT_AREAS = [
    ("DIRECTION", "Công tác chỉ đạo, điều hành CCHC"),
    ("INSTITUTIONS", "Cải cách thể chế"),
    ("PROCEDURES", "Cải cách thủ tục hành chính"),
    ("ORGANISATION", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("CIVIL_SERVICE", "Cải cách chế độ công vụ; xây dựng, nâng cao chất lượng đội ngũ CBCCVC"),
    ("PUBLIC_FINANCE", "Cải cách tài chính công"),
    ("MODERNISATION", "Hiện đại hóa nền hành chính; xây dựng chính quyền điện tử, chính quyền số"),
]


def ensure_default_areas(model) -> None:
    """Create the missing default areas; `model` is ReformArea (or its historical version in a migration)."""
    for position, (code, name) in enumerate(DEFAULT_AREAS, start=1):
        model.objects.get_or_create(code=code, defaults={"name": name, "position": position})
