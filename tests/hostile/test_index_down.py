"""An Elasticsearch that refuses connections for a whole crawl: the crawl succeeds, the store
keeps every article and counts them pending, and `munews reindex` fails saying so (real crawl
on 127.0.0.1 against a closed port; no node needed; recovery on a real node is in
tests/test_elastic_crawl.py)."""

from __future__ import annotations

import pytest

from crawler.demo.server import closed_port_url
from tests.hostile.sites import NUMBERS, crawl_sites, run_measured, write_news_site
from tests.test_crawl import crawl_env


def test_index_refused_for_a_whole_crawl_loses_nothing_and_reindex_says_so(tmp_path):
    """Reliability case 29: the index refused for a whole crawl."""
    pytest.importorskip("elasticsearch")
    root = tmp_path / "sites"
    for name in ("first", "second"):
        write_news_site(root, name)
    env = {"MUNEWS_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": closed_port_url().rstrip("/"),
           "MUNEWS_INDEX_TIMEOUT": "2"}
    result = crawl_sites(tmp_path, root, **env)
    assert result.returncode == 0, result.output[-3000:]  # an index outage never fails a crawl
    assert result.stored == {"first": set(NUMBERS), "second": set(NUMBERS)}
    header, *rows = [line.split() for line in result.output.splitlines() if line.strip()][:3]
    pending = {row[0]: int(row[header.index("pending")]) for row in rows}
    assert max(pending.values()) == 2 * len(NUMBERS), pending
    done, _ = run_measured(["reindex", "--backend", "elasticsearch"], crawl_env(tmp_path / "data", **env), tmp_path)
    assert done.returncode == 1
    assert "Elasticsearch" in done.stderr and f"{2 * len(NUMBERS)} changes pending" in done.stderr, done.stderr
