"""The public surface of the indexer package is small and pinned."""

import indexer


def test_indexer_exports():
    assert set(indexer.__all__) == {
        "Article", "Config", "ConfigError", "IndexUnavailable", "IndexWriteError", "IndexerError",
        "InvalidQuery", "SearchBackend", "SearchHit", "SearchPage", "SearchQuery", "Store",
        "load_config",
    }
    for name in indexer.__all__:
        assert getattr(indexer, name) is not None
