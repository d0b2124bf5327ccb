"""The digest: grouping, periods, escaping, and e-mail through a real local SMTP server."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from crawler.cli import main
from crawler.ops.digest import build_digest, build_email, parse_since, render
from indexer.documents import Article
from indexer.store import Store

NOW = datetime.now(timezone.utc)
HOSTILE = 'Опыт <script>alert("x")</script> [ссылка](javascript:alert(1)) & Co'


def _article(n: int, region: str, *, best: bool = True, title: str | None = None) -> Article:
    return Article(url=f"http://asmo.example/news/{n}/", source_id=f"src-{region[:3]}",
                   source_name=f"Совет муниципальных образований {region}", region=region,
                   title=title or f"Практика номер {n}", text=f"Описание практики {n}.",
                   lead=f"Лид {n}", published_at="2026-11-01T10:00:00+03:00", best_practice=best)


@pytest.fixture
def store(config):
    with Store(config.store_path) as store:
        store.upsert(_article(1, "Белгородская область"))
        store.upsert(_article(2, "Белгородская область", title=HOSTILE))
        store.upsert(_article(3, "Курская область"))
        store.upsert(_article(4, "Курская область", best=False))
        store.upsert(_article(5, ""))
        store.upsert(_article(6, "Курская область"))
        old = (NOW - timedelta(days=30)).replace(microsecond=0).isoformat()
        store.connection.execute("UPDATE articles SET first_seen_at = ? WHERE url LIKE '%/6/'",
                                 (old,))
        store.commit()
        yield store


def _titles(digest):
    return {region: [item.title for item in items] for region, items in digest.regions.items()}


def test_digest_groups_new_best_practices_by_region(store):
    digest = build_digest(store.connection, parse_since("7d"))
    assert _titles(digest) == {
        "Белгородская область": ["Практика номер 1", HOSTILE],
        "Курская область": ["Практика номер 3"],
        "Регион не указан": ["Практика номер 5"],
    }
    assert digest.total == 4
    assert "Практика номер 6" in str(_titles(build_digest(store.connection, parse_since("60d"))))


def test_region_filter_is_case_insensitive(store):
    digest = build_digest(store.connection, parse_since("7d"), regions=["курская область"])
    assert _titles(digest) == {"Курская область": ["Практика номер 3"]}


def test_since_accepts_durations_and_dates_and_rejects_junk():
    now = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
    assert parse_since("7d", now) == now - timedelta(days=7)
    assert parse_since("2w", now) == now - timedelta(days=14)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=timezone.utc)
    with pytest.raises(Exception, match="bad --since"):
        parse_since("last week", now)


# Reliability case 34 (docs/reliability.md).
def test_crawled_text_is_escaped_in_html_and_markdown(store):
    digest = build_digest(store.connection, parse_since("7d"))
    page = render(digest, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    markdown = render(digest, "markdown")
    assert "](javascript" not in markdown and "<script>" not in markdown
    assert "- [Практика номер 1](http://asmo.example/news/1/)" in markdown


def test_empty_digest_says_so(config):
    digest = build_digest(None, parse_since("7d"))
    assert digest.total == 0
    assert "новых публикаций нет" in render(digest, "text")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_digest_email_is_sent_to_a_real_smtp_server_and_parses_back(
        store, smtp_server, monkeypatch, config, capsys):
    controller, inbox = smtp_server
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("SMTP_FROM", "digest@munews.example")
    code = main(["--env-file", "/nonexistent", "digest", "--since", "7d",
                 "--to", "staff@asmo.example", "--to", "head@asmo.example"])
    assert code == 0, capsys.readouterr().err
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "digest@munews.example"
    assert sorted(envelope.rcpt_tos) == ["head@asmo.example", "staff@asmo.example"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"].startswith("munews: лучшие практики с ")
    assert message["Subject"].endswith("новых публикаций: 4")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    for region in ("Белгородская область (2)", "Курская область (1)", "Регион не указан (1)"):
        assert region in text and region in page
    assert text.index("Белгородская") < text.index("Практика номер 1") < text.index("Курская")
    assert 'href="http://asmo.example/news/3/"' in page
    assert "http://asmo.example/news/3/" in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page and "<script>" not in page
    assert "Практика номер 6" not in text and "Практика номер 4" not in text


def test_unreachable_smtp_server_is_a_clear_error(store, monkeypatch, config, capsys):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(_free_port()))
    assert main(["--env-file", "/nonexistent", "digest", "--to", "a@example.org"]) == 1
    assert "cannot send the digest via 127.0.0.1" in capsys.readouterr().err


def test_email_without_news_is_not_sent_unless_asked(config, monkeypatch, capsys):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    assert main(["--env-file", "/nonexistent", "digest", "--to", "a@example.org"]) == 0
    assert "no e-mail sent" in capsys.readouterr().err
    message = build_email(build_digest(None, parse_since("1d")), "a@b.example", ["c@d.example"])
    assert "новых публикаций: 0" in message["Subject"]
