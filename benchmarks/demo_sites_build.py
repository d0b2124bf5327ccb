"""Generate the bundled demo sites (run from the repository: python benchmarks/demo_sites_build.py).

Four associations of municipalities in four regions, each in a template family such sites
use: WordPress, 1C-Bitrix (windows-1251), Joomla, and an old hand-made table layout. The
articles come from the vocabulary of :mod:`benchmarks.corpus_gen` (fixed seed), so the demo
and the benchmarks speak the same language. The generated files are committed; `munews demo`
serves them with :mod:`crawler.demo.server` and never runs this script.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.corpus_gen import generate_one  # noqa: E402
from indexer.documents import Article  # noqa: E402

#: where the generated sites live: package data of crawler.demo
ROOT = REPO / "crawler" / "demo" / "sites"

SEED = 7
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")


@dataclass(frozen=True)
class DemoSite:
    name: str  # directory and source id
    region: str
    association: str
    count: int
    per_page: int


SITES = (
    DemoSite("tver", "Тверская область", "Совет муниципальных образований Тверской области", 12, 5),
    DemoSite("kursk", "Курская область", "Ассоциация «Совет муниципальных образований Курской области»", 12, 5),
    DemoSite("hmao", "Ханты-Мансийский автономный округ",
             "Совет муниципальных образований Ханты-Мансийского автономного округа – Югры", 10, 4),
    DemoSite("kuzbass", "Кемеровская область", "Совет муниципальных образований Кемеровской области – Кузбасса", 8, 4),
)


def articles_of(site: DemoSite) -> list[Article]:
    """The first `count` generated articles of the site's region, newest first."""
    found: list[Article] = []
    number = 0
    while len(found) < site.count:
        item = generate_one(SEED, number)
        number += 1
        if item.region == site.region:
            found.append(item.article)
    return sorted(found, key=lambda a: a.published_at or "", reverse=True)


def when(article: Article) -> datetime:
    return datetime.fromisoformat(article.published_at or "")


def paragraphs(article: Article) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in article.text.split("\n\n"))


def write(site: str, name: str, text: str, encoding: str = "utf-8") -> None:
    path = ROOT / site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))


def pages_of(items: list[Article], per_page: int) -> list[list[Article]]:
    return [items[i:i + per_page] for i in range(0, len(items), per_page)]


# -- WordPress ---------------------------------------------------------------------------------

def wp_url(a: Article, index: int) -> str:
    d = when(a)
    return f"/{d.year}/{d.month:02d}/{d.day:02d}/novost-{index}/"


