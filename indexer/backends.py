"""Open the configured search backend: ``MUNEWS_BACKEND`` = embedded (default) | elasticsearch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from indexer.config import ConfigError

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config
    from indexer.store import Store

BACKENDS = ("embedded", "elasticsearch")


def open_backend(config: Config, *, store: Store | None = None, readonly: bool = False,
                 name: str | None = None, **options: Any) -> SearchBackend:
    """The backend named by `name` or ``config.backend``; imports only what it needs."""
    name = name or config.backend
    if name == "embedded":
        from indexer.embedded import EmbeddedBackend

        return EmbeddedBackend.from_config(config, readonly=readonly, **options)
    if name == "elasticsearch":
        from indexer.elastic.backend import ElasticBackend

        store_path = store.path if store is not None else None
        return ElasticBackend.from_config(config, store_path=store_path,
                                          request_timeout=options.get("request_timeout"))
    raise ConfigError(f"Config 'MUNEWS_BACKEND' must be one of {', '.join(BACKENDS)}, not {name!r}")
