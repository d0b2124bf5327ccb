"""Listings that page through «Показать ещё» endpoints, zero-based pagers and stories found only
through other articles' links: real crawls of generated sites on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.corpus_gen import generate_one
from crawler.demo.server import SiteServer, serve_sites
from indexer.store import Store
from tests.test_crawl import crawl_env, run_munews

MENU = "".join(f'<li><a href="/{slug}/">{title}</a></li>' for slug, title in (
    ("about", "О Совете"), ("structure", "Структура"), ("documents", "Документы"),
    ("contacts", "Контакты"), ("projects", "Проекты")))


def _page(title: str, body: str, aside: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><ul class='menu'>{MENU}</ul></nav><main>{body}</main><aside>{aside}</aside>"
            "<footer>© Совет муниципальных образований</footer></body></html>")


def _headline(number: int) -> str:
    return f"Совет обсудил практику поселений, выпуск номер {number}"


def _article(number: int, related: list[int]) -> str:
    text = generate_one(11, number).article.text
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    aside = "<h3>Другие новости</h3><ul>" + "".join(
        f"<li><a href='/news/{n}/'>{_headline(n)}</a></li>" for n in related) + "</ul>"
    return _page(_headline(number), f"<article><h1>{_headline(number)}</h1>"
                 f"<div class='date'>{number % 28 + 1:02d}.04.2025</div>{paragraphs}</article>", aside)


def _cards(numbers: list[int]) -> str:
    return "".join(f"<div class='card'><a class='card__title' href='/news/{n}/'>{_headline(n)}</a>"
                   f"<span class='card__date'>{n % 28 + 1:02d}.04.2025</span></div>" for n in numbers)


def _button(url: str | None) -> str:
    return (f"<button class='btn js-load-more' data-url='{url}' type='button'>Показать ещё</button>"
            if url else "")


def _write_articles(site: Path, numbers: list[int], related: dict[int, list[int]] | None = None) -> None:
    for n in numbers:
        (site / "news" / str(n)).mkdir(parents=True, exist_ok=True)
        (site / "news" / str(n) / "index.html").write_text(_article(n, (related or {}).get(n, [])),
                                                            encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")


def write_fragment_site(site: Path, numbers: list[int], batch: int = 3) -> None:
    """Newest first; page 1 in the HTML, the rest only through ``?ajax=Y&PAGEN_1=N`` fragments."""
    chunks = [numbers[i:i + batch] for i in range(0, len(numbers), batch)]
    (site / "news").mkdir(parents=True, exist_ok=True)
    for page, chunk in enumerate(chunks, 1):
        following = f"/news/?ajax=Y&PAGEN_1={page + 1}" if page < len(chunks) else None
        if page == 1:
            html = _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(chunk)}</div>"
                         f"{_button(following)}")
            (site / "news" / "index.html").write_text(html, encoding="utf-8")
        else:
            (site / "news" / f"index.html@ajax=Y&PAGEN_1={page}").write_text(
                _cards(chunk) + _button(following), encoding="utf-8")
    _write_articles(site, numbers)


def write_json_site(site: Path, numbers: list[int], batch: int = 3) -> None:
    """Page 1 in the HTML; older items from ``/api/news.json?offset=N&limit=3`` (JSON items)."""
    (site / "news").mkdir(parents=True, exist_ok=True)
    (site / "api").mkdir(exist_ok=True)
    first = numbers[:batch]
    html = _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(first)}</div>"
                 f"<a href='#' class='more-news' data-next='/api/news.json?offset={batch}&limit={batch}'>"
                 "Ещё новости</a>")
    (site / "news" / "index.html").write_text(html, encoding="utf-8")
    for offset in range(batch, len(numbers), batch):
        chunk = numbers[offset:offset + batch]
        following = offset + batch < len(numbers)
        answer = {"items": [{"id": n, "title": _headline(n), "url": f"/news/{n}/",
                             "date": f"2025-04-{n % 28 + 1:02d}"} for n in chunk],
                  "has_more": following}
        (site / "api" / f"news.json@offset={offset}&limit={batch}").write_text(
            json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    _write_articles(site, numbers)


def _crawl(tmp_path: Path, server: SiteServer, sites: dict[str, str]
           ) -> tuple[dict[str, set[int]], dict[str, list[str]]]:
    """Crawl `sites` (name -> start path) of the running `server`; (stored ids, requests) per site."""
    env = crawl_env(tmp_path / "data")
    server.reset_hits()
    lines = ["sources:"]
    for name, start in sites.items():
        lines += [f"  - id: {name}", "    name: Совет", "    region: Тестовая область",
                  f"    start_urls: ['{server.url(name, start)}']"]
    sources = tmp_path / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
    hits = {name: server.hits(name) for name in sites}
    assert result.returncode == 0, result.stderr[-3000:]
    stored: dict[str, set[int]] = {name: set() for name in sites}
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        for article in store.iter_articles():
            stored[article.source_id].add(int(article.url.rstrip("/").rsplit("/", 1)[-1]))
    return stored, hits


@pytest.fixture
def loader_sites(tmp_path):
    root = tmp_path / "sites"
    numbers = list(range(120, 100, -1))  # 20 stories, newest first
    write_fragment_site(root / "fragment", numbers)
    write_json_site(root / "jsonapi", numbers)
    return root, numbers


def test_loader_only_archives_are_crawled_whole_and_recrawled_incrementally(tmp_path, loader_sites):
    root, numbers = loader_sites
    sites = {"fragment": "/news/", "jsonapi": "/news/"}
    with serve_sites(root) as server:
        stored, hits = _crawl(tmp_path, server, sites)
        assert stored == {"fragment": set(numbers), "jsonapi": set(numbers)}
        for name in sites:
            loads = [h for h in hits[name] if "ajax=" in h or "/api/" in h]
            assert len(loads) == len(set(loads)) == 6, loads  # each batch fetched once

        # Two new stories on top: the re-crawl fetches them and stops at the first known batch.
        newer = [122, 121, *numbers]
        write_fragment_site(root / "fragment", newer)
        write_json_site(root / "jsonapi", newer)
        stored, hits = _crawl(tmp_path, server, sites)
    assert stored == {"fragment": set(newer), "jsonapi": set(newer)}
    for name in sites:
        articles = {h for h in hits[name] if h.startswith("/news/") and h.rstrip("/")[-1].isdigit()}
        assert articles == {"/news/122/", "/news/121/"}, hits[name]
        loads = [h for h in hits[name] if "ajax=" in h or "/api/" in h]
        assert len(loads) <= 1, loads


def test_stories_dropped_from_the_listing_are_found_through_other_articles(tmp_path):
    root = tmp_path / "sites"
    site = root / "capped"
    (site / "news").mkdir(parents=True)
    listed = [210, 209, 208, 207]
    hidden = [206, 205, 204]  # no listing, no feed: only «Другие новости» of other stories
    related = {210: [209, 206], 209: [205], 206: [204], 205: [], 204: [], 208: [], 207: []}
    (site / "news" / "index.html").write_text(
        _page("Новости", f"<h1>Новости</h1><div class='news-list'>{_cards(listed)}</div>"), encoding="utf-8")
    _write_articles(site, listed + hidden, related)
    with serve_sites(root) as server:
        stored, hits = _crawl(tmp_path, server, {"capped": "/news/"})
    assert stored["capped"] == set(listed + hidden)
    # Menu pages linked from every article page are never fetched.
    assert not [h for h in hits["capped"] if h.startswith(("/about", "/documents", "/contacts"))]


def test_zero_based_pager_reads_page_1_as_the_second_page(tmp_path):
    root = tmp_path / "sites"
    site = root / "drupal"
    (site / "news").mkdir(parents=True)
    numbers = list(range(330, 318, -1))
    chunks = [numbers[i:i + 4] for i in range(0, len(numbers), 4)]
    for page, chunk in enumerate(chunks):
        items = "".join(f"<li class='pager__item'><a href='/news.html?page={n}'>{n + 1}</a></li>"
                        for n in range(len(chunks)) if n != page)
        html = _page("Новости", f"<h1>Новости</h1><div class='view-content'>{_cards(chunk)}</div>"
                     f"<nav class='pager'><ul class='pager__items'>{items}</ul></nav>")
        name = "news.html" if page == 0 else f"news.html@page={page}"
        (site / name).write_text(html, encoding="utf-8")
    (site / "_site.json").write_text("{}")
    _write_articles(site, numbers)
    # /news is served from news.html; the articles live under /news/<n>/.
    with serve_sites(root) as server:
        stored, hits = _crawl(tmp_path, server, {"drupal": "/news.html"})
    assert stored["drupal"] == set(numbers)
    listing_hits = [h for h in hits["drupal"] if h.startswith("/news.html")]
    assert len(listing_hits) == len(set(listing_hits)) == 3, listing_hits
