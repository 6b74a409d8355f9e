import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from units.importing import import_units, read_unit_rows
from units.models import Unit

HEADER = "code,name,short_name,kind,parent_code,place_name,valid_from\n"


def csv_file(body: str, name="units.csv"):
    data = io.BytesIO((HEADER + body).encode("utf-8-sig"))
    data.name = name
    return data


def xlsx_file(rows, name="units.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã", "Tên", "Tên viết tắt", "Loại", "Mã cấp trên", "Địa danh", "Hiệu lực từ"])
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = name
    return data


def test_csv_import_creates_new_department_with_its_subunits(cast):
    rows = read_unit_rows(
        csv_file(
            # A child may come before its parent in the file.
            "TTr,Thanh tra Sở,,division,SGDĐT,,01/01/2015\n"
            "SGDĐT,Sở Giáo dục và Đào tạo,Sở GD&ĐT,department,UBND,,01/01/2015\n"
        )
    )
    report = import_units(actor=cast.admin, rows=rows, dry_run=False)
    assert report.is_valid, report.errors
    department = Unit.objects.get(code="SGDĐT")
    assert department.parent == cast.province and department.valid_from == datetime.date(2015, 1, 1)
    assert department.place_name == "Bà Rịa - Vũng Tàu"  # inherited from the parent
    assert Unit.objects.get(code="TTr", parent=department).path.startswith(department.path)


def test_xlsx_with_vietnamese_headers_and_labels(cast):
    rows = read_unit_rows(
        xlsx_file([["TTKT", "Trung tâm Kiểm định", "", "Trung tâm", "SKHCN", "", datetime.date(2020, 5, 1)]])
    )
    report = import_units(actor=cast.admin, rows=rows, dry_run=False)
    assert report.is_valid, report.errors
    unit = Unit.objects.get(code="TTKT")
    assert (unit.kind, unit.parent, unit.valid_from) == ("centre", cast.department, datetime.date(2020, 5, 1))


def test_dry_run_writes_nothing(cast):
    before = Unit.objects.count()
    rows = read_unit_rows(csv_file("SYT,Sở Y tế,,department,UBND,,\n"))
    report = import_units(actor=cast.admin, rows=rows, dry_run=True)
    assert report.is_valid and report.created == []
    assert Unit.objects.count() == before


