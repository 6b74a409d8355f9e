"""Work that is asked for is never lost: the broker, a worker, the database or the disk may go away."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from cchc_portal.tasks import sweep_now
from core.errors import StorageFull
from core.models import OutgoingEmail
from core.tasks import deliver_email
from inspections.tests import files
from inspections.tests.factories import add_finding
from reports import jobs, services
from reports.models import Document, DocumentExport, ExportStatus, PdfStatus
from reports.tasks import render_document, run_export
from reports.tests.factories import draft
from units import scheduling
from units.models import Unit

BROKER_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def letter(remediation):
    return draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)


def test_a_render_asked_while_the_broker_is_down_answers_202_and_stays_queued(
    api, remediation, letter, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(render_document, "apply_async", side_effect=BROKER_DOWN) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api.as_(remediation.leader).post(f"/api/v1/documents/{letter.pk}/render/")
    assert response.status_code == 202 and response.json()["pdf_status"] == "queued"
    assert publish.call_args.kwargs["retry"] is False  # one attempt, no waiting on the broker
    letter.refresh_from_db()
    assert letter.pdf_status == PdfStatus.QUEUED and letter.pdf_requested_at


def test_the_page_says_how_long_it_waited_and_the_sweeper_sends_it_when_the_broker_is_back(
    client, remediation, letter, settings, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(render_document, "apply_async", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.force_login(remediation.leader)
        client.post(reverse("reports:render", args=[letter.pk]))
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=45)):
        status = client.get(reverse("reports:status", args=[letter.pk])).content.decode()
        assert 'data-testid="pdf-waited">đã chờ 45 giây' in status
        assert sweep_now()["documents"] == 1  # the broker is back: sent again, rendered in-process here
    assert Document.objects.get(pk=letter.pk).pdf_status == PdfStatus.DONE


def test_a_render_whose_worker_died_is_queued_again_after_its_lease(client, remediation, letter, settings):
    started = timezone.now()
    Document.objects.filter(pk=letter.pk).update(
        pdf_status=PdfStatus.RENDERING, pdf_requested_at=started, pdf_started_at=started
    )
    with time_machine.travel(started + datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS - 5)):
        assert sweep_now()["documents"] == 0  # maybe only slow: not run twice at once
        client.force_login(remediation.leader)
        assert 'data-testid="render"' not in client.get(reverse("reports:status", args=[letter.pk])).content.decode()
    with time_machine.travel(started + datetime.timedelta(seconds=settings.JOB_LEASE_SECONDS + 5)):
        page = client.get(reverse("reports:status", args=[letter.pk])).content.decode()
        assert 'data-testid="render"' in page  # "render again" is offered past the lease
        assert sweep_now()["documents"] == 1
    assert Document.objects.get(pk=letter.pk).pdf_status == PdfStatus.DONE


def test_a_render_that_cannot_record_its_result_leaves_no_file(remediation, letter, settings):
    lost = DatabaseError("server closed the connection")
    with mock.patch.object(jobs, "_record_render", side_effect=lost), pytest.raises(DatabaseError):
        jobs.document_render(letter.pk)
    folder = settings.MEDIA_ROOT / "documents" / str(letter.pk)
    assert not folder.exists() or not any(folder.iterdir())
    assert Document.objects.get(pk=letter.pk).pdf_status == PdfStatus.RENDERING  # for the sweeper, after the lease


def test_an_export_whose_start_was_lost_is_started_by_the_sweeper(
    remediation, letter, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(run_export, "apply_async", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        export = services.export_create(actor=remediation.leader, documents=[letter], title="Công văn")
    assert DocumentExport.objects.get(pk=export.pk).status == ExportStatus.QUEUED
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60)):
        assert sweep_now()["exports_start"] == 1
    assert DocumentExport.objects.get(pk=export.pk).status == ExportStatus.DONE


def test_password_reset_mail_waits_in_the_outbox_while_the_broker_is_down(
    client, cast, django_capture_on_commit_callbacks
):

    with (
        mock.patch.object(deliver_email, "apply_async", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("password_reset"), {"email": cast.home_affairs.email})
    assert response.status_code == 302
    message = OutgoingEmail.objects.get()
    assert message.to == [cast.home_affairs.email] and message.status == "pending"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert sweep_now()["emails"] == 1
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_full_disk_is_a_vietnamese_message_on_the_page_and_507_in_the_api(client, api, setup, settings):
    finding = add_finding(setup)
    with mock.patch("core.uploads.default_storage.save", side_effect=StorageFull()):
        response = api.as_(setup.member).post(
            f"/api/v1/findings/{finding.pk}/evidence/", {"files": [files.pdf()]}, format="multipart"
        )
        assert response.status_code == 507 and "đầy" in response.json()["detail"]
        client.force_login(setup.member)
        page = client.post(
            reverse("inspections:finding_create", args=[setup.visit.pk]),
            {"area": finding.area_id, "kind": "shortcoming", "text": "Có ảnh", "files": [files.png()]},
        )
        assert page.status_code == 200 and "đã đầy" in page.content.decode()
    assert finding.evidence.count() == 0 and setup.visit.findings.count() == 1  # nothing half-done


def test_a_missed_night_of_scheduled_reorganisations_is_caught_up_by_the_sweep(cast):
    later = timezone.localdate() + datetime.timedelta(days=20)
    scheduling.reorganise(actor=cast.admin, kind="rename", unit=cast.unit, effective_on=later, name="Chi cục Mới")
    assert sweep_now()["reorganisations"] == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=22), tick=False):
        assert sweep_now()["reorganisations"] == 1  # sent to the worker (run in-process here)
    assert Unit.objects.get(pk=cast.unit.pk).name == "Chi cục Mới"
