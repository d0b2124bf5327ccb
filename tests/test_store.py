"""The SQLite store: upsert by canonical URL, change detection, the replay log, crawl runs."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys

import pytest

from indexer.documents import Article, Attachment
from indexer.store import Store


def article(**changes):
    values = {"url": "https://asmobel.ru/news/1/", "source_id": "belgorod-smo",
              "title": "Форум старост", "text": "Первый абзац.\n\nВторой абзац.",
              "published_at": "2023-03-14T10:00:00+03:00"}
    values.update(changes)
    return Article(**values)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "munews.sqlite3") as opened:
        yield opened


def test_upsert_new_unchanged_updated(store):
    assert store.upsert(article()) == "new"
    assert store.upsert(article(fetched_at="2024-01-01T00:00:00+00:00")) == "unchanged"
    assert store.upsert(article(text="Исправленный текст.")) == "updated"
    assert store.count() == 1
    assert store.get_by_url("https://asmobel.ru/news/1/").text == "Исправленный текст."


def test_same_url_is_one_article_and_id_is_stable(store):
    first, second = article(), article(title="Другой заголовок")
    assert first.id == second.id
    store.upsert(first)
    store.upsert(second)
    assert store.count("belgorod-smo") == 1
    assert store.get(first.id).title == "Другой заголовок"


def test_date_change_is_an_update(store):
    store.upsert(article())
    assert store.upsert(article(published_at="2023-03-15T10:00:00+03:00")) == "updated"


def test_title_change_is_an_update(store):
    store.upsert(article())
    assert store.upsert(article(title="Форум сельских старост")) == "updated"


def test_identical_body_hashes_alike_across_sites_titles_dates_and_typography():
    original = article(text="«Народный бюджет» — итоги.\n\nЁлки   у\u00a0школы.")
    repost = article(url="https://smo35.ru/news/77/", source_id="vologda", title="Репост: итоги",
                     published_at="2023-03-20T09:00:00+03:00",
                     text="\"Народный бюджет\" - итоги.\n\nелки у школы.")
    assert original.content_hash == repost.content_hash
    assert article(text="Другой текст.").content_hash != original.content_hash


def test_changes_since_replays_in_order_with_deletions(store):
    store.upsert(article())
    store.upsert(article(url="https://asmobel.ru/news/2/"))
    start = store.max_seq()
    store.upsert(article(text="Правка."))
    store.upsert(article(url="https://asmobel.ru/news/2/"))  # unchanged: no new seq
    store.mark_deleted([article(url="https://asmobel.ru/news/2/").id])
    changes = store.changes_since(start)
    assert [(a.url, deleted) for _, a, deleted in changes] == [
        ("https://asmobel.ru/news/1/", False), ("https://asmobel.ru/news/2/", True)]
    seqs = [seq for seq, _, _ in changes]
    assert seqs == sorted(seqs) and seqs[0] > start
    assert store.count() == 1 and store.get_by_url("https://asmobel.ru/news/2/") is None


def test_deleted_article_comes_back_as_updated(store):
    store.upsert(article())
    store.mark_deleted([article().id])
    assert store.upsert(article()) == "updated"
    assert store.count() == 1


def test_runs_and_meta_survive_reopening(tmp_path):
    path = tmp_path / "munews.sqlite3"
    with Store(path) as store:
        run_id = store.start_run("belgorod-smo")
        store.finish_run(run_id, status="ok", pages_fetched=12, new=3, updated=1, unchanged=5,
                         errors={"http/503": 2})
        store.set_meta("indexed_seq:embedded", "7")
        store.upsert(article())
    with Store(path, readonly=True) as store:
        (run,) = store.runs("belgorod-smo")
        assert (run["status"], run["pages_fetched"], run["articles_new"]) == ("ok", 12, 3)
        assert run["errors"] == {"http/503": 2} and run["finished_at"]
        assert store.get_meta("indexed_seq:embedded") == "7"
        assert [a.title for a in store.iter_articles()] == ["Форум старост"]


def _running_row(store: Store, source_id: str, host: str, pid: int) -> int:
    cursor = store.connection.execute(
        "INSERT INTO crawl_runs(source_id, started_at, host, pid) VALUES(?, '2026-01-01T00:00:00+00:00', ?, ?)",
        (source_id, host, pid))
    store.connection.commit()
    return int(cursor.lastrowid or 0)


def test_a_run_left_running_by_a_killed_crawl_is_closed_by_the_next_one(store):
    """Reliability case 25: kill -9 leaves the run record at 'running'; the next crawl of the
    source closes it as interrupted, but never a live process's run nor another host's."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        here = socket.gethostname()
        killed = _running_row(store, "smo", here, dead.pid)
        live = _running_row(store, "smo", here, alive.pid)
        remote = _running_row(store, "smo", "other-machine", dead.pid)
        other_source = _running_row(store, "okmo", here, dead.pid)
        new = store.start_run("smo")
        status = {run["run_id"]: (run["status"], bool(run["finished_at"])) for run in store.runs(limit=10)}
        closed_for_all = store.close_orphaned_runs()  # the other source's, when asked for all
    finally:
        alive.kill()
        alive.wait()
    assert status[killed] == ("interrupted", True)
    assert status[live] == status[remote] == status[other_source] == status[new] == ("running", False)
    assert closed_for_all == 1


