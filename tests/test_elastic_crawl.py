"""`munews crawl` and `munews reindex` with MUNEWS_BACKEND=elasticsearch, on a real node behind
a proxy that stops answering in the middle of the crawls and comes back later."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo.server import serve_sites
from indexer.elastic.admin import alias_targets
from indexer.elastic.backend import ElasticBackend
from indexer.store import Store
from indexer.sync import pending_changes
from tests.fixtures_elastic import FaultProxy, make_client

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "sites"
START = {"wordpress": "/news/", "bitrix": "/press-center/news/", "joomla": "/novosti.html"}

pytestmark = pytest.mark.elasticsearch


def crawl_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUNEWS_", "ELASTICSEARCH_"))}
    env.update({"MUNEWS_DATA_DIR": str(data_dir), "MUNEWS_DOWNLOAD_DELAY": "0",
                "MUNEWS_AUTOTHROTTLE": "false", "MUNEWS_CONCURRENCY_PER_DOMAIN": "8",
                "MUNEWS_MAX_RESPONSE_MB": "1", **extra})
    return env


def run_munews(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=180, check=False)


def write_sources(path, server, names) -> str:
    lines = ["sources:"]
    for name in names:
        lines += [f"  - id: {name}", f"    name: Совет {name}", "    region: Тестовая область",
                  f"    start_urls: ['{server.url(name, START[name])}']"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def pending_column(output: str, source: str) -> str:
    header, *rows = [line.split() for line in output.splitlines() if line.strip()]
    row = next(r for r in rows if r[0] == source)
    return row[header.index("pending")]


@pytest.fixture
def proxy(es_url):
    proxy = FaultProxy(es_url)
    yield proxy
    proxy.down()


# Reliability case 30 (docs/reliability.md).
def test_node_stopped_mid_crawl_then_back_every_article_indexed_once(proxy, es_alias, tmp_path):
    data = tmp_path / "data"
    env = crawl_env(data, MUNEWS_BACKEND="elasticsearch", ELASTICSEARCH_URL=proxy.url,
                    ELASTICSEARCH_INDEX=es_alias)
    first, rest = list(START)[:1], list(START)[1:]
    with serve_sites(SITES) as server:
        ran = run_munews(["crawl", "--sources", write_sources(tmp_path / "a.yaml", server, first)],
                         env, tmp_path)
        assert ran.returncode == 0, ran.stderr[-3000:]
        assert pending_column(ran.stdout, first[0]) == "0"
        proxy.down()  # the node stops while the crawl goes on
        ran = run_munews(["crawl", "--sources", write_sources(tmp_path / "b.yaml", server, rest)],
                         env, tmp_path)
        assert ran.returncode == 0, ran.stderr[-3000:]  # an index outage never fails a crawl
        assert int(pending_column(ran.stdout, rest[-1])) > 0
        proxy.up()
        ran = run_munews(["crawl", "--sources", write_sources(tmp_path / "c.yaml", server, rest)],
                         env, tmp_path)
        assert ran.returncode == 0, ran.stderr[-3000:]
        assert pending_column(ran.stdout, rest[-1]) == "0"
    backend = ElasticBackend(make_client(proxy.url), es_alias)
    with Store(data / "munews.sqlite3") as store:
        stored = {article.id for article in store.iter_articles()}
        assert pending_changes(store, backend) == 0
    assert len(stored) >= 15  # three fixture sites, about six articles each
    backend.commit()
    indexed = _all_ids(backend)
    assert len(indexed) == len(set(indexed))
    assert set(indexed) == stored
    # `munews reindex` copies the whole store into a fresh index behind the same alias.
    before = alias_targets(backend.client, es_alias)
    ran = run_munews(["reindex", "--backend", "elasticsearch"], env, tmp_path)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert f"Indexed {len(stored)} articles" in ran.stdout
    after = alias_targets(backend.client, es_alias)
    assert after != before and len(after) == 1
    assert sorted(_all_ids(backend)) == sorted(stored)
    backend.close()


# Reliability case 29 (docs/reliability.md).
def test_reindex_with_the_node_down_fails_and_says_so(proxy, es_alias, tmp_path):
    data = tmp_path / "data"
    with Store(data / "munews.sqlite3") as store:
        from tests.test_elastic import make_articles

        for article in make_articles(5):
            store.upsert(article)
    proxy.down()
    env = crawl_env(data, ELASTICSEARCH_URL=proxy.url, ELASTICSEARCH_INDEX=es_alias)
    ran = run_munews(["reindex", "--backend", "elasticsearch"], env, tmp_path)
    assert ran.returncode == 1
    assert "Elasticsearch" in ran.stderr and "5 changes pending" in ran.stderr


def _all_ids(backend: ElasticBackend) -> list[str]:
    from indexer.documents import SearchQuery

    ids, cursor = [], None
    while True:
        page = backend.search(SearchQuery(limit=50, facets=False, search_after=cursor))
        ids += [hit.id for hit in page.hits]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor
