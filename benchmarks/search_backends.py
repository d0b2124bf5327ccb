"""Both search backends on the same generated corpus and the same query mix, in one run.

    eval "$(scripts/test-elasticsearch start)"
    python -m benchmarks.search_backends --docs 100000 --queries 200

The corpus (:mod:`benchmarks.corpus_gen`, cached outside git) and the seeded mix of 1-3 word
queries with its three modes are those of :mod:`benchmarks.search_embedded`. Reports bulk
indexing documents/s (analysis included, corpus reading excluded), size on disk, and wall-clock
search latency p50/p95/p99 for each backend, and the Elasticsearch/embedded ratios: absolute
figures on a shared machine move with its load, the ratios of one run much less.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.corpus_gen import corpus_file
from benchmarks.search_embedded import MODES, batches, dir_size, query_mix
from indexer.base import SearchBackend
from indexer.documents import SearchQuery

#: Queries run before timing, as the embedded benchmark does: caches of both engines warm.
WARMUP_QUERIES = 20
Mix = list[tuple[str, str, date]]


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds (nearest rank, as in benchmarks.search_embedded)."""
    ordered = sorted(samples)
    return {f"p{int(p * 100)}": ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000
            for p in (0.50, 0.95, 0.99)}


def time_indexing(backend: SearchBackend, path: Path) -> dict[str, float]:
    """Load the corpus as a full rebuild (clear, index in batches, one commit), the way
    `munews reindex` does: tantivy commits once, Elasticsearch fills a fresh index with
    refreshes off. Corpus reading excluded, analysis included."""
    started = time.perf_counter()
    backend.clear()
    spent, count = time.perf_counter() - started, 0
    for batch in batches(path):
        started = time.perf_counter()
        count += backend.index(batch)
        spent += time.perf_counter() - started
    started = time.perf_counter()
    backend.commit()
    spent += time.perf_counter() - started
    return {"docs": count, "seconds": spent, "docs_per_s": count / spent}


def make_query(mode: str, text: str, region: str, since: date) -> SearchQuery:
    """The embedded benchmark's three modes: snippets; plus facets; plus region/date filter."""
    filtered = mode == "filtered"
    return SearchQuery(text=text, limit=20, facets=mode != "snippets",
                       regions=(region,) if filtered else (), since=since if filtered else None)


def time_searches(backend: SearchBackend, mix: Mix) -> dict[str, dict[str, float]]:
    """Wall-clock latency percentiles per mode (an Elasticsearch search spends its CPU in
    another process, so the process CPU time the embedded benchmark also shows is not
    comparable here)."""
    for text, region, since in mix[:WARMUP_QUERIES]:
        for mode in MODES:
            backend.search(make_query(mode, text, region, since))
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    for text, region, since in mix:
        for mode in MODES:
            query = make_query(mode, text, region, since)
            started = time.perf_counter()
            backend.search(query)
            samples[mode].append(time.perf_counter() - started)
    return {mode: percentiles(found) for mode, found in samples.items()}


Opened = tuple[SearchBackend, Callable[[], int], Callable[[], None]]


def open_backend(name: str, workdir: Path, es_url: str | None) -> Opened:
    """A fresh, empty backend, how to measure its size on disk, and how to throw it away."""
    if name == "embedded":
        from indexer.embedded import EmbeddedBackend

        backend = EmbeddedBackend(workdir / "index", writer_threads=1)
        return backend, lambda: dir_size(workdir / "index"), backend.close
    from elasticsearch import Elasticsearch

    from indexer.elastic.admin import alias_targets, drop_indexes
    from indexer.elastic.backend import ElasticBackend

    if not es_url:
        raise SystemExit("search_backends: set ELASTICSEARCH_TEST_URL or pass --es-url")
    client = Elasticsearch(es_url, request_timeout=120)
    alias = f"munews-bench-{uuid.uuid4().hex[:8]}"
    backend = ElasticBackend(client, alias)

    def drop() -> None:
        drop_indexes(client, alias_targets(client, alias))
        client.indices.delete_index_template(name=f"{alias}-template")
        backend.close()

    def size() -> int:
        stats = client.indices.stats(index=alias, metric="store").body
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    return backend, size, drop


def run(args: argparse.Namespace) -> dict[str, Any]:
    path = corpus_file(args.docs, args.seed)
    mix = query_mix(args.queries)
    results: dict[str, Any] = {"docs": args.docs, "queries": len(mix)}
    for name in args.backends:
        with tempfile.TemporaryDirectory(prefix="munews-bench-") as tmp:
            backend, size, drop = open_backend(name, Path(tmp), args.es_url)
            try:
                entry: dict[str, Any] = {"indexing": time_indexing(backend, path)}
                entry["bytes"] = size()
                entry.update(time_searches(backend, mix))
                results[name] = entry
            finally:
                drop()
        print(f"{name}: done", file=sys.stderr)
    return results


def report(results: dict[str, Any]) -> str:
    lines = [(f"{results['docs']} documents, {results['queries']} queries x {len(MODES)} modes "
              "(top 20 with snippets; + facets; + facets, region and date filter)")]
    for name in ("embedded", "elasticsearch"):
        if name not in results:
            continue
        entry = results[name]
        lines.append(f"{name:14} indexing {entry['indexing']['docs_per_s']:8,.0f} docs/s, "
                     f"{entry['bytes'] / 1e6:,.0f} MB")
        for mode in MODES:
            m = entry[mode]
            lines.append(f"{'':14} {mode:9} p50 {m['p50']:6.1f} ms  p95 {m['p95']:6.1f} ms  "
                         f"p99 {m['p99']:6.1f} ms")
    if "embedded" in results and "elasticsearch" in results:
        base, other = results["embedded"], results["elasticsearch"]
        ratio = other["indexing"]["docs_per_s"] / base["indexing"]["docs_per_s"]
        lines.append(f"elasticsearch / embedded: indexing x{ratio:.2f}, "
                     f"size x{other['bytes'] / base['bytes']:.2f}")
        for mode in MODES:
            lines.append(f"{'':26}{mode:9} p50 x{other[mode]['p50'] / base[mode]['p50']:.2f}  "
                         f"p95 x{other[mode]['p95'] / base[mode]['p95']:.2f}  "
                         f"p99 x{other[mode]['p99'] / base[mode]['p99']:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", type=lambda s: s.split(","),
                        default=["embedded", "elasticsearch"])
    parser.add_argument("--es-url", default=os.environ.get("ELASTICSEARCH_TEST_URL"))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
