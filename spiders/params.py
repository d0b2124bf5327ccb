"""Typed, validated arguments of the news spider (``-a source=ID [-a max_pages=N]``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.sources import Source, load_sources, select_sources

if TYPE_CHECKING:
    from indexer.config import Config

__all__ = ["SpiderArgumentError", "SpiderParams", "parse_params"]

_KNOWN = {"source", "sources", "max_pages"}


class SpiderArgumentError(ValueError):
    """A spider argument is missing or invalid; the message says which and why."""


@dataclass(frozen=True)
class SpiderParams:
    source: Source
    max_pages: int  # request budget for this crawl of this source


def parse_params(kwargs: dict[str, Any], config: Config) -> SpiderParams:
    """Validate the spider's keyword arguments; raise SpiderArgumentError naming the problem."""
    unknown = sorted(set(kwargs) - _KNOWN)
    if unknown:
        raise SpiderArgumentError(f"unknown spider argument(s): {', '.join(unknown)}; "
                                  f"known: {', '.join(sorted(_KNOWN))}")
    source = kwargs.get("source")
    if source is None:
        raise SpiderArgumentError("missing spider argument 'source' (use -a source=ID)")
    if not isinstance(source, Source):
        path = Path(kwargs.get("sources") or config.sources_file)
        source = select_sources(load_sources(path), [str(source)])[0]
    return SpiderParams(source, _max_pages(kwargs.get("max_pages"), source, config))


def _max_pages(raw: Any, source: Source, config: Config) -> int:
    if raw is None:
        return source.max_pages or config.max_pages_per_source
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise SpiderArgumentError(f"spider argument 'max_pages' must be an integer, not {raw!r}") from None
    if value < 1:
        raise SpiderArgumentError(f"spider argument 'max_pages' must be positive, not {value}")
    return value
