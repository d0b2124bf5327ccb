"""The live progress lines of `munews crawl` (issue 20): real crawls of local sites on
127.0.0.1, in a subprocess whose stderr is a pipe (`--progress` forces the lines) or a real
pseudo-terminal (they appear by themselves), and never with --quiet or without a terminal."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crawler.demo.server import serve_sites
from crawler.progress import Counts, progress_wanted
from tests.hostile.sites import write_news_site
from tests.test_crawl import crawl_env, run_munews

pytestmark = pytest.mark.slow

SOURCES = ("alpha", "beta-council")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
LIVE = re.compile(r"(?P<source>[a-z-]+)\s+(?P<pages>\d+) pages\s+(?P<new>\d+) new\s+(?P<updated>\d+) updated"
                  r"\s+(?P<errors>\d+) errors\s+(?P<elapsed>\d+:\d\d:\d\d)\s+(?P<status>\w+)")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two five-story sites; one story of alpha answers 404 (an error to count)."""
    root = tmp_path_factory.mktemp("progress-sites")
    for name in SOURCES:
        write_news_site(root, name)
    with serve_sites(root, {"alpha": {"/news/603/": {"status": 404}}}) as server:
        lines = ["sources:"]
        for name in server.names:
            lines += [f"  - id: {name}", f"    name: Совет {name}", "    region: Тестовая область",
                      f"    start_urls: ['{server.url(name, '/news/')}']"]
        registry = root / "sources.yaml"
        registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield registry


def slow_env(data_dir: Path) -> dict[str, str]:
    # One request at a time, 0.3 s apart: the crawl lasts a few redraws (0.25 s each).
    return crawl_env(data_dir, MUNEWS_DOWNLOAD_DELAY="0.3", MUNEWS_CONCURRENCY_PER_DOMAIN="1",
                     COLUMNS="150")


def renders(stderr: str) -> dict[str, list[dict[str, str]]]:
    """Every drawing of every source's line, in order (rich redraws in place: lines are cut
    by newlines and carriage returns once the cursor codes are stripped)."""
    seen: dict[str, list[dict[str, str]]] = {}
    for line in re.split(r"[\r\n]", ANSI.sub("", stderr)):
        if match := LIVE.search(line):
            seen.setdefault(match["source"], []).append(match.groupdict())
    return seen


def summary(stdout: str) -> dict[str, list[str]]:
    rows = [line.split() for line in stdout.splitlines()[1:] if line.strip()]
    return {row[0]: row for row in rows}


def assert_live_lines(stderr: str, stdout: str) -> None:
    seen = renders(stderr)
    assert set(seen) == set(SOURCES), stderr[-2000:]
    table = summary(stdout)
    for source, drawings in seen.items():
        pages = [int(d["pages"]) for d in drawings]
        stored = [int(d["new"]) + int(d["updated"]) for d in drawings]
        assert pages == sorted(pages) and stored == sorted(stored), (source, pages, stored)
        assert len(set(pages)) >= 3 and len(set(stored)) >= 3, (source, pages, stored)
        assert drawings[0]["status"] in ("waiting", "crawling")
        last = drawings[-1]
        _, status, table_pages, new, updated, *_ = table[source]
        assert (last["status"], last["pages"], last["new"], last["updated"]) == (status, table_pages, new, updated)
    assert seen["alpha"][-1]["errors"] == "1" and seen["beta-council"][-1]["errors"] == "0"
    assert int(seen["beta-council"][-1]["new"]) == 5
    assert "\x1b[" not in stdout  # the table stays clean for a pipe or a file


def test_forced_progress_draws_rising_counts_and_ends_with_the_final_numbers(sites, tmp_path):
    done = run_munews(["crawl", "--sources", str(sites), "--progress"], slow_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert_live_lines(done.stderr, done.stdout)
    # The plain lines give way to the live ones; a warning is printed above them, whole.
    assert "] done (" not in done.stderr
    assert re.search(r"^[^\r\x1b]*WARNING .*\[alpha\] failed \S+/news/603/: http/404$", ANSI.sub("", done.stderr), re.M)


def test_a_terminal_gets_the_live_lines_without_asking(sites, tmp_path):
    """stderr a real pseudo-terminal, stdout a pipe: the lines appear by themselves."""
    leader, follower = os.openpty()
    captured = io.BytesIO()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed its side
                return
            if not chunk:
                return
            captured.write(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sites)],
                              env=slow_env(tmp_path / "data"), cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=follower, text=True, timeout=120)
    finally:
        os.close(follower)
        reader.join(10)
        os.close(leader)
    stderr = captured.getvalue().decode("utf-8", "replace")
    assert done.returncode == 0, stderr[-3000:]
    assert_live_lines(stderr, done.stdout)


@pytest.mark.parametrize("flags", [[], ["--quiet"], ["--quiet", "--progress"]])
def test_no_live_lines_without_a_terminal_or_with_quiet(sites, tmp_path, flags):
    done = run_munews(["crawl", "--sources", str(sites), *flags], crawl_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not renders(done.stderr) and "\x1b[" not in done.stderr and "\r" not in done.stderr, done.stderr
    assert set(summary(done.stdout)) == set(SOURCES)
    if "--quiet" in flags:
        assert "done (" not in done.stderr
    else:  # a log file or a cron mail keeps the plain line per source
        assert "[alpha] done (ok): 6 pages" in done.stderr


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_is_wanted_at_a_terminal_or_when_forced_never_when_quiet():
    assert progress_wanted(forced=False, quiet=False, stream=_Stream(True))
    assert not progress_wanted(forced=False, quiet=False, stream=_Stream(False))
    assert progress_wanted(forced=True, quiet=False, stream=_Stream(False))
    assert not progress_wanted(forced=True, quiet=True, stream=_Stream(True))


def test_counts_are_the_summary_tables():
    stats = {"response_received_count": 9, "robotstxt/response_count": 1, "munews/not_found_probe": 1,
             "store/new": 4, "store/updated": 2, "store/unchanged": 1, "errors/http/404": 2,
             "cleaning/dropped/no_body": 1}
    assert Counts.of(stats) == Counts(pages=7, new=4, updated=2, errors=3)
    assert Counts.of({}) == Counts()
