"""A whole archive on a first crawl: numeric ids that look like years, and listing pages whose
story links are all of skipped kinds, never end the walk (real crawls on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus_gen import generate_one
from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.test_crawl import crawl_env, run_munews

MENU = "".join(f'<li><a href="/{slug}/">{slug}</a></li>'
               for slug in ("about", "structure", "documents", "contacts", "projects", "media"))


def _page(title: str, body: str) -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><ul class='menu'>{MENU}</ul></nav><main>{body}</main>"
            "<footer>© Совет муниципальных образований</footer></body></html>")


def _article(number: int) -> str:
    day = number % 28 + 1
    # Varied text per article (the generator of the benchmarks): identical paragraphs on every
    # page would rightly be learned as the site's template and pruned.
    text = generate_one(7, number).article.text
    paragraphs = "".join(f"<p>{para}</p>" for para in text.split("\n") if para.strip())
    return _page(f"Новость {number}", f"<article><h1>Заседание совета по вопросам поселений № {number}</h1>"
                 f"<div class='date'>{day:02d}.03.2021</div>{paragraphs}</article>")


def _listing(links: list[tuple[str, str]], page: int, pages: int) -> str:
    items = "".join(f"<div class='news-item'><a href='{href}'>{text}</a></div>" for href, text in links)
    pager = "".join(f"<a href='/news/?PAGEN_1={n}'>{n}</a> " for n in range(1, pages + 1) if n != page)
    return _page("Новости", f"<h1>Новости</h1><div class='news-list'>{items}</div>"
                 f"<div class='pagination'>{pager}</div>")


def _write_site(root: Path, listing_pages: list[list[tuple[str, str]]], articles: list[int]) -> None:
    site = root / "bitrix"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for number, links in enumerate(listing_pages, 1):
        name = "index.html" if number == 1 else f"index.html@PAGEN_1={number}"
        (site / "news" / name).write_text(_listing(links, number, len(listing_pages)), encoding="utf-8")
    for number in articles:
        (site / "news" / str(number)).mkdir()
        (site / "news" / str(number) / "index.html").write_text(_article(number), encoding="utf-8")


def _crawl(tmp_path: Path, root: Path) -> set[str]:
    env = crawl_env(tmp_path / "data")
    with serve_sites(root) as server:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n  - id: bitrix\n    name: Совет\n    region: Тестовая область\n"
                           f"    start_urls: ['{server.url('bitrix', '/news/')}']\n"
                           "    max_pages: 1000\n", encoding="utf-8")
        result = run_munews(["crawl", "--sources", str(sources)], env, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        return {article.url.rstrip("/").rsplit("/", 1)[-1] for article in store.iter_articles()}


def _headline(number: int) -> tuple[str, str]:
    return f"/news/{number}/", f"Заседание совета по вопросам поселений № {number}"


def test_story_ids_that_look_like_years_are_crawled_whole(tmp_path):
    ids = list(range(2099, 1994, -1))  # 105 stories, every id a plausible year
    pages = [[_headline(n) for n in ids[i:i + 10]] for i in range(0, len(ids), 10)]
    pages[0].append(("/news/2021/03/", "Март 2021"))  # a real month archive: not an article
    _write_site(tmp_path / "sites", pages, ids)
    stored = _crawl(tmp_path, tmp_path / "sites")
    assert stored == {str(n) for n in ids}


def test_a_first_crawl_walks_past_a_page_of_skipped_links(tmp_path):
    # Page 2 holds only links the classifier skips (tags, a calendar day): before, its
    # «nothing new here» stopped the walk, and page 3's stories were never found.
    skipped = [("/tag/forum/", "Форум"), ("/news/2020/05/14/", "14 мая"), ("/search/?q=совет", "Поиск")]
    pages = [[_headline(n) for n in (501, 502, 503)], skipped, [_headline(n) for n in (401, 402, 403)]]
    _write_site(tmp_path / "sites", pages, [501, 502, 503, 401, 402, 403])
    assert _crawl(tmp_path, tmp_path / "sites") == {"501", "502", "503", "401", "402", "403"}
