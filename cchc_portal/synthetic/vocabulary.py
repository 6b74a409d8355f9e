"""The words of the synthetic province: its departments and their units, people's names, and the
templates findings, directives and task notes are written from (after the seeds and the demo).

Data only. Texts vary by template, subject, wording and numbers, so that search and the
"similar shortcoming" ranking meet both near-repeats and unrelated texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from units.models import UnitKind

D, C, T = UnitKind.DIVISION, UnitKind.SUB_DEPARTMENT, UnitKind.CENTRE


@dataclass(frozen=True)
class Sub:
    code: str
    name: str
    short_name: str
    kind: str


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str
    head_title: str  # the head's title; the deputy's is "Phó " + it, lower-cased
    subunits: tuple[Sub, ...]


def _subs(*rows) -> tuple[Sub, ...]:
    return tuple(Sub(*row) for row in rows)


OFFICE = ("VP", "Văn phòng Sở", "Văn phòng", D)
INSPECTORATE = ("TTr", "Thanh tra Sở", "Thanh tra", D)

# The specialised agencies (sở, ban, ngành) of a province under its People's Committee, without
# those the demo already has (Nội vụ, KH&CN, TT&TT, Tư pháp, Tài chính). Office first: it hosts the clerk.
AGENCIES = [
    Agency("Sở Xây dựng", "Sở XD", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLXD", "Phòng Quản lý xây dựng", "Phòng QLXD", D),
        ("CCGĐ", "Chi cục Giám định xây dựng", "Chi cục GĐXD", C),
        ("TTKĐ", "Trung tâm Kiểm định chất lượng xây dựng", "TT Kiểm định", T),
        ("QHKT", "Phòng Quy hoạch - Kiến trúc", "Phòng QH-KT", D),
        ("PTĐT", "Phòng Phát triển đô thị", "Phòng PTĐT", D),
        ("TTQH", "Trung tâm Quy hoạch xây dựng", "TT Quy hoạch", T),
        ("KTVL", "Phòng Kinh tế và Vật liệu xây dựng", "Phòng KT-VLXD", D),
    )),
    Agency("Sở Y tế", "Sở Y tế", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("NVY", "Phòng Nghiệp vụ Y", "Phòng NVY", D),
        ("CCDS", "Chi cục Dân số - Kế hoạch hóa gia đình", "Chi cục DS-KHHGĐ", C),
        ("CDC", "Trung tâm Kiểm soát bệnh tật", "CDC", T),
        ("NVD", "Phòng Nghiệp vụ Dược", "Phòng NVD", D),
        ("CCATTP", "Chi cục An toàn vệ sinh thực phẩm", "Chi cục ATVSTP", C),
        ("TTKN", "Trung tâm Kiểm nghiệm", "TT Kiểm nghiệm", T),
        ("TTGĐYK", "Trung tâm Giám định y khoa", "TT GĐYK", T),
    )),
    Agency("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("GDTrH", "Phòng Giáo dục Trung học", "Phòng GDTrH", D),
        ("TTGDTX", "Trung tâm Giáo dục thường xuyên tỉnh", "TT GDTX", T),
        ("GDMN", "Phòng Giáo dục Mầm non - Tiểu học", "Phòng GDMN-TH", D),
        ("KTKĐ", "Phòng Khảo thí và Kiểm định chất lượng giáo dục", "Phòng KT-KĐCLGD", D),
        ("TCCB", "Phòng Tổ chức cán bộ", "Phòng TCCB", D),
        ("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", D),
        ("TTNNTH", "Trung tâm Ngoại ngữ - Tin học", "TT NN-TH", T),
    )),
    Agency("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("ĐKKD", "Phòng Đăng ký kinh doanh", "Phòng ĐKKD", D),
        ("TTXT", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp", "TT Xúc tiến đầu tư", T),
        ("THQH", "Phòng Tổng hợp - Quy hoạch", "Phòng TH-QH", D),
        ("KTN", "Phòng Kinh tế ngành", "Phòng KTN", D),
        ("ĐTTĐ", "Phòng Đấu thầu, thẩm định và giám sát đầu tư", "Phòng ĐT-TĐ-GS", D),
        ("KTĐN", "Phòng Kinh tế đối ngoại", "Phòng KTĐN", D),
        ("DN", "Phòng Doanh nghiệp, kinh tế tập thể và tư nhân", "Phòng DN", D),
    )),
    Agency("Sở Công Thương", "Sở CT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLCN", "Phòng Quản lý công nghiệp", "Phòng QLCN", D),
        ("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "TT Khuyến công", T),
        ("QLTM", "Phòng Quản lý thương mại", "Phòng QLTM", D),
        ("QLNL", "Phòng Quản lý năng lượng", "Phòng QLNL", D),
        ("KTAT", "Phòng Kỹ thuật an toàn - Môi trường", "Phòng KTAT-MT", D),
    )),
    Agency("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("CCTL", "Chi cục Thủy lợi", "Chi cục Thủy lợi", C),
        ("CCCNTY", "Chi cục Chăn nuôi và Thú y", "Chi cục CN-TY", C),
        ("TTKN", "Trung tâm Khuyến nông", "TT Khuyến nông", T),
        ("CCTTBVTV", "Chi cục Trồng trọt và Bảo vệ thực vật", "Chi cục TT-BVTV", C),
        ("CCKL", "Chi cục Kiểm lâm", "Chi cục Kiểm lâm", C),
        ("CCPTNT", "Chi cục Phát triển nông thôn", "Chi cục PTNT", C),
        ("TTNS", "Trung tâm Nước sạch và Vệ sinh môi trường nông thôn", "TT Nước sạch", T),
    )),
    Agency("Sở Tài nguyên và Môi trường", "Sở TN&MT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLĐĐ", "Phòng Quản lý đất đai", "Phòng QLĐĐ", D),
        ("VPĐK", "Văn phòng Đăng ký đất đai", "VP Đăng ký đất đai", T),
        ("CCBVMT", "Chi cục Bảo vệ môi trường", "Chi cục BVMT", C),
        ("TNN", "Phòng Tài nguyên nước - Khoáng sản", "Phòng TNN-KS", D),
        ("CCBHĐ", "Chi cục Biển và Hải đảo", "Chi cục Biển và Hải đảo", C),
        ("TTQT", "Trung tâm Quan trắc tài nguyên và môi trường", "TT Quan trắc", T),
        ("TTPTQĐ", "Trung tâm Phát triển quỹ đất", "TT Phát triển quỹ đất", T),
    )),
    Agency("Sở Giao thông vận tải", "Sở GTVT", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLVT", "Phòng Quản lý vận tải", "Phòng QLVT", D),
        ("TTĐK", "Trung tâm Đăng kiểm phương tiện thủy bộ", "TT Đăng kiểm", T),
        ("QLKCHT", "Phòng Quản lý kết cấu hạ tầng giao thông", "Phòng QLKCHT", D),
        ("QLPT", "Phòng Quản lý phương tiện và người lái", "Phòng QLPT-NL", D),
        ("TTSH", "Trung tâm Sát hạch lái xe", "TT Sát hạch", T),
    )),
    Agency("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("LĐVL", "Phòng Lao động - Việc làm - Giáo dục nghề nghiệp", "Phòng LĐ-VL-GDNN", D),
        ("TTDVVL", "Trung tâm Dịch vụ việc làm", "TT DVVL", T),
        ("NCC", "Phòng Người có công", "Phòng NCC", D),
        ("BTXH", "Phòng Bảo trợ xã hội - Trẻ em - Bình đẳng giới", "Phòng BTXH", D),
        ("TTCTXH", "Trung tâm Công tác xã hội", "TT CTXH", T),
        ("CSCN", "Cơ sở cai nghiện ma túy tỉnh", "Cơ sở cai nghiện", T),
        ("PCTNXH", "Phòng Phòng, chống tệ nạn xã hội", "Phòng PCTNXH", D),
    )),
    Agency("Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLVH", "Phòng Quản lý văn hóa", "Phòng QLVH", D),
        ("TVT", "Thư viện tỉnh", "Thư viện tỉnh", T),
        ("QLTDTT", "Phòng Quản lý thể dục thể thao", "Phòng QLTDTT", D),
        ("BTT", "Bảo tàng tỉnh", "Bảo tàng tỉnh", T),
        ("QLDL", "Phòng Quản lý du lịch", "Phòng QLDL", D),
        ("TTHL", "Trung tâm Huấn luyện và Thi đấu thể thao", "TT Huấn luyện", T),
        ("TTVH", "Trung tâm Văn hóa - Điện ảnh", "TT VH-ĐA", T),
    )),
    Agency("Sở Ngoại vụ", "Sở Ngoại vụ", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("LS", "Phòng Lãnh sự và Người Việt Nam ở nước ngoài", "Phòng Lãnh sự", D),
        ("TTDVĐN", "Trung tâm Dịch vụ đối ngoại", "TT Dịch vụ đối ngoại", T),
        ("HTQT", "Phòng Hợp tác quốc tế", "Phòng HTQT", D),
        ("QLBG", "Phòng Quản lý biên giới", "Phòng QLBG", D),
    )),
    Agency("Sở Du lịch", "Sở Du lịch", "Giám đốc Sở", _subs(
        OFFICE, INSPECTORATE,
        ("QLLH", "Phòng Quản lý lữ hành", "Phòng QLLH", D),
        ("TTXTDL", "Trung tâm Thông tin và Xúc tiến du lịch", "TT Xúc tiến du lịch", T),
        ("QLCSLT", "Phòng Quản lý cơ sở lưu trú du lịch", "Phòng QLCSLT", D),
        ("NVDL", "Phòng Nghiệp vụ du lịch", "Phòng NVDL", D),
    )),
    Agency("Ban Dân tộc", "Ban Dân tộc", "Trưởng ban", _subs(
        ("VP", "Văn phòng Ban", "Văn phòng", D),
        ("TTr", "Thanh tra Ban", "Thanh tra", D),
        ("CS", "Phòng Chính sách", "Phòng Chính sách", D),
        ("KHTH", "Phòng Kế hoạch - Tổng hợp", "Phòng KH-TH", D),
        ("TTĐB", "Phòng Tuyên truyền và Địa bàn", "Phòng TT-ĐB", D),
    )),
    Agency("Thanh tra tỉnh", "Thanh tra tỉnh", "Chánh Thanh tra tỉnh", _subs(
        ("VP", "Văn phòng Thanh tra tỉnh", "Văn phòng", D),
        ("NV1", "Phòng Nghiệp vụ 1", "Phòng NV1", D),
        ("PCTN", "Phòng Phòng, chống tham nhũng", "Phòng PCTN", D),
        ("TCD", "Phòng Tiếp công dân và Xử lý đơn thư", "Phòng TCD", D),
        ("NV2", "Phòng Nghiệp vụ 2", "Phòng NV2", D),
        ("GSKT", "Phòng Giám sát, kiểm tra và xử lý sau thanh tra", "Phòng GS-KT", D),
        ("NV3", "Phòng Nghiệp vụ 3", "Phòng NV3", D),
    )),
    Agency("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", "Chánh Văn phòng", _subs(
        ("HCTC", "Phòng Hành chính - Tổ chức", "Phòng HC-TC", D),
        ("KSTT", "Phòng Kiểm soát thủ tục hành chính", "Phòng KSTTHC", D),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công", "TT PVHCC", T),
        ("TH", "Phòng Tổng hợp", "Phòng Tổng hợp", D),
        ("KT", "Phòng Kinh tế", "Phòng Kinh tế", D),
        ("VX", "Phòng Văn hóa - Xã hội", "Phòng VH-XH", D),
        ("NC", "Phòng Nội chính", "Phòng Nội chính", D),
        ("TTCB", "Trung tâm Công báo - Tin học", "TT Công báo - Tin học", T),
        ("QTTV", "Phòng Quản trị - Tài vụ", "Phòng QT-TV", D),
    )),
    Agency("Ban Quản lý các khu công nghiệp", "BQL các KCN", "Trưởng ban", _subs(
        ("VP", "Văn phòng Ban", "Văn phòng", D),
        ("QLĐT", "Phòng Quản lý đầu tư", "Phòng QLĐT", D),
        ("TTDVDN", "Trung tâm Dịch vụ hỗ trợ doanh nghiệp khu công nghiệp", "TT DV hỗ trợ DN", T),
        ("QLQH", "Phòng Quản lý quy hoạch - xây dựng", "Phòng QLQH-XD", D),
        ("QLMT", "Phòng Quản lý môi trường", "Phòng QLMT", D),
        ("QLLĐ", "Phòng Quản lý lao động", "Phòng QLLĐ", D),
    )),
    Agency("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", "Giám đốc Đài", _subs(
        ("TCHC", "Phòng Tổ chức - Hành chính", "Phòng TC-HC", D),
        ("TS", "Phòng Thời sự", "Phòng Thời sự", D),
        ("TTTD", "Trung tâm Truyền dẫn phát sóng", "TT Truyền dẫn", T),
        ("CĐ", "Phòng Chuyên đề", "Phòng Chuyên đề", D),
        ("KTCN", "Phòng Kỹ thuật - Công nghệ", "Phòng KT-CN", D),
        ("QCDV", "Phòng Quảng cáo - Dịch vụ", "Phòng QC-DV", D),
        ("BTCT", "Phòng Biên tập chương trình", "Phòng BTCT", D),
    )),
    Agency(
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "BQLDA DD&CN",
        "Giám đốc Ban",
        _subs(
            ("HCTH", "Phòng Hành chính - Tổng hợp", "Phòng HC-TH", D),
            ("QLDA1", "Phòng Quản lý dự án 1", "Phòng QLDA 1", D),
            ("KTTĐ", "Phòng Kỹ thuật - Thẩm định", "Phòng KT-TĐ", D),
            ("QLDA2", "Phòng Quản lý dự án 2", "Phòng QLDA 2", D),
        ),
    ),
    Agency(
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
        "BQLDA GT",
        "Giám đốc Ban",
        _subs(
            ("HCTH", "Phòng Hành chính - Tổng hợp", "Phòng HC-TH", D),
            ("ĐHDA", "Phòng Điều hành dự án", "Phòng ĐHDA", D),
            ("GPMB", "Phòng Giải phóng mặt bằng", "Phòng GPMB", D),
            ("KTTĐ", "Phòng Kỹ thuật - Thẩm định", "Phòng KT-TĐ", D),
        ),
    ),
    Agency("Quỹ Đầu tư phát triển tỉnh", "Quỹ ĐTPT", "Giám đốc Quỹ", _subs(
        ("HCTH", "Phòng Hành chính - Tổng hợp", "Phòng HC-TH", D),
        ("TDĐT", "Phòng Tín dụng đầu tư", "Phòng Tín dụng", D),
        ("QLRR", "Phòng Quản lý rủi ro", "Phòng QLRR", D),
        ("KTTC", "Phòng Kế toán - Tài chính", "Phòng KT-TC", D),
    )),
    Agency("Trường Cao đẳng Kỹ thuật Công nghệ tỉnh", "Trường CĐ KTCN", "Hiệu trưởng", _subs(
        ("TCHC", "Phòng Tổ chức - Hành chính", "Phòng TC-HC", D),
        ("ĐT", "Phòng Đào tạo", "Phòng Đào tạo", D),
        ("TTTS", "Trung tâm Tuyển sinh và Quan hệ doanh nghiệp", "TT Tuyển sinh", T),
        ("KCK", "Khoa Cơ khí - Động lực", "Khoa Cơ khí", D),
        ("KĐĐT", "Khoa Điện - Điện tử", "Khoa Điện", D),
        ("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", D),
    )),
    Agency("Viện Nghiên cứu phát triển tỉnh", "Viện NCPT", "Viện trưởng", _subs(
        ("HCTH", "Phòng Hành chính - Tổng hợp", "Phòng HC-TH", D),
        ("NCKT", "Phòng Nghiên cứu kinh tế", "Phòng NC Kinh tế", D),
        ("NCXH", "Phòng Nghiên cứu văn hóa - xã hội", "Phòng NC VH-XH", D),
        ("TTTL", "Phòng Thông tin - Tư liệu", "Phòng TT-TL", D),
    )),
    Agency("Ban Quản lý Vườn quốc gia Côn Đảo", "BQL VQG Côn Đảo", "Giám đốc", _subs(
        ("HCTH", "Phòng Hành chính - Tổng hợp", "Phòng HC-TH", D),
        ("HKL", "Hạt Kiểm lâm", "Hạt Kiểm lâm", C),
        ("TTDLST", "Trung tâm Du lịch sinh thái và Giáo dục môi trường", "TT Du lịch sinh thái", T),
        ("KHHTQT", "Phòng Khoa học và Hợp tác quốc tế", "Phòng KH-HTQT", D),
    )),
    Agency("Trường Cao đẳng Y tế tỉnh", "Trường CĐ Y tế", "Hiệu trưởng", _subs(
        ("TCHC", "Phòng Tổ chức - Hành chính", "Phòng TC-HC", D),
        ("ĐT", "Phòng Đào tạo", "Phòng Đào tạo", D),
        ("KĐD", "Khoa Điều dưỡng", "Khoa Điều dưỡng", D),
        ("KD", "Khoa Dược", "Khoa Dược", D),
    )),
]  # fmt: skip

# Added where an agency has fewer units than asked for (codes already present are skipped).
FILLERS = _subs(
    ("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", D),
    ("TCCB", "Phòng Tổ chức cán bộ", "Phòng TCCB", D),
    ("PC", "Phòng Pháp chế", "Phòng Pháp chế", D),
    ("TCHC", "Phòng Tổ chức - Hành chính", "Phòng TC-HC", D),
)


def agency(index: int) -> Agency:
    """The index-th synthetic department: the real list in turn, then again with a region after the name."""
    base = AGENCIES[index % len(AGENCIES)]
    cycle = index // len(AGENCIES)
    if not cycle:
        return base
    return Agency(
        f"{base.name} (khu vực {cycle + 1})", f"{base.short_name} KV{cycle + 1}", base.head_title, base.subunits
    )


def subunits(spec: Agency, count: int) -> list[Sub]:
    """`count` subunits of an agency: its own, then common divisions, then regional centres."""
    chosen = list(spec.subunits[:count])
    codes = {sub.code for sub in spec.subunits}
    for filler in FILLERS:
        if len(chosen) >= count:
            break
        if filler.code not in codes:
            chosen.append(filler)
            codes.add(filler.code)
    region = 1
    while len(chosen) < count:
        chosen.append(Sub(f"TTKV{region}", f"Trung tâm Dịch vụ công khu vực {region}", f"TT DVC KV{region}", T))
        region += 1
    return chosen


HEAD_TITLES = {D: "Trưởng phòng", C: "Chi cục trưởng", T: "Giám đốc Trung tâm"}
HEAD_TITLE_BY_CODE = {"VP": "Chánh Văn phòng", "TTr": "Chánh Thanh tra", "HKL": "Hạt trưởng"}

# --- people ----------------------------------------------------------------------------------

FAMILY = ["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + [
    "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
]  # fmt: skip
MIDDLE_MEN = ["Văn", "Minh", "Quốc", "Hữu", "Đức", "Thanh", "Hoàng", "Công", "Xuân", "Ngọc", "Tấn", "Trọng"]
MIDDLE_WOMEN = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Mỹ", "Bích", "Thùy"]
GIVEN_MEN = [
    "An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong",
    "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Lộc", "Nghĩa",
]  # fmt: skip
GIVEN_WOMEN = [
    "Anh", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngân", "Nhung", "Phương",
    "Thảo", "Trang", "Tuyết", "Vân", "Yến", "Thủy", "Dung",
]  # fmt: skip


def full_name(rng) -> str:
    if rng.random() < 0.55:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MEN)} {rng.choice(GIVEN_MEN)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_WOMEN)} {rng.choice(GIVEN_WOMEN)}"


OUTSIDE_MEMBERS = [
    ("Đại diện Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Đại diện Sở Tư pháp", "Sở Tư pháp"),
    ("Đại diện Sở Tài chính", "Sở Tài chính"),
    ("Đại diện Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
]

# --- plans and visits ------------------------------------------------------------------------

PROVINCE_PURPOSE = (
    "Đánh giá kết quả thực hiện công tác cải cách hành chính năm {year} của các sở, ban, ngành; kịp thời phát hiện, "
    "chấn chỉnh những tồn tại, hạn chế; làm cơ sở đánh giá, xếp hạng Chỉ số CCHC năm {year}."
)
SELF_PURPOSE = (
    "Đánh giá việc thực hiện nhiệm vụ CCHC năm {year} của các phòng, đơn vị thuộc {issuer}; đôn đốc khắc phục "
    "những hạn chế đã chỉ ra; nâng cao kết quả Chỉ số CCHC của {issuer}."
)
SUMMARY = (
    "{unit} báo cáo tóm tắt kết quả thực hiện công tác CCHC năm {year}, những khó khăn, vướng mắc và đề xuất, "
    "kiến nghị; giải trình, làm rõ các nội dung Đoàn kiểm tra đặt ra."
)
PLACES = ["Trụ sở {unit}", "Phòng họp {unit}", "Hội trường {unit}"]

# --- findings --------------------------------------------------------------------------------
# Per reform area: shortcomings as (subject, [ways it falls short], what the directive asks),
# strengths, and measured indicators as (name, unit, strength range, shortcoming range,
# strength sentence, shortcoming sentence); {v} is the value as Vietnamese write it.

AREAS = {
    "DIRECTION": {
        "shortcomings": [
            ("Kế hoạch CCHC năm {year} của đơn vị", ["chưa nêu chỉ tiêu cụ thể", "ban hành chậm so với thời hạn UBND tỉnh giao", "chưa phân công rõ phòng, đơn vị chủ trì và thời hạn hoàn thành"], "ban hành kế hoạch CCHC có chỉ tiêu cụ thể, phân công rõ đơn vị chủ trì và thời hạn hoàn thành"),
            ("Chế độ báo cáo CCHC định kỳ (hàng quý, 06 tháng, năm)", ["chưa đảm bảo đúng thời gian quy định", "nội dung báo cáo còn sơ sài, chưa bám sát kế hoạch", "còn gửi chậm báo cáo quý"], "đảm bảo chế độ báo cáo CCHC định kỳ đúng thời gian, bám sát các nội dung công việc được giao tại kế hoạch CCHC"),
            ("Công tác tuyên truyền CCHC", ["chưa được quan tâm thường xuyên", "hình thức còn đơn điệu, chủ yếu lồng ghép trong các cuộc họp cơ quan", "chưa có kế hoạch tuyên truyền riêng"], "xây dựng và triển khai kế hoạch tuyên truyền CCHC với nhiều hình thức phù hợp"),
            ("Trang thông tin điện tử của đơn vị", ["chưa thường xuyên cập nhật văn bản chỉ đạo, điều hành về CCHC", "chưa có chuyên mục CCHC, video hướng dẫn", "chưa đăng tải đầy đủ tin bài về CCHC"], "thường xuyên cập nhật văn bản chỉ đạo, điều hành và tin bài về CCHC trên Trang thông tin điện tử"),
            ("Việc kiểm tra công tác CCHC tại các phòng, đơn vị trực thuộc", ["chưa thực hiện theo kế hoạch", "chưa đạt tỷ lệ tối thiểu 30% số đơn vị trực thuộc", "chưa có báo cáo kết quả kiểm tra"], "tổ chức kiểm tra công tác CCHC tại các phòng, đơn vị trực thuộc theo kế hoạch và báo cáo kết quả"),
            ("Việc khắc phục các tồn tại, hạn chế sau kiểm tra CCHC năm trước", ["chưa triệt để", "chưa có báo cáo kết quả khắc phục", "còn chậm so với thời hạn yêu cầu"], "khắc phục triệt để các tồn tại, hạn chế đã được chỉ ra và báo cáo kết quả kèm tài liệu kiểm chứng"),
            ("Việc tự đánh giá, chấm điểm Chỉ số CCHC", ["chưa chính xác, còn chênh lệch so với kết quả thẩm định", "tài liệu kiểm chứng chưa đầy đủ", "gửi chậm so với thời hạn"], "tự đánh giá, chấm điểm Chỉ số CCHC chính xác, có đầy đủ tài liệu kiểm chứng"),
        ],
        "strengths": [
            "Ban hành Kế hoạch CCHC năm {year} kịp thời, xác định rõ nhiệm vụ, sản phẩm và thời hạn hoàn thành",
            "Thủ trưởng đơn vị trực tiếp chỉ đạo, điều hành công tác CCHC; phân công cụ thể cho từng phòng, đơn vị",
            "Thực hiện đầy đủ chế độ báo cáo CCHC định kỳ hàng quý, 06 tháng và năm đúng thời gian quy định",
            "Công tác tuyên truyền CCHC được quan tâm với nhiều hình thức như sinh hoạt chuyên đề, đăng tin trên Trang thông tin điện tử",
            "Tổ chức kiểm tra công tác CCHC tại {n} phòng, đơn vị trực thuộc theo đúng kế hoạch",
            "Đã khắc phục cơ bản các tồn tại, hạn chế được chỉ ra sau kiểm tra CCHC năm {prev}",
            "Đưa kết quả thực hiện nhiệm vụ CCHC vào đánh giá, xếp loại và bình xét thi đua, khen thưởng cuối năm",
        ],
        "indicators": [
            ("Tỷ lệ nhiệm vụ CCHC hoàn thành đúng hạn", "%", (90, 100), (55, 85), "Tỷ lệ nhiệm vụ trong kế hoạch CCHC hoàn thành đúng hạn đạt {v}%", "Tỷ lệ nhiệm vụ trong kế hoạch CCHC hoàn thành đúng hạn mới đạt {v}%"),
        ],
    },
    "INSTITUTIONS": {
        "shortcomings": [
            ("Công tác rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực quản lý", ["chưa thực hiện thường xuyên", "chưa kịp thời phát hiện văn bản hết hiệu lực", "chưa có báo cáo kết quả rà soát"], "thường xuyên rà soát, hệ thống hóa văn bản quy phạm pháp luật, kịp thời tham mưu sửa đổi, bổ sung, bãi bỏ văn bản không còn phù hợp"),
            ("Việc tham mưu UBND tỉnh ban hành văn bản quy phạm pháp luật theo chương trình", ["còn chậm so với kế hoạch", "chưa đảm bảo chất lượng, phải chỉnh sửa nhiều lần", "chưa lấy ý kiến rộng rãi đối tượng chịu tác động"], "tham mưu ban hành văn bản quy phạm pháp luật đúng tiến độ, bảo đảm chất lượng và lấy ý kiến đối tượng chịu tác động"),
            ("Công tác theo dõi thi hành pháp luật", ["chưa có kế hoạch cụ thể", "chưa tổ chức kiểm tra", "chưa báo cáo kết quả theo quy định"], "xây dựng kế hoạch và tổ chức theo dõi thi hành pháp luật trong lĩnh vực quản lý"),
            ("Việc phổ biến, giáo dục pháp luật cho công chức, viên chức", ["chưa thường xuyên", "hình thức chưa đa dạng", "chưa cập nhật văn bản mới"], "đẩy mạnh phổ biến, giáo dục pháp luật cho công chức, viên chức, kịp thời cập nhật văn bản mới"),
            ("Quy chế làm việc của đơn vị", ["chưa được sửa đổi, bổ sung kịp thời", "một số nội dung không còn phù hợp với quy định hiện hành"], "rà soát, sửa đổi, bổ sung quy chế làm việc phù hợp với quy định hiện hành"),
            ("Quy định về xét, công nhận sáng kiến", ["chưa được tham mưu sửa đổi, bổ sung", "còn bất cập, chưa khuyến khích được sáng kiến trong CCHC"], "tham mưu UBND tỉnh ban hành quy định sửa đổi, bổ sung quy định về xét sáng kiến"),
        ],
        "strengths": [
            "Chất lượng văn bản tham mưu UBND tỉnh tương đối tốt, chưa xảy ra sai sót",
            "Hoàn thành rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực quản lý theo kế hoạch",
            "Tham mưu ban hành các văn bản quy phạm pháp luật đúng tiến độ chương trình xây dựng văn bản của UBND tỉnh",
            "Nhiệt tình xây dựng, thẩm định, góp ý văn bản quy phạm pháp luật của các sở, ngành trước khi ban hành",
            "Tổ chức phổ biến kịp thời các văn bản pháp luật mới đến công chức, viên chức và người lao động",
        ],
        "indicators": [
            ("Văn bản quy phạm pháp luật được rà soát", "văn bản", (20, 80), (5, 30), "Đã rà soát {v} văn bản quy phạm pháp luật, kịp thời đề xuất sửa đổi, bổ sung các văn bản không còn phù hợp", "Trong {v} văn bản quy phạm pháp luật được rà soát, còn một số văn bản chưa được đề xuất xử lý kịp thời"),
        ],
    },
    "PROCEDURES": {
        "shortcomings": [
            ("Việc công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả", ["chưa đầy đủ, một số TTHC niêm yết chưa được cập nhật", "chưa đúng quy định về hình thức niêm yết"], "công khai đầy đủ, kịp thời TTHC tại Bộ phận tiếp nhận và trả kết quả theo đúng quy định"),
            ("Việc cập nhật TTHC trên Cơ sở dữ liệu quốc gia và Cổng dịch vụ công của tỉnh", ["còn chậm", "chưa đồng bộ với quyết định công bố"], "cập nhật kịp thời, đồng bộ TTHC trên Cơ sở dữ liệu quốc gia và Cổng dịch vụ công của tỉnh"),
            ("Công tác rà soát, đơn giản hóa TTHC", ["chưa đạt chỉ tiêu đề ra", "chưa đề xuất được phương án đơn giản hóa cụ thể", "chưa rút ngắn được thời gian giải quyết hồ sơ"], "rà soát, đề xuất phương án đơn giản hóa TTHC, rút ngắn thời gian giải quyết hồ sơ"),
            ("Công tác lấy ý kiến khách hàng về kết quả giải quyết TTHC", ["đạt hiệu quả chưa cao", "chưa thực hiện thường xuyên", "chưa tổng hợp, phân tích kết quả"], "thực hiện tốt công tác lấy ý kiến khách hàng về kết quả giải quyết thủ tục hành chính"),
            ("Việc giải quyết hồ sơ TTHC", ["còn hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, công dân", "chưa ghi đầy đủ thông tin trong sổ theo dõi giải quyết TTHC"], "giải quyết hồ sơ TTHC đúng hạn, thực hiện xin lỗi tổ chức, công dân đối với hồ sơ trễ hạn theo quy định"),
            ("Việc số hóa hồ sơ, kết quả giải quyết TTHC", ["chưa thực hiện đầy đủ", "tỷ lệ còn thấp so với chỉ tiêu"], "số hóa hồ sơ, kết quả giải quyết TTHC theo quy định"),
            ("Việc tiếp nhận hồ sơ và trả kết quả qua dịch vụ bưu chính công ích", ["chưa được triển khai", "còn ít, chưa được tuyên truyền rộng rãi"], "đẩy mạnh tiếp nhận hồ sơ và trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích"),
            ("Việc bố trí nơi làm việc của Bộ phận một cửa", ["chưa hợp lý, thiếu ghế ngồi cho người dân", "chưa niêm yết số điện thoại đường dây nóng ở nơi dễ nhìn"], "bố trí nơi làm việc của Bộ phận một cửa thuận tiện, niêm yết số điện thoại đường dây nóng ở nơi dễ nhìn"),
        ],
        "strengths": [
            "Việc giải quyết các TTHC được đảm bảo đúng thời gian quy định",
            "Công khai đầy đủ các TTHC thuộc thẩm quyền tại Bộ phận tiếp nhận và trả kết quả và trên Cổng dịch vụ công của tỉnh",
            "Hoàn thành chỉ tiêu đề xuất đơn giản hóa TTHC theo kế hoạch đầu năm",
            "Không có phản ánh, kiến nghị của tổ chức, cá nhân về quy định hành chính và việc giải quyết TTHC",
            "Bộ phận tiếp nhận và trả kết quả bố trí công chức có chuyên môn phù hợp, thái độ phục vụ tận tình",
        ],
        "indicators": [
            ("Hồ sơ tiếp nhận", "hồ sơ", (300, 6000), (80, 900), "Bộ phận tiếp nhận và trả kết quả đã tiếp nhận {v} hồ sơ; hầu hết được giải quyết đúng và trước hẹn", "Trong {v} hồ sơ đã tiếp nhận vẫn còn hồ sơ giải quyết quá hạn"),
            ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%", (96, 100), (70, 95), "Tỷ lệ hồ sơ TTHC giải quyết đúng và trước hạn đạt {v}%", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn mới đạt {v}%, chưa đạt chỉ tiêu của UBND tỉnh"),
            ("Tỷ lệ TTHC đề xuất đơn giản hóa", "%", (20, 35), (5, 15), "Đã đề xuất đơn giản hóa {v}% số TTHC được phê duyệt theo kế hoạch", "Tỷ lệ TTHC được đề xuất đơn giản hóa mới đạt {v}%, thấp hơn chỉ tiêu 20%"),
        ],
    },
    "ORGANISATION": {
        "shortcomings": [
            ("Việc rà soát chức năng, nhiệm vụ, cơ cấu tổ chức của các phòng, đơn vị", ["chưa hoàn thành", "còn chồng chéo giữa một số phòng chuyên môn"], "rà soát, hoàn thiện chức năng, nhiệm vụ, cơ cấu tổ chức của các phòng, đơn vị, khắc phục chồng chéo"),
            ("Đề án vị trí việc làm", ["chưa được điều chỉnh kịp thời theo quy định mới", "chưa được trình phê duyệt"], "hoàn thiện, trình phê duyệt điều chỉnh đề án vị trí việc làm theo quy định"),
            ("Việc thực hiện tinh giản biên chế", ["chưa đạt lộ trình đề ra", "chưa có kế hoạch cụ thể"], "thực hiện tinh giản biên chế theo đúng lộ trình quy định"),
            ("Việc phân cấp quản lý đối với đơn vị sự nghiệp trực thuộc", ["chưa được tham mưu thực hiện", "chưa rõ trách nhiệm của từng cấp"], "tham mưu thực hiện phân cấp quản lý đối với đơn vị sự nghiệp trực thuộc"),
            ("Việc sắp xếp, kiện toàn tổ chức bộ máy", ["còn chậm so với kế hoạch", "chưa giảm được đầu mối bên trong"], "đẩy nhanh sắp xếp, kiện toàn tổ chức bộ máy tinh gọn, giảm đầu mối bên trong"),
            ("Việc thực hiện cơ chế tự chủ tại đơn vị sự nghiệp", ["chưa xây dựng phương án tự chủ", "mức độ tự chủ tài chính còn thấp"], "xây dựng phương án tự chủ tài chính của đơn vị sự nghiệp theo lộ trình"),
        ],
        "strengths": [
            "Đã rà soát chức năng, nhiệm vụ các phòng, đơn vị và sắp xếp tinh gọn tổ chức bộ máy",
            "Ban hành quy chế làm việc, phân công nhiệm vụ rõ ràng cho từng phòng, đơn vị",
            "Quản lý, sử dụng biên chế được giao đúng quy định",
            "Hoàn thành việc sắp xếp các phòng chuyên môn theo hướng tinh gọn, giảm đầu mối",
        ],
        "indicators": [
            ("Số biên chế tinh giản", "người", (3, 15), (1, 3), "Đã tinh giản {v} biên chế theo lộ trình", "Mới tinh giản {v} biên chế, chưa đạt lộ trình đề ra"),
        ],
    },
    "CIVIL_SERVICE": {
        "shortcomings": [
            ("Công tác đào tạo, bồi dưỡng chuyên môn, nghiệp vụ cho công chức, viên chức", ["chưa được quan tâm đúng mức", "chưa đạt kế hoạch năm"], "tăng cường đào tạo, bồi dưỡng chuyên môn, nghiệp vụ cho công chức, viên chức theo kế hoạch"),
            ("Tiến độ tuyển dụng viên chức", ["còn chậm", "chưa đúng kế hoạch được phê duyệt"], "đẩy nhanh tiến độ tuyển dụng viên chức theo kế hoạch được phê duyệt"),
            ("Việc chuyển đổi vị trí công tác định kỳ", ["chưa thực hiện theo kế hoạch", "chưa ban hành kế hoạch chuyển đổi"], "ban hành và thực hiện kế hoạch chuyển đổi vị trí công tác theo quy định"),
            ("Việc đánh giá, xếp loại chất lượng công chức, viên chức", ["còn hình thức", "chưa gắn với kết quả thực hiện nhiệm vụ được giao"], "đánh giá, xếp loại chất lượng công chức, viên chức gắn với kết quả thực hiện nhiệm vụ"),
            ("Hồ sơ lưu trữ công chức, viên chức", ["còn tồn đọng, chưa được chỉnh lý", "chưa cập nhật đầy đủ trên phần mềm quản lý"], "chỉnh lý, cập nhật đầy đủ hồ sơ công chức, viên chức trên phần mềm quản lý"),
            ("Việc chấp hành kỷ luật, kỷ cương hành chính", ["còn trường hợp đi muộn, về sớm", "việc đeo thẻ công chức khi thi hành công vụ chưa nghiêm"], "tăng cường kỷ luật, kỷ cương hành chính trong thi hành công vụ"),
        ],
        "strengths": [
            "Thực hiện tốt chế độ, chính sách đối với công chức, viên chức như nâng lương trước hạn",
            "Bố trí công chức, viên chức theo đúng vị trí việc làm được phê duyệt",
            "Thực hiện nghiêm kỷ luật, kỷ cương hành chính; không có trường hợp vi phạm phải xử lý kỷ luật",
            "Nâng cao trình độ chuyên môn, nghiệp vụ và xây dựng đội ngũ tại bộ phận một cửa đáp ứng yêu cầu CCHC",
        ],
        "indicators": [
            ("Lượt công chức, viên chức được đào tạo, bồi dưỡng", "lượt", (15, 120), (2, 12), "Cử {v} lượt công chức, viên chức tham gia các lớp đào tạo, bồi dưỡng chuyên môn, nghiệp vụ, chính trị", "Chỉ cử được {v} lượt công chức, viên chức tham gia đào tạo, bồi dưỡng, chưa đạt kế hoạch"),
        ],
    },
    "PUBLIC_FINANCE": {
        "shortcomings": [
            ("Quy chế chi tiêu nội bộ", ["chưa được sửa đổi, bổ sung kịp thời", "một số định mức chi chưa phù hợp"], "sửa đổi, bổ sung quy chế chi tiêu nội bộ phù hợp với quy định hiện hành"),
            ("Việc công khai dự toán, quyết toán ngân sách", ["chưa đầy đủ", "chưa đúng thời hạn quy định"], "công khai dự toán, quyết toán ngân sách đầy đủ, đúng thời hạn"),
            ("Việc quản lý, sử dụng tài sản công", ["chưa cập nhật đầy đủ vào phần mềm quản lý tài sản", "chưa ban hành quy chế quản lý, sử dụng tài sản"], "quản lý, sử dụng tài sản công theo quy định, cập nhật đầy đủ vào phần mềm quản lý tài sản"),
            ("Việc phân phối thu nhập tăng thêm", ["còn thấp so với mặt bằng chung của các đơn vị sự nghiệp", "chưa gắn với hiệu quả công việc"], "nghiên cứu cải thiện quỹ tăng thu nhập, gắn phân phối thu nhập tăng thêm với hiệu quả công việc"),
            ("Tiến độ giải ngân vốn đầu tư công", ["còn chậm", "chưa đạt kế hoạch được giao"], "đẩy nhanh tiến độ giải ngân vốn đầu tư công được giao"),
            ("Việc thực hành tiết kiệm, chống lãng phí", ["chưa có kế hoạch cụ thể", "chưa báo cáo kết quả định kỳ"], "xây dựng kế hoạch và báo cáo định kỳ kết quả thực hành tiết kiệm, chống lãng phí"),
        ],
        "strengths": [
            "Ban hành quy chế chi tiêu nội bộ, quy định rõ thẩm quyền chi và định mức các khoản chi",
            "Thực hiện công khai dự toán, quyết toán ngân sách đúng quy định",
            "Thực hiện tiết kiệm chi thường xuyên, tăng thu nhập cho công chức, viên chức và người lao động",
            "Quản lý, sử dụng tài sản công đúng mục đích, tiết kiệm, hiệu quả",
        ],
        "indicators": [
            ("Tỷ lệ giải ngân vốn đầu tư công", "%", (85, 100), (35, 70), "Giải ngân vốn đầu tư công đạt {v}% kế hoạch được giao", "Tỷ lệ giải ngân vốn đầu tư công mới đạt {v}% kế hoạch"),
        ],
    },
    "MODERNISATION": {
        "shortcomings": [
            ("Việc xử lý văn bản trên hệ thống quản lý văn bản và điều hành", ["chưa triệt để, còn gửi văn bản giấy song song", "một số công chức chưa sử dụng thường xuyên"], "xử lý văn bản trên hệ thống quản lý văn bản và điều hành theo luồng, hạn chế gửi văn bản giấy"),
            ("Việc sử dụng chữ ký số trong văn bản điện tử", ["chưa đầy đủ", "còn ít, chủ yếu ở cấp lãnh đạo"], "sử dụng chữ ký số cho văn bản điện tử gửi đi theo đúng quy định"),
            ("Việc sử dụng hộp thư điện tử công vụ", ["còn hạn chế", "chưa được công chức, viên chức quan tâm trao đổi, giải quyết công việc"], "tăng cường trao đổi, giải quyết công việc qua hộp thư điện tử công vụ"),
            ("Tỷ lệ hồ sơ trực tuyến toàn trình", ["còn thấp", "chưa đạt chỉ tiêu UBND tỉnh giao"], "đẩy mạnh tiếp nhận, giải quyết hồ sơ trực tuyến toàn trình"),
            ("Việc nộp hồ sơ trực tuyến mức độ 4 đối với TTHC có thu phí", ["chưa thực hiện được do chưa ký hợp đồng thanh toán với ngân hàng", "chưa tích hợp thanh toán trực tuyến"], "hoàn thành tích hợp thanh toán trực tuyến để xử lý hồ sơ trực tuyến mức độ 4 của các thủ tục có thu phí"),
            ("Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015", ["chưa được duy trì, cập nhật thường xuyên", "chưa được chuyển đổi từ phiên bản 2008"], "duy trì, cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015"),
            ("Giao diện trang thông tin điện tử trên thiết bị di động", ["chưa được xây dựng", "chưa hỗ trợ người khuyết tật"], "xây dựng giao diện trang thông tin điện tử hỗ trợ thiết bị di động và người khuyết tật"),
            ("Việc bảo đảm an toàn thông tin mạng", ["chưa có phương án cụ thể", "chưa phê duyệt cấp độ hệ thống thông tin"], "xây dựng phương án bảo đảm an toàn thông tin, phê duyệt cấp độ hệ thống thông tin"),
        ],
        "strengths": [
            "Tỷ lệ ứng dụng công nghệ thông tin và xử lý văn bản trên hệ thống mạng đạt tỷ lệ rất cao",
            "Duy trì, áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 vào hoạt động của cơ quan",
            "Tất cả công chức, viên chức sử dụng hộp thư điện tử công vụ trong giải quyết công việc",
            "Triển khai phần mềm một cửa điện tử; văn bản đi được ký số và gửi trên hệ thống quản lý văn bản",
        ],
        "indicators": [
            ("Dịch vụ công trực tuyến mức độ 4", "dịch vụ", (20, 80), (2, 15), "Cung cấp {v} dịch vụ công trực tuyến mức độ 4 trên Cổng dịch vụ công của tỉnh", "Mới cung cấp {v} dịch vụ công trực tuyến mức độ 4, số hồ sơ phát sinh trực tuyến còn ít"),
            ("Tỷ lệ văn bản điện tử có ký số", "%", (95, 100), (50, 85), "Tỷ lệ văn bản đi được ký số và gửi trên môi trường điện tử đạt {v}%", "Tỷ lệ văn bản đi được ký số mới đạt {v}%"),
            ("Tỷ lệ hồ sơ trực tuyến toàn trình", "%", (60, 95), (10, 45), "Tỷ lệ hồ sơ trực tuyến toàn trình đạt {v}%, vượt chỉ tiêu UBND tỉnh giao", "Tỷ lệ hồ sơ trực tuyến toàn trình mới đạt {v}%, chưa đạt chỉ tiêu UBND tỉnh giao"),
        ],
    },
}  # fmt: skip

# For an area an administrator added: texts that fit any reform area.
GENERIC_AREA = {
    "shortcomings": [
        ("Việc triển khai các nhiệm vụ của lĩnh vực này trong kế hoạch CCHC", ["còn chậm", "chưa đạt yêu cầu"], "triển khai đầy đủ, đúng tiến độ các nhiệm vụ của lĩnh vực trong kế hoạch CCHC"),
    ],
    "strengths": ["Thực hiện đầy đủ các nhiệm vụ của lĩnh vực theo kế hoạch CCHC năm {year}"],
    "indicators": [],
}  # fmt: skip

SHORTCOMING_DETAILS = [""] * 6 + [
    ", nhất là tại các phòng chuyên môn",
    " trong {quarter} năm {year}",
    "; nguyên nhân chủ yếu do chưa bố trí công chức theo dõi, tham mưu",
    ", chưa đáp ứng yêu cầu của Bộ chỉ số CCHC năm {year}",
    "; hạn chế này đã được chỉ ra trong đợt kiểm tra năm {prev}",
    " (đơn vị đang khắc phục)",
    ", ảnh hưởng đến kết quả đánh giá Chỉ số CCHC",
    "; còn {n} nội dung chưa hoàn thành",
    " ({n}/{m} phòng, đơn vị chưa thực hiện)",
    ", tính đến thời điểm kiểm tra mới đạt khoảng {pct}% kế hoạch",
]
STRENGTH_DETAILS = [""] * 5 + [
    " trong năm {year}",
    "; được Đoàn kiểm tra ghi nhận, đánh giá cao",
    ", góp phần nâng cao Chỉ số CCHC của đơn vị",
    ", vượt chỉ tiêu kế hoạch đề ra",
]
QUARTERS = ["quý I", "quý II", "quý III", "06 tháng đầu"]

# --- directives ------------------------------------------------------------------------------

DIRECTIVE_LEADS = [
    "Khẩn trương",
    "Tập trung",
    "Tiếp tục",
    "Thủ trưởng đơn vị chỉ đạo",
    "Chỉ đạo các phòng chuyên môn",
    "Đề nghị đơn vị",
]
DIRECTIVE_TAILS = [""] * 3 + [
    "; báo cáo kết quả thực hiện về Đoàn kiểm tra",
    ", gửi kèm tài liệu kiểm chứng",
    " trong năm {year}",
]
GENERAL_DIRECTIVES = [
    "Thủ trưởng đơn vị tiếp tục tuyên truyền đến các cán bộ, công chức viên chức nâng cao tinh thần trách nhiệm trong "
    "công tác cải cách hành chính, xem đây như là một nhiệm vụ trọng tâm của cơ quan.",
    "Đảm bảo chế độ báo cáo CCHC định kỳ (hàng quý, 06 tháng, năm) đúng thời gian, bám sát thực hiện các nội dung "
    "công việc được giao tại kế hoạch CCHC.",
    "Các đơn vị nghiêm túc tổ chức, phân công thực hiện khắc phục những thiếu sót đã chỉ ra và báo cáo kết quả kèm tài "
    "liệu kiểm chứng.",
]

# --- task notes ------------------------------------------------------------------------------

PROGRESS_NOTES = [
    "Đơn vị đã giao Văn phòng chủ trì, đang triển khai thực hiện.",
    "Đã xây dựng dự thảo, đang lấy ý kiến các phòng chuyên môn.",
    "Đang phối hợp với Sở Nội vụ để hoàn thiện nội dung.",
    "Đã hoàn thành khoảng {pct}% khối lượng công việc; dự kiến hoàn thành trước thời hạn.",
    "Đã tổ chức họp triển khai, phân công cụ thể cho từng phòng, đơn vị.",
    "Đang rà soát, tổng hợp số liệu để báo cáo.",
]
SUBMIT_NOTES = [
    "Đã hoàn thành nội dung khắc phục (kèm theo Báo cáo số {n}/BC).",
    "Đơn vị đã thực hiện xong; đề nghị Đoàn kiểm tra xem xét.",
    "Đã ban hành văn bản triển khai và tổ chức thực hiện đầy đủ.",
    "Đã khắc phục xong các tồn tại được chỉ ra; tài liệu kiểm chứng gửi kèm.",
    "Đã cập nhật đầy đủ và báo cáo kết quả thực hiện.",
]
RETURN_REASONS = [
    "Chưa gửi kèm tài liệu kiểm chứng.",
    "Báo cáo chưa nêu rõ kết quả khắc phục đối với từng nội dung.",
    "Tài liệu kiểm chứng chưa phù hợp với nội dung kiến nghị.",
    "Nội dung khắc phục chưa đầy đủ; đề nghị bổ sung số liệu cụ thể.",
]
ACCEPT_NOTES = ["", "", "Đạt yêu cầu.", "Đoàn kiểm tra ghi nhận kết quả khắc phục."]
EVIDENCE_NAMES = ["bao-cao-khac-phuc.pdf", "van-ban-trien-khai.pdf", "tai-lieu-kiem-chung.pdf", "bien-ban-hop.pdf"]
