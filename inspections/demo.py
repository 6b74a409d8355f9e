"""Demo inspections from the seed documents (000, 002, 003, 004) and a current plan.

Idempotent: a plan is found by issuer, year and title; an existing plan is left as it is.
"""

import datetime

from django.utils import timezone

from units.models import Unit, User

from . import services
from .models import InspectionPlan, PlanKind, PlanStatus, ReformArea, TeamRole
from .reference_data import ensure_default_areas

D = datetime.date

# (area code, kind, text, indicators)
SEED_000 = [
    ("INSTITUTIONS", "strength", "Chất lượng văn bản tham mưu UBND tỉnh tương đối tốt, chưa xảy ra sai sót.", []),
    ("PROCEDURES", "strength", "Việc giải quyết các TTHC được đảm bảo đúng thời gian.", []),
    (
        "MODERNISATION",
        "strength",
        "Tỷ lệ ứng dụng công nghệ thông tin và xử lý văn bản trên hệ thống mạng đạt tỷ lệ rất cao (xấp xỉ 100%); "
        "có nhiều sáng kiến áp dụng trong lĩnh vực cải cách hành chính.",
        [{"name": "Tỷ lệ văn bản xử lý trên hệ thống mạng", "value": "99", "unit": "%"}],
    ),
    (
        "INSTITUTIONS",
        "shortcoming",
        "Cần chú trọng cải cách thể chế, tiếp tục tham mưu UBND tỉnh ban hành quy định sửa đổi, bổ sung quy định "
        "về xét sáng kiến.",
        [],
    ),
    (
        "PROCEDURES",
        "shortcoming",
        "Cần rà soát đơn giản hóa TTHC, nhất là rút ngắn thời gian giải quyết hồ sơ; đề ra biện pháp giải quyết hồ sơ "
        "qua bưu điện đối với các TTHC có thành phần hồ sơ phức tạp; công bố công khai, cập nhật TTHC kịp thời.",
        [],
    ),
    ("ORGANISATION", "shortcoming", "Cần lưu ý thực hiện tinh giản biên chế theo quy định chung.", []),
    (
        "CIVIL_SERVICE",
        "shortcoming",
        "Cần tăng cường công tác đào tạo, bồi dưỡng chuyên môn, nghiệp vụ đội ngũ công chức, viên chức.",
        [],
    ),
    (
        "MODERNISATION",
        "shortcoming",
        "Còn bất cập trong việc triển khai hệ thống quản lý văn bản và điều hành I-office; công chức, viên chức chưa "
        "quan tâm trao đổi, giải quyết công việc qua hộp thư điện tử công vụ.",
        [],
    ),
]

COMMON_2021 = (
    "DIRECTION",
    "strength",
    "Đơn vị đã cơ bản thực hiện tốt các nhiệm vụ trọng tâm kế hoạch CCHC được UBND "
    "tỉnh giao, kế hoạch CCHC của Sở và các nội dung tiêu chí Bộ chỉ số CCHC năm 2021.",
    [],
)
SEED_002 = {
    "CCTĐC": [
        COMMON_2021,
        (
            "PROCEDURES",
            "shortcoming",
            "Công tác lấy ý kiến khách hàng về kết quả thực hiện giải quyết thủ tục hành chính đạt hiệu quả chưa cao.",
            [],
        ),
        (
            "MODERNISATION",
            "shortcoming",
            "Việc nộp hồ sơ trực tuyến mức độ 4 của một số thủ tục có thu phí chưa thực hiện được do Chi cục chưa thực "
            "hiện ký hợp đồng với ngân hàng (hiện tại Chi cục đang liên hệ triển khai ký hợp đồng).",
            [],
        ),
    ],
    "TTKTTĐC": [
        COMMON_2021,
        ("MODERNISATION", "shortcoming", "Chưa quan tâm nhiều đến phần mềm quản lý văn bản Idesk và chữ ký số.", []),
    ],
    "TTTTUD": [
        COMMON_2021,
        (
            "MODERNISATION",
            "shortcoming",
            "Trung tâm chưa xây dựng các giao diện Web hỗ trợ trên điện thoại di động theo kế hoạch cải cách hành chính "
            "năm 2021.",
            [],
        ),
        ("MODERNISATION", "shortcoming", "Chưa đổi hệ thống quản lý chất lượng ISO 9001:2008 sang phiên bản 2015.", []),
        (
            "PUBLIC_FINANCE",
            "shortcoming",
            "Việc phân phối thu nhập tăng thêm ở mức như vậy còn thấp so với mặt bằng chung của các đơn vị sự nghiệp.",
            [],
        ),
    ],
}

