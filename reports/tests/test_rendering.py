"""PDFs read back: page size, margins, fonts, page numbers, order of content (issue 5 §6)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from conftest import current_version
from inspections.models import InspectionPlan
from reports import rendering, services
from reports.tests.factories import draft
from reports.tests.pdf import MM, embedded_fonts, in_order, page_count, page_sizes, text, words

A4 = (595.28, 841.89)


@pytest.fixture
def long_letter(remediation, letter):
    """A letter long enough for three pages, issued, so that no draft mark is printed."""
    body = (
        letter.body
        + "\n"
        + "\n".join(
            f"Đoạn bổ sung số {n}: đơn vị tiếp tục rà soát, cập nhật và công khai thủ tục hành chính theo quy định."
            for n in range(60)
        )
    )
    services.document_update(actor=remediation.leader, document=letter, expected_version=1, body=body)
    with time_machine.travel(datetime.date(2026, 6, 15)):
        return services.document_issue(
            actor=remediation.leader, document=letter, expected_version=current_version(letter)
        )


def test_a4_margins_fonts_and_page_numbers(long_letter):
    pdf = rendering.document_pdf(long_letter)
    assert page_count(pdf) >= 2
    for width, height in page_sizes(pdf):
        assert abs(width - A4[0]) < 0.5 and abs(height - A4[1]) < 0.5
    first, second = words(pdf, 0), words(pdf, 1)
    # Left margin 30 mm, right 15 mm, top 20 mm, bottom 20 mm, each within 1 mm.
    body = [w for w in second if w["top"] > 20 * MM]
    assert abs(min(w["x0"] for w in body) - 30 * MM) <= 1 * MM
    assert abs(max(w["x1"] for w in body) - (A4[0] - 15 * MM)) <= 1 * MM
    assert abs(min(w["top"] for w in first) - 20 * MM) <= 1 * MM
    assert max(w["bottom"] for w in second) <= A4[1] - 20 * MM + 1 * MM
    # No page number on page 1; "2" centred in the top margin of page 2.
    assert not [w for w in first if w["top"] < 20 * MM]
    [number] = [w for w in second if w["top"] < 20 * MM]
    assert number["text"] == "2"
    centre = (number["x0"] + number["x1"]) / 2
    assert abs(centre - (30 * MM + (A4[0] - 15 * MM)) / 2) <= 1 * MM
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= embedded_fonts(pdf)


def test_header_date_recipients_and_signature(long_letter):
    content = text(rendering.document_pdf(long_letter))
    in_order(
        content,
        [
            "ỦY BAN NHÂN DÂN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 01/UBND-TTr",
            "Bà Rịa - Vũng Tàu, ngày 15 tháng 6 năm 2026",
            "V/v thực hiện khắc phục",
            "Kính gửi:",
            "- Chi cục Tiêu chuẩn Đo lường Chất lượng;",
            "- Trung tâm Thông tin và Ứng dụng KH&CN.",
            "Nơi nhận:",
        ],
    )
    in_order(content, ["Nơi nhận:", "- Như trên;", "- Lưu: VT, TTr, CCHC."])
    assert "DỰ THẢO" not in content


def test_draft_is_marked_and_its_number_left_blank(letter):
    content = text(rendering.document_pdf(letter))
    assert "DỰ THẢO" in content and "/UBND-TTr" in content and "01/UBND" not in content


def test_typed_document_has_its_title_and_single_recipient_inline(remediation):
    notice = draft(actor=remediation.leader, kind="conclusion", plan=remediation.plan, visit=remediation.visit)
    content = text(rendering.document_pdf(notice))
    in_order(
        content,
        [
            "THÔNG BÁO",
            "Kết luận kiểm tra công tác cải cách hành chính",
            "Kính gửi: Chi cục Tiêu chuẩn Đo lường Chất lượng.",
        ],
    )


def test_user_text_is_printed_literally_and_nothing_is_fetched(remediation, letter):
    hostile = '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://example.com/x.css"> <style>p{color:red}</style>'
    services.document_update(
        actor=remediation.leader, document=letter, expected_version=1, body=letter.body + "\n" + hostile
    )
    html = rendering.document_html(letter.__class__.objects.get(pk=letter.pk))
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html and '<img src="file' not in html
    content = text(rendering.document_pdf(letter.__class__.objects.get(pk=letter.pk)))
    assert '<img src="file:///etc/passwd">' in " ".join(content.split()).replace("“", '"')


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.com/font.ttf",
        "data:text/plain," + "x" * 70_000,
        "cchc-static:../../etc/passwd",
    ],
)
def test_the_url_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(rendering.FetchRefused):
        rendering.safe_url_fetcher(url)


def test_the_url_fetcher_serves_the_apps_static_files():
    result = rendering.safe_url_fetcher("cchc-static:css/app.css")
    assert b"360" in result.read()
    assert rendering.safe_url_fetcher("data:text/plain,ok").read() == b"ok"


def test_weasyprint_does_not_load_an_image_from_the_disk(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    pdf = rendering.html_to_pdf(f'<html><body><p>x</p><img src="file://{secret}"></body></html>')
    assert page_count(pdf) == 1 and b"/Subtype /Image" not in pdf


def test_golden_seed_002_letter_from_the_demo_data(db):
    """Rebuild the real remediation letter of seed 002 and find all of it, in order."""
    call_command("load_demo", stdout=io.StringIO())
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    letter = plan.documents.get(kind="remediation_letter")
    content = text(rendering.document_pdf(letter))
    in_order(
        content,
        [
            "UBND TỈNH BÀ RỊA - VŨNG TÀU",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "/SKHCN-TTr",
            "V/v thực hiện khắc phục sau kiểm tra công tác CCHC năm 2021 của đơn vị thuộc Sở KH&CN",
            "Kính gửi:",
            "Thực hiện Kế hoạch số 09/KH-SKHCN ngày 23/02/2021 của Sở Khoa học và Công nghệ",
            "1. Chi cục Tiêu chuẩn Đo lường Chất lượng",
            "Công tác lấy ý kiến khách hàng về kết quả thực hiện giải quyết thủ tục hành chính đạt hiệu quả chưa cao.",
            "Việc nộp hồ sơ trực tuyến mức độ 4 của một số thủ tục có thu phí chưa thực hiện được",
            "2. Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
            "Chưa quan tâm nhiều đến phần mềm quản lý văn bản Idesk và chữ ký số.",
            "3. Trung tâm Thông tin và Ứng dụng KH&CN",
            "Trung tâm chưa xây dựng các giao diện Web hỗ trợ trên điện thoại di động",
            "ISO 9001:2008 sang phiên bản 2015",
            "phân phối thu nhập tăng thêm ở mức như vậy còn thấp",
            "yêu cầu các đơn vị có liên quan nghiêm túc thực hiện những nội dung như sau:",
            "- Thủ trưởng đơn vị tiếp tục tuyên truyền",
            "- Đảm bảo chế độ báo cáo CCHC định kỳ (hàng quý, 06 tháng, năm)",
            "- Thực hiện tốt công tác lấy ý kiến khách hàng",
            "- Trung tâm Kỹ thuật TCĐLCL đã có hệ thống phần mềm quản lý văn bản iDesk",
            "- Trung tâm Thông tin và Ứng dụng KH&CN tiến hành xây dựng các giao diện Web",
            "Nơi nhận:",
        ],
    )
    # The two columns at the bottom interleave line by line when read back: check each on its own.
    in_order(content, ["Nơi nhận:", "- Như trên;", "- Sở Nội vụ (b/c);", "- Lưu: VT, TTr, CCHC."])
    in_order(content, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Duy Tâm Thanh"])
    for unit in (
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Trung tâm Thông tin và Ứng dụng KH&CN",
        "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
    ):
        assert f"- {unit}" in content
