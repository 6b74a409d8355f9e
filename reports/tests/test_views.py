import datetime
import io
import zipfile

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import count_queries, current_version
from reports import services
from reports.models import Document, PdfStatus
from reports.tests.factories import draft
from units.models import Unit


def test_draw_up_edit_issue_render_download(client, remediation, django_capture_on_commit_callbacks):
    client.force_login(remediation.leader)
    response = client.post(reverse("reports:create", args=[remediation.plan.pk]), {"kind": "remediation_letter"})
    assert response.status_code == 302
    document = Document.objects.get()
    url = reverse("reports:detail", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Công khai đầy đủ TTHC" in page and reverse("reports:preview", args=[document.pk]) in page
    data = {
        field: getattr(document, field) or ""
        for field in (
            "subject",
            "recipients",
            "body",
            "copies_to",
            "authority",
            "authority_title",
            "signer_title",
            "signer_name",
            "drafter_code",
            "register_note",
        )
    }
    data.update(body=document.body.replace("nhìn chung", "về cơ bản"), signer_name="Trần Duy Tâm Thanh", version=1)
    assert client.post(url, data).status_code == 302
    preview = client.get(reverse("reports:preview", args=[document.pk])).content.decode()
    assert "về cơ bản các đơn vị" in preview and "Kính gửi:" in preview
    with time_machine.travel(datetime.date(2026, 6, 15)):
        client.post(reverse("reports:issue", args=[document.pk]), {"issued_on": "", "version": 2})
    document.refresh_from_db()
    assert document.number_text == "01/UBND-TTr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:render", args=[document.pk]))
    status = client.get(reverse("reports:status", args=[document.pk])).content.decode()
    assert 'data-status="done"' in status
    pdf = client.get(reverse("reports:pdf", args=[document.pk]))
    assert (
        pdf["Content-Type"] == "application/pdf"
        and 'filename="01-UBND-TTr_cong-van_2026-06-15.pdf"' in pdf["Content-Disposition"]
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_stale_draft_shows_a_conflict_and_keeps_the_text(client, remediation, letter):
    services.document_update(
        actor=remediation.member, document=letter, expected_version=1, subject="Bản của thành viên"
    )
    client.force_login(remediation.leader)
    data = {"subject": "Bản của trưởng đoàn", "body": letter.body, "version": 1, "signer_name": "X"}
    body = client.post(reverse("reports:detail", args=[letter.pk]), data).content.decode()
    assert "vừa được người khác thay đổi" in body and "Bản của trưởng đoàn" in body
    assert Document.objects.get(pk=letter.pk).subject == "Bản của thành viên"


def test_units_see_issued_documents_only_and_others_get_404(client, cast, remediation, letter):
    client.force_login(cast.unit_head)
    assert client.get(reverse("reports:detail", args=[letter.pk])).status_code == 404
    services.document_issue(actor=remediation.leader, document=letter, expected_version=current_version(letter))
    assert client.get(reverse("reports:detail", args=[letter.pk])).status_code == 200
    assert client.post(reverse("reports:detail", args=[letter.pk]), {"subject": "X"}).status_code == 403
    client.force_login(cast.outside_inspector)
    assert client.get(reverse("reports:detail", args=[letter.pk])).status_code == 404
    assert client.get(reverse("reports:preview", args=[letter.pk])).status_code == 404


def test_register_lists_issued_documents_and_exports_xlsx(client, cast, remediation, letter):
    with time_machine.travel(datetime.date(2026, 6, 15)):
        services.document_issue(actor=remediation.leader, document=letter, expected_version=current_version(letter))
    client.force_login(cast.home_affairs)
    page = client.get(reverse("reports:register"), {"year": 2026}).content.decode()
    assert "01/UBND-TTr" in page and "15/06/2026" in page
    response = client.get(reverse("reports:register"), {"year": 2026, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sổ đăng ký văn bản đi" and rows[1][0] == "Năm: 2026"  # the filters it was made with
    assert rows[2][:4] == ("Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Người ký")
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:G4"
    assert rows[3][0] == "01/UBND-TTr" and rows[3][1].date() == datetime.date(2026, 6, 15)
    assert sheet["B4"].number_format == "DD/MM/YYYY"
    assert "Chi cục Tiêu chuẩn Đo lường Chất lượng" in rows[3][4]


def test_batch_export_of_a_plans_letters_as_one_zip(client, remediation, letter, django_capture_on_commit_callbacks):
    second = draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)
    client.force_login(remediation.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_create"), {"plan": remediation.plan.pk})
    export_url = response["Location"]
    assert 'data-status="done"' in client.get(export_url, HTTP_HX_REQUEST="true").content.decode()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(export_url + "download/").streaming_content)))
    assert len(archive.namelist()) == 2 and all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    assert Document.objects.get(pk=second.pk).pdf_status == PdfStatus.DONE


