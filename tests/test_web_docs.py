"""The API docs pages in real headless Chromium with no internet: every request that does not
go to the local server is aborted, and Swagger UI and ReDoc must still render (issue 20).

Skipped when Chromium is missing, unless MUNEWS_REQUIRE_BROWSER=1 (CI), where that fails.
"""

from __future__ import annotations

import urllib.parse

import pytest

# The browser and the served demo data of the page tests, not launched a second way here.
from tests.test_web import SHOTS, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def offline_page(browser, server):  # noqa: F811 (the imported fixtures)
    """A page with JavaScript on whose every request off 127.0.0.1 is aborted and recorded;
    console errors (a CSP refusal among them) are recorded too."""
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.aborted, page.errors = [], []

    def only_local(route):
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            page.aborted.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_swagger_ui_renders_the_operations_offline(offline_page):
    page = offline_page
    page.goto("/docs")
    operation = page.locator(".opblock-summary-path", has_text="/api/search").first
    operation.wait_for(state="visible")
    assert page.locator(".opblock").count() >= 3
    assert "munews API" in page.locator(".info .title").first.inner_text()
    operation.click()  # the operation opens with its parameters: the UI is alive, not a picture
    page.locator(".parameters-container").first.wait_for(state="visible")
    page.screenshot(path=str(SHOTS / "docs-swagger-offline.png"))
    assert page.aborted == [] and page.errors == [], (page.aborted, page.errors)


def test_redoc_renders_the_operations_offline(offline_page):
    page = offline_page
    page.goto("/redoc")
    page.get_by_text("/api/search", exact=False).first.wait_for(state="attached")
    page.locator("h1", has_text="munews API").first.wait_for(state="visible")
    page.get_by_text("Search articles: query text").first.wait_for(state="visible")
    page.screenshot(path=str(SHOTS / "docs-redoc-offline.png"))
    # ReDoc's sidebar shows a «Powered by Redocly» logo from its CDN (no option hides it): the
    # page's CSP refuses it before any request leaves, and ReDoc drops the image on the error.
    errors = [e for e in page.errors if not ("cdn.redoc.ly/redoc/logo-mini.svg" in e and "Content Security Policy" in e)]
    assert page.aborted == [] and errors == [], (page.aborted, page.errors)
