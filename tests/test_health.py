"""Source health verdicts from crawl_runs rows in a real store, and `munews sources`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from crawler.cli import main
from crawler.ops.health import assess, source_health
from indexer.documents import Article
from indexer.sources import parse_sources
from indexer.store import Store

SOURCES_YAML = """
sources:
  - id: good
    name: "Совет муниципальных образований А"
    region: "Белгородская область"
    start_urls: ["http://127.0.0.1:9/news/"]
  - id: redesigned
    name: "Совет муниципальных образований Б"
    region: "Курская область"
    start_urls: ["http://127.0.0.1:9/news/"]
  - id: unreachable
    name: "Совет муниципальных образований В"
    region: "Орловская область"
    start_urls: ["http://127.0.0.1:9/news/"]
  - id: fresh
    name: "Совет муниципальных образований Г"
    region: "Тульская область"
    start_urls: ["http://127.0.0.1:9/news/"]
"""


def run(pages=10, new=0, updated=0, unchanged=0, errors=None, status="finished"):
    return {"pages_fetched": pages, "articles_new": new, "articles_updated": updated,
            "articles_unchanged": unchanged, "errors": errors or {}, "status": status,
            "finished_at": "2026-11-20T10:00:00+00:00", "message": ""}


def history(*runs):
    """Runs given oldest first, returned newest first as store.runs() does."""
    return list(reversed(runs))


EMPTY_LISTING = {"listing-no-articles": 1}


@pytest.mark.parametrize("runs,status,reason", [
    ([], "never-crawled", "no finished crawl"),
    (history(run(new=12), run(unchanged=12), run(new=1, unchanged=12)), "ok", ""),
    # Incremental re-crawls of a quiet site fetch the first listing page and stop: healthy.
    (history(run(new=12), run(pages=1), run(pages=1), run(pages=1)), "ok", ""),
    (history(run(new=12), run(unchanged=1, errors={"cleaning/no-body": 11})),
     "broken", "extraction fails: the cleaning stage dropped 11 of 12"),
    (history(run(new=12), run(unchanged=9, errors={"cleaning/no-body": 2})), "ok", ""),
    (history(run(new=12), run(pages=1, errors=EMPTY_LISTING)), "failing", "no article link"),
    (history(run(new=12), *[run(pages=1, errors=EMPTY_LISTING)] * 2), "broken", "redesigned"),
    (history(run(pages=4), run(pages=4)), "failing", "no article extracted in 2 run(s)"),
    (history(run(new=5), run(pages=0, errors={"http/503": 4})), "failing", "http/503: 4"),
    (history(run(new=5), *[run(pages=0, errors={"dns": 1})] * 3), "broken", "last 3 runs failed"),
    (history(run(new=5), run(new=1, status="failed")), "failing", "status 'failed'"),
    (history(run(new=5), run(status="start page http://x/ is unusable")), "failing", "unusable"),
    (history(run(new=5), run(status="shutdown")), "ok", ""),
    (history(run(new=5), run(status="closespider_pagecount")), "ok", ""),
])
def test_verdicts(runs, status, reason):
    verdict, why = assess(runs)
    assert verdict == status
    assert reason in why


def test_running_crawl_is_judged_on_finished_ones():
    runs = history(run(new=12), *[run(pages=1, errors=EMPTY_LISTING)] * 2)
    runs.insert(0, {**run(), "status": "running", "finished_at": None})
    assert assess(runs)[0] == "broken"


def test_silence_longer_than_the_publishing_rhythm_is_failing():
    def verdict(days, gap):
        return assess(history(run(new=3), run(pages=1)), stale_days=days, typical_gap_days=gap)[0]

    assert verdict(45, 2) == "failing"
    assert verdict(20, 2) == "ok"
    assert verdict(45, 30) == "ok"  # a source that publishes monthly is not stale after 45 days
    assert verdict(100, 2) == "broken"  # a frequent publisher silent for three months
    assert verdict(200, 30) == "failing"  # 200 days > 5 monthly gaps, < 3 x that


def _record(store, source_id, *, pages, new=0, unchanged=0, errors=None):
    run_id = store.start_run(source_id)
    store.finish_run(run_id, status="finished", pages_fetched=pages, new=new, updated=0,
                     unchanged=unchanged, errors=errors or {})


@pytest.fixture
def crawled(config, tmp_path):
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(SOURCES_YAML, encoding="utf-8")
    with Store(config.store_path) as store:
        for n in range(3):
            store.upsert(Article(url=f"http://a.example/{n}", source_id="good", title=f"Новость {n}",
                                 text="Текст", published_at=f"2026-11-1{n}T10:00:00+03:00"))
        _record(store, "good", pages=5, new=3)
        _record(store, "good", pages=5, unchanged=3)
        _record(store, "redesigned", pages=20, new=15)
        _record(store, "redesigned", pages=20, errors={"cleaning/no-body": 15, "http/404": 1})
        _record(store, "unreachable", pages=0, errors={"http/503": 2})
    return sources_file


def test_source_health_reads_runs_and_articles(config, crawled):
    sources = {source.id: source for source in parse_sources(yaml.safe_load(SOURCES_YAML))}
    now = datetime.now(timezone.utc) + timedelta(days=2)
    with Store(config.store_path) as store:
        good = source_health(sources["good"], store, now=now)
    assert (good.status, good.runs, good.articles_total, good.pages_fetched) == ("ok", 2, 3, 5)
    assert good.last_success and good.last_attempt
    assert 1.9 < good.days_since_new_article < 2.1


def test_sources_status_json_and_table(config, crawled, monkeypatch, capsys):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    (config.data_dir / "schedule-state.json").write_text(
        json.dumps({"sources": {"good": {"next_due": 1893456000.0}}}), encoding="utf-8")
    argv = ["--env-file", "/nonexistent", "sources", "--sources", str(crawled), "status"]
    assert main([*argv, "--json"]) == 0
    report = {row["source_id"]: row for row in json.loads(capsys.readouterr().out)}
    assert report["good"]["next_crawl_at"] == "2030-01-01T00:00:00+00:00"
    assert report["fresh"]["next_crawl_at"] is None
    assert {key: row["status"] for key, row in report.items()} == {
        "good": "ok", "redesigned": "broken", "unreachable": "failing", "fresh": "never-crawled"}
    assert report["redesigned"]["errors"] == {"cleaning/no-body": 15, "http/404": 1}
    assert report["redesigned"]["recent_errors"]["cleaning/no-body"] == 15
    assert report["unreachable"]["last_success"] is None
    assert main(argv) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:2] == ["SOURCE", "STATUS"]
    assert table[1].split()[:2] == ["redesigned", "broken"]  # worst first
    assert "reason: extraction fails" in table[2]
    assert main([*argv, "--fail-on-broken"]) == 1


def test_status_times_are_local_and_labelled(config, crawled, monkeypatch, capsys):
    """The table speaks the configured zone and says so (2030-01-01 00:00 UTC is 03:00 MSK)."""
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("MUNEWS_TIMEZONE", "Europe/Moscow")
    (config.data_dir / "schedule-state.json").write_text(
        json.dumps({"sources": {"good": {"next_due": 1893456000.0}}}), encoding="utf-8")
    assert main(["--env-file", "/nonexistent", "sources", "--sources", str(crawled), "status"]) == 0
    good = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("good "))
    assert "2030-01-01 03:00 MSK" in good


def test_sources_validate_and_list(tmp_path, crawled, capsys):
    assert main(["--env-file", "/nonexistent", "sources", "--sources", str(crawled),
                 "validate"]) == 0
    assert "4 sources (4 enabled), OK" in capsys.readouterr().out
    assert main(["--env-file", "/nonexistent", "sources", "--sources", str(crawled), "list"]) == 0
    assert "every 6h (default)" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(SOURCES_YAML.replace("start_urls", "start_url", 1), encoding="utf-8")
    assert main(["--env-file", "/nonexistent", "sources", "--sources", str(bad), "validate"]) == 2
    assert "unknown key 'start_url'" in capsys.readouterr().err


def test_status_without_a_store_lists_every_source_as_never_crawled(config, crawled,
                                                                    monkeypatch, capsys):
    monkeypatch.setenv("MUNEWS_DATA_DIR", str(config.data_dir / "empty"))
    assert main(["--env-file", "/nonexistent", "sources", "--sources", str(crawled),
                 "status", "--json"]) == 0
    assert {row["status"] for row in json.loads(capsys.readouterr().out)} == {"never-crawled"}
    assert not (config.data_dir / "empty").exists()


def test_a_run_killed_without_finishing_does_not_count_as_running_forever(config):
    source = parse_sources(yaml.safe_load(SOURCES_YAML))[0]
    with Store(config.store_path) as store:
        store.start_run("good")
        assert source_health(source, store).running
        later = datetime.now(timezone.utc) + timedelta(days=2)
        assert not source_health(source, store, now=later).running
