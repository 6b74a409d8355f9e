"""Issue 12, item 8: the minutes' two signatures side by side, never alone on a page, no empty parts."""

import pytest

from inspections.models import TeamRole
from inspections.tests.factories import add_finding
from reports import rendering
from reports.models import Authority, Document
from reports.tests import pdf
from reports.tests.factories import draft


@pytest.fixture
def minutes(cast, setup):
    add_finding(setup, text="Chưa công khai đầy đủ thủ tục hành chính.")
    setup.plan.teams.get().members.filter(role=TeamRole.LEADER).update(title="Phó Giám đốc Sở")
    return draft(actor=cast.inspector, kind="minutes", plan=setup.plan, visit=setup.visit)


def _lines_of(words, wanted: str) -> list[float]:
    """The top of each line of the page that starts `wanted` (first word)."""
    first = wanted.split()[0]
    return [round(word["top"], 1) for word in words if word["text"] == first]


def test_the_leader_signs_as_truong_doan_in_his_own_name_beside_the_unit(minutes):
    assert (minutes.authority, minutes.signer_title) == (Authority.OWN, "TRƯỞNG ĐOÀN")
    document = pdf_bytes = rendering.document_pdf(minutes)
    text = pdf.text(document)
    assert "KT." not in text and "GIÁM ĐỐC" not in text.split("ĐẠI DIỆN ĐƠN VỊ")[-1]
    last = pdf.page_count(pdf_bytes) - 1
    words = pdf.words(pdf_bytes, last)
    # Both titles on one line, both names on one line: the two signatures stand level.
    representative = [w for w in words if w["text"] == "ĐẠI"]
    leader = [w for w in words if w["text"] == "TRƯỞNG"]
    assert representative and leader
    assert abs(representative[-1]["top"] - leader[-1]["top"]) < 1
    assert representative[-1]["x0"] < leader[-1]["x0"]  # the unit left, the team right


@pytest.mark.parametrize("extra_lines", range(20, 44, 3))
def test_the_signatures_keep_the_closing_lines_with_them_whatever_the_length(minutes, extra_lines):
    """The body grows a few lines at a time, so that the page break falls everywhere around the end."""
    body = minutes.body.splitlines()
    filler = [f"Nội dung bổ sung số {n} của biên bản kiểm tra." for n in range(extra_lines)]
    Document.objects.filter(pk=minutes.pk).update(body="\n".join(body[:-1] + filler + body[-1:]))
    minutes.refresh_from_db()
    pdf_bytes = rendering.document_pdf(minutes)
    last = pdf.page_count(pdf_bytes) - 1
    page_text = " ".join(word["text"] for word in pdf.words(pdf_bytes, last))
    assert "TRƯỞNG ĐOÀN" in page_text
    assert "thống nhất ký tên" in page_text  # the closing line is never left behind on the page before


def test_a_visit_without_attendees_or_head_has_no_empty_part(cast, setup):
    add_finding(setup, text="Chưa công khai đầy đủ thủ tục hành chính.")
    document = draft(actor=cast.inspector, kind="minutes", plan=setup.plan, visit=setup.visit)
    assert "2. Đơn vị được kiểm tra: " in document.body and "2. Đơn vị được kiểm tra:\n#" not in document.body
    html = rendering.document_html(document)
    assert "<div></div>" not in html.replace(" ", "")


def test_copies_of_the_minutes_are_listed_under_the_signatures(minutes):
    Document.objects.filter(pk=minutes.pk).update(copies_to="Sở Nội vụ\nLưu: VT")
    minutes.refresh_from_db()
    text = pdf.text(rendering.document_pdf(minutes))
    assert pdf.in_order(text, ["TRƯỞNG ĐOÀN", "Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."])
