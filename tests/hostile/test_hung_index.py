"""A hung (not refused) Elasticsearch: the crawl goes on, stores everything, and pays one short
timeout for the whole crawl instead of ~90 s per index sync (real crawl on 127.0.0.1 against
a socket that accepts connections and never answers)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.hostile.sites import NUMBERS, crawl_sites, write_news_site


@pytest.fixture
def hung_server():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
                held.append(connection)  # read nothing, answer nothing
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


# Reliability case 31 (docs/reliability.md).
def test_hung_index_costs_one_short_timeout_and_loses_nothing(tmp_path, hung_server):
    pytest.importorskip("elasticsearch")
    root = tmp_path / "sites"
    for name in ("first", "second", "third"):
        write_news_site(root, name)
    started = time.monotonic()
    result = crawl_sites(tmp_path, root, MUNEWS_BACKEND="elasticsearch", ELASTICSEARCH_URL=hung_server,
                         MUNEWS_INDEX_TIMEOUT="2")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.output[-2000:]
    assert all(result.stored[name] == set(NUMBERS) for name in ("first", "second", "third"))
    assert "index" in result.output.lower() and "timed out" in result.output
    # One 2 s timeout for the three sources' syncs, not three (nor ~90 s each as before).
    assert elapsed < 25, elapsed
