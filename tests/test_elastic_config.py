"""The Elasticsearch client is built from the settings: URL, API key or basic auth, and
opening the backend without a URL is a clear error. A local HTTP listener records what the
client really sends (no Elasticsearch node needed)."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indexer.backends import open_backend
from indexer.base import SearchBackend
from indexer.documents import SearchQuery
from indexer.elastic.backend import ElasticBackend, connect
from indexer.errors import IndexUnavailable


@pytest.fixture
def listener():
    """A local server answering every request with a healthy cluster; records the headers."""
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            seen.append({k.lower(): v for k, v in self.headers.items()})
            body = json.dumps({"status": "green"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_api_key_is_sent(config, listener):
    url, seen = listener
    client = connect(config.replace(elasticsearch_url=url, elasticsearch_api_key="c2VjcmV0"))
    client.cluster.health()
    assert seen[-1]["authorization"] == "ApiKey c2VjcmV0"


def test_basic_auth_is_sent_when_there_is_no_api_key(config, listener):
    url, seen = listener
    client = connect(config.replace(elasticsearch_url=url, elasticsearch_username="munews",
                                    elasticsearch_password="пароль"))
    client.cluster.health()
    scheme, encoded = seen[-1]["authorization"].split()
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode("utf-8") == "munews:пароль"


def test_no_credentials_no_authorization_header(config, listener):
    url, seen = listener
    connect(config.replace(elasticsearch_url=url)).cluster.health()
    assert "authorization" not in seen[-1]


def test_a_missing_url_is_a_clear_error(config):
    with pytest.raises(IndexUnavailable, match="ELASTICSEARCH_URL"):
        open_backend(config, name="elasticsearch")


def test_opening_never_fails_and_an_unreachable_node_is_unavailable(config):
    from crawler.demo.server import closed_port_url

    backend = open_backend(config.replace(elasticsearch_url=closed_port_url("")),
                           name="elasticsearch")
    assert isinstance(backend, ElasticBackend) and isinstance(backend, SearchBackend)
    with pytest.raises(IndexUnavailable):
        backend.search(SearchQuery(text="практика"))
    backend.close()


def test_shards_setting_reaches_the_backend(config):
    settings = config.replace(backend="elasticsearch", elasticsearch_url="http://127.0.0.1:9",
                              elasticsearch_shards=3)
    backend = open_backend(settings)
    try:
        assert backend.shards == 3
    finally:
        backend.close()
