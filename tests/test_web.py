"""The web page in real headless Chromium (Debian's package, driven by Playwright).

Skipped when Chromium is missing, unless MUNEWS_REQUIRE_BROWSER=1 (CI), where that fails.
Screenshots go to test-output/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse

import feedparser
import pytest

from tests.fixtures_api import ROOT, SOURCES, XSS_TITLE, Server, build_data

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = ROOT / "test-output" / "screenshots"
KURSK = SOURCES[0][2]


def _require_browser() -> None:
    missing = not os.path.exists(CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("MUNEWS_REQUIRE_BROWSER") == "1":
            pytest.fail("MUNEWS_REQUIRE_BROWSER=1 but Chromium or Playwright is missing")
        pytest.skip("headless Chromium (/usr/bin/chromium) or playwright not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("web") / "data"
    build_data(data_dir)
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A page with JavaScript off: the site must work without it."""
    context = browser.new_context(java_script_enabled=False, base_url=server.url, locale="ru-RU")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def shot(page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def region_labels(page) -> set[str]:
    return set(page.locator("ol.hits .region").all_inner_texts())


def test_search_shows_highlighted_results(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_label("Что искать").fill("молодёжь")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**q=**")  # reads below do not wait: be sure the new page is there
    assert page.locator("#results-heading").inner_text().startswith("Найдено: 12")
    assert page.locator("ol.hits > li").count() == 12
    assert page.locator("ol.hits mark").count() >= 12
    assert page.locator("ol.hits time").first.inner_text()
    shot(page, "search")


def test_filter_form_narrows_by_region(page):
    page.goto("/?q=совет")
    page.locator("details.filters summary").click()
    page.get_by_role("listbox", name="Регион").select_option(KURSK)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**region=**")
    assert region_labels(page) == {KURSK}
    shot(page, "filtered")


def test_best_practice_checkbox_and_badges(page):
    page.goto("/")
    page.locator("details.filters summary").click()
    page.get_by_label("Только лучшие практики").check()
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**best_practice=true**")
    assert page.locator("#results-heading").inner_text().startswith("Найдено: 11")
    assert page.locator("ol.hits .badge.practice").count() == 11
    page.get_by_label("Сохранить поиск как подписку").fill("Практики")
    page.get_by_role("button", name="Подписаться").click()
    page.wait_for_url("**/subscriptions/**")
    assert "только лучшие практики" in page.locator("p.meta").inner_text()
    shot(page, "best-practice-subscription")


def test_facet_click_adds_then_removes_the_filter(page):
    page.goto("/?q=собрание")
    total = page.locator("#results-heading").inner_text()
    link = page.locator("aside.facets a.facet-link", has_text=KURSK)
    count = int(link.locator("xpath=following-sibling::span[1]").inner_text())
    link.click()
    page.wait_for_url("**region=**")
    assert region_labels(page) == {KURSK}
    assert page.locator("ol.hits > li").count() == count
    # The other regions stay listed (with their counts) so that one can be added or swapped.
    assert page.locator("#facet-region + ul a.facet-link").count() == len(SOURCES)
    page.locator("aside.facets a.facet-link.selected", has_text=KURSK).click()
    page.wait_for_url(lambda url: "region=" not in url)
    assert page.locator("#results-heading").inner_text() == total
    shot(page, "facet")


def test_pagination_walks_through_all_results(page):
    page.goto("/?sort=date")
    seen = set(page.locator("ol.hits h2 a").all_inner_texts())
    page.get_by_role("link", name="Вперёд →").click()
    page.wait_for_url("**page=2**")
    assert page.locator("nav.pages [aria-current=page]").inner_text() == "2"
    second = set(page.locator("ol.hits h2 a").all_inner_texts())
    page.locator("nav.pages a", has_text="3").click()
    page.wait_for_url("**page=3**")
    third = set(page.locator("ol.hits h2 a").all_inner_texts())
    assert len(seen | second | third) == 60
    assert page.get_by_role("link", name="Вперёд →").count() == 0
    shot(page, "page3")


def test_open_an_article_and_its_original(page):
    page.goto("/?q=благоустройство+дворов")
    first = page.locator("ol.hits h2 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == title
    assert page.locator(".article .text p").count() == 2
    original = page.get_by_role("link", name="Открыть оригинал на сайте источника")
    assert original.get_attribute("href").startswith("https://")
    assert "noopener" in original.get_attribute("rel")
    shot(page, "article")
    page.get_by_role("link", name="← К результатам").click()
    page.wait_for_url(lambda url: "/articles/" not in url)
    assert page.get_by_label("Что искать").input_value() == "благоустройство дворов"


def test_follow_the_feed_link(page, server):
    page.goto("/?q=семинар")
    href = page.get_by_role("link", name="Лента Atom по этому запросу").get_attribute("href")
    response = page.request.get(urllib.parse.urljoin(server.url, href))
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.entries
    assert all("Семинар" in entry.title for entry in feed.entries)


def test_save_a_search_as_a_subscription(page):
    page.goto(f"/?q=конкурс&region={urllib.parse.quote(KURSK)}")
    page.get_by_label("Сохранить поиск как подписку").fill("Конкурс в Курске")
    page.get_by_role("button", name="Подписаться").click()
    page.wait_for_url("**/subscriptions/**")
    assert page.locator("h1").inner_text() == "Конкурс в Курске"
    assert page.get_by_text("Ничего нового.").count() == 1
    shot(page, "subscription")
    page.get_by_role("link", name="Подписки", exact=True).click()
    page.wait_for_url("**/subscriptions")
    assert page.get_by_role("link", name="Конкурс в Курске").count() == 1


@pytest.mark.parametrize("path, heading", [("/new", "Новое во всех регионах"),
                                           ("/sources", "Источники")])
def test_new_and_sources_pages(page, path, heading):
    page.goto(path)
    assert page.locator("h1").inner_text() == heading
    if path == "/sources":
        assert page.locator("table.sources tbody tr").count() == len(SOURCES)
        assert page.get_by_text("news section answered 500").count() == 1
    else:
        dates = page.locator("ol.hits time").evaluate_all("els => els.map(e => e.dateTime)")
        assert dates == sorted(dates, reverse=True) and len(dates) == 30
    shot(page, path.strip("/"))


def test_crawled_payload_is_text_and_nothing_executes(browser, server):
    context = browser.new_context(base_url=server.url)  # JavaScript ON: give the payload a chance
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/?q=водоснабжение")
    assert page.locator("ol.hits h2 a").first.inner_text() == XSS_TITLE
    page.locator("ol.hits h2 a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == XSS_TITLE
    assert "onerror" in page.locator(".article .text").inner_text()
    assert page.locator(".article img, .article script").count() == 0
    assert page.evaluate("window.__xss") is None and not dialogs
    shot(page, "xss-article")
    context.close()


def test_phone_layout_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 375, "height": 740},
                                  device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    for path, name in (("/?q=практика", "phone-search"), ("/sources", "phone-sources")):
        page.goto(path)
        overflow = page.evaluate("""() => Math.max(...[document.documentElement,
            ...document.querySelectorAll('.table-wrap')].map(e => e.scrollWidth - e.clientWidth))""")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        shot(page, name, full_page=False)  # the first screen is what a phone user judges
    context.close()


CONTRAST_JS = """
() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => { for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const worst = [];
  for (const el of document.querySelectorAll('p, a, li, h1, h2, label, button, mark, span, th, td, summary')) {
    if (!el.innerText || !el.innerText.trim() || el.offsetParent === null) continue;
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) worst.push(el.tagName + '.' + el.className + ': ' + ratio.toFixed(2));
  }
  return worst;
}
"""
UNLABELLED_JS = """
() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name)
"""


@pytest.mark.parametrize("path", ["/?q=совет&region=" + urllib.parse.quote(KURSK), "/sources",
                                  "/subscriptions", "/new"])
def test_text_contrast_and_labelled_fields(browser, server, path):
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto(path)  # with a filter set, the search form opens its filters: all fields visible
    assert page.evaluate(CONTRAST_JS) == [], "text below WCAG AA contrast (4.5:1)"
    assert page.evaluate(UNLABELLED_JS) == [], "form fields without a label"
    context.close()
