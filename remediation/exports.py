"""The task list as XLSX, filtered and ordered as on screen."""

from core.filters import filter_page
from core.spreadsheets import Sheet, chunked, exporter, local_date, yes
from core.xlsx import Column, active_filters

from .filters import TaskFilter
from .selectors import for_listing, tasks_visible_to


def _on_time(task) -> str:
    return {True: "Đúng hạn", False: "Trễ hạn"}.get(task.done_on_time, "")


TASK_COLUMNS = [
    Column("Mã", lambda t: t.pk, 8),
    Column("Đơn vị thực hiện", lambda t: t.unit.name, 32, wrap=True),
    Column("Nội dung chỉ đạo", lambda t: t.directive.text, 60, wrap=True),
    Column("Lĩnh vực", lambda t: t.directive.area.name if t.directive.area_id else "", 24, wrap=True),
    Column("Kế hoạch kiểm tra", lambda t: t.directive.visit.plan.title, 36, wrap=True),
    Column("Hạn hoàn thành", lambda t: t.due_on, 12),
    Column("Trạng thái", lambda t: t.get_status_display(), 16),
    Column("Quá hạn", lambda t: yes(t.is_overdue), 9),
    Column("Ngày báo cáo", lambda t: local_date(t.submitted_at), 12),
    Column("Ngày hoàn thành", lambda t: t.completed_on, 12),
    Column("Kết quả so với hạn", lambda t: _on_time(t), 12),
    Column("Người được giao", lambda t: t.delegate.full_name if t.delegate_id else "", 24),
]


@exporter("tasks")
def tasks_sheet(request) -> Sheet:
    filterset, tasks = filter_page(TaskFilter, request, tasks_visible_to(request.user))
    rows = for_listing(tasks).select_related("directive__area", "directive__visit__plan")
    return Sheet(
        title="Nhiệm vụ khắc phục",
        filename="nhiem-vu-khac-phuc.xlsx",
        columns=TASK_COLUMNS,
        rows=chunked(rows),
        count=tasks.count(),
        filters=active_filters(filterset),
    )
