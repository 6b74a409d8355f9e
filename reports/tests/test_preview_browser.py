"""Issue 12, item 8: the draft's preview follows typing without saving, and fits a phone."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import login
from inspections.models import InspectionPlan
from reports.models import Document
from reports.tests.factories import draft as make_draft
from units.demo import DEMO_PASSWORD
from units.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def letter(transactional_db):
    call_command("load_demo", stdout=io.StringIO())
    plan = InspectionPlan.objects.get(number="09/KH-SKHCN")
    return make_draft(actor=User.objects.get(username="noivu"), kind="remediation_letter", plan=plan)


@pytest.mark.parametrize("browser_page", ["desktop", "phone"], indirect=True)
def test_the_preview_follows_typing_and_fits_the_screen(letter, browser_page):
    page = browser_page
    login(page, "noivu", DEMO_PASSWORD)
    page.goto(f"/documents/{letter.pk}/")
    preview = page.frame_locator("[data-testid=preview]")
    expect(preview.locator("body")).to_contain_text(letter.subject)
    subject = page.get_by_test_id("document-form").get_by_label("Trích yếu")
    subject.fill("Khắc phục hạn chế sau kiểm tra — bản đang gõ")
    expect(preview.locator("body")).to_contain_text("bản đang gõ", timeout=10_000)
    assert Document.objects.get(pk=letter.pk).subject == letter.subject  # nothing saved by the preview
    # The preview reflows to its frame: nothing is cut off at the right.
    frame = page.frame(name="preview")
    width, scroll = frame.evaluate("[document.documentElement.clientWidth, document.documentElement.scrollWidth]")
    assert scroll <= width + 1
    if page.viewport_size["width"] < 600:
        text_width = frame.evaluate("document.querySelector('.body p').getBoundingClientRect().width")
        assert text_width > 0.8 * width  # the text uses the phone's width, not a strip between A4 margins
