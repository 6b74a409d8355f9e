"""Demo remediation from seed 002: Sở KH&CN's directives after its 2021 self-inspection, with tasks in every state.

Idempotent: nothing is added to a plan whose visits already have directives.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.samples import BLANK_PDF
from inspections.models import FindingKind, InspectionPlan, ReformArea
from units.models import User

from . import services
from .models import RemediationTask, TaskEvent, TaskStatus

D = datetime.date

# Seed 002: the directives of Sở KH&CN's letter after its 2021 self-inspection.
SEED_002_DIRECTIVES = [
    # (target unit codes, area, text, linked findings of which units, requires evidence)
    (
        ("CCTĐC", "TTTTUD", "TTKTTĐC"),
        "DIRECTION",
        "Thủ trưởng đơn vị tiếp tục tuyên truyền đến các cán bộ, công chức viên chức nâng cao tinh thần trách nhiệm trong "
        "công tác cải cách hành chính, xem đây như là một nhiệm vụ trọng tâm của cơ quan.",
        (),
        False,
    ),
    (
        ("CCTĐC", "TTTTUD", "TTKTTĐC"),
        "DIRECTION",
        "Đảm bảo chế độ báo cáo CCHC định kỳ (hàng quý, 06 tháng, năm) đúng thời gian, bám sát thực hiện các nội dung "
        "công việc được giao tại kế hoạch CCHC.",
        (),
        True,
    ),
    (
        ("CCTĐC",),
        "PROCEDURES",
        "Thực hiện tốt công tác lấy ý kiến khách hàng về kết quả thực hiện giải quyết thủ tục hành chính; hoàn thành xử "
        "lý hồ sơ trực tuyến mức độ 4 của một số thủ tục có thu phí.",
        ("CCTĐC",),
        True,
    ),
    (
        ("TTKTTĐC",),
        "MODERNISATION",
        "Trung tâm Kỹ thuật TCĐLCL đã có hệ thống phần mềm quản lý văn bản iDesk và chữ ký số nên đề nghị các văn bản "
        "hành chính gửi cho các cơ quan, đơn vị cần được thực hiện theo luồng và sử dụng chữ ký số theo đúng quy định.",
        ("TTKTTĐC",),
        False,
    ),
    (
        ("TTTTUD",),
        "MODERNISATION",
        "Trung tâm Thông tin và Ứng dụng KH&CN tiến hành xây dựng các giao diện Web hỗ trợ trên điện thoại di động theo "
        "kế hoạch cải cách hành chính năm 2021. Đồng thời rà soát, tham mưu lãnh đạo Sở bổ sung các chức năng dành cho "
        "người khuyết tật theo hướng dẫn của Sở TT&TT; nghiên cứu cải thiện quỹ tăng thu nhập để tăng thêm thu nhập cho "
        "viên chức và người lao động.",
        ("TTTTUD",),
        False,
    ),
]
DUE_2021 = D(2021, 12, 31)


def _at(day: datetime.date, hour: int = 9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _backdate(task, day: datetime.date) -> None:
    """Demo only: date the steps just recorded on `task` as if they happened on `day`."""
    TaskEvent.objects.filter(task=task, at__gte=timezone.now() - datetime.timedelta(minutes=5)).update(at=_at(day))
    if task.status in (TaskStatus.SUBMITTED, TaskStatus.ACCEPTED):
        RemediationTask.objects.filter(pk=task.pk).update(submitted_at=_at(day))


def load(plan: InspectionPlan) -> None:
    """Seed 002's directives with tasks in every state: accepted, submitted, returned, in progress, overdue."""
    if plan.visits.filter(directives__isnull=False).exists():
        return
    users = {
        u.username: u for u in User.objects.filter(username__in=["truongdoan", "donvi", "donvi_ttud", "donvi_ttkt"])
    }
    heads = {"CCTĐC": users["donvi"], "TTTTUD": users["donvi_ttud"], "TTKTTĐC": users["donvi_ttkt"]}
    visits = {visit.unit.code: visit for visit in plan.visits.select_related("unit")}
    areas = {area.code: area for area in ReformArea.objects.all()}
    leader = users["truongdoan"]
    directives = []
    for codes, area_code, text, finding_units, requires_evidence in SEED_002_DIRECTIVES:
        directives.append(
            services.directive_create(
                actor=leader,
                visit=visits[codes[0]],
                text=text,
                units=[visits[code].unit for code in codes],
                findings=[
                    f for code in finding_units for f in visits[code].findings.filter(kind=FindingKind.SHORTCOMING)
                ],
                area=areas[area_code],
                due_on=DUE_2021,
                requires_evidence=requires_evidence,
            )
        )

    # The units met their tasks in 2021 (the letter itself is left a draft for the demo to issue).
    for visit in {directive.visit for directive in directives}:
        services.directives_hand_over(actor=leader, visit=visit)

    def task(directive, code):
        return RemediationTask.objects.get(directive=directive, unit=visits[code].unit)

    report = (
        "Đã phổ biến đến toàn thể cán bộ, viên chức tại cuộc họp cơ quan; đưa nội dung CCHC vào chương trình công tác."
    )
    for code in ("CCTĐC", "TTTTUD", "TTKTTĐC"):
        first = task(directives[0], code)
        services.task_submit(
            actor=heads[code], task=first, note=report, effective_on=D(2021, 11, 25), expected_version=first.version
        )
        services.task_accept(actor=leader, task=first, expected_version=first.version + 1)
        _backdate(first, D(2021, 11, 30))
        RemediationTask.objects.filter(pk=first.pk).update(completed_on=D(2021, 11, 30))

    evidence_note = "Đã gửi báo cáo CCHC quý III/2021 và 06 tháng đúng hạn (kèm theo)."
    reporting = task(directives[1], "TTTTUD")
    services.task_submit(
        actor=heads["TTTTUD"],
        task=reporting,
        note=evidence_note,
        files=[_demo_pdf("bao-cao-cchc-quy-3.pdf")],
        expected_version=reporting.version,
    )
    services.task_accept(actor=leader, task=reporting, expected_version=reporting.version + 1)
    _backdate(reporting, D(2021, 12, 10))
    RemediationTask.objects.filter(pk=reporting.pk).update(completed_on=D(2021, 12, 10))

    submitted = task(directives[1], "CCTĐC")
    services.task_submit(
        actor=heads["CCTĐC"],
        task=submitted,
        note=evidence_note,
        files=[_demo_pdf("bao-cao-quy-cctdc.pdf")],
        expected_version=submitted.version,
    )

    returned = task(directives[1], "TTKTTĐC")
    services.task_submit(
        actor=heads["TTKTTĐC"],
        task=returned,
        note="Đã thực hiện.",
        files=[_demo_pdf("cong-van.pdf")],
        expected_version=returned.version,
    )
    services.task_return(
        actor=leader,
        task=returned,
        reason="Chưa gửi kèm báo cáo CCHC quý IV/2021.",
        expected_version=returned.version + 1,
    )

    in_progress = task(directives[2], "CCTĐC")
    services.task_progress(
        actor=heads["CCTĐC"],
        task=in_progress,
        note="Chi cục đang liên hệ ngân hàng để ký hợp đồng thu phí trực tuyến.",
        expected_version=in_progress.version,
    )
    signed = task(directives[3], "TTKTTĐC")
    services.task_submit(
        actor=heads["TTKTTĐC"],
        task=signed,
        note="Toàn bộ văn bản đi đã ký số và luân chuyển trên iDesk.",
        expected_version=signed.version,
    )


def _demo_pdf(name: str):
    return SimpleUploadedFile(name, BLANK_PDF, content_type="application/pdf")
