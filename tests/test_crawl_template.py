"""A first crawl of a new source: pages cleaned before its template was learned are cleaned
again at the end of the crawl, so the earliest articles lose the site's boilerplate too."""

from __future__ import annotations

from pathlib import Path

from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.test_crawl import crawl_env, run_munews
from tests.test_site_template import article_paragraphs, leaks, site_page

PAGES = 8


def write_site(root: Path) -> None:
    site = root / "smo"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    links = "".join(f'<li><a href="/news/{n}/">Заседание номер {n} в районе</a></li>'
                    for n in range(1, PAGES + 1))
    (site / "news" / "index.html").write_text(
        f"<html><head><title>Новости</title></head><body><h1>Новости</h1><ul>{links}</ul>"
        "</body></html>", encoding="utf-8")
    for n in range(1, PAGES + 1):
        (site / "news" / str(n)).mkdir()
        (site / "news" / str(n) / "index.html").write_text(
            site_page(n, article_paragraphs(n)), encoding="utf-8")


def test_first_crawl_articles_are_all_cleaned_with_the_learned_template(tmp_path):
    write_site(tmp_path / "sites")
    env = crawl_env(tmp_path / "data", MUNEWS_CONCURRENCY_PER_DOMAIN="1")
    with serve_sites(tmp_path / "sites") as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - id: smo\n    name: Совет\n    region: Белгородская область\n"
                           f"    start_urls: ['{server.url('smo', '/news/')}']\n", encoding="utf-8")
        result = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        articles = {a.url.rstrip("/").rsplit("/", 1)[-1]: a for a in store.iter_articles()}
    assert sorted(articles, key=int) == [str(n) for n in range(1, PAGES + 1)]
    for n, article in articles.items():
        assert leaks(article.text) == [], f"article {n} keeps the site's boilerplate"
        assert article.text == "\n\n".join(article_paragraphs(int(n)))
