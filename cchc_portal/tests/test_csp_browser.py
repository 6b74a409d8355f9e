"""The Content-Security-Policy as a browser applies it: the portal's own scripts run, an injected one does not."""

import pytest
from django.core.management import call_command

from conftest import login
from units.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_policy_forbids_inline_script(client, django_user_model):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy


def test_an_injected_inline_script_is_blocked_and_the_pages_own_scripts_run(chromium, live_server):
    call_command("load_demo", verbosity=0)
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    try:
        login(page, "noivu", DEMO_PASSWORD)
        assert page.evaluate("typeof htmx") == "object"  # htmx, from the portal's static files, ran
        page.evaluate(
            """() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';
                       document.body.appendChild(s); }"""
        )
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.injected") == "undefined"
        assert any("inline script" in text or "script-src" in text for text in violations)
    finally:
        context.close()


@pytest.mark.parametrize("path, ready", [("/api/docs/", ".swagger-ui"), ("/api/redoc/", "redoc, [class*=redoc]")])
def test_the_api_documentation_works_under_the_policy(browser_page, path, ready):
    call_command("load_demo", verbosity=0)
    login(browser_page, "admin", DEMO_PASSWORD)
    browser_page.goto(path)
    browser_page.wait_for_selector(ready)
    # browser_page fails the test on any violation when it closes.
