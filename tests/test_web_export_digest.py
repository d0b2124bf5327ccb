"""«Скачать CSV/XLSX» of the results page and the «Лучшие практики» page, on a real `munews serve`.

The CSV must open in a Russian Excel (BOM, ``;``), keep the page's filters, order and story
folding, and never hand Excel a formula from crawled text; the XLSX holds the same rows. The
digest page lists best-practice stories by region, once per story, over a chosen period. The
browser test clicks the link in headless Chromium (skipped without it unless
MUNEWS_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from openpyxl import load_workbook

from indexer.documents import Article
from indexer.export_rows import STAFF_COLUMNS, neutralise
from indexer.store import Store
from tests.fixtures_api import SOURCES, Server, add_articles, build_data

KURSK, TVER, OMSK = SOURCES[0][2], SOURCES[1][2], SOURCES[2][2]
BOM = b"\xef\xbb\xbf"

#: Crawled titles a spreadsheet would run as formulas (CSV injection).
FORMULAS = ('=HYPERLINK("http://evil.example/","жми")', "+7 (495) 000-00-00 инъекция",
            "-2+3 инъекция", "@SUM(A1:A9) инъекция", "\tтабуляция инъекция", "\rвозврат инъекция")
HOSTILE = 'Практика <script>window.__xss = 1</script> & «кавычки»'
TOPIC = "Инициативное бюджетирование"


def _article(n: int, title: str, region_index: int, text: str, **extra: object) -> Article:
    source_id, source_name, region = SOURCES[region_index]
    return Article(url=f"https://{source_id}.example.ru/extra/{n}/", source_id=source_id,
                   source_name=source_name, region=region, title=title, text=text,
                   published_at=f"2024-03-{n:02d}T09:30:00+03:00", fetched_at="2024-12-01T00:00:00+00:00",
                   **extra)  # type: ignore[arg-type]


ORIGINAL = _article(1, "Водоотведение: опыт Омской области", 2, "Практика водоотведения в поселениях.",
                    best_practice=True, topics=[TOPIC], lead="Омский опыт водоотведения.")
REPOST = replace(_article(5, "Водоотведение: опыт соседей", 1, "Практика водоотведения в поселениях."),
                 best_practice=True, story_id=ORIGINAL.id, topics=[TOPIC])
MONTH_OLD = _article(2, "Практика месячной давности", 0, "Старый опыт благоустройства.", best_practice=True)
YEAR_OLD = _article(3, "Практика полугодовой давности", 3, "Совсем старый опыт.", best_practice=True)
XSS_PRACTICE = _article(4, HOSTILE, 1, "Опасный опыт.", best_practice=True)
INJECTIONS = [_article(10 + i, title, 0, f"Статья про инъекцию номер {i}.",
                       lead="=1+1 " if i == 0 else "") for i, title in enumerate(FORMULAS)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("export") / "data"
    config = build_data(data_dir)
    add_articles(config, [ORIGINAL, REPOST, MONTH_OLD, YEAR_OLD, XSS_PRACTICE, *INJECTIONS])
    now = datetime.now(timezone.utc)
    with Store(config.store_path) as store:
        for article, age in ((MONTH_OLD, 20), (YEAR_OLD, 200)):
            store.connection.execute("UPDATE articles SET first_seen_at = ? WHERE id = ?",
                                     ((now - timedelta(days=age)).isoformat(), article.id))
        store.commit()
    running = Server(data_dir).start()
    yield running
    running.stop()


def _get(server: Server, path: str, **params: object) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=30)  # type: ignore[arg-type]


def _csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _api_titles(server: Server, **params: object) -> list[str]:
    found, page = [], 1
    while True:
        body = _get(server, "/api/search", size=100, page=page, **params).json()
        found += [neutralise(hit["title"]) for hit in body["hits"]]  # as the export writes them
        if page >= body["pages"]:
            return found
        page += 1


def test_csv_opens_in_russian_excel_with_the_page_rows(server):
    response = _get(server, "/export.csv", q="конкурс")
    assert response.content.startswith(BOM + "Заголовок;Дата;".encode())
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="munews-') and disposition.endswith('.csv"')
    header, *rows = _csv_rows(response)
    assert tuple(header) == STAFF_COLUMNS
    assert [row[0] for row in rows] == _api_titles(server, q="конкурс")  # Cyrillic round-trips
    first = rows[0]
    assert first[0].startswith("Конкурс «Лучшая муниципальная практика»")
    assert first[6].startswith("https://") and first[7].startswith("Подведены итоги")
    assert "<mark>" not in response.text


def test_csv_keeps_the_filters_and_the_order_of_the_page(server):
    response = _get(server, "/export.csv", region=KURSK, since="01.01.2024", sort="date")
    _, *rows = _csv_rows(response)
    assert rows and {row[2] for row in rows} == {KURSK}
    dates = [datetime.strptime(row[1], "%d.%m.%Y %H:%M") for row in rows]
    assert all(day >= datetime(2024, 1, 1) for day in dates)
    assert dates == sorted(dates, reverse=True)
    assert [row[0] for row in rows] == _api_titles(server, region=KURSK, since="2024-01-01", sort="date")
    # Two regions at once, as the page takes them.
    _, *both = _csv_rows(_get(server, "/export.csv", region=[KURSK, OMSK]))
    assert {row[2] for row in both} == {KURSK, OMSK}


def test_a_story_is_one_row_unless_collapse_is_off(server):
    _, *folded = _csv_rows(_get(server, "/export.csv", q="водоотведение"))
    assert [row[0] for row in folded] == [ORIGINAL.title]
    assert folded[0][5] == TOPIC and folded[0][1] == "01.03.2024 09:30"  # MUNEWS_TIMEZONE: Moscow
    _, *every = _csv_rows(_get(server, "/export.csv", q="водоотведение", collapse="false"))
    assert sorted(row[0] for row in every) == sorted([ORIGINAL.title, REPOST.title])


def test_formula_cells_are_neutralised(server):
    _, *rows = _csv_rows(_get(server, "/export.csv", q="инъекция"))
    titles = {row[0] for row in rows}
    assert titles == {"'" + title for title in FORMULAS}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    lead = next(row[7] for row in rows if "HYPERLINK" in row[0])
    assert lead == "'=1+1"
    assert neutralise("Обычный текст") == "Обычный текст" and neutralise("") == ""


def _xlsx_rows(response: httpx.Response) -> list[list[object]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response.headers["content-disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_holds_the_same_rows_with_real_dates(server):
    params = {"region": KURSK, "since": "2024-01-01", "sort": "date"}
    _, *csv_rows = _csv_rows(_get(server, "/export.csv", **params))
    header, *rows = _xlsx_rows(_get(server, "/export.xlsx", **params))
    assert tuple(header) == STAFF_COLUMNS
    assert len(rows) == len(csv_rows)
    for sheet_row, csv_row in zip(rows, csv_rows):
        assert isinstance(sheet_row[1], datetime)
        assert sheet_row[1].strftime("%d.%m.%Y %H:%M") == csv_row[1]
        assert [value or "" for value in sheet_row[:1] + sheet_row[2:]] == csv_row[:1] + csv_row[2:]


def test_xlsx_formulas_are_text(server):
    response = _get(server, "/export.xlsx", q="инъекция")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    titles = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in titles} == {"'" + title for title in FORMULAS}
    assert all(cell.data_type == "s" for cell in titles)


def test_export_takes_the_page_validation(server):
    response = _get(server, "/export.csv", since="31.02.2024")
    assert response.status_code == 422 and "text/html" in response.headers["content-type"]
    assert _get(server, "/export.xlsx", sort="nonsense").status_code == 422


def test_results_page_links_both_exports_with_its_query(server):
    page = _get(server, "/", q="конкурс", region=KURSK, sort="date").text
    query = "?" + urllib.parse.urlencode({"q": "конкурс", "region": KURSK, "sort": "date"})
    assert f'href="/export.csv{query}"'.replace("&", "&amp;") in page
    assert f'href="/export.xlsx{query}"'.replace("&", "&amp;") in page
    assert ">Скачать CSV</a>" in page and ">Скачать XLSX</a>" in page


def test_export_is_cut_at_the_cap_and_says_so(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from search_api import web_export
    from search_api.app import create_app

    monkeypatch.setattr(web_export, "EXPORT_MAX_ROWS", 7)
    monkeypatch.setattr(web_export, "_BATCH", 3)  # several backend pages per export
    with TestClient(create_app(build_data(tmp_path / "data"))) as client:
        response = client.get("/export.csv", params={"sort": "date"})
        assert response.headers["x-export-truncated"] == "first 7 publications"
        assert len(_csv_rows(response)) == 1 + 7
        assert "x-export-truncated" not in client.get("/export.csv", params={"q": "конкурс", "region": KURSK}).headers


# -- «Лучшие практики» -------------------------------------------------------------------------

def _digest(server: Server, **params: object) -> str:
    response = _get(server, "/digest", **params)
    assert response.status_code == 200, response.text
    return response.text


def test_digest_lists_best_practice_stories_by_region_once(server):
    page = _digest(server)
    assert "<h1>Лучшие практики за неделю</h1>" in page
    assert f'class="region">{OMSK} (' in page
    assert page.count(ORIGINAL.title) == 1 and REPOST.title not in page  # one story, one line
    assert "и ещё в 1 источнике" in page and f"Темы: {TOPIC}" in page
    assert f'href="/articles/{ORIGINAL.id}"' in page and f'href="{ORIGINAL.url}"' in page
    # the fixture's 11 contest practices, in their regions
    assert page.count("Конкурс «Лучшая муниципальная практика»") == 11
    assert MONTH_OLD.title not in page and YEAR_OLD.title not in page


def test_digest_nav_link_and_period_presets(server):
    page = _digest(server)
    assert '<a href="/digest" aria-current="page">Лучшие практики</a>' in page
    assert 'href="/" aria-current' not in page
    assert '<a href="/digest">Лучшие практики</a>' in _get(server, "/").text
    for days, label in ((7, "неделя"), (30, "месяц"), (365, "год")):
        assert f'href="/digest?days={days}"' in page and f">{label}</a>" in page
    month = _digest(server, days=30)
    assert "Лучшие практики за месяц" in month and MONTH_OLD.title in month and YEAR_OLD.title not in month
    year = _digest(server, days=365)
    assert "Лучшие практики за год" in year and YEAR_OLD.title in year
    assert "за 3 дня" in _digest(server, days=3)
    for bad in ("0", "400", "неделя"):
        response = _get(server, "/digest", days=bad)
        assert response.status_code == 422 and "Период" in response.text


def test_digest_region_filter(server):
    page = _digest(server, days=30, region=KURSK.upper())
    assert MONTH_OLD.title in page and ORIGINAL.title not in page and f'class="region">{OMSK}' not in page
    assert 'href="/digest?days=365&amp;region=' in page  # the presets keep the region
    both = _digest(server, region=[OMSK, TVER])
    assert ORIGINAL.title in both and f'class="region">{KURSK}' not in both
    empty = _digest(server, region="Нет такой области")
    assert "новых публикаций о лучших практиках нет в выбранных регионах" in empty


def test_digest_escapes_crawled_and_requested_text(server):
    page = _digest(server)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt; &amp; «кавычки»" in page
    assert "<script>window.__xss" not in page
    hostile = _digest(server, region='<img src=x onerror="alert(1)">')
    assert "<img src=x" not in hostile and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in hostile


# -- the browser ----------------------------------------------------------------------------------

@pytest.mark.browser
def test_clicking_download_csv_saves_the_results(server, tmp_path):
    from tests.test_web import CHROMIUM, CHROMIUM_ARGS, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(java_script_enabled=False, base_url=server.url, locale="ru-RU",
                                          accept_downloads=True)
            page = context.new_page()
            page.goto("/?" + urllib.parse.urlencode({"q": "практика", "region": KURSK}))
            shown = page.locator("ol.hits .hit-title a").all_inner_texts()
            assert shown
            with page.expect_download() as info:
                page.get_by_role("link", name="Скачать CSV").click()
            download = info.value
            assert download.suggested_filename.startswith("munews-")
            assert download.suggested_filename.endswith(".csv")
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
            raw = saved.read_bytes()
            assert raw.startswith(BOM)
            header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
            assert tuple(header) == STAFF_COLUMNS
            assert [row[0] for row in rows] == shown and {row[2] for row in rows} == {KURSK}
        finally:
            browser.close()
