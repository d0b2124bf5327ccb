"""A public Telegram channel as a source: its web preview (``/s/NAME``, older pages through
``?before=ID``) served locally in the preview's own markup, crawled whole by `munews crawl`,
then incrementally (a re-crawl reads the newest page only); its messages are searchable and
in the Atom feed."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.demo.server import serve_sites
from indexer.store import Store
from spiders.telegram import read_channel
from tests.test_crawl import crawl_env, run_munews

CHANNEL = "munobl_test"
PER_PAGE = 20
START = datetime(2025, 9, 1, 6, 0, tzinfo=timezone.utc)
TOPICS = ("форум сельских старост", "инициативное бюджетирование", "обучение глав поселений",
          "конкурс «Лучшая муниципальная практика»", "заседание президиума Совета", "ТОС и благоустройство")


def _text(post: int) -> str:
    topic = TOPICS[post % len(TOPICS)]
    return (f"Новость {post}: {topic} в районах области.<br/><br/>Совет муниципальных образований "
            f"подвёл итоги: {topic} — выпуск номер {post}. Подробнее на "
            f"<a href=\"https://smo.example/news/{post}/\" target=\"_blank\">сайте Совета</a>.")


def _message(post: int) -> str:
    moment = (START + timedelta(hours=7 * post)).isoformat()
    document = (f"<a class=\"tgme_widget_message_document_wrap\" href=\"https://t.me/{CHANNEL}/{post}\">"
                "<div class=\"tgme_widget_message_document_icon accent_bg\"></div><div class=\"tgme_widget_message_document\">"
                f"<div class=\"tgme_widget_message_document_title accent_color\" dir=\"auto\">Решение № {post}.pdf</div>"
                "<div class=\"tgme_widget_message_document_extra\" dir=\"auto\">245.3 KB</div></div></a>"
                ) if post % 10 == 0 else ""
    return (f"<div class=\"tgme_widget_message_wrap js-widget_message_wrap\"><div class=\"tgme_widget_message "
            f"text_not_supported_wrap js-widget_message\" data-post=\"{CHANNEL}/{post}\" data-view=\"eyJ{post}\">"
            f"<div class=\"tgme_widget_message_user\"><a href=\"https://t.me/{CHANNEL}\"><i class=\"tgme_widget_message_user_photo"
            "\"></i></a></div><div class=\"tgme_widget_message_bubble\"><div class=\"tgme_widget_message_author accent_color\">"
            f"<a class=\"tgme_widget_message_owner_name\" href=\"https://t.me/{CHANNEL}\"><span dir=\"auto\">Совет МО</span></a>"
            f"</div>{document}<div class=\"tgme_widget_message_text js-message_text\" dir=\"auto\">{_text(post)}</div>"
            "<div class=\"tgme_widget_message_footer compact js-message_footer\"><div class=\"tgme_widget_message_info short "
            f"js-message_info\"><span class=\"tgme_widget_message_views\">{post * 37}</span><span class=\"copyonly\"> views"
            f"</span><span class=\"tgme_widget_message_meta\"><a class=\"tgme_widget_message_date\" href=\"https://t.me/"
            f"{CHANNEL}/{post}\"><time datetime=\"{moment}\" class=\"time\">{moment[11:16]}</time></a></span></div></div>"
            "</div></div></div>")


def _photo_only(post: int) -> str:
    return (f"<div class=\"tgme_widget_message_wrap\"><div class=\"tgme_widget_message js-widget_message\" "
            f"data-post=\"{CHANNEL}/{post}\"><a class=\"tgme_widget_message_photo_wrap\" href=\"https://t.me/{CHANNEL}/"
            f"{post}\"></a></div></div>")


def _page(posts: list[int], before: int | None) -> str:
    more = (f"<div class=\"tgme_widget_message_centered js-messages_more_wrap\"><a href=\"/s/{CHANNEL}?before={before}\" "
            f"data-before=\"{before}\" class=\"tme_messages_more js-messages_more\"></a></div>") if before else ""
    body = "".join(_photo_only(p) if p < 0 else _message(p) for p in posts)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Совет МО – Telegram</title>"
            f"<meta property=\"og:title\" content=\"{html.escape('Совет МО')}\"></head><body class=\"widget_frame_base "
            "tgme_widget body_widget_post\"><header class=\"tgme_header\"><a class=\"tgme_header_link\" href=\"/s/"
            f"{CHANNEL}\">Совет МО</a></header><main class=\"tgme_main\"><section class=\"tgme_channel_history "
            f"js-message_history\">{more}{body}</section></main></body></html>")


def write_channel(root: Path, newest: int) -> None:
    """Posts 1…newest, the newest PER_PAGE on ``/s/NAME``, older ones ``?before=ID`` pages."""
    site = root / "tg" / "s"
    site.mkdir(parents=True, exist_ok=True)
    for old in site.glob(f"{CHANNEL}*"):
        old.unlink()
    top = newest
    first = True
    while top >= 1:
        posts = list(range(max(1, top - PER_PAGE + 1), top + 1))  # oldest first, as Telegram shows
        before = posts[0] if posts[0] > 1 else None
        if first:
            posts.insert(len(posts) // 2, -1)  # a photo without words: not a news item
        name = CHANNEL if first else f"{CHANNEL}@before={top + 1}"
        (site / name).write_text(_page(posts, before), encoding="utf-8")
        top, first = posts[0] - 1 if posts[0] > 0 else posts[1] - 1, False


@pytest.fixture(scope="module")
def channel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("telegram")
    write_channel(tmp / "sites", 60)
    with serve_sites(tmp / "sites") as server:
        sources = tmp / "sources.yaml"
        sources.write_text(f"sources:\n  - id: tg\n    name: Совет МО в Telegram\n    region: Белгородская область\n"
                           f"    telegram: '{server.url('tg', '/s/' + CHANNEL)}'\n", encoding="utf-8")
        env = crawl_env(tmp / "data")
        first = run_munews(["crawl", "--sources", str(sources)], env, tmp)
        first_hits = server.hits("tg")
        server.reset_hits()
        write_channel(tmp / "sites", 63)
        second = run_munews(["crawl", "--sources", str(sources)], env, tmp)
        yield {"first": first, "first_hits": first_hits, "second": second, "second_hits": server.hits("tg"),
               "env": env, "tmp": tmp, "origin": server.url("tg", "").rstrip("/")}


def test_the_preview_page_reads_as_messages_newest_first():
    messages, older = read_channel(_page([58, -1, 59, 60], 58), f"https://t.me/s/{CHANNEL}")
    assert [m.post_id for m in messages] == [60, 59, 58] and older == f"https://t.me/s/{CHANNEL}?before=58"
    assert messages[0].url == f"https://t.me/{CHANNEL}/60"
    assert messages[0].title == "Новость 60: форум сельских старост в районах области."
    assert messages[0].published_at == (START + timedelta(hours=420)).isoformat()
    assert messages[0].links == [("https://smo.example/news/60/", "сайте Совета")]
    assert messages[0].files == ["Решение № 60.pdf"] and messages[1].files == []


def test_the_whole_channel_is_crawled_once(channel):
    assert channel["first"].returncode == 0, channel["first"].stderr[-3000:]
    pages = [hit for hit in channel["first_hits"] if hit.startswith("/s/")]
    assert pages == [f"/s/{CHANNEL}", f"/s/{CHANNEL}?before=41", f"/s/{CHANNEL}?before=21"]


def test_a_recrawl_reads_the_newest_page_only_and_stores_the_new_messages(channel):
    assert channel["second"].returncode == 0, channel["second"].stderr[-3000:]
    assert [hit for hit in channel["second_hits"] if hit.startswith("/s/")] == [f"/s/{CHANNEL}"]
    with Store(channel["env"]["MUNEWS_DATA_DIR"] + "/munews.sqlite3") as store:
        stored = {a.url: a for a in store.iter_articles("tg")}
    assert sorted(int(url.rsplit("/", 1)[-1]) for url in stored) == list(range(1, 64))
    post = stored[f"{channel['origin']}/{CHANNEL}/40"]
    assert post.title == "Новость 40: заседание президиума Совета в районах области."
    assert post.published_at == (START + timedelta(hours=280)).isoformat() and post.date_source == "telegram"
    assert "выпуск номер 40" in post.text
    assert [(a.title, a.status) for a in post.attachments] == [("Решение № 40.pdf", "not-fetched")]


def test_messages_are_searchable_and_in_the_feed(channel):
    found = run_munews(["search", "президиума", "выпуск", "номер", "40", "--json"], channel["env"], channel["tmp"])
    assert found.returncode == 0, found.stderr
    urls = [hit["url"] for hit in json.loads(found.stdout)["hits"]]
    assert urls[0] == f"{channel['origin']}/{CHANNEL}/40"
    from fastapi.testclient import TestClient

    from indexer.config import load_config
    from search_api import create_app

    config = load_config(environ={}, dotenv_path=None, data_dir=Path(channel["env"]["MUNEWS_DATA_DIR"]))
    with TestClient(create_app(config)) as client:
        feed = client.get("/api/feed.atom", params={"q": "старост"})
    assert feed.status_code == 200
    assert f"{CHANNEL}/60" in feed.text and "Новость 60: форум сельских старост" in feed.text
