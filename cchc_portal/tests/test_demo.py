import io

from django.core.management import call_command

from inspections.models import Finding, InspectionPlan, InspectionVisit
from units.models import Reorganisation, Unit, User


def snapshot():
    return (
        Unit.objects.count(),
        Reorganisation.objects.count(),
        User.objects.count(),
        InspectionPlan.objects.count(),
        InspectionVisit.objects.count(),
        Finding.objects.count(),
    )


def test_load_demo_is_idempotent_and_builds_the_seeds(db):
    call_command("load_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    # Seed 002: three units of Sở KH&CN inspected in 2021 under 09/KH-SKHCN, with their shortcomings.
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    assert sorted(plan.visits.values_list("unit__code", flat=True)) == ["CCTĐC", "TTKTTĐC", "TTTTUD"]
    assert plan.visits.filter(status="concluded").count() == 3
    assert Finding.objects.filter(visit__plan=plan, kind="shortcoming").count() == 6
    # Sở TT&TT merged into Sở KH&CN on 01/03/2025; its 2020 visits still name it as it was.
    stttt = Unit.objects.get(code="STTTT")
    assert not stttt.is_active and stttt.valid_to.isoformat() == "2025-03-01"
    office = Unit.objects.get(code="VP", versions__parent=stttt, valid_to__isnull=False)
    assert office.name_on(stttt.valid_to.replace(year=2020)) == "Văn phòng Sở"
    # The demo logins of API.md.
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "noivu",
        "truongdoan",
        "thanhvien",
        "donvi",
    }
    assert User.objects.get(username="donvi").unit.name == "Chi cục Tiêu chuẩn Đo lường Chất lượng"
