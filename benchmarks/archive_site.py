"""A generated association site of N articles, served lazily on 127.0.0.1 (for the crawl benchmark).

    python -m benchmarks.archive_site --articles 10000 [--port 0]   # prints "PORT <n>", serves until killed

Pages are built on request from ``(article id)`` alone, so a 10,000-article archive costs no disk
and no start-up time, and the server runs in its own process (its CPU is not the crawler's).
Each page is as heavy and as noisy as the association sites of ``../shared/seeds``: 25–60 KB,
an accessibility toolbar, a slogan, a 90-link menu, breadcrumbs, the article (title, date,
author, 3–8 paragraphs of varied Russian text from :mod:`benchmarks.corpus_gen`), share
buttons, prev/next links, comments and a comment form, a «Последние новости» sidebar linking
ten other articles, a «Популярное» block, banners, inline scripts and a footer.

URLs: ``/news/`` and ``/news/?PAGEN_1=k`` list 20 articles each, newest first; an article is
``/news/<id>/`` with ids ``0 … N-1`` (so a big archive has ids that look like years).
``/_stats`` answers JSON ``{path: hits}`` of article fetches; ``/_reset`` clears it. Both are
disallowed in robots.txt and linked from nowhere.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
from datetime import datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus_gen import generate_one  # noqa: E402

PER_PAGE = 20
SEED = 7
FIRST_DAY = datetime(2011, 1, 10, 9, 0)

_MENU = ("Об ассоциации", "Устав", "Структура", "Президиум", "Члены ассоциации", "Документы",
         "Нормативные акты", "Решения", "Протоколы", "Новости", "Анонсы", "Фотогалерея", "Видео",
         "Проекты", "Лучшие практики", "Инициативное бюджетирование", "Старосты", "ТОС",
         "Конкурсы", "Форумы", "Обучение", "Семинары", "Вебинары", "Контакты", "Обращения",
         "Противодействие коррупции", "Вакансии", "Партнёры", "Ссылки", "Карта сайта")
_SLOGANS = ("Вместе мы сильнее!", "Местное самоуправление — основа демократии",
            "Муниципалитеты для людей")
_COMMENTERS = ("Ирина", "Сергей Петрович", "Глава поселения", "Житель района", "Ольга В.",
               "Николай", "Староста д. Ивановка")
_COMMENT_WORDS = ("спасибо", "отличная", "инициатива", "у нас", "тоже", "хотелось бы", "узнать",
                  "подробнее", "когда", "следующий", "семинар", "поддерживаю", "опыт", "полезен",
                  "ждём", "в нашем", "поселении", "дороги", "освещение", "детская площадка")
_STYLE = "".join(f".b{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 97 % 4096:03x}}}" for i in range(180))
_SCRIPT = "".join(f"window.m{i}=function(a){{return a*{i}+{i * 3 % 11};}};" for i in range(160))


def published(article_id: int) -> datetime:
    """Ids grow with time: about 1.3 articles a day from 2011."""
    return FIRST_DAY + timedelta(hours=18 * article_id + article_id % 5)


def title(article_id: int) -> str:
    return generate_one(SEED, article_id).article.title


def _menu() -> str:
    items = []
    for group in range(9):
        links = "".join(f'<li><a href="/{"about" if group < 3 else "docs"}/{group * 10 + k}/">'
                        f"{_MENU[(group * 10 + k) % len(_MENU)]}</a></li>" for k in range(10))
        items.append(f'<li class="menu-group"><span>{_MENU[group * 3]}</span><ul>{links}</ul></li>')
    return f'<nav class="main-menu"><ul>{"".join(items)}</ul></nav>'


_MENU_HTML = _menu()


def _head(page_title: str) -> str:
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{escape(page_title)} — '
            "Совет муниципальных образований области</title>"
            '<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/css/main.css">'
            f"<style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>")


def _header() -> str:
    return ('<div class="special-toolbar">Версия для слабовидящих <a href="#">А</a> <a href="#">А+</a> '
            '<a href="#">А++</a> Цвет: <a href="#">Ч/Б</a> <a href="#">Инверсия</a></div>'
            '<header><a href="/" class="logo">Совет муниципальных образований области</a>'
            f'<div class="slogan">{_SLOGANS[0]}</div><form action="/search/"><input name="q"></form>'
            f"</header>{_MENU_HTML}")


def _sidebar(count: int, rng: random.Random) -> str:
    latest = "".join(f'<li><a href="/news/{i}/">{escape(title(i))}</a><span>{published(i):%d.%m.%Y}</span></li>'
                     for i in range(count - 1, max(-1, count - 11), -1))
    popular = "".join(f'<li><a href="/news/{i}/">{escape(title(i))}</a></li>'
                      for i in rng.sample(range(count), min(5, count)))
    banners = "".join(f'<a href="https://banner{i}.example.org/"><img src="/img/b{i}.png" alt="Баннер {i}"></a>'
                      for i in range(6))
    return (f'<aside><div class="block"><h3>Последние новости</h3><ul>{latest}</ul></div>'
            f'<div class="block"><h3>Популярное</h3><ul>{popular}</ul></div>'
            f'<div class="banners">{banners}</div></aside>')


def _footer() -> str:
    return ('<footer><p>© 2011–2026 Ассоциация «Совет муниципальных образований области»</p>'
            "<p>Адрес: 308000, г. Белгород, ул. Примерная, д. 1. Телефон: +7 (4722) 00-00-00</p>"
            '<a href="/sitemap/">Карта сайта</a><script>var counter=1;</script></footer></body></html>')


def _comments(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 6)):
        words = " ".join(rng.choice(_COMMENT_WORDS) for _ in range(rng.randint(6, 30)))
        parts.append(f'<div class="comment"><b>{rng.choice(_COMMENTERS)}</b> '
                     f"<span>{rng.randint(1, 28)}.{rng.randint(1, 12):02d}.2024</span><p>{words.capitalize()}.</p></div>")
    form = ('<form class="comment-form"><h4>Добавить комментарий</h4><p>Ваш email не публикуется. '
            'Обязательные поля отмечены *</p><textarea name="text"></textarea><input name="email">'
            "<button>Отправить</button></form>")
    return f'<div class="comments"><h3>Комментарии ({len(parts)})</h3>{"".join(parts)}{form}</div>'


def article_page(article_id: int, count: int) -> str:
    item = generate_one(SEED, article_id).article
    rng = random.Random(article_id)
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in item.text.split("\n\n"))
    neighbours = "".join(
        f'<a class="{cls}" href="/news/{i}/">{label}: {escape(title(i))}</a>'
        for cls, label, i in (("prev", "Предыдущая", article_id - 1), ("next", "Следующая", article_id + 1))
        if 0 <= i < count)
    share = "".join(f'<a href="https://{net}.example/share?u=/news/{article_id}/">{net}</a>'
                    for net in ("vk", "ok", "telegram", "whatsapp"))
    body = (f'<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/news/">Новости</a> / '
            f"{escape(item.title)}</div><main><article><h1>{escape(item.title)}</h1>"
            f'<div class="date">{published(article_id):%d.%m.%Y %H:%M}</div>'
            f'<div class="text">{paragraphs}<p class="author">Пресс-служба Совета</p></div>'
            f'<div class="share">Поделиться: {share}</div><div class="nav">{neighbours}</div>'
            f"</article>{_comments(rng)}</main>")
    filler = "".join(f'<div class="b{rng.randrange(180)}"></div>' for _ in range(rng.randint(0, 1200)))
    return _head(item.title) + _header() + body + _sidebar(count, rng) + filler + _footer()


def listing_page(number: int, count: int) -> str | None:
    pages = (count + PER_PAGE - 1) // PER_PAGE
    if not 1 <= number <= pages:
        return None
    newest = count - 1 - (number - 1) * PER_PAGE
    ids = range(newest, max(-1, newest - PER_PAGE), -1)
    items = "".join(f'<div class="news-item"><a href="/news/{i}/"><img src="/img/{i}.jpg"></a>'
                    f'<span class="date">{published(i):%d.%m.%Y}</span><h3><a href="/news/{i}/">'
                    f"{escape(title(i))}</a></h3></div>" for i in ids)

    def page_url(k: int) -> str:
        return "/news/" if k == 1 else f"/news/?PAGEN_1={k}"

    window = range(max(1, number - 2), min(pages, number + 2) + 1)
    pager = "".join(f'<a href="{page_url(k)}">{k}</a>' if k != number else f"<b>{k}</b>" for k in window)
    if number < pages:
        pager += f'<a href="{page_url(number + 1)}">Следующая</a><a href="{page_url(pages)}">Конец</a>'
    rng = random.Random(-number)
    body = (f'<main><h1>Новости</h1><div class="news-list">{items}</div>'
            f'<div class="pager">{pager}</div></main>')
    return _head("Новости") + _header() + body + _sidebar(count, rng) + _footer()


class _Handler(BaseHTTPRequestHandler):
    count = 0
    hits: dict[str, int] = {}
    lock = threading.Lock()

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        if parts.path == "/_stats":
            with self.lock:
                return self._send(200, json.dumps(self.hits), "application/json")
        if parts.path == "/_reset":
            with self.lock:
                self.hits.clear()
            return self._send(200, "{}", "application/json")
        if parts.path == "/robots.txt":
            return self._send(200, "User-agent: *\nDisallow: /_\nDisallow: /search/\n", "text/plain")
        page = self._page(parts.path, parse_qs(parts.query))
        if page is None:
            return self._send(404, _head("Страница не найдена") + "<h1>404</h1>" + _footer(), "text/html")
        self._send(200, page, "text/html; charset=utf-8")

    def _page(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path == "/news/":
            number = query.get("PAGEN_1", ["1"])[0]
            return listing_page(int(number), self.count) if number.isdigit() else None
        segments = path.strip("/").split("/")
        if len(segments) == 2 and segments[0] == "news" and segments[1].isdigit():
            article_id = int(segments[1])
            if article_id < self.count and path == f"/news/{article_id}/":
                with self.lock:
                    self.hits[path] = self.hits.get(path, 0) + 1
                return article_page(article_id, self.count)
        return None

    def _send(self, status: int, text: str, content_type: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    _Handler.count = args.articles
    server = ThreadingHTTPServer(("127.0.0.1", args.port), _Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
