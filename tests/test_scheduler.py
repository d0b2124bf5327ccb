"""`munews schedule` as a real long-running process: intervals, caps, state, clean stops.

The crawl command is replaced (``--crawl-command``) by a small probe that fetches a page from a
local HTTP server and journals its start and end, so the tests can check the timing guarantees
exactly; `tests/test_scheduler_crawl.py` runs the scheduler with the real `munews crawl`.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.ops.scheduler import Scheduler, parse_interval
from indexer.sources import parse_sources

PROBE = textwrap.dedent("""
    import os, sys, time, urllib.request
    source, journal, url, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    def note(event):
        with open(journal, "a") as handle:   # one short append per line: atomic on Linux
            handle.write(f"{event} {source} {os.getpid()} {time.time():.4f}\\n")
    note("start")
    if len(sys.argv) > 5:                    # leave a grandchild behind, as a crawl might
        import subprocess
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        note(f"grandchild-{child.pid}")
    urllib.request.urlopen(url, timeout=10).read()
    time.sleep(seconds)
    note("end")
""")


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):
        body = "<html><body><h1>Новости</h1></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/"
    finally:
        server.shutdown()
        server.server_close()


def _sources_file(tmp_path: Path, site: str, intervals: dict[str, str]) -> Path:
    lines = ["sources:"]
    for source_id, interval in intervals.items():
        lines += [f"  - id: {source_id}", f"    name: Совет {source_id}", "    region: Область",
                  f"    start_urls: ['{site}']", f"    interval: {interval}"]
    path = tmp_path / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(tmp_path, site, intervals, *, seconds=0.4, concurrency=2, grace=10.0, extra=""):
    journal = tmp_path / "journal.txt"
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    command = f"{sys.executable} {probe} {{source}} {journal} {site} {seconds} {extra}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUNEWS_")}
    env["MUNEWS_DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", "/nonexistent", "schedule",
         "--sources", str(_sources_file(tmp_path, site, intervals)),
         "--concurrency", str(concurrency), "--grace", str(grace), "--crawl-command", command],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process, journal


def _stop(process, timeout=20.0):
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=timeout)
    return process.returncode, output


def _journal(path: Path) -> list[tuple[str, str, int, float]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        event, source, pid, moment = line.split()
        rows.append((event, source, int(pid), float(moment)))
    return rows


def _spans(rows):
    """(source, start, end) of every probe run that ended."""
    starts = {(source, pid): moment for event, source, pid, moment in rows if event == "start"}
    return [(source, starts[(source, pid)], moment)
            for event, source, pid, moment in rows if event == "end"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but not yet reaped by its parent; /proc tells them apart.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_parse_interval():
    assert parse_interval("90s") == 90
    assert parse_interval("30m") == 1800
    assert parse_interval("6h") == 21600
    assert parse_interval("1d") == 86400
    assert parse_interval("90") == 90  # the same grammar as every other duration
    for bad in ("", "0", "0h", "6 hours", "-1h"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_repeated_crawls_one_per_source_under_a_global_cap(tmp_path, site):
    process, journal = _start(tmp_path, site, {"alpha": "1s", "beta": "1s", "gamma": "1s"},
                              concurrency=2)
    enough = _wait_for(lambda: all(
        sum(1 for span in _spans(_journal(journal)) if span[0] == name) >= 2
        for name in ("alpha", "beta", "gamma")), timeout=30)
    code, output = _stop(process)
    assert enough, output
    assert code == 0, output
    rows = _journal(journal)
    spans = _spans(rows)
    assert len(spans) == sum(1 for row in rows if row[0] == "start"), "a crawl did not finish"
    for name in ("alpha", "beta", "gamma"):
        mine = sorted((start, end) for source, start, end in spans if source == name)
        assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(mine)), \
            f"two crawls of {name} overlapped"
    events = sorted([(start, 1) for _, start, _ in spans] + [(end, -1) for _, _, end in spans])
    running, peak = 0, 0
    for _, delta in events:
        running += delta
        peak = max(peak, running)
    assert peak <= 2
    assert "alpha: crawl started" in output and "alpha: crawl finished" in output


def test_sigterm_waits_for_running_crawls_then_exits_zero(tmp_path, site):
    process, journal = _start(tmp_path, site, {"alpha": "1h"}, seconds=1.5, grace=20)
    assert _wait_for(lambda: any(row[0] == "start" for row in _journal(journal)), timeout=20)
    code, output = _stop(process)
    assert code == 0, output
    assert [row[0] for row in _journal(journal)] == ["start", "end"]
    assert "stopping: waiting up to" in output


def test_grace_period_over_terminates_the_whole_crawl_process_group(tmp_path, site):
    process, journal = _start(tmp_path, site, {"alpha": "1h"}, seconds=120, grace=0.5,
                              extra="spawn")
    assert _wait_for(lambda: any(row[0].startswith("grandchild") for row in _journal(journal)),
                     timeout=20)
    started = time.time()
    code, output = _stop(process)
    assert code == 0, output
    assert time.time() - started < 15
    pids = [row[2] for row in _journal(journal)]
    pids += [int(row[0].split("-")[1]) for row in _journal(journal) if row[0] != "start"]
    assert pids and _wait_for(lambda: not any(_alive(pid) for pid in pids), timeout=5), \
        "orphan crawl processes survived the scheduler"
    assert "terminating the crawl" in output


def test_restart_keeps_the_rhythm_instead_of_recrawling_everything(tmp_path, site):
    process, journal = _start(tmp_path, site, {"alpha": "1h", "beta": "1h"}, seconds=0.1)
    assert _wait_for(lambda: len(_spans(_journal(journal))) == 2, timeout=20)
    code, output = _stop(process)
    assert code == 0, output
    state = json.loads((tmp_path / "data" / "schedule-state.json").read_text())
    for name in ("alpha", "beta"):
        due_in = state["sources"][name]["next_due"] - time.time()
        assert 0.85 * 3600 < due_in < 1.15 * 3600  # one interval, ± jitter
        assert state["sources"][name]["crawls"] == 1
    process, journal = _start(tmp_path, site, {"alpha": "1h", "beta": "1h"}, seconds=0.1)
    time.sleep(2.0)
    code, output = _stop(process)
    assert code == 0, output
    assert len(_journal(journal)) == 4, "the restarted scheduler re-crawled at once"
    assert "next crawl in 5" in output or "next crawl in 6" in output  # ~54-66 minutes


def test_a_second_scheduler_on_the_same_data_dir_refuses_to_start(tmp_path, site):
    first, _ = _start(tmp_path, site, {"alpha": "1h"}, seconds=0.1)
    assert _wait_for(lambda: (tmp_path / "data" / "schedule-state.json").exists(), timeout=20)
    second, _ = _start(tmp_path, site, {"alpha": "1h"}, seconds=0.1)
    output, _ = second.communicate(timeout=20)
    assert second.returncode == 1
    assert "another scheduler" in output
    code, _ = _stop(first)
    assert code == 0


def test_due_order_and_corrupt_state(tmp_path):
    sources = parse_sources({"sources": [
        {"id": name, "name": name, "region": "R", "start_urls": ["http://127.0.0.1:9/"]}
        for name in ("a", "b", "c")]})
    scheduler = Scheduler(sources, command=lambda source: ["true"], state_dir=tmp_path,
                          default_interval=60, concurrency=1)
    (tmp_path / "schedule-state.json").write_text("{not json", encoding="utf-8")
    scheduler.load_state()  # a corrupt state file means "everything due", not a crash
    assert scheduler.due(now=1.0) == ["a", "b", "c"]
    scheduler.state["a"].next_due, scheduler.state["b"].next_due = 50.0, 10.0
    scheduler.state["c"].next_due = 500.0
    assert scheduler.due(now=100.0) == ["b", "a"]
    scheduler.save_state()
    scheduler.load_state()
    assert scheduler.state["c"].next_due == 500.0


def test_a_hung_crawl_is_terminated_and_its_source_crawled_again(tmp_path, site):
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    journal = tmp_path / "journal.txt"
    command = f"{sys.executable} {probe} {{source}} {journal} {site} 120"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MUNEWS_")}
    env["MUNEWS_DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", "/nonexistent", "schedule",
         "--sources", str(_sources_file(tmp_path, site, {"alpha": "1s"})),
         "--max-crawl-time", "2s", "--grace", "1", "--crawl-command", command],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    restarted = _wait_for(lambda: sum(row[0] == "start" for row in _journal(journal)) >= 2, 30)
    code, output = _stop(process)
    assert restarted, output
    assert code == 0, output
    assert "crawl exceeded 2.0s, terminating it" in output
    assert not any(_alive(row[2]) for row in _journal(journal))


def test_a_shortened_interval_applies_to_the_saved_due_time(tmp_path):
    sources = parse_sources({"sources": [
        {"id": "a", "name": "a", "region": "R", "start_urls": ["http://127.0.0.1:9/"],
         "interval": "1h"}]})
    state = {"sources": {"a": {"next_due": 1000.0 + 86400, "last_started": 1000.0}}}
    (tmp_path / "schedule-state.json").write_text(json.dumps(state), encoding="utf-8")
    scheduler = Scheduler(sources, command=lambda source: ["true"], state_dir=tmp_path,
                          default_interval=60, concurrency=1)
    scheduler.load_state()
    assert 1000.0 + 3600 * 0.9 <= scheduler.state["a"].next_due <= 1000.0 + 3600 * 1.1


def test_crawl_logs_are_rotated(tmp_path, monkeypatch):
    import crawler.ops.scheduler as scheduler_module

    monkeypatch.setattr(scheduler_module, "LOG_MAX_BYTES", 100)
    log = tmp_path / "logs" / "a.log"
    log.parent.mkdir()
    log.write_bytes(b"x" * 101)
    assert scheduler_module._rotated(log) == log
    assert not log.exists() and (tmp_path / "logs" / "a.log.1").stat().st_size == 101
    log.write_bytes(b"y" * 50)
    scheduler_module._rotated(log)
    assert log.read_bytes() == b"y" * 50
