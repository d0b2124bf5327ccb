"""Issue 20, the search page as staff expect it: regions kept across searches, the lead once,
no made-up «00:00», a year facet that can be undone, honest out-of-range pages, «1–20 из 137»,
results per page, date presets, the histogram by month, highlighted titles, case-insensitive
regions, a region list in the subscription form, dark and print styles, «/» to search.

API-level checks run on a real `munews serve`; what a person sees runs in real headless
Chromium (skipped without it unless MUNEWS_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from indexer.documents import Article
from tests.fixtures_api import SOURCES, Server, add_articles, build_data
from tests.test_web import _require_browser, browser  # noqa: F401 (fixtures)

KURSK, TVER = SOURCES[0][2], SOURCES[1][2]
LEAD = "Глава района вручил награды победителям конкурса проектов."
LEAD_ARTICLE = Article(
    url="https://kursk-smo.example.ru/news/lead/", source_id="kursk-smo", source_name=SOURCES[0][1],
    region=KURSK, title="Награды победителям конкурса", lead=LEAD,
    text=LEAD + "\nВторой абзац о церемонии награждения.", published_at="2024-05-20T00:00:00+03:00",
    fetched_at="2024-12-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("web-tools") / "data"
    add_articles(build_data(data_dir), [LEAD_ARTICLE])
    running = Server(data_dir).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10.0) as http:
        yield http


def test_the_lead_is_shown_once_and_a_date_only_article_has_no_time(client):
    page = client.get(f"/articles/{LEAD_ARTICLE.id}").text
    assert page.count("Глава района вручил награды") == 1
    assert "20 мая 2024</time>" in page and "00:00" not in page


def test_range_sizes_and_out_of_range_pages(client):
    page = client.get("/", params={"q": "совет", "size": 10}).text
    total = int(re.search(r"Найдено: (\d+)", page).group(1))
    assert f"1–10 из {total}" in page and total > 10
    assert '<option value="10" selected>10</option>' in page
    second = client.get("/", params={"q": "совет", "size": 10, "page": 2}).text
    assert f"11–{min(20, total)} из {total}" in second
    last = -(-total // 10)
    beyond = client.get("/", params={"q": "совет", "size": 10, "page": last + 3}).text
    assert f"Страницы {last + 3} нет" in beyond and f"page={last}" in beyond and "Последняя страница" in beyond


def test_the_year_facet_can_be_undone(client):
    page = client.get("/", params={"q": "совет"}).text
    year_link = re.search(r'href="(/\?[^"]*since=2024-01-01[^"]*until=2024-12-31[^"]*)"', page)
    assert year_link
    chosen = client.get(year_link.group(1).replace("&amp;", "&")).text
    selected = re.search(r'<a href="([^"]*)" class="facet-link selected"[^>]*>✓ 2024</a>', chosen)
    assert selected, "the chosen year is marked and links back"
    undone = selected.group(1).replace("&amp;", "&")
    assert "since=" not in undone and "until=" not in undone and "q=" in undone


def test_date_presets_link_to_since_days_ago(client):
    page = client.get("/", params={"q": "совет"}).text
    # The page's «today» is the reader's (MUNEWS_TIMEZONE, Moscow by default), not the machine's.
    week = (datetime.now(ZoneInfo("Europe/Moscow")).date() - timedelta(days=7)).isoformat()
    assert re.search(rf'href="/\?q=[^"]*since={week}[^"]*">за неделю</a>', page)
    chosen = client.get("/", params={"q": "совет", "since": week}).text
    assert 'class="selected">за неделю</a>' in chosen


def test_the_histogram_draws_the_months_and_each_bar_narrows_to_its_month(client):
    page = client.get("/", params={"q": "совет"}).text
    bars = re.findall(r'<a href="([^"]+)"><rect class="bar"[^>]*><title>([^<]+)</title>', page)
    assert len(bars) >= 12  # matches spread over 2023–2024
    link, title = next((link, title) for link, title in bars if not title.endswith(": 0"))
    month = re.search(r"since=(\d{4}-\d{2})-01", link.replace("&amp;", "&")).group(1)
    narrowed = client.get(link.replace("&amp;", "&")).text
    assert f'value="{month}-01"' in narrowed  # the since field shows the month
    count = int(title.rsplit(": ", 1)[1])
    assert f"Найдено: {count}" in narrowed


def test_titles_are_highlighted_in_the_page_and_the_api(client):
    hits = client.get("/api/search", params={"q": "молодежной"}).json()["hits"]
    assert hits and "<mark>" in hits[0]["title_html"]
    page = client.get("/", params={"q": "молодежной"}).text
    assert re.search(r'<h2 class="hit-title"><a href="/articles/\w+">[^<]*<mark>', page)


def test_regions_match_whatever_their_case_and_subscriptions_offer_a_list(client):
    exact = client.get("/api/search", params={"region": KURSK}).json()["total"]
    assert exact and client.get("/api/search", params={"region": KURSK.upper()}).json()["total"] == exact
    assert client.get("/api/search", params={"region": "  курская   область "}).json()["total"] == exact
    form = client.get("/subscriptions").text
    assert f'<option value="{KURSK}">{KURSK}</option>' in form
    created = client.post("/api/subscriptions", json={"name": "Курск", "region": ["курская область"]}).json()
    assert created["region"] == [KURSK]


def test_the_stylesheet_has_dark_and_print_rules_and_the_script_is_served(client):
    css = client.get("/static/style.css").text
    assert "@media (prefers-color-scheme: dark)" in css and "@media print" in css
    script = client.get("/static/page.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


# -- in a real browser ---------------------------------------------------------------------------

@pytest.fixture
def js_page(browser, server):  # noqa: F811
    context = browser.new_context(base_url=server.url, locale="ru-RU")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_two_regions_chosen_through_the_facets_stay_across_a_new_search(js_page):
    page = js_page
    page.goto("/?q=совет")
    page.locator("aside.facets a.facet-link", has_text=KURSK).click()
    page.wait_for_url("**region=**")
    page.locator("aside.facets a.facet-link", has_text=TVER).click()
    page.wait_for_url(re.compile(r"region=.*region="))
    page.get_by_label("Что искать").fill("собрание")
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url("**q=%D1%81%D0%BE%D0%B1**")
    regions = set(page.locator("ol.hits .region").all_inner_texts())
    assert regions == {KURSK, TVER}
    assert sorted(page.get_by_role("listbox", name="Регион").evaluate(
        "s => [...s.selectedOptions].map(o => o.value)")) == sorted([KURSK, TVER])


@pytest.mark.browser
def test_the_lead_is_shown_once_in_the_browser(js_page, server):
    js_page.goto(f"/articles/{LEAD_ARTICLE.id}")
    assert js_page.locator("article").inner_text().count("Глава района вручил награды") == 1


@pytest.mark.browser
def test_keyboard_only_search_with_slash(js_page):
    page = js_page
    page.goto("/")
    page.locator("body").click(position={"x": 5, "y": 300})  # focus away from the box
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("молодёжь")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=**")
    assert page.locator("#results-heading").inner_text().startswith("Найдено:")
    page.keyboard.press("Tab")  # the skip link first: the page is walkable by keyboard
    assert page.evaluate("document.activeElement.className") == "skip"


@pytest.mark.browser
def test_dark_theme_follows_the_system(browser, server):  # noqa: F811
    for scheme, background in (("dark", "rgb(18, 18, 18)"), ("light", "rgb(255, 255, 255)")):
        context = browser.new_context(base_url=server.url, color_scheme=scheme)
        page = context.new_page()
        page.goto("/?q=совет")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        context.close()


@pytest.mark.browser
def test_the_histogram_is_visible_and_a_bar_click_narrows(js_page):
    page = js_page
    page.goto("/?q=совет")
    chart = page.locator("figure.histogram svg")
    assert chart.is_visible() and chart.bounding_box()["height"] > 50
    page.locator("figure.histogram a").first.click()
    page.wait_for_url("**since=**")
    assert page.locator("ol.hits > li").count() >= 1
