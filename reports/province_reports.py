"""Drafts of the province's reports, from its figures: the annual results report, the remediation status
report, and a unit's inspection history.

Like `builders`, each returns the editable fields of a `Document` in Vietnamese (an official text),
plus its tables (`[bảng N]` in the body places the N-th) and the figures snapshot its charts are
drawn from (`[biểu đồ by_area]`, `[biểu đồ remediation]`, `[biểu đồ trends]`). The numbers are the
dashboard's (`figures_for`), counted at the moment the draft is made.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from inspections.models import Finding, FindingKind, PlanKind
from inspections.selectors import plans_visible_to, visits_visible_to
from remediation.selectors import tasks_visible_to
from remediation.states import overdue_q
from units.models import User, pick_version
from units.selectors import unit_history, unit_versions_for

from .builders import plan_reference
from .figures import Selection, figures_for
from .models import DocumentKind

COPIES = "UBND tỉnh (b/c);\nLưu: VT, CCHC."


def _share(value) -> str:
    return f"{value}%" if value is not None else "–"


def _selection_words(selection: Selection) -> str:
    """ "năm 2026", "từ ngày 01/03/2026 đến ngày 30/06/2026", "theo Kế hoạch …", for the text."""
    parts = []
    if selection.year:
        parts.append(f"năm {selection.year}")
    if selection.plan:
        parts.append(f"theo {selection.plan.title}")
    if selection.date_from or selection.date_to:
        start = f"từ ngày {selection.date_from:%d/%m/%Y}" if selection.date_from else ""
        end = f"đến ngày {selection.date_to:%d/%m/%Y}" if selection.date_to else ""
        parts.append(" ".join(p for p in (start, end) if p))
    return ", ".join(parts) or "qua các năm"


def _by_department_table(figures: dict) -> list[list[str]]:
    header = ["STT", "Đơn vị", "Đã kiểm tra/ kế hoạch", "Kết quả đạt được", "Hạn chế", "Nhiệm vụ khắc phục",
              "Đã hoàn thành", "Quá hạn", "Tỷ lệ đúng hạn"]  # fmt: skip
    rows = [header]
    for number, row in enumerate(figures["by_department"], start=1):
        rows.append([str(number), row["name"], f"{row['concluded']}/{row['visits']}", str(row["strengths"]),
                     str(row["shortcomings"]), str(row["tasks"]), str(row["accepted"]), str(row["overdue"]),
                     _share(row["on_time_share"])])  # fmt: skip
    return rows


def _heat_table(figures: dict) -> dict:
    areas = figures["areas"]
    rows = [["STT", "Đơn vị", *[area["name"] for area in areas], "Tổng"]]
    for number, row in enumerate(figures["by_department"], start=1):
        counts = [str(row["shortcomings_by_area"].get(area["code"], 0)) for area in areas]
        rows.append([str(number), row["name"], *counts, str(row["shortcomings"])])
    return {"title": "Số hạn chế theo đơn vị và lĩnh vực", "rows": rows}


def _trend_table(figures: dict) -> dict:
    rows = [["Năm", "Số cuộc kiểm tra", "Hạn chế phát hiện", "Nhiệm vụ khắc phục", "Tỷ lệ đúng hạn"]]
    rows += [[str(r["year"]), str(r["visits"]), str(r["shortcomings"]), str(r["tasks"]), _share(r["on_time_share"])]
             for r in figures["trends"]]  # fmt: skip
    return {"title": "Kết quả qua các năm", "rows": rows}


def _task_sentence(tasks: dict) -> str:
    return (
        f"Tổng số nhiệm vụ khắc phục: {tasks['tasks']}; đã hoàn thành: {tasks['accepted']}; đã báo cáo, chờ thẩm "
        f"định: {tasks['submitted']}; đang thực hiện: {tasks['in_progress']}; chưa thực hiện: {tasks['open']}; bị trả "
        f"lại: {tasks['returned']}; quá hạn: {tasks['overdue']}. Tỷ lệ hoàn thành đúng hạn: {_share(tasks['on_time_share'])} "
        "(trong số nhiệm vụ đã hoàn thành hoặc đã quá hạn)."
    )


def build_annual_report(user: User, selection: Selection) -> dict:
    """Báo cáo kết quả kiểm tra công tác CCHC năm …: the province plan and every department's self-inspection."""
    figures = figures_for(user, selection)
    when = _selection_words(selection)
    kinds = figures["visits_by_kind"]
    province_plans = plans_visible_to(user).filter(kind=PlanKind.PROVINCE, year=selection.year).select_related("issuer")
    references = "; ".join(plan_reference(plan) for plan in province_plans.order_by("pk")) or "kế hoạch kiểm tra"
    names = {area["code"]: area["name"] for area in figures["areas"]}
    body = [
        f"Thực hiện {references}, Sở Nội vụ báo cáo kết quả kiểm tra công tác cải cách hành chính {when} như sau:",
        "# I. KẾT QUẢ THỰC HIỆN KẾ HOẠCH KIỂM TRA",
        f"Đoàn kiểm tra của tỉnh đã kiểm tra {kinds[PlanKind.PROVINCE]['concluded']}/"
        f"{kinds[PlanKind.PROVINCE]['planned']} đơn vị theo kế hoạch; các sở, ban, ngành tự kiểm tra "
        f"{kinds[PlanKind.SELF]['concluded']}/{kinds[PlanKind.SELF]['planned']} đơn vị thuộc, trực thuộc. Tổng cộng "
        f"{figures['visits']['concluded']}/{figures['visits']['planned']} cuộc kiểm tra đã hoàn thành (Bảng 1).",
        "[bảng]",
        "# II. KẾT QUẢ KIỂM TRA THEO LĨNH VỰC",
        "[biểu đồ by_area]",
    ]
    for number, area in enumerate(figures["by_area"], start=1):
        repeated = f", trong đó {area['repeated']} hạn chế lặp lại từ các năm trước" if area["repeated"] else ""
        body.append(
            f"{number}. {area['name']}: {area['strengths']} kết quả đạt được, {area['shortcomings']} hạn chế{repeated}."
        )
    frequent = figures["frequent_shortcomings"]
    if frequent:
        body.append("Các hạn chế thường gặp:")
        body += [f"- {item['text']} ({names.get(item['area'], '')}: {item['count']} lượt)" for item in frequent]
    body += ["Số hạn chế theo từng đơn vị và lĩnh vực tại Bảng 2.", "[bảng 2]"]
    body += ["# III. TÌNH HÌNH KHẮC PHỤC SAU KIỂM TRA", "[biểu đồ remediation]", _task_sentence(figures["tasks"])]
    lagging = [row for row in figures["by_department"] if row["overdue"]]
    if lagging:
        worst = sorted(lagging, key=lambda row: -row["overdue"])[:5]
        body.append(
            "Các đơn vị còn nhiều nhiệm vụ quá hạn: "
            + "; ".join(f"{row['name']} ({row['overdue']} nhiệm vụ)" for row in worst)
            + "."
        )
    if figures["repeated_shortcomings"]:
        body.append("# IV. HẠN CHẾ LẶP LẠI TỪ CÁC NĂM TRƯỚC")
        body += [f"- {item['unit_name']}: {item['text']} (đã nêu năm {item['first_year']})"
                 for item in figures["repeated_shortcomings"]]  # fmt: skip
    body += [
        "# V. KẾT QUẢ QUA CÁC NĂM",
        "[biểu đồ trends]",
        "[bảng 3]",
        "# VI. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị các sở, ban, ngành, địa phương nghiêm túc khắc phục các hạn chế đã chỉ ra, báo cáo kết quả kèm tài "
        "liệu kiểm chứng; hoàn thành dứt điểm các nhiệm vụ quá hạn. Kết quả kiểm tra là căn cứ đánh giá, xác định Chỉ "
        "số cải cách hành chính và bình xét thi đua, khen thưởng năm.",
    ]
    return {
        "subject": f"Kết quả kiểm tra công tác cải cách hành chính {when}",
        "recipients": "Ủy ban nhân dân tỉnh",
        "body": "\n".join(body),
        "table": _by_department_table(figures),
        "tables": [_heat_table(figures), _trend_table(figures)],
        "figures": figures,
        "copies_to": COPIES,
    }


