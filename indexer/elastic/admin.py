"""Index administration: the template, versioned concrete indexes, and the alias that fronts them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from elasticsearch import BadRequestError, NotFoundError

from indexer.elastic.mapping import (
    MAPPING_VERSION,
    MAPPINGS,
    index_pattern,
    new_index_name,
    template_body,
    template_name,
)

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

logger = logging.getLogger(__name__)


def put_template(client: Elasticsearch, alias: str, shards: int) -> None:
    """Install the project's index template unless this version is already there."""
    body = template_body(alias, shards)
    try:
        found = client.indices.get_index_template(name=template_name(alias)).body
        installed = found["index_templates"][0]["index_template"]
    except NotFoundError:
        installed = {}
    # Every crawl batch opens the backend: a read here spares the cluster a state update.
    if installed.get("version") == body["version"] and installed.get("index_patterns") == body[
            "index_patterns"]:
        return
    client.indices.put_index_template(name=template_name(alias), **body)


def create_index(client: Elasticsearch, alias: str, *, shards: int = 1,
                 bulk_load: bool = False) -> str:
    """A new empty concrete index (mapping from our template, installed first); its name."""
    put_template(client, alias, shards)
    name = new_index_name(alias)
    settings: dict[str, Any] = {}
    if bulk_load:
        # No refreshes while a reindex fills it: segments are built once, at the end.
        settings["refresh_interval"] = "-1"
    client.indices.create(index=name, settings=settings or None)
    client.cluster.health(index=name, wait_for_status="yellow", timeout="30s")
    logger.info("created Elasticsearch index %s", name)
    return name


def create_first_index(client: Elasticsearch, alias: str, *, shards: int = 1) -> str:
    """The alias and its first index, in one request; idempotent across racing processes.

    The crawl and the API may open a fresh cluster at the same moment: with a fixed name,
    the loser gets "already exists" instead of a second index behind the same alias.
    """
    put_template(client, alias, shards)
    name = f"{alias}-v{MAPPING_VERSION}-initial"
    try:
        client.indices.create(index=name, aliases={alias: {"is_write_index": True}})
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
        if not alias_targets(client, alias):  # the alias was removed by hand: put it back
            client.indices.put_alias(index=name, name=alias, is_write_index=True)
    client.cluster.health(index=name, wait_for_status="yellow", timeout="30s")
    logger.info("created Elasticsearch index %s behind alias %s", name, alias)
    return name


def finish_bulk_load(client: Elasticsearch, index: str) -> None:
    """Restore the normal refresh interval and make everything searchable."""
    client.indices.put_settings(index=index, settings={"refresh_interval": "1s"})
    client.indices.refresh(index=index)


def alias_targets(client: Elasticsearch, alias: str) -> list[str]:
    """Concrete indexes behind the alias (empty when the alias does not exist)."""
    try:
        found = client.indices.get_alias(name=alias)
    except NotFoundError:
        return []
    return sorted(found.body.keys())


def point_alias(client: Elasticsearch, alias: str, new_index: str, old: list[str]) -> None:
    """Move the alias from `old` to `new_index` in one atomic cluster-state update."""
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": alias}} for i in old]
    actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    logger.info("alias %s -> %s (was %s)", alias, new_index, ", ".join(old) or "nothing")


def drop_indexes(client: Elasticsearch, names: list[str]) -> None:
    for name in names:
        client.indices.delete(index=name, ignore_unavailable=True)
        logger.info("dropped Elasticsearch index %s", name)


def index_meta(client: Elasticsearch, index: str) -> dict[str, Any]:
    """The `_meta` of a concrete index's mapping (mapping and analyzer versions)."""
    found = client.indices.get_mapping(index=index).body
    mapping = found.get(index, {}).get("mappings", {})
    return dict(mapping.get("_meta") or {})


def is_current(meta: dict[str, Any]) -> bool:
    """True when an index was built with this code's mapping and analysis."""
    wanted = MAPPINGS["_meta"]
    return all(str(meta.get(key)) == str(value) for key, value in wanted.items())


def leftover_indexes(client: Elasticsearch, alias: str, before_ms: int) -> list[str]:
    """Our indexes outside the alias created before `before_ms`: debris of an interrupted rebuild."""
    found = client.indices.get_settings(index=index_pattern(alias), name="index.creation_date",
                                        allow_no_indices=True).body
    aliased = set(alias_targets(client, alias))
    return sorted(
        name for name, info in found.items()
        if name not in aliased and int(info["settings"]["index"]["creation_date"]) < before_ms
    )