def test_an_old_store_gains_the_run_columns(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE crawl_runs (run_id INTEGER PRIMARY KEY AUTOINCREMENT, source_id TEXT NOT NULL, "
                    "started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL DEFAULT 'running', "
                    "pages_fetched INTEGER NOT NULL DEFAULT 0, articles_new INTEGER NOT NULL DEFAULT 0, "
                    "articles_updated INTEGER NOT NULL DEFAULT 0, articles_unchanged INTEGER NOT NULL DEFAULT 0, "
                    "errors TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '')")
        old.execute("INSERT INTO crawl_runs(source_id, started_at) VALUES('smo', '2025-01-01T00:00:00+00:00')")
    with Store(path) as store:
        run_id = store.start_run("smo")
        runs = {run["run_id"]: run["status"] for run in store.runs("smo")}
    assert runs == {1: "running", run_id: "running"}  # a row without a pid is not guessed at


def test_iter_articles_streams_in_batches(store):
    for n in range(7):
        store.upsert(article(url=f"https://asmobel.ru/news/{n}/"), commit=False)
    store.commit()
    assert len(list(store.iter_articles(batch=3))) == 7
    assert store.source_counts() == {"belgorod-smo": 7}


def _write_many(path, prefix, count):
    with Store(path) as store:
        for number in range(count):
            store.upsert(article(url=f"https://{prefix}.ru/news/{number}/", source_id=prefix))


# Reliability case 27 (docs/reliability.md).
def test_two_writers_at_once_hand_out_unique_gap_free_change_numbers(tmp_path):
    import multiprocessing

    path = tmp_path / "munews.sqlite3"
    Store(path).close()
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(path, prefix, 300)) for prefix in ("a", "b", "c")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    with Store(path) as store:
        seqs = [row[0] for row in store.connection.execute("SELECT seq FROM articles ORDER BY seq")]
    assert seqs == list(range(1, 901))


def _decision(**changes) -> Attachment:
    fields = {"url": "https://smo.ru/upload/reshenie-14.pdf", "title": "Решение № 14", "kind": "pdf",
              "size": 48_000, "pages": 2, "sha256": "ab" * 32, "text": "Решение Совета № 14 о бюджете поселений"}
    return Attachment(**{**fields, **changes})


def test_attachments_come_back_with_their_text_stored_once(store):
    first = article(attachments=[_decision()])
    second = article(url="https://smo.ru/news/2/", attachments=[_decision(title="Решение Совета")])
    assert store.upsert(first) == store.upsert(second) == "new"
    assert store.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    got = {a.url: a for a in store.iter_articles()}
    assert got[first.url].attachments == first.attachments
    assert got[second.url].attachments[0].title == "Решение Совета"
    assert store.get(first.id).documents_text == "Решение Совета № 14 о бюджете поселений"
    assert [a.attachments[0].text for _, a, _ in store.changes_since(0)] == [_decision().text] * 2


def test_a_new_or_changed_attachment_makes_the_article_updated(store):
    store.upsert(article())
    assert store.upsert(article(attachments=[_decision()])) == "updated"
    assert store.upsert(article(attachments=[_decision()])) == "unchanged"
    failed = _decision(status="error", error="encrypted", text="", sha256="")
    assert store.upsert(article(attachments=[failed])) == "updated"
    assert store.get(article().id).attachments[0].error == "encrypted"


def test_an_old_store_gains_the_attachments_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, url TEXT NOT NULL UNIQUE, source_id TEXT NOT NULL, "
                    "source_name TEXT NOT NULL DEFAULT '', region TEXT NOT NULL DEFAULT '', title TEXT NOT NULL, "
                    "published_at TEXT, date_source TEXT, author TEXT, lead TEXT NOT NULL DEFAULT '', "
                    "text TEXT NOT NULL, images TEXT NOT NULL DEFAULT '[]', fetched_at TEXT NOT NULL DEFAULT '', "
                    "content_hash TEXT NOT NULL, best_practice INTEGER NOT NULL DEFAULT 0, "
                    "first_seen_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, "
                    "seq INTEGER NOT NULL DEFAULT 0)")
        old.execute("INSERT INTO articles(id, url, source_id, title, text, content_hash, first_seen_at, updated_at) "
                    "VALUES('a1', 'https://smo.ru/n/1', 'smo', 'Старое', 'Текст', 'h', 'x', 'x')")
    with Store(path) as store:
        assert store.get("a1").attachments == []
        assert store.upsert(article(attachments=[_decision()])) == "new"