SEED_003 = {
    "VP": [
        (
            "PROCEDURES",
            "strength",
            "Công tác rà soát TTHC đã hoàn thành chỉ tiêu đề xuất đơn giản hóa 20% số TTHC được phê duyệt theo kế hoạch "
            "đầu năm; đã trình Chủ tịch UBND tỉnh phương án đơn giản hóa TTHC thuộc thẩm quyền của Sở.",
            [{"name": "Tỷ lệ TTHC đề xuất đơn giản hóa", "value": "20", "unit": "%"}],
        ),
        (
            "INSTITUTIONS",
            "strength",
            "Văn phòng Sở đã tham mưu lãnh đạo Sở ký kế hoạch về theo dõi thi hành pháp luật theo đúng thời gian quy định.",
            [],
        ),
        (
            "ORGANISATION",
            "strength",
            "Đã rà soát chức năng, nhiệm vụ các phòng thuộc Sở và sắp xếp tinh gọn tổ chức bộ máy, sáp nhập phòng Tài "
            "chính kế hoạch với Văn phòng Sở.",
            [],
        ),
        (
            "ORGANISATION",
            "shortcoming",
            "Chưa tham mưu lãnh đạo Sở thực hiện phân cấp quản lý đối với đơn vị sự nghiệp trực thuộc.",
            [],
        ),
        (
            "CIVIL_SERVICE",
            "shortcoming",
            "Tiến độ kế hoạch tuyển dụng viên chức còn chậm; hồ sơ lưu trữ còn tồn đọng.",
            [],
        ),
    ],
    "TTBCXB": [
        (
            "DIRECTION",
            "strength",
            "Công tác tuyên truyền được quan tâm thực hiện với nhiều hình thức như sinh hoạt chuyên đề về CCHC, đăng tin "
            "lên Trang Thông tin điện tử CCHC của Tỉnh, của Sở.",
            [],
        ),
        (
            "DIRECTION",
            "shortcoming",
            "Trang Thông tin điện tử của Sở chưa thường xuyên cập nhật văn bản chỉ đạo, điều hành về CCHC; chưa có chuyên "
            "mục CCHC, video hướng dẫn, tin bài về CCHC.",
            [],
        ),
    ],
    "TTCNTT": [
        (
            "MODERNISATION",
            "strength",
            "Công chức, viên chức thực hiện tốt việc ứng dụng công nghệ thông tin vào hoạt động của cơ quan, áp dụng hệ "
            "thống quản lý chất lượng, xây dựng các quy trình thực hiện chức năng, nhiệm vụ.",
            [],
        ),
        (
            "CIVIL_SERVICE",
            "strength",
            "Cử đào tạo, tập huấn chuyên môn nghiệp vụ, bồi dưỡng theo chức danh, ngạch, bồi dưỡng chính trị đạt kế hoạch "
            "năm 2020; thực hiện tốt chế độ, chính sách như nâng lương trước hạn.",
            [],
        ),
    ],
}

