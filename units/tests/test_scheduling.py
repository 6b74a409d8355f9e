"""Reorganisations recorded ahead of their date: checked when recorded, applied by the daily job on the day."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from units import scheduling, services
from units.models import Reorganisation, ScheduledReorganisation, ScheduledStatus, Unit
from units.tasks import apply_scheduled_reorganisations

TODAY = timezone.localdate()
LATER = TODAY + datetime.timedelta(days=20)


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(0, 10)).astimezone(), tick=False)


def test_a_rename_dated_later_waits_for_its_day_and_then_applies(cast):
    scheduled = scheduling.reorganise(
        actor=cast.admin, kind="rename", unit=cast.unit, effective_on=LATER, name="Chi cục Đo lường", decision="15/QĐ"
    )
    assert isinstance(scheduled, ScheduledReorganisation) and scheduled.status == ScheduledStatus.PENDING
    cast.unit.refresh_from_db()
    assert cast.unit.name == "Chi cục Tiêu chuẩn Đo lường Chất lượng"  # nothing changes before the day
    assert list(scheduled.units.all()) == [cast.unit]
    assert scheduling.apply_due() == {"applied": 0, "failed": 0}

    with on(LATER):
        assert apply_scheduled_reorganisations() == {"applied": 1, "failed": 0}
        assert apply_scheduled_reorganisations() == {"applied": 0, "failed": 0}  # twice is once
    cast.unit.refresh_from_db()
    scheduled.refresh_from_db()
    assert cast.unit.name == "Chi cục Đo lường"
    assert scheduled.status == ScheduledStatus.APPLIED
    assert scheduled.reorganisation.created_by == cast.admin and scheduled.reorganisation.decision == "15/QĐ"
    assert cast.unit.history.latest().history_user == cast.admin  # the audit log names who recorded it
    # Records before the day keep the old name.
    assert cast.unit.name_on(LATER - datetime.timedelta(days=1)) == "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    assert cast.unit.name_on(LATER) == "Chi cục Đo lường"


def test_a_change_that_could_not_happen_is_refused_when_recorded(cast):
    with pytest.raises(ValidationError) as error:
        scheduling.reorganise(
            actor=cast.admin, kind="rename", unit=cast.unit, effective_on=LATER, name="X", code="TTTTUD"
        )
    assert "TTTTUD" in " ".join(error.value.messages)
    assert not ScheduledReorganisation.objects.exists()
    # The trial left the registry as it was.
    cast.unit.refresh_from_db()
    assert cast.unit.versions.count() == 1 and not Reorganisation.objects.exists()


def test_a_merge_whose_unit_ended_meanwhile_fails_with_its_reason_and_changes_nothing(cast):
    scheduled = scheduling.reorganise(
        actor=cast.admin, kind="merge", units=[cast.unit, cast.sibling], into=cast.department, effective_on=LATER
    )
    assert scheduled.summary.endswith(cast.department.name)
    services.unit_dissolve(actor=cast.admin, unit=cast.sibling, effective_on=TODAY)
    with on(LATER):
        assert scheduling.apply_due() == {"applied": 0, "failed": 1}
    scheduled.refresh_from_db()
    cast.unit.refresh_from_db()
    assert scheduled.status == ScheduledStatus.FAILED and cast.sibling.name in scheduled.failure
    assert cast.unit.is_active  # all or nothing
    assert scheduling.scheduled_for(cast.unit) == [scheduled]  # shown on the page until someone acts


def test_cancelled_is_never_applied(cast):
    scheduled = scheduling.reorganise(actor=cast.admin, kind="dissolve", unit=cast.sibling, effective_on=LATER)
    scheduling.cancel(actor=cast.admin, scheduled=scheduled)
    with pytest.raises(ValidationError):
        scheduling.cancel(actor=cast.admin, scheduled=scheduled)
    with on(LATER):
        assert scheduling.apply_due() == {"applied": 0, "failed": 0}
    assert Unit.objects.get(pk=cast.sibling.pk).is_active


def test_the_pages_schedule_show_and_cancel(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("units:rename", args=[cast.unit.pk]),
        {"effective_on": LATER.strftime("%d/%m/%Y"), "name": "Chi cục Đo lường", "code": cast.unit.code},
        follow=True,
    )
    assert "Đã lên lịch" in response.content.decode()
    page = client.get(reverse("units:detail", args=[cast.unit.pk])).content.decode()
    assert 'data-testid="unit-scheduled"' in page and "Chi cục Đo lường" in page and LATER.strftime("%d/%m/%Y") in page
    scheduled = ScheduledReorganisation.objects.get()
    client.force_login(cast.home_affairs)  # not an administrator of the registry
    assert client.post(reverse("units:scheduled_cancel", args=[scheduled.pk])).status_code == 403
    client.force_login(cast.admin)
    client.post(reverse("units:scheduled_cancel", args=[scheduled.pk]))
    scheduled.refresh_from_db()
    assert scheduled.status == ScheduledStatus.CANCELLED
    assert (
        'data-testid="unit-scheduled"' not in client.get(reverse("units:detail", args=[cast.unit.pk])).content.decode()
    )


def test_one_that_breaks_unexpectedly_fails_alone_and_the_next_still_applies(cast):
    broken = scheduling.reorganise(actor=cast.admin, kind="rename", unit=cast.unit, effective_on=LATER, name="X")
    ScheduledReorganisation.objects.filter(pk=broken.pk).update(arguments={**broken.arguments, "colour": "blue"})
    fine = scheduling.reorganise(actor=cast.admin, kind="rename", unit=cast.sibling, effective_on=LATER, name="Y")
    with on(LATER):
        assert scheduling.apply_due() == {"applied": 1, "failed": 1}
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == ScheduledStatus.FAILED and "TypeError" in broken.failure
    assert fine.status == ScheduledStatus.APPLIED and Unit.objects.get(pk=cast.sibling.pk).name == "Y"
