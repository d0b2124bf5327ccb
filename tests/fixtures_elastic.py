"""Fixtures for tests that need a real Elasticsearch node (ELASTICSEARCH_TEST_URL).

Without a node the tests are skipped with the command that starts one; with
MUNEWS_REQUIRE_ELASTICSEARCH=1 (CI) an unreachable node is a failure, never a skip.
:class:`FaultProxy` sits between the client and the real node to inject outages and 429s.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

_START_HINT = 'start one with: eval "$(scripts/test-elasticsearch start)"'


def _unavailable(reason: str) -> None:
    if os.environ.get("MUNEWS_REQUIRE_ELASTICSEARCH", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"MUNEWS_REQUIRE_ELASTICSEARCH is set but {reason}", pytrace=False)
    pytest.skip(f"Elasticsearch tests skipped: {reason}; {_START_HINT}")


@pytest.fixture(scope="session")
def es_url() -> str:
    """The test node's URL; skips (locally) or fails (CI) when there is none."""
    url = os.environ.get("ELASTICSEARCH_TEST_URL", "").strip().rstrip("/")
    if not url:
        _unavailable("ELASTICSEARCH_TEST_URL is not set")
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=10) as answer:
            health = json.load(answer)
    except OSError as exc:
        _unavailable(f"the node at {url} does not answer ({exc})")
    if health.get("status") not in {"green", "yellow"}:
        _unavailable(f"the node at {url} is {health.get('status')}")
    return url


def make_client(url: str):
    from elasticsearch import Elasticsearch

    # Few transport retries: outage tests should see the failure quickly.
    return Elasticsearch(url, request_timeout=30, max_retries=1, retry_on_timeout=False)


def drop_alias_family(url: str, alias: str) -> None:
    """Delete every index and the template a test alias created."""
    from elasticsearch import NotFoundError

    from indexer.elastic.mapping import index_pattern, template_name

    client = make_client(url)
    try:
        names = list(client.indices.get(index=index_pattern(alias), allow_no_indices=True).body)
        for name in names:
            client.indices.delete(index=name, ignore_unavailable=True)
        try:
            client.indices.delete_index_template(name=template_name(alias))
        except NotFoundError:
            pass
    finally:
        client.close()


@pytest.fixture
def es_alias(es_url: str):
    """A unique alias for one test; its indexes and template are removed afterwards."""
    alias = f"munews-test-{uuid.uuid4().hex[:10]}"
    yield alias
    drop_alias_family(es_url, alias)


@pytest.fixture
def es_backend(es_url: str, es_alias: str, tmp_path):
    """An ElasticBackend on a fresh alias, rejections logged in a temporary store file."""
    from indexer.elastic.backend import ElasticBackend
    from indexer.elastic.rejections import RejectionLog

    backend = ElasticBackend(make_client(es_url), es_alias,
                             rejections=RejectionLog(tmp_path / "store.sqlite3", "elasticsearch"))
    yield backend
    backend.close()


class FaultProxy:
    """An HTTP proxy in front of the real node that can go down or answer 429 on demand."""

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 9200)
        self.throttle_bulk = 0  # answer this many of the next _bulk requests with 429
        self.bulk_requests = 0
        self.throttled = 0
        self._server: ThreadingHTTPServer | None = None
        self._open: set = set()  # client sockets being served (keep-alive)
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        """Listen (again, on the same port): the node is back."""
        if self._server is not None:
            return
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler_for(self))
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        """Stop listening: clients get 'connection refused', as with a stopped node."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        # Keep-alive connections would otherwise go on being served: cut them like a dead node.
        for sock in list(self._open):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            proxy._open.add(self.connection)

        def finish(self) -> None:
            proxy._open.discard(self.connection)
            super().finish()

        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if "/_bulk" in self.path:
                proxy.bulk_requests += 1
                if proxy.throttle_bulk > 0:
                    proxy.throttle_bulk -= 1
                    proxy.throttled += 1
                    return self._reply(429, json.dumps({"error": {
                        "type": "es_rejected_execution_exception",
                        "reason": "rejected execution (queue capacity 0) [injected by test]"},
                        "status": 429}).encode())
            conn = http.client.HTTPConnection(*proxy.target, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            conn.request(self.command, self.path, body=body, headers=headers)
            answer = conn.getresponse()
            payload = answer.read()
            self._reply(answer.status, payload, answer.getheader("Content-Type"))
            conn.close()

        def _reply(self, status: int, payload: bytes, ctype: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype or "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    return Handler


class BothBackends:
    """Each backend (``embedded``, ``elasticsearch``) opened once and filled with `corpus`,
    for module-scoped fixtures of tests that run on both; `close()` drops what it made."""

    def __init__(self, request: pytest.FixtureRequest, tmp_factory: pytest.TempPathFactory,
                 corpus: Any, alias_prefix: str) -> None:
        self.request, self.tmp_factory = request, tmp_factory
        self.corpus, self.alias_prefix = corpus, alias_prefix
        self.opened: dict[str, Any] = {}
        self.cleanup: list[Any] = []

    def get(self, name: str) -> Any:
        if name not in self.opened:
            backend = self._open(name)
            backend.index(self.corpus)
            backend.commit()
            self.opened[name] = backend
        return self.opened[name]

    def _open(self, name: str) -> Any:
        if name == "embedded":
            from indexer.embedded import EmbeddedBackend

            return EmbeddedBackend(self.tmp_factory.mktemp("embedded") / "index")
        from indexer.elastic.backend import ElasticBackend

        url = self.request.getfixturevalue("es_url")
        alias = f"{self.alias_prefix}-{uuid.uuid4().hex[:8]}"
        self.cleanup.append(lambda: drop_alias_family(url, alias))
        return ElasticBackend(make_client(url), alias)

    def close(self) -> None:
        for backend in self.opened.values():
            backend.close()
        for action in self.cleanup:
            action()