def _overdue_rows(user: User, selection: Selection, today: datetime.date) -> list[list[str]]:
    tasks = (
        tasks_visible_to(user)
        .filter(selection.visits_q("directive__visit__"), selection.unit_q("unit__"), overdue_q(today))
        .select_related("unit", "directive")
        .order_by("unit__name", "due_on", "pk")
    )
    rows = [["STT", "Đơn vị", "Nội dung khắc phục", "Hạn", "Quá hạn (ngày)", "Trạng thái"]]
    for number, task in enumerate(tasks.iterator(chunk_size=2000), start=1):
        rows.append([str(number), task.unit.name, task.directive.text, f"{task.due_on:%d/%m/%Y}",
                     str((today - task.due_on).days), str(task.get_status_display())])  # fmt: skip
    return rows


def build_remediation_report(user: User, selection: Selection) -> dict:
    """Báo cáo tình hình khắc phục sau kiểm tra: by department, and every task past its deadline."""
    today = timezone.localdate()
    figures = figures_for(user, selection)
    when = _selection_words(selection)
    overdue = _overdue_rows(user, selection, today)
    status = ["STT", "Đơn vị", "Nhiệm vụ", "Chưa thực hiện", "Đang thực hiện", "Đã báo cáo", "Bị trả lại",
              "Đã hoàn thành", "Quá hạn", "Tỷ lệ đúng hạn"]  # fmt: skip
    table = [status]
    for number, row in enumerate(figures["by_department"], start=1):
        table.append([str(number), row["name"], str(row["tasks"]), str(row["open"]), str(row["in_progress"]),
                      str(row["submitted"]), str(row["returned"]), str(row["accepted"]), str(row["overdue"]),
                      _share(row["on_time_share"])])  # fmt: skip
    body = [
        f"Sở Nội vụ báo cáo tình hình khắc phục các hạn chế sau kiểm tra công tác cải cách hành chính {when}, "
        f"số liệu đến ngày {today:%d/%m/%Y}, như sau:",
        "# I. TÌNH HÌNH CHUNG",
        _task_sentence(figures["tasks"]),
        "[biểu đồ remediation]",
        "# II. TÌNH HÌNH KHẮC PHỤC THEO ĐƠN VỊ",
        "[bảng]",
        "# III. CÁC NHIỆM VỤ QUÁ HẠN",
        f"Có {len(overdue) - 1} nhiệm vụ đã quá thời hạn khắc phục nhưng chưa hoàn thành (Bảng 2)."
        if len(overdue) > 1
        else "Không có nhiệm vụ nào quá hạn.",
    ]
    if len(overdue) > 1:
        body.append("[bảng 2]")
    body += [
        "# IV. ĐỀ XUẤT",
        "Đề nghị Thủ trưởng các đơn vị có nhiệm vụ quá hạn chỉ đạo hoàn thành ngay, báo cáo kết quả kèm tài liệu "
        "kiểm chứng về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
    ]
    return {
        "subject": f"Tình hình khắc phục sau kiểm tra công tác cải cách hành chính {when}",
        "recipients": "Ủy ban nhân dân tỉnh",
        "body": "\n".join(body),
        "table": table,
        "tables": [{"title": "Danh sách nhiệm vụ quá hạn", "rows": overdue}],
        "figures": figures,
        "copies_to": "UBND tỉnh (b/c);\nCác sở, ban, ngành;\nLưu: VT, CCHC.",
    }