SEED_004 = {
    "STP": [
        (
            "DIRECTION",
            "strength",
            "Có kế hoạch thực hiện CCHC ngay từ đầu năm; quan tâm công tác bồi dưỡng cán bộ và "
            "công tác thông tin, tuyên truyền.",
            [],
        ),
        ("PROCEDURES", "strength", "Công khai các thủ tục hành chính đến người dân.", []),
        (
            "INSTITUTIONS",
            "strength",
            "Nhiệt tình xây dựng, thẩm định, góp ý văn bản quy phạm pháp luật của các sở, ngành trước khi ban hành.",
            [],
        ),
        ("DIRECTION", "shortcoming", "Kế hoạch thực hiện CCHC chưa nêu chỉ tiêu cụ thể.", []),
        (
            "MODERNISATION",
            "shortcoming",
            "Tỷ lệ văn bản điện tử gửi đi còn hạn chế; cán bộ sử dụng thư điện tử còn ít.",
            [],
        ),
        (
            "PROCEDURES",
            "shortcoming",
            "Bố trí, sắp xếp ghế ngồi cho người dân đến giải quyết thủ tục hành chính chưa hợp lý; số điện thoại đường "
            "dây nóng giải quyết thủ tục hành chính cần bố trí nơi dễ nhìn.",
            [],
        ),
    ],
    "STC": [
        (
            "PROCEDURES",
            "strength",
            "Bộ phận tiếp nhận và trả kết quả đã tiếp nhận và giải quyết 380 hồ sơ; hầu hết giải quyết đúng và trước hẹn, "
            "69 hồ sơ đang giải quyết.",
            [
                {"name": "Hồ sơ tiếp nhận", "value": "380", "unit": "hồ sơ"},
                {"name": "Hồ sơ đang giải quyết", "value": "69", "unit": "hồ sơ"},
            ],
        ),
        (
            "CIVIL_SERVICE",
            "strength",
            "Nâng cao trình độ chuyên môn, nghiệp vụ và xây dựng đội ngũ tại bộ phận một cửa đáp ứng yêu cầu CCHC.",
            [],
        ),
        (
            "DIRECTION",
            "shortcoming",
            "Giám đốc Sở nên trực tiếp chỉ đạo, điều hành hoạt động CCHC tại Sở theo quy định, "
            "không nên giao cho Phó Giám đốc Sở phụ trách.",
            [],
        ),
        (
            "PROCEDURES",
            "shortcoming",
            "Cần niêm yết quy chế, nội quy làm việc tại cơ quan và bộ phận tiếp nhận, trả kết "
            "quả; cập nhật kịp thời TTHC; ghi đầy đủ thông tin trong sổ theo dõi giải quyết TTHC.",
            [],
        ),
        (
            "MODERNISATION",
            "shortcoming",
            "Cần tăng cường tỷ lệ trao đổi, gửi văn bản điện tử, thư điện tử trong đội ngũ "
            "cán bộ, công chức, viên chức và với các sở, ngành khác.",
            [],
        ),
    ],
}


def _unit(code: str, parent: Unit) -> Unit:
    return Unit.objects.get(code=code, parent=parent, valid_to__isnull=True)


def _record(visit, leader, findings):
    areas = {area.code: area for area in ReformArea.objects.all()}
    for code, kind, text, indicators in findings:
        services.finding_create(
            actor=leader, visit=visit, area=areas[code], kind=kind, text=text, indicators=indicators
        )


def _plan(*, issuer, year, title, **extra):
    existing = InspectionPlan.objects.filter(issuer=issuer, year=year, title=title).first()
    if existing:
        return existing, False
    plan = services.plan_create(actor=None, issuer=issuer, year=year, title=title, **extra)
    return plan, True


def _team(plan, members):
    team = plan.teams.first()
    for member in members:
        services.team_member_add(actor=None, team=team, **member)
    return team


