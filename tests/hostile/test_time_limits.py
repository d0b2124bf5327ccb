"""Per-source and per-crawl time limits: a slow or endless source ends as `timeout`, keeps
what it collected, and does not hold up the other sources (real crawls on 127.0.0.1)."""

from __future__ import annotations

from datetime import datetime

import pytest

from indexer.store import Store
from tests.hostile.sites import NUMBERS, crawl_sites, write_news_site

#: The issue's bound: no source runs past its limit by more than this.
SLACK_SECONDS = 10


def _runs(tmp_path):
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        rows = store.connection.execute("SELECT source_id, status, started_at, finished_at FROM crawl_runs")
        return {row[0]: (row[1], (datetime.fromisoformat(row[3]) - datetime.fromisoformat(row[2])).total_seconds())
                for row in rows}


# Reliability case 9 (docs/reliability.md).
@pytest.mark.parametrize("limit_setting", ["MUNEWS_SOURCE_TIME_LIMIT", "MUNEWS_CRAWL_TIME_LIMIT"])
def test_a_source_over_its_time_limit_ends_as_timeout_and_keeps_its_articles(tmp_path, limit_setting):
    root = tmp_path / "sites"
    write_news_site(root, "slow")
    write_news_site(root, "healthy")
    # Four stories of "slow" take 40 s each to answer; the limit is 5 s.
    faults = {"slow": {f"/news/{n}/": {"delay": 40} for n in NUMBERS[1:]}}
    result = crawl_sites(tmp_path, root, faults, MUNEWS_DOWNLOAD_TIMEOUT="60", **{limit_setting: "5s"})
    assert result.returncode == 0, result.output[-2000:]
    runs = _runs(tmp_path)
    assert runs["slow"][0] == "timeout" and runs["slow"][1] <= 5 + SLACK_SECONDS, runs
    assert "timeout" in result.output
    assert NUMBERS[0] in result.stored["slow"]  # what it collected before the limit is kept
    assert len(result.stored["slow"]) < len(NUMBERS)
    assert result.stored["healthy"] == set(NUMBERS) and runs["healthy"][0] == "ok"