def build_unit_history(user: User, selection: Selection) -> dict:
    """Every visit, finding and task of a unit over the years, under the names it had then, merges included."""
    unit = selection.unit
    selection = Selection(unit=unit)  # all the years
    figures = figures_for(user, selection)
    visits = list(
        visits_visible_to(user)
        .filter(selection.unit_q("unit__"))
        .select_related("plan", "unit")
        .annotate(
            strengths=Count("findings", filter=Q(findings__kind=FindingKind.STRENGTH)),
            shortcomings=Count("findings", filter=Q(findings__kind=FindingKind.SHORTCOMING)),
        )
        .order_by("scheduled_on", "pk")
    )
    versions = unit_versions_for({visit.unit_id for visit in visits})
    named = {}
    for visit in visits:
        version = pick_version(versions.get(visit.unit_id, []), visit.scheduled_on)
        named[visit.pk] = version.name if version else visit.unit.name
    visit_table = [["STT", "Ngày", "Đơn vị (tên khi kiểm tra)", "Kế hoạch", "Kết quả đạt được", "Hạn chế"]]
    visit_table += [[str(n), f"{v.scheduled_on:%d/%m/%Y}", named[v.pk], v.plan.title, str(v.strengths),
                     str(v.shortcomings)] for n, v in enumerate(visits, start=1)]  # fmt: skip
    shortcomings = (
        Finding.objects.filter(visit__in=[v.pk for v in visits], kind=FindingKind.SHORTCOMING)
        .select_related("area", "visit")
        .order_by("area__position", "visit__scheduled_on", "position", "pk")
    )
    tasks = (
        tasks_visible_to(user)
        .filter(selection.unit_q("unit__"))
        .select_related("directive", "directive__visit")
        .order_by("directive__visit__scheduled_on", "due_on", "pk")
    )
    task_table = [["STT", "Năm", "Nội dung khắc phục", "Hạn", "Trạng thái", "Ngày hoàn thành"]]
    task_table += [[str(n), str(t.directive.visit.scheduled_on.year), t.directive.text,
                    f"{t.due_on:%d/%m/%Y}" if t.due_on else "", str(t.get_status_display()),
                    f"{t.completed_on:%d/%m/%Y}" if t.completed_on else ""]
                   for n, t in enumerate(tasks.iterator(chunk_size=2000), start=1)]  # fmt: skip
    history = unit_history(unit)
    body = [
        f"Tổng hợp kết quả các cuộc kiểm tra công tác cải cách hành chính tại {unit.name} qua các năm, tính đến "
        f"ngày {timezone.localdate():%d/%m/%Y}.",
        "# I. QUÁ TRÌNH TỔ CHỨC",
    ]
    body += [f"- Từ ngày {v.valid_from:%d/%m/%Y}: {v.name}" for v in history["versions"]] or [f"- {unit.name}"]
    body += [f"- {r.get_kind_display()} ngày {r.effective_on:%d/%m/%Y}" + (f" ({r.decision})" if r.decision else "")
             for r in history["reorganisations"]]  # fmt: skip
    body += [
        "# II. CÁC CUỘC KIỂM TRA",
        f"Đơn vị đã được kiểm tra {len(visits)} lần (Bảng 1).",
        "[bảng]",
        "[biểu đồ trends]",
        "# III. HẠN CHẾ ĐÃ CHỈ RA THEO LĨNH VỰC",
    ]
    area = None
    for finding in shortcomings.iterator(chunk_size=2000):
        if finding.area_id != area:
            area = finding.area_id
            body.append(f"{finding.area.name}:")
        body.append(f"- Năm {finding.visit.scheduled_on.year}: {finding.text}")
    body += ["# IV. NHIỆM VỤ KHẮC PHỤC", _task_sentence(figures["tasks"]), "[bảng 2]"]
    return {
        "subject": f"Kết quả kiểm tra công tác cải cách hành chính tại {unit.name} qua các năm",
        "recipients": "",
        "body": "\n".join(body),
        "table": visit_table,
        "tables": [{"title": "Nhiệm vụ khắc phục", "rows": task_table}],
        "figures": figures,
        "copies_to": "Lưu: VT, CCHC.",
    }


BUILDERS = {
    DocumentKind.ANNUAL_REPORT: build_annual_report,
    DocumentKind.REMEDIATION_REPORT: build_remediation_report,
    DocumentKind.UNIT_HISTORY: build_unit_history,
}