def wp_page(site: DemoSite, title: str, body: str, canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{{{{ORIGIN}}}}{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">
<title>{escape(title)} – {escape(site.association)}</title>{link}</head><body>
<header><p class="site-title"><a href="/">{escape(site.association)}</a></p>
<nav><a href="/">Главная</a> <a href="/news/">Новости</a> <a href="/o-sovete/">О Совете</a></nav></header>
<div id="content">{body}</div>
<aside class="widget"><h3>Рубрики</h3><a href="/news/">Новости</a></aside>
<footer>© {escape(site.association)}</footer></body></html>"""


def build_wordpress(site: DemoSite, items: list[Article]) -> None:
    urls = {a.id: wp_url(a, i) for i, a in enumerate(items)}
    chunks = pages_of(items, site.per_page)
    for number, chunk in enumerate(chunks, 1):
        posts = "".join(
            f'<article class="post"><h2 class="entry-title"><a href="{urls[a.id]}">{escape(a.title)}</a></h2>'
            f'<time class="entry-date" datetime="{a.published_at}">{when(a).day} {MONTHS[when(a).month - 1]} '
            f'{when(a).year}</time><p>{escape(a.lead[:140])}…</p></article>' for a in chunk)
        nav = " ".join(f'<a class="page-numbers" href="/news/{"" if n == 1 else f"page/{n}/"}">{n}</a>'
                       for n in range(1, len(chunks) + 1) if n != number)
        if number < len(chunks):
            nav += f' <a class="next page-numbers" href="/news/page/{number + 1}/">Следующая »</a>'
        name = "news/index.html" if number == 1 else f"news/page/{number}/index.html"
        write(site.name, name, wp_page(site, "Новости", f"<main><h1>Новости</h1>{posts}"
                                             f'<nav class="pagination">{nav}</nav></main>'))
    for a in items:
        body = (f'<article class="post"><h1 class="entry-title">{escape(a.title)}</h1>'
                f'<time class="entry-date published" datetime="{a.published_at}">'
                f'{when(a).day} {MONTHS[when(a).month - 1]} {when(a).year}</time>'
                f'<div class="entry-content">{paragraphs(a)}</div></article>')
        write(site.name, urls[a.id].lstrip("/") + "index.html", wp_page(site, a.title, body, urls[a.id]))


# -- 1C-Bitrix -----------------------------------------------------------------------------------

def bx_page(site: DemoSite, title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>{escape(title)}</title></head>
<body><div class="header"><div class="logo">{escape(site.association)}</div>
<ul class="menu"><li><a href="/">Главная</a></li><li><a href="/press-center/news/">Новости</a></li></ul></div>
<div class="workarea">{body}</div><div class="footer">© {escape(site.association)}</div></body></html>"""


def build_bitrix(site: DemoSite, items: list[Article]) -> None:
    chunks = pages_of(items, site.per_page)
    ids = {a.id: 1000 + i for i, a in enumerate(items)}
    for number, chunk in enumerate(chunks, 1):
        rows = "".join(
            f'<p class="news-item"><span class="news-date-time">{when(a):%d.%m.%Y}</span> '
            f'<a href="/press-center/news/{ids[a.id]}/"><b>{escape(a.title)}</b></a><br>'
            f'{escape(a.lead[:120])}…</p>' for a in chunk)
        nav = " ".join(f"<b>{n}</b>" if n == number else f'<a href="/press-center/news/?PAGEN_1={n}">{n}</a>'
                       for n in range(1, len(chunks) + 1))
        name = "press-center/news/index.html" + ("" if number == 1 else f"@PAGEN_1={number}")
        write(site.name, name, bx_page(site, "Новости", f'<h1>Новости</h1><div class="news-list">{rows}</div>'
                                                       f'<font class="text">Страницы: {nav}</font>'), "cp1251")
    for a in items:
        body = (f'<div class="news-detail"><span class="news-date-time">{when(a):%d.%m.%Y}</span>'
                f"<h3>{escape(a.title)}</h3>{paragraphs(a)}"
                '<br><a href="/press-center/news/">Возврат к списку</a></div>')
        write(site.name, f"press-center/news/{ids[a.id]}/index.html", bx_page(site, a.title, body), "cp1251")


# -- Joomla --------------------------------------------------------------------------------------

def jm_page(site: DemoSite, title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="ru-ru"><head><meta charset="utf-8">
<meta name="generator" content="Joomla! - Open Source Content Management"><title>{escape(title)}</title></head>
<body><div class="header"><a class="brand" href="/">{escape(site.association)}</a></div>
<ul class="nav menu"><li><a href="/">Главная</a></li><li><a href="/novosti.html">Новости</a></li></ul>
<main id="content">{body}</main><footer>© {escape(site.association)}</footer></body></html>"""


def build_joomla(site: DemoSite, items: list[Article]) -> None:
    urls = {a.id: f"/novosti/{200 + i}-novost.html" for i, a in enumerate(items)}
    chunks = pages_of(items, site.per_page)
    for number, chunk in enumerate(chunks):
        rows = "".join(
            f'<div class="item"><h2 itemprop="name"><a href="{urls[a.id]}">{escape(a.title)}</a></h2>'
            f'<dd class="published"><time datetime="{a.published_at}">Опубликовано: {when(a):%d.%m.%Y}</time></dd>'
            f'<p>{escape(a.lead[:120])}…</p><a class="btn" href="{urls[a.id]}">Подробнее...</a></div>'
            for a in chunk)
        nav = " ".join(f"<span>{n + 1}</span>" if n == number else
                       f'<a href="/novosti.html{"" if n == 0 else f"?start={n * site.per_page}"}">{n + 1}</a>'
                       for n in range(len(chunks)))
        name = "novosti.html" + ("" if number == 0 else f"@start={number * site.per_page}")
        write(site.name, name, jm_page(site, "Новости", f'<div class="blog">{rows}</div>'
                                                       f'<div class="pagination">{nav}</div>'))
    for a in items:
        body = (f'<div class="item-page"><h2 itemprop="headline">{escape(a.title)}</h2>'
                f'<dd class="published"><time datetime="{a.published_at}">Опубликовано: '
                f'{when(a):%d.%m.%Y}</time></dd><div itemprop="articleBody">{paragraphs(a)}</div></div>')
        write(site.name, urls[a.id].lstrip("/"), jm_page(site, a.title, body))


# -- hand-made tables ----------------------------------------------------------------------------

def tb_page(site: DemoSite, title: str, body: str) -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{escape(title)}</title></head><body><table width="100%">
<tr><td colspan="2"><font size="+2">{escape(site.association)}</font></td></tr>
<tr><td width="180" valign="top"><a href="/">Главная</a><br><a href="/news.php">Новости</a></td>
<td valign="top">{body}</td></tr><tr><td colspan="2">© {escape(site.association)}</td></tr>
</table></body></html>"""


def build_table(site: DemoSite, items: list[Article]) -> None:
    chunks = pages_of(items, site.per_page)
    ids = {a.id: 30 + i for i, a in enumerate(items)}
    for number, chunk in enumerate(chunks, 1):
        rows = "".join(f'<tr><td width="90">{when(a):%d.%m.%Y}</td><td><a href="/news_view.php?id={ids[a.id]}">'
                       f"{escape(a.title)}</a></td></tr>" for a in chunk)
        nav = " ".join(f"[{n}]" if n == number else f'<a href="/news.php{"" if n == 1 else f"?page={n}"}">{n}</a>'
                       for n in range(1, len(chunks) + 1))
        write(site.name, "news.php" + ("" if number == 1 else f"@page={number}"),
              tb_page(site, "Новости", f"<b>Новости</b><table>{rows}</table><p>Страницы: {nav}</p>"), "cp1251")
    for a in items:
        text = "<br><br>".join(escape(p) for p in a.text.split("\n\n"))
        body = (f'<font size="+1"><b>{escape(a.title)}</b></font><br>{when(a):%d.%m.%Y}<br><br>{text}'
                '<br><br><a href="/news.php">Все новости</a>')
        write(site.name, f"news_view.php@id={ids[a.id]}", tb_page(site, a.title, body), "cp1251")


BUILDERS: dict[str, tuple[Callable[[DemoSite, list[Article]], None], str]] = {
    "tver": (build_wordpress, "/news/"),
    "kursk": (build_bitrix, "/press-center/news/"),
    "hmao": (build_joomla, "/novosti.html"),
    "kuzbass": (build_table, "/news.php"),
}


def main() -> None:
    for site in SITES:
        shutil.rmtree(ROOT / site.name, ignore_errors=True)
        builder, start = BUILDERS[site.name]
        builder(site, articles_of(site))
        write(site.name, "robots.txt", "User-agent: *\nDisallow: /admin/\n")
        charset = "windows-1251" if site.name in ("kursk", "kuzbass") else "utf-8"
        write(site.name, "_site.json", json.dumps({"header_charset": charset}))
        write(site.name, "index.html", f'<html><head><meta charset="utf-8"><title>{escape(site.association)}'
                                       f'</title></head><body><a href="{start}">Новости</a></body></html>')


if __name__ == "__main__":
    main()
