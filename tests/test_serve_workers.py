"""`munews serve --workers N`: N real worker processes on SO_REUSEPORT sockets, stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fixtures_api import ROOT, build_data, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def _workers(pid: int) -> list[int]:
    """The worker processes of a server (its multiprocessing children, not the resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(child) for child in path.read_text().split()] if path.exists() else []
    return [child for child in children if b"spawn_main" in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:  # it just ended
        return b""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _started_workers(pid: int, count: int) -> list[int]:
    # /healthz answers as soon as the first worker listens; the others may still be starting.
    deadline = time.monotonic() + 20
    while len(found := _workers(pid)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def _start(tmp_path: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    config = build_data(tmp_path / "data")
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MUNEWS_", "ELASTICSEARCH_", "SMTP_"))}
    env.update({"MUNEWS_DATA_DIR": str(config.data_dir), "MUNEWS_RATE_LIMIT": "0",
                "MUNEWS_SOURCES": str(config.sources_file)})
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "serve", "--port",
         str(port), "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not come up")


def test_workers_serve_searches_and_stop_with_the_parent(tmp_path: Path) -> None:
    process, url = _start(tmp_path, workers=2)
    try:
        workers = _started_workers(process.pid, 2)
        assert len(workers) == 2
        # Fresh connections, so the kernel spreads them over both workers' sockets.
        for _ in range(10):
            response = httpx.get(url + "/api/search", params={"q": "молодежь"}, timeout=10)
            assert response.status_code == 200
            assert response.json()["total"] > 0
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(40)
    assert code == 0
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "worker processes outlived the server"


def test_a_worker_that_dies_stops_the_server(tmp_path: Path) -> None:
    process, _ = _start(tmp_path, workers=2)
    try:
        workers = _started_workers(process.pid, 2)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        code = process.wait(40)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 1  # not a silently half-sized server
    assert not _alive(workers[1])
