"""Both search backends on the same generated corpus and the same query mix, in one run.

    eval "$(scripts/test-elasticsearch start)"
    python -m benchmarks.search_backends --docs 100000 --queries 200

Reports bulk indexing documents/s (analysis included) and search latency p50/p95/p99 for
top-20 with snippets, without facets, with facets, and with facets plus region/date filters,
for the embedded (tantivy) backend and Elasticsearch, and the Elasticsearch/embedded ratios.
The corpus is :mod:`benchmarks.corpus_gen` (cached outside git); the queries are 1-3 words
drawn with a seed from the corpus vocabulary, so every run asks the same questions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.corpus_gen import corpus_file, read_corpus
from benchmarks.corpus_vocab import REGIONS, TOPICS
from indexer.base import SearchBackend
from indexer.documents import SearchQuery

#: Queries run before timing: JIT/caches of both engines warm, as in a long-running server.
WARMUP_QUERIES = 30
_WORD = re.compile(r"[А-Яа-яЁё]{4,}")


def query_mix(count: int, seed: int = 7) -> list[str]:
    """`count` queries of 1-3 words taken from the topics' titles and sentences."""
    rng = random.Random(seed)
    vocabulary = sorted({
        word.lower()
        for topic in TOPICS
        for line in topic.titles + topic.sentences
        for word in _WORD.findall(re.sub(r"\{\w+\}", " ", line))
    })
    queries = []
    for _ in range(count):
        topic = rng.choice(TOPICS)
        line = re.sub(r"\{\w+\}", " ", rng.choice(topic.titles + topic.sentences))
        words = [w.lower() for w in _WORD.findall(line)] or vocabulary
        size = min(len(words), rng.choice((1, 1, 2, 2, 3)))
        start = rng.randrange(len(words) - size + 1)
        queries.append(" ".join(words[start:start + size]))
    return queries


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def time_indexing(backend: SearchBackend, path: Path) -> dict[str, float]:
    """Index the whole corpus file and commit; documents per second."""
    started = time.perf_counter()
    total = 0
    batch = []
    for article in read_corpus(path):
        batch.append(article)
        if len(batch) == 2000:
            total += backend.index(batch)
            batch = []
    total += backend.index(batch) if batch else 0
    backend.commit()
    seconds = time.perf_counter() - started
    return {"docs": total, "seconds": seconds, "docs_per_s": total / seconds}


def time_searches(backend: SearchBackend, queries: list[str],
                  make: Callable[[str, int], SearchQuery]) -> dict[str, float]:
    """Latency percentiles of one search per query."""
    for text in queries[:WARMUP_QUERIES]:
        backend.search(make(text, 0))
    samples = []
    hits = 0
    for number, text in enumerate(queries):
        query = make(text, number)
        started = time.perf_counter()
        page = backend.search(query)
        samples.append(time.perf_counter() - started)
        hits += page.total
    return {**percentiles(samples), "mean_total": hits / len(queries)}


def search_modes() -> dict[str, Callable[[str, int], SearchQuery]]:
    regions = [region.name for region in REGIONS]
    return {
        "plain": lambda text, n: SearchQuery(text=text, limit=20, facets=False),
        "facets": lambda text, n: SearchQuery(text=text, limit=20, facets=True),
        "filtered": lambda text, n: SearchQuery(
            text=text, limit=20, facets=True, regions=(regions[n % len(regions)],),
            since=date(2020 + n % 4, 1, 1)),
    }


def open_backend(name: str, workdir: Path, es_url: str | None) -> tuple[SearchBackend, Callable[[], None]]:
    """A fresh, empty backend and how to throw it away."""
    if name == "embedded":
        from indexer.embedded import EmbeddedBackend

        backend = EmbeddedBackend(workdir / "index")
        return backend, backend.close
    from elasticsearch import Elasticsearch

    from indexer.elastic import ElasticBackend
    from indexer.elastic_admin import alias_targets, drop_indexes

    if not es_url:
        raise SystemExit("search_backends: set ELASTICSEARCH_TEST_URL or pass --es-url")
    client = Elasticsearch(es_url, request_timeout=120)
    alias = f"munews-bench-{uuid.uuid4().hex[:8]}"
    backend = ElasticBackend(client, alias)

    def drop() -> None:
        drop_indexes(client, alias_targets(client, alias))
        client.indices.delete_index_template(name=f"{alias}-template")
        backend.close()

    return backend, drop


def run(args: argparse.Namespace) -> dict[str, Any]:
    path = corpus_file(args.docs, args.seed)
    queries = query_mix(args.queries, args.seed)
    results: dict[str, Any] = {"docs": args.docs, "queries": len(queries)}
    for name in args.backends:
        with tempfile.TemporaryDirectory(prefix="munews-bench-") as tmp:
            backend, drop = open_backend(name, Path(tmp), args.es_url)
            try:
                entry: dict[str, Any] = {"indexing": time_indexing(backend, path)}
                for mode, make in search_modes().items():
                    entry[mode] = time_searches(backend, queries, make)
                results[name] = entry
            finally:
                drop()
        print(f"{name}: done", file=sys.stderr)
    return results


def report(results: dict[str, Any]) -> str:
    lines = [f"{results['docs']} documents, {results['queries']} queries (top 20 with snippets)"]
    for name in ("embedded", "elasticsearch"):
        if name not in results:
            continue
        entry = results[name]
        lines.append(f"{name:14} indexing {entry['indexing']['docs_per_s']:8.0f} docs/s")
        for mode in search_modes():
            m = entry[mode]
            lines.append(f"{'':14} {mode:9} p50 {m['p50']:6.1f} ms  p95 {m['p95']:6.1f} ms  "
                         f"p99 {m['p99']:6.1f} ms")
    if "embedded" in results and "elasticsearch" in results:
        base, other = results["embedded"], results["elasticsearch"]
        ratio = other["indexing"]["docs_per_s"] / base["indexing"]["docs_per_s"]
        lines.append(f"elasticsearch/embedded: indexing x{ratio:.2f}")
        for mode in search_modes():
            lines.append(f"{'':24}{mode:9} p95 x{other[mode]['p95'] / base[mode]['p95']:.2f}")
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