def load(province: Unit) -> dict:
    ensure_default_areas(ReformArea)
    users = {user.username: user for user in User.objects.filter(username__in=["noivu", "truongdoan", "thanhvien"])}
    skhcn = Unit.objects.get(parent=province, code="SKHCN")
    stttt = Unit.objects.get(parent=province, code="STTTT")
    plans = {}

    # Seed 000: the provincial team visits Sở KH&CN on 04/07/2017 under plan 2523/KH-UBND.
    plan, new = _plan(
        issuer=province,
        year=2017,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2017",
        kind=PlanKind.PROVINCE,
        number="2523/KH-UBND",
        issued_on=D(2017, 6, 8),
        status=PlanStatus.ISSUED,
        purpose="Kiểm tra việc thực hiện công tác cải cách hành chính tại các sở, ban, ngành.",
    )
    if new:
        _team(
            plan,
            [
                {"user": users["noivu"], "role": TeamRole.LEADER, "agency": "Sở Nội vụ"},
                {"full_name": "Đại diện Văn phòng UBND tỉnh", "agency": "Văn phòng UBND tỉnh"},
                {"full_name": "Đại diện Sở Tư pháp", "agency": "Sở Tư pháp"},
                {"full_name": "Đại diện Sở Thông tin và Truyền thông", "agency": "Sở Thông tin và Truyền thông"},
            ],
        )
        visit = services.visit_schedule(actor=None, plan=plan, unit=skhcn, scheduled_on=D(2017, 7, 4), place="Sở KH&CN")
        services.visit_set_attendees(actor=None, visit=visit, attendees=[("ông Lâm Văn Tân", "Giám đốc Sở KH&CN")])
        services.visit_update_summary(
            actor=None,
            visit=visit,
            unit_summary="Sở KH&CN báo cáo tóm tắt những kết quả nổi bật trong thực hiện công tác CCHC, phản ánh khó "
            "khăn, hạn chế và đề xuất, kiến nghị.",
        )
        _record(visit, users["noivu"], SEED_000)
        services.visit_conclude(actor=users["noivu"], visit=visit)
    plans["2017"] = plan

    # Seed 004: the team visits Sở Tư pháp and Sở Tài chính on 25/09/2014.
    plan, new = _plan(
        issuer=province,
        year=2014,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2014",
        kind=PlanKind.PROVINCE,
        status=PlanStatus.CLOSED,
    )
    if new:
        _team(
            plan,
            [
                {"user": users["noivu"], "role": TeamRole.LEADER, "agency": "Sở Nội vụ"},
                {"full_name": "Nguyễn Khải Hoàn", "title": "Phó Giám đốc Sở Nội vụ", "role": TeamRole.DEPUTY},
            ],
        )
        for code in ("STP", "STC"):
            visit = services.visit_schedule(
                actor=None, plan=plan, unit=_unit(code, province), scheduled_on=D(2014, 9, 25)
            )
            _record(visit, users["noivu"], SEED_004[code])
            services.visit_conclude(actor=users["noivu"], visit=visit)
    plans["2014"] = plan

    # Seed 003: Sở TT&TT inspects its own divisions and centre in 2020 (before the 2025 merger).
    plan, new = _plan(
        issuer=stttt,
        year=2020,
        title="Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2020",
        kind=PlanKind.SELF,
        status=PlanStatus.CLOSED,
    )
    if new:
        leader = {"full_name": "Quốc Cường", "title": "Tổ trưởng Tổ kiểm tra", "role": TeamRole.LEADER}
        _team(plan, [leader, {"user": users["noivu"], "role": TeamRole.MEMBER, "agency": "Sở Nội vụ"}])
        for number, code in enumerate(("VP", "TTBCXB", "TTCNTT")):
            unit = Unit.objects.filter(code=code, versions__parent=stttt).distinct().get()
            visit = services.visit_schedule(actor=None, plan=plan, unit=unit, scheduled_on=D(2020, 11, 10 + number))
            _record(visit, users["noivu"], SEED_003[code])
            services.visit_conclude(actor=None, visit=visit)
    plans["2020"] = plan

    # Seed 002: Sở KH&CN's self-inspection of its three units in 2021 under plan 09/KH-SKHCN.
    plan, new = _plan(
        issuer=skhcn,
        year=2021,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2021",
        kind=PlanKind.SELF,
        number="09/KH-SKHCN",
        issued_on=D(2021, 2, 23),
        status=PlanStatus.ISSUED,
    )
    if new:
        _team(
            plan,
            [
                {"user": users["truongdoan"], "role": TeamRole.LEADER, "agency": "Sở Khoa học và Công nghệ"},
                {"user": users["thanhvien"], "role": TeamRole.MEMBER, "agency": "Thanh tra Sở"},
            ],
        )
        for number, code in enumerate(("CCTĐC", "TTKTTĐC", "TTTTUD")):
            visit = services.visit_schedule(
                actor=None, plan=plan, unit=_unit(code, skhcn), scheduled_on=D(2021, 9, 14 + number)
            )
            _record(visit, users["truongdoan"], SEED_002[code])
            services.visit_conclude(actor=users["truongdoan"], visit=visit)
    plans["2021"] = plan

    # This year's self-inspection, with a visit today, so a newcomer meets a live one.
    today = timezone.localdate()
    plan, new = _plan(
        issuer=skhcn,
        year=today.year,
        title=f"Kế hoạch kiểm tra công tác cải cách hành chính năm {today.year}",
        kind=PlanKind.SELF,
        status=PlanStatus.DRAFT,
        purpose="Đánh giá việc thực hiện nhiệm vụ CCHC của các đơn vị thuộc Sở; đôn đốc khắc phục hạn chế đã chỉ ra.",
    )
    if new:
        _team(
            plan,
            [
                {"user": users["truongdoan"], "role": TeamRole.LEADER, "agency": "Sở Khoa học và Công nghệ"},
                {"user": users["thanhvien"], "role": TeamRole.MEMBER, "agency": "Thanh tra Sở"},
            ],
        )
        for offset, code in ((0, "CCTĐC"), (7, "TTTTUD"), (14, "CNTT")):
            services.visit_schedule(
                actor=None, plan=plan, unit=_unit(code, skhcn), scheduled_on=today + datetime.timedelta(days=offset)
            )
    plans["current"] = plan
    return plans
