"""End-to-end crawls: `munews crawl` in a subprocess against the fixture sites on 127.0.0.1.

One crawl of all four template families plus a dead source runs once per module; the tests
read what it left in the store, in the server's request log and in its output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import closed_port_url, serve_sites
from indexer.store import Store

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "sites"
START = {"wordpress": "/news/", "bitrix": "/press-center/news/", "joomla": "/novosti.html",
         "table": "/news.php"}

EXPECTED_PATHS = {
    "wordpress": {
        "/2023/02/27/klub-masterskaya-praktik/", "/2023/03/14/forum-starost/",
        "/2023/04/03/initsiativnoe-byudzhetirovanie-itogi/", "/2023/05/18/seminar-glav-poseleniy/",
        "/2023/06/02/obmen-opytom-saratov/", "/2023/07/10/konkurs-luchshaya-praktika/",
    },
    # 505 is a runaway page (dropped); 508 is only in the sitemap, not in the news list.
    "bitrix": {f"/press-center/news/{n}/" for n in (501, 502, 503, 504, 506, 507, 508)},
    "joomla": {f"/novosti/{slug}.html" for slug in (
        "121-forum-territorii-rosta", "122-grant-dobrososedskaya-respublika",
        "123-shkola-munitsipalnogo-yurista", "124-soveshchanie-po-blagoustroystvu",
        "125-konferentsiya-tos", "126-broken-markup")},
    "table": {f"/news_view.php?id={n}" for n in range(17, 22)},
}


def crawl_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUNEWS_", "ELASTICSEARCH_"))}
    env.update({
        # The subprocess imports this checkout, whatever other tree `pip install -e` points at.
        "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), env.get("PYTHONPATH")))),
        "MUNEWS_DATA_DIR": str(data_dir), "MUNEWS_DOWNLOAD_DELAY": "0",
        "MUNEWS_AUTOTHROTTLE": "false", "MUNEWS_CONCURRENCY_PER_DOMAIN": "8",
        # 1 MB cap: the Bitrix fixture's runaway page weighs 1.5 MB.
        "MUNEWS_MAX_RESPONSE_MB": "1",
    })
    env.update(extra)
    return env


def run_munews(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def write_sources(path: Path, server, dead: bool = True) -> Path:
    lines = ["sources:"]
    for name, start in START.items():
        lines += [f"  - id: {name}", f"    name: Совет {name}", "    region: Тестовая область",
                  f"    start_urls: ['{server.url(name, start)}']"]
    if dead:
        lines += ["  - id: dead", "    name: Мёртвый сайт", "    region: Тестовая область",
                  f"    start_urls: ['{closed_port_url('/news/')}']"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with serve_sites(SITES) as server:
        sources = write_sources(tmp / "sources.yaml", server)
        env = crawl_env(tmp / "data")
        first = run_munews(["crawl", "--sources", str(sources)], env, tmp)
        hits = {name: server.hits(name) for name in server.names}
        server.reset_hits()
        second = run_munews(["crawl", "--sources", str(sources), "--quiet"], env, tmp)
        hits["second"] = {name: server.statuses(name) for name in server.names}
        exported = run_munews(["export", "--format", "jsonl"], env, tmp)
        yield {"first": first, "second": second, "hits": hits, "server": server, "tmp": tmp,
               "store": tmp / "data" / "munews.sqlite3", "export": exported, "env": env,
               "ports": {name: server.port(name) for name in server.names}}


def articles(crawl, source_id):
    with Store(crawl["store"]) as store:
        return {a.url.split(str(crawl["ports"][source_id]), 1)[1]: a
                for a in store.iter_articles(source_id)}


def test_first_crawl_succeeds_although_one_source_is_dead(crawl):
    assert crawl["first"].returncode == 0, crawl["first"].stderr[-3000:]
    table = crawl["first"].stdout
    dead_line = next(line for line in table.splitlines() if line.startswith("dead"))
    assert "FAILED" in dead_line and "connection-refused" in dead_line
    for name in START:
        line = next(line for line in table.splitlines() if line.startswith(name))
        assert " ok " in line


@pytest.mark.parametrize("site", sorted(EXPECTED_PATHS))
def test_exact_set_of_articles(crawl, site):
    assert set(articles(crawl, site)) == EXPECTED_PATHS[site]


def test_no_duplicates_across_url_variants_or_crawls(crawl):
    with Store(crawl["store"]) as store:
        urls = [row[0] for row in store.connection.execute("SELECT url FROM articles")]
    assert len(urls) == len(set(urls)) == sum(len(paths) for paths in EXPECTED_PATHS.values())
    assert not any("utm_" in url or "print" in url for url in urls)


@pytest.mark.parametrize("site", sorted(START))
def test_second_crawl_of_an_unchanged_site_costs_one_listing_request(crawl, site):
    assert crawl["second"].returncode == 0, crawl["second"].stderr[-3000:]
    pages = [hit for hit in crawl["hits"]["second"][site] if hit[0] != "/robots.txt"]
    # The start listing holds only known articles: no paging, no article re-fetched (known
    # articles are re-checked when due, a day later); the feed and the sitemap index answer 304.
    expected = [(START[site], 200)] + {"bitrix": [("/sitemap.xml", 304)],
                                       "wordpress": [("/feed/", 304)]}.get(site, [])
    assert sorted(pages) == sorted(expected)
    with Store(crawl["store"]) as store:
        run = store.runs(site, limit=1)[0]
    assert (run["articles_new"], run["articles_updated"], run["status"]) == (0, 0, "ok")


@pytest.mark.parametrize("site,path,title,date", [
    ("wordpress", "/2023/02/27/klub-masterskaya-praktik/",
     "Пятое заседание Клуба «Мастерская лучших муниципальных практик»", "2023-02-27T14:05"),
    ("bitrix", "/press-center/news/502/",
     "«Народный бюджет» как инструмент инициативного бюджетирования", "2023-02-21"),
    ("joomla", "/novosti/121-forum-territorii-rosta.html",
     "В Уфе прошёл форум «Муниципалитеты – территории роста»", "2020-02-19"),
    # The table site has no <h1> and no date on the article page: both come from the listing.
    ("table", "/news_view.php?id=18", "Объединение муниципальных юристов провело консультации",
     "2019-12-10"),
])
def test_titles_and_dates(crawl, site, path, title, date):
    article = articles(crawl, site)[path]
    assert article.title == title
    assert article.published_at is not None and article.published_at.startswith(date)
    assert article.source_name == f"Совет {site}" and article.region == "Тестовая область"


@pytest.mark.parametrize("site,path,own,foreign", [
    ("wordpress", "/2023/03/14/forum-starost/",
     "более двухсот старост из всех муниципальных районов", "Главу «Русагро» Мошковича"),
    ("wordpress", "/2023/02/27/klub-masterskaya-praktik/",
     "студенческий проектный офис", "Ваш email не публикуется"),
    ("bitrix", "/press-center/news/501/", "поддержке малых сельских поселений", "Календарь новостей"),
    ("joomla", "/novosti/123-shkola-munitsipalnogo-yurista.html",
     "подготовке проектов муниципальных нормативных правовых актов", "Частотные преобразователи"),
    # Body quality is the cleaning stage's (tests/test_cleaning*); here only the article's own
    # text and the most obvious foreign blocks.
    ("table", "/news_view.php?id=21", "проходить практику в администрациях", None),
])
def test_bodies_hold_the_article_not_the_boilerplate(crawl, site, path, own, foreign):
    text = articles(crawl, site)[path].text
    assert own in text
    assert foreign is None or foreign.lower() not in text.lower()


# Reliability case 17 (docs/reliability.md).
@pytest.mark.parametrize("site", ["bitrix", "table"])
def test_windows_1251_sites_decode_to_correct_russian(crawl, site):
    # bitrix declares windows-1251; table sends cp1251 bytes under a wrong "charset=utf-8".
    for article in articles(crawl, site).values():
        assert "\ufffd" not in article.text + article.title
        assert not any(marker in article.text for marker in ("Ð", "Ñ", "Р°", "Ñ‚"))
    assert "Подведены итоги областного смотра-конкурса сельсоветов" in {
        a.title for a in articles(crawl, "table").values()}


# Reliability case 22 (docs/reliability.md).
def test_robots_disallowed_page_is_never_fetched(crawl):
    assert "/robots.txt" in crawl["hits"]["wordpress"]
    assert not any("zakrytoe" in hit for hit in crawl["hits"]["wordpress"])


# Reliability case 15 (docs/reliability.md).
@pytest.mark.parametrize("site", sorted(START))
def test_tag_calendar_document_and_print_pages_are_never_fetched(crawl, site):
    for hit in crawl["hits"][site]:
        assert not any(part in hit for part in ("/tag/", "/category/", "DATE=", "month=", ".pdf",
                                                 ".doc", "print", "utm_", "/component/", "?m="))
        assert hit not in ("/2023/02/", "/2023/07/", "/2023/02/27/")


def test_sitemap_from_robots_txt_finds_an_article_missing_from_the_listing(crawl):
    hits = crawl["hits"]["bitrix"]
    assert {"/sitemap.xml", "/sitemap-iblock-3.xml", "/sitemap-news.xml"} <= set(hits)
    article = articles(crawl, "bitrix")["/press-center/news/508/"]
    assert article.title == "Соглашение о сотрудничестве с областным университетом"
    assert article.published_at.startswith("2023-05-04")
    # Sitemap pages that are not articles (/about/, /documents/) are not fetched.
    assert "/about/" not in hits and "/documents/" not in hits


def test_article_found_by_feed_and_listing_is_fetched_once(crawl):
    hits = crawl["hits"]["wordpress"]
    assert hits.count("/feed/") == 1
    for path in EXPECTED_PATHS["wordpress"] - {"/2023/03/14/forum-starost/"}:
        assert hits.count(path) == 1, path


def test_503_then_200_page_is_recovered_by_retry(crawl):
    hits = crawl["hits"]["wordpress"]
    assert hits.count("/2023/03/14/forum-starost/") == 2
    assert "/2023/03/14/forum-starost/" in articles(crawl, "wordpress")


# Reliability case 4 (docs/reliability.md).
def test_redirected_link_lands_under_its_target_url(crawl):
    assert "/news/detail.php?ID=502" in crawl["hits"]["bitrix"]
    assert "/press-center/news/502/" in articles(crawl, "bitrix")


# Reliability case 10 (docs/reliability.md).
def test_oversized_page_is_dropped_with_a_message(crawl):
    assert "/press-center/news/505/" not in articles(crawl, "bitrix")
    assert "press-center/news/505/: response larger than the 1 MB cap" in crawl["first"].stderr


# Reliability case 19 (docs/reliability.md).
def test_non_html_page_is_reported_and_skipped(crawl):
    assert "/novosti/127-otchet-za-2019-god.html" not in articles(crawl, "joomla")
    assert "127-otchet-za-2019-god.html: not HTML (Content-Type application/octet-stream)" in \
        crawl["first"].stderr


def test_rel_canonical_folds_a_non_sef_link_into_the_sef_article(crawl):
    # The listing links article 122 both as /novosti/122-….html and as a non-SEF Joomla URL;
    # both pages name the SEF URL in rel=canonical: one article, under the SEF URL.
    non_sef = [hit for hit in crawl["hits"]["joomla"] if "option=com_content" in hit]
    assert len(non_sef) == 1
    assert "/novosti/122-grant-dobrososedskaya-respublika.html" in articles(crawl, "joomla")
    assert not any("option=" in path for path in articles(crawl, "joomla"))


# Reliability case 1 (docs/reliability.md).
def test_redirect_off_the_site_is_not_followed(crawl):
    assert "/novosti/128-material-perenesen.html" in crawl["hits"]["joomla"]
    assert not any("128" in path for path in articles(crawl, "joomla"))
    with Store(crawl["store"]) as store:
        first_run = store.runs("joomla", limit=2)[-1]
    assert first_run["errors"].get("offsite") == 1


# Reliability case 16 (docs/reliability.md).
def test_broken_markup_page_is_still_extracted(crawl):
    article = articles(crawl, "joomla")["/novosti/126-broken-markup.html"]
    assert article.title == "Совет провёл выездной семинар в Стерлитамаке"
    assert "собрал глав поселений южной части республики" in article.text


def test_crawl_runs_record_pages_articles_and_errors_by_kind(crawl):
    with Store(crawl["store"]) as store:
        first_runs = {run["source_id"]: run for run in store.runs(limit=20) if run["run_id"] <= 5}
    assert first_runs["wordpress"]["articles_new"] == 6
    assert first_runs["wordpress"]["errors"].get("robots") == 1
    assert first_runs["bitrix"]["errors"].get("oversize") == 1
    assert first_runs["joomla"]["errors"].get("not-html") == 1
    assert first_runs["dead"]["status"] == "failed"
    assert first_runs["dead"]["errors"] == {"connection-refused": 2}  # robots.txt and start page
    # robots.txt and the not-found probe (spiders/not_found.py) are not the site's pages
    table_pages = [hit for hit in crawl["hits"]["table"] if hit != "/robots.txt" and "/munews-" not in hit]
    assert first_runs["table"]["pages_fetched"] == len(table_pages)


def test_export_jsonl_has_every_field(crawl):
    from indexer.documents import EXPORT_FIELDS

    rows = [json.loads(line) for line in crawl["export"].stdout.splitlines()]
    assert len(rows) == sum(len(paths) for paths in EXPECTED_PATHS.values())
    assert all(list(row) == list(EXPORT_FIELDS) for row in rows)
    assert {row["source_id"] for row in rows} == set(START)


def test_export_csv_to_file(crawl):
    import csv

    out = crawl["tmp"] / "articles.csv"
    result = run_munews(["export", "--format", "csv", "--output", str(out)], crawl["env"], crawl["tmp"])
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 24 and rows[0]["content_hash"]
    assert {row["best_practice"] for row in rows} <= {"true", "false"}
    bad = run_munews(["export", "--output", str(crawl["tmp"] / "no" / "dir.csv")], crawl["env"],
                     crawl["tmp"])
    assert bad.returncode == 1 and "cannot write" in bad.stderr


def test_export_for_excel_has_a_bom_and_semicolons(crawl):
    import csv

    out = crawl["tmp"] / "articles-excel.csv"
    result = run_munews(["export", "--format", "excel", "--output", str(out)], crawl["env"], crawl["tmp"])
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;url;")  # Russian Excel: UTF-8 only with a BOM, columns at ';'
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    assert len(rows) == 24 and all(row["title"] for row in rows)
    piped = subprocess.run([sys.executable, "-m", "crawler.cli", "export", "--format", "excel"], env=crawl["env"],
                           cwd=crawl["tmp"], capture_output=True, timeout=120, check=False)
    assert piped.stdout.startswith(b"\xef\xbb\xbfid;")


def test_export_into_a_pipe_closed_early_ends_quietly(crawl):
    """`munews export | head -1`: no «Broken pipe» message, exit 141 like a SIGPIPE'd tool."""
    done = subprocess.run(["bash", "-c", f"'{sys.executable}' -m crawler.cli export --format jsonl | head -c 100 "
                           "> /dev/null; exit ${PIPESTATUS[0]}"], env=crawl["env"], cwd=crawl["tmp"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 141, done.stderr
    assert "Broken pipe" not in done.stderr and "error" not in done.stderr


def test_crawl_fills_the_search_index_from_the_store(crawl):
    from indexer.config import load_config
    from indexer.documents import SearchQuery
    from indexer.embedded import EmbeddedBackend

    config = load_config(environ=crawl["env"], dotenv_path=None)
    backend = EmbeddedBackend.from_config(config, readonly=True)
    try:
        assert backend.count() == 24
        page = backend.search(SearchQuery(text="старост", sources=("wordpress",)))
        assert "/2023/03/14/forum-starost/" in {hit.url.split(str(crawl["ports"]["wordpress"]))[1]
                                                 for hit in page.hits}
    finally:
        backend.close()
    for line in crawl["first"].stdout.splitlines()[1:]:
        assert line.split()[6] == "0"  # pending column: nothing left unindexed