def test_document_list_and_register_run_a_constant_number_of_queries(client, cast, remediation):
    client.force_login(cast.home_affairs)
    make = lambda: draft(actor=remediation.leader, kind="report", plan=remediation.plan)  # noqa: E731
    services.document_issue(actor=remediation.leader, document=make(), expected_version=current_version(make()))
    pages = [reverse("reports:list"), reverse("reports:register")]
    small = [count_queries(lambda url=url: client.get(url)) for url in pages]
    for _ in range(30):
        services.document_issue(actor=remediation.leader, document=make(), expected_version=current_version(make()))
    large = [count_queries(lambda url=url: client.get(url)) for url in pages]
    assert small == large


def test_the_document_lists_kept_count_follows_every_new_document(client, cast, remediation, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # kept for real
    url = reverse("reports:list")
    for user in (cast.home_affairs, remediation.leader):
        client.force_login(user)
        before = client.get(url).context["page"].paginator.count
        with CaptureQueriesContext(connection) as second:
            assert client.get(url).context["page"].paginator.count == before
        counted = [q for q in second.captured_queries if "COUNT(" in q["sql"] and "reports_document" in q["sql"]]
        assert counted == []  # the second read is the kept one
        draft(actor=remediation.leader, kind="report", plan=remediation.plan)
        page = client.get(url).context["page"]
        assert page.paginator.count == before + 1 == len(page.object_list)  # seen at once


def test_the_registers_xlsx_reads_its_rows_recipients_included_in_a_constant_number_of_queries(
    client, cast, remediation
):
    client.force_login(cast.home_affairs)
    make = lambda: draft(actor=remediation.leader, kind="report", plan=remediation.plan)  # noqa: E731
    url = reverse("reports:register") + "?format=xlsx"

    def issue():
        document = make()
        services.document_issue(actor=remediation.leader, document=document, expected_version=current_version(document))

    issue()
    few = count_queries(lambda: client.get(url))
    for _ in range(12):
        issue()
    response = client.get(url)
    assert count_queries(lambda: client.get(url)) == few
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    body = rows[[row[0] for row in rows].index("Số, ký hiệu") + 1 :]
    assert len(body) == 13 and all(row[4] for row in body)  # every row names where it went


def test_document_list_and_register_never_read_a_documents_content(client, cast, remediation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A province report's body and figures run to hundreds of kilobytes: a list shows the header only.
    report = draft(actor=remediation.leader, kind="report", plan=remediation.plan)
    services.document_issue(actor=remediation.leader, document=report, expected_version=current_version(report))
    client.force_login(cast.home_affairs)
    for url in (reverse("reports:list"), reverse("reports:register"), reverse("reports:list") + "?format=xlsx"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        documents = [q["sql"] for q in queries.captured_queries if 'FROM "reports_document"' in q["sql"]]
        assert documents and not any('"reports_document"."body"' in sql for sql in documents), url
        assert not any('"reports_document"."figures"' in sql for sql in documents), url


def test_the_live_preview_renders_what_is_typed_saves_nothing_and_only_for_its_editors(client, cast, remediation):
    from reports.tests.factories import draft as make_draft

    letter = make_draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)
    url = reverse("reports:preview", args=[letter.pk])
    typed = {"subject": "Trích yếu đang gõ", "body": letter.body, "signer_name": letter.signer_name}
    client.force_login(remediation.leader)
    response = client.post(url, typed)
    assert response.status_code == 200 and "Trích yếu đang gõ" in response.content.decode()
    letter.refresh_from_db()
    assert letter.subject != "Trích yếu đang gõ"  # nothing saved
    client.force_login(cast.unit_head)  # may read some documents, edits none
    assert client.post(url, typed).status_code in (403, 404)


def test_the_register_offers_every_issuer_by_its_path_ended_ones_too(client, cast, remediation, letter):
    """An issuer merged away keeps its register: its old documents stay findable by choosing it."""
    with time_machine.travel(datetime.date(2026, 6, 15)):
        services.document_issue(actor=remediation.leader, document=letter, expected_version=current_version(letter))
    letter.refresh_from_db()
    Unit.objects.filter(pk=letter.issuer_id).update(valid_to=datetime.date(2026, 7, 1))
    client.force_login(cast.home_affairs)
    response = client.get(reverse("reports:register"), {"issuer": letter.issuer_id})
    options = dict(response.context["filter"].form.fields["issuer"].choices)
    assert options[letter.issuer_id].endswith("(chấm dứt từ 01/07/2026)")
    assert "01/UBND-TTr" in response.content.decode()
    # Opened bare, the picker offers the issuers too (a page without `html_fields` shows every filter).
    bare = client.get(reverse("reports:register")).content.decode()
    assert f'<option value="{letter.issuer_id}">' in bare