def test_every_bad_row_is_reported_and_nothing_is_imported(cast):
    body = (
        "SYT,Sở Y tế,,department,UBND,,\n"  # line 2: good
        ",Sở Không Mã,,department,UBND,,\n"  # line 3: missing code
        "SXD,,,department,UBND,,\n"  # line 4: missing name
        "SGT,Sở Giao thông,,bogus,UBND,,\n"  # line 5: unknown kind
        "PX,Phòng X,,division,NOPE,,\n"  # line 6: unknown parent
        "SYT,Sở Y tế lần hai,,department,UBND,,\n"  # line 7: duplicate in the file
        "CCTĐC,Chi cục trùng,,sub_department,SKHCN,,\n"  # line 8: duplicate of an existing unit
        "PY,Phòng Y,,division,SYT,,31/02/2020\n"  # line 9: impossible date; parent SYT ambiguous (lines 2 and 7)
        "A1,Vòng A,,division,B1,,\n"  # line 10: circle
        "B1,Vòng B,,division,A1,,\n"  # line 11: circle
        "UB2,UBND khác,,province,UBND,,\n"  # line 12: a province has no parent
        "PZ,Phòng Z,,division,VP,,\n"  # line 13: VP is not ambiguous (one unit)... see below
    )
    before = Unit.objects.count()
    report = import_units(actor=cast.admin, rows=read_unit_rows(csv_file(body)), dry_run=False)
    found = {(error.line, error.column) for error in report.errors}
    assert (3, "code") in found
    assert (4, "name") in found
    assert (5, "kind") in found
    assert (6, "parent_code") in found
    assert (7, "code") in found
    assert (8, "code") in found
    assert (9, "valid_from") in found and (9, "parent_code") in found
    assert (10, "parent_code") in found and (11, "parent_code") in found
    assert (12, "parent_code") in found
    assert not any(error.line in (2, 13) for error in report.errors)
    assert not report.is_valid and report.created == []
    assert Unit.objects.count() == before
    messages = {error.line: error.message for error in report.errors}
    assert messages[6] == "Không tìm thấy đơn vị cấp trên có mã NOPE."


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"anything", "units.txt", ".csv"),
        (b"", "units.csv", "không có dữ liệu"),
        (b"code,name\nX,Y\n", "units.csv", "kind"),
        (b"not a zip", "units.xlsx", "XLSX"),
        ("code,name,kind,parent_code\n".encode("utf-16"), "units.csv", "UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_message(content, name, message, db):
    data = io.BytesIO(content)
    data.name = name
    with pytest.raises(ValidationError) as error:
        read_unit_rows(data)
    assert message in " ".join(error.value.messages)


@pytest.fixture
def two_provinces(cast):
    """Cần Thơ beside Bà Rịa - Vũng Tàu, both with a Sở Tư pháp coded STP."""
    from units.models import UnitKind
    from units.tests.factories import make_unit

    city = make_unit("UBNDCT", "Ủy ban nhân dân thành phố Cần Thơ", UnitKind.PROVINCE, None, place_name="Cần Thơ")
    return city, make_unit("STP", "Sở Tư pháp", UnitKind.DEPARTMENT, city)


def test_a_code_used_in_two_provinces_is_explained_with_both_places(cast, two_provinces):
    report = import_units(
        actor=cast.admin, rows=read_unit_rows(csv_file("PHC,Phòng Hành chính,,Phòng,STP,,\n")), dry_run=True
    )
    [error] = report.errors
    assert error.column == "parent_code"
    # Both candidates, each by its path, and how to say which one.
    assert "Ủy ban nhân dân thành phố Cần Thơ → Sở Tư pháp (UBNDCT/STP)" in error.message
    assert "(UBND/STP)" in error.message and "UBNDCT/STP" in error.message
    assert report.rows[0].problems == [f"Mã cấp trên: {error.message}"]


def test_a_code_path_or_a_chosen_province_names_the_parent(cast, two_provinces):
    city, city_justice = two_provinces
    by_path = import_units(
        actor=cast.admin, rows=read_unit_rows(csv_file("PHC,Phòng Hành chính,,Phòng,UBNDCT/STP,,\n")), dry_run=True
    )
    assert by_path.is_valid, by_path.errors
    assert by_path.rows[0].parent_unit == city_justice
    assert by_path.rows[0].parent_label == "Ủy ban nhân dân thành phố Cần Thơ → Sở Tư pháp (UBNDCT/STP)"
    by_province = import_units(
        actor=cast.admin,
        rows=read_unit_rows(csv_file("PHC,Phòng Hành chính,,Phòng,STP,,\n")),
        dry_run=False,
        province=city,
    )
    assert by_province.is_valid and Unit.objects.get(code="PHC").parent == city_justice


def test_a_new_city_imported_whole_resolves_its_own_paths(cast):
    # STC exists already in Bà Rịa - Vũng Tàu? No: but STP does, and the file's rows come in any order.
    body = (
        "VP,Văn phòng Sở,,Phòng,UBNDCT/STP,,01/01/2014\n"
        "STP,Sở Tư pháp,,Sở,UBNDCT,Cần Thơ,01/01/2014\n"
        "UBNDCT,UBND thành phố Cần Thơ,,UBND thành phố,,Cần Thơ,01/01/2014\n"
        "STC,Sở Tài chính,,Sở,UBNDCT,Cần Thơ,01/01/2014\n"
    )
    report = import_units(actor=cast.admin, rows=read_unit_rows(csv_file(body)), dry_run=False)
    assert report.is_valid, report.errors
    city = Unit.objects.get(code="UBNDCT")
    office = Unit.objects.get(code="VP", parent__parent=city)
    assert office.parent.code == "STP" and office.path.startswith(city.path)
    assert report.rows[0].parent_label == "Sở Tư pháp (dòng 3 của tệp)"


def test_a_path_that_leads_nowhere_says_where_the_code_exists(cast):
    report = import_units(
        actor=cast.admin, rows=read_unit_rows(csv_file("PX,Phòng X,,Phòng,UBNDCT/STP,,\n")), dry_run=True
    )
    [error] = report.errors
    assert (
        "UBNDCT/STP" in error.message
        and "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu → Sở Tư pháp (UBND/STP)" in error.message
    )


def test_the_sample_file_is_in_vietnamese_and_imports_as_it_is(cast, client):
    client.force_login(cast.admin)
    response = client.get(reverse("units:import_template"))
    text = response.content.decode("utf-8-sig")
    header, first, second, _third = text.splitlines()
    assert header == "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Mã cấp trên,Địa danh,Hiệu lực từ"
    assert ",Sở,UBND," in first and ",Phòng,UBND/SGDĐT," in second
    data = io.BytesIO(response.content)
    data.name = "mau.csv"
    report = import_units(actor=cast.admin, rows=read_unit_rows(data), dry_run=False)
    assert report.is_valid, report.errors
    assert Unit.objects.get(code="TTr", parent__code="SGDĐT").kind == "division"


def test_the_import_page_previews_every_row_with_its_parent_and_problems(cast, client, two_provinces):
    client.force_login(cast.admin)
    body = "PHC,Phòng Hành chính,,Phòng,STP,,\nPKT,Phòng Kế toán,,Phòng,UBND/STP,,\n"
    upload = csv_file(body)
    page = client.post(reverse("units:import"), {"file": upload}).content.decode()
    assert 'data-testid="import-preview"' in page and 'data-testid="import-errors"' in page
    assert "trùng với nhiều đơn vị" in page  # line 2, on its row
    assert "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu → Sở Tư pháp (UBND/STP)" in page  # line 3's parent, resolved
    city, _justice = two_provinces
    upload = csv_file(body.replace("UBND/STP", "STP"))
    page = client.post(reverse("units:import"), {"file": upload, "province": city.pk}).content.decode()
    assert 'data-testid="import-ok"' in page
    token = client.session["unit_import"]["token"]
    client.post(reverse("units:import"), {"confirm": token})
    assert set(Unit.objects.filter(code__in=["PHC", "PKT"]).values_list("parent__parent", flat=True)) == {city.pk}


def test_odd_parent_codes_are_row_errors_not_crashes(cast):
    body = (
        "PA,Phòng A,,Phòng,/,,\n"  # line 2: a path of nothing
        "SX,Sở X,,không rõ,UBND,,\n"  # line 3: unknown kind
        "PB,Phòng B,,Phòng,SX,,\n"  # line 4: its parent (line 3) is broken
    )
    report = import_units(actor=cast.admin, rows=read_unit_rows(csv_file(body)), dry_run=True)
    messages = {(error.line, error.column): error.message for error in report.errors}
    assert "Ghi mã đơn vị cấp trên" in messages[(2, "parent_code")]
    assert "dòng 3 có lỗi" in messages[(4, "parent_code")]


def test_a_long_chain_in_the_file_is_placed_without_recursion(cast):
    body = "".join(f"P{n},Phòng {n},,Phòng,{'SKHCN' if n == 0 else f'P{n - 1}'},,\n" for n in range(1500))
    report = import_units(actor=cast.admin, rows=read_unit_rows(csv_file(body)), dry_run=True)
    assert report.is_valid, report.errors[:3]
