"""Benchmark of the embedded backend against plain SQLite FTS5 on the same generated corpus.

    python -m benchmarks.search_embedded --docs 50000           # while developing
    python -m benchmarks.search_embedded --docs 1000000         # the issue's figure (minutes)
    python -m benchmarks.search_embedded --docs 20000 --compare-analyzers

Reports indexing documents/s (including analysis; corpus reading excluded), size on disk, and
search latency p50/p95/p99 (wall clock, and CPU time of the process: on a machine shared with
other jobs the wall clock includes waiting for a core, CPU time does not) over a fixed, seeded mix of 1–3 word queries in three modes:
top-20 with snippets; plus facets (region, source, year); plus a region and date filter.
FTS5 (unicode61, no morphology) runs the same words: the floor to beat. The corpus is cached
in benchmarks/.corpus/ (outside git); indexes go to a temporary directory.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from benchmarks.corpus_gen import corpus_file, read_corpus
from benchmarks.corpus_vocab import REGIONS, TOPICS
from indexer.analysis import words
from indexer.documents import Article, SearchQuery
from indexer.embedded import EmbeddedBackend

BATCH = 1000
MODES = ("snippets", "facets", "filtered")


def query_mix(count: int, seed: int = 42) -> list[tuple[str, str, date]]:
    """(words, region, since) triples: 1–3 words taken from topic sentences, seeded."""
    rng = random.Random(seed)
    mix = []
    for _ in range(count):
        topic = rng.choice(TOPICS)
        vocabulary = [w for w in words(rng.choice(topic.sentences)) if len(w) > 3 and "{" not in w]
        chosen = rng.sample(vocabulary, min(len(vocabulary), rng.randint(1, 3)))
        mix.append((" ".join(w.lower() for w in chosen), rng.choice(REGIONS).name,
                    date(rng.randint(2018, 2024), rng.randint(1, 12), 1)))
    return mix


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return f"p50 {at(0.50):6.1f} ms  p95 {at(0.95):6.1f} ms  p99 {at(0.99):6.1f} ms"


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def batches(path: Path) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in read_corpus(path):
        batch.append(article)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def index_embedded(path: Path, index_dir: Path) -> tuple[EmbeddedBackend, tuple[float, float], int]:
    backend = EmbeddedBackend(index_dir, writer_threads=1)
    spent, cpu, count = 0.0, 0.0, 0
    for batch in batches(path):
        started, cpu_started = time.perf_counter(), time.process_time()
        count += backend.index(batch)
        spent += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    backend.commit()
    spent += time.perf_counter() - started
    cpu += time.process_time() - cpu_started
    return backend, (spent, cpu), count


Timings = dict[str, tuple[list[float], list[float]]]  # mode -> (wall, cpu) seconds per query


def run_embedded(backend: EmbeddedBackend, mix: list[tuple[str, str, date]],
                 show_matches: bool = True) -> Timings:
    timings: Timings = {mode: ([], []) for mode in MODES}
    totals: list[int] = []
    for text, region, since in mix:
        for mode in MODES:
            query = SearchQuery(text=text, limit=20, facets=mode != "snippets",
                                regions=(region,) if mode == "filtered" else (),
                                since=since if mode == "filtered" else None)
            started, cpu_started = time.perf_counter(), time.process_time()
            page = backend.search(query)
            timings[mode][0].append(time.perf_counter() - started)
            timings[mode][1].append(time.process_time() - cpu_started)
            if mode == "snippets":
                totals.append(page.total)
    # How selective the mix is: a search's cost grows with the number of matching documents.
    if show_matches:
        print(f"  matches per query (no filter): median {statistics.median(totals):,.0f}, "
              f"max {max(totals):,} of {backend.count():,} documents")
    return timings


def index_fts5(path: Path, db_path: Path) -> tuple[sqlite3.Connection, tuple[float, float], int]:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, region UNINDEXED, "
                 "source UNINDEXED, published UNINDEXED, tokenize='unicode61 remove_diacritics 2')")
    spent, cpu, count = 0.0, 0.0, 0
    for batch in batches(path):
        rows = [(a.title, a.text, a.region, a.source_id, (a.published_at or "")[:10]) for a in batch]
        started, cpu_started = time.perf_counter(), time.process_time()
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        conn.commit()
        spent += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        count += len(rows)
    return conn, (spent, cpu), count


def run_fts5(conn: sqlite3.Connection, mix: list[tuple[str, str, date]]) -> Timings:
    timings: Timings = {mode: ([], []) for mode in MODES}
    top = ("SELECT title, snippet(docs, 1, '<mark>', '</mark>', '…', 30) FROM docs "
           "WHERE docs MATCH ?{extra} ORDER BY rank LIMIT 20")
    facet = "SELECT {column}, count(*) FROM docs WHERE docs MATCH ?{extra} GROUP BY {column}"
    for text, region, since in mix:
        match = " ".join(f'"{w}"' for w in text.split())
        for mode in MODES:
            extra, params = ("", [match])
            if mode == "filtered":
                extra, params = " AND region = ? AND published >= ?", [match, region, since.isoformat()]
            started, cpu_started = time.perf_counter(), time.process_time()
            conn.execute(top.format(extra=extra), params).fetchall()
            if mode != "snippets":
                for column in ("region", "source", "substr(published, 1, 4)"):
                    conn.execute(facet.format(column=column, extra=extra), params).fetchall()
            timings[mode][0].append(time.perf_counter() - started)
            timings[mode][1].append(time.process_time() - cpu_started)
    return timings


def report(name: str, docs: int, seconds: tuple[float, float], size: int, timings: Timings) -> None:
    wall, cpu = seconds
    print(f"{name}: indexed {docs} docs in {wall:.1f} s = {docs / wall:,.0f} docs/s wall, "
          f"{docs / cpu:,.0f} docs/s of CPU time; {size / 1e6:,.0f} MB on disk")
    for mode in MODES:
        print(f"  {mode:9s} wall {percentiles(timings[mode][0])}   cpu {percentiles(timings[mode][1])}")


def compare_analyzers(path: Path, work: Path) -> None:
    """Index the corpus with tantivy's own Russian analyzer and with munews's pre-analysed text."""
    import tantivy

    from indexer.analysis import analyzed_text

    def build(tokenizer: str, prepare: Callable[[str], str]) -> float:
        schema = tantivy.SchemaBuilder().add_text_field("body", tokenizer_name=tokenizer).build()
        index = tantivy.Index(schema, path=str(work / tokenizer), reuse=False)
        index.register_tokenizer("ru_stem", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                                 .filter(tantivy.Filter.lowercase())
                                 .filter(tantivy.Filter.stemmer("russian")).build())
        writer = index.writer(128_000_000, 1)
        started = time.perf_counter()
        count = 0
        for article in read_corpus(path):
            writer.add_document(tantivy.Document(body=prepare(article.text)))
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        return count / (time.perf_counter() - started)

    (work / "ru_stem").mkdir()
    (work / "whitespace").mkdir()
    native = build("ru_stem", lambda text: text)
    ours = build("whitespace", analyzed_text)
    print(f"analyzer: tantivy simple+lowercase+stemmer(russian) {native:,.0f} docs/s; "
          f"munews analysis (pymorphy3+Snowball, ё, hyphens) + whitespace {ours:,.0f} docs/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-fts5", action="store_true")
    parser.add_argument("--compare-analyzers", action="store_true")
    parser.add_argument("--search-only", type=Path, metavar="INDEX_DIR",
                        help="skip indexing: run the query mix on an index built earlier")
    args = parser.parse_args(argv)
    if args.search_only:
        backend = EmbeddedBackend(args.search_only, readonly=True)
        run_embedded(backend, query_mix(args.queries)[:20], show_matches=False)
        timings = run_embedded(backend, query_mix(args.queries))
        print(f"embedded (tantivy), search only: {backend.count()} docs, "
              f"{dir_size(args.search_only) / 1e6:,.0f} MB on disk")
        for mode in MODES:
            print(f"  {mode:9s} wall {percentiles(timings[mode][0])}   cpu {percentiles(timings[mode][1])}")
        return 0
    path = corpus_file(args.docs, args.seed)
    mix = query_mix(args.queries)
    with tempfile.TemporaryDirectory(prefix="munews-bench-") as tmp:
        work = Path(tmp)
        if args.compare_analyzers:
            compare_analyzers(path, work)
            return 0
        backend, seconds, docs = index_embedded(path, work / "index")
        run_embedded(backend, mix[:20], show_matches=False)  # warm the caches (analysis, OS pages)
        report("embedded (tantivy)", docs, seconds, dir_size(work / "index"), run_embedded(backend, mix))
        backend.close()
        if not args.skip_fts5:
            conn, seconds, docs = index_fts5(path, work / "fts5.sqlite3")
            run_fts5(conn, mix[:20])
            report("sqlite fts5 (floor)", docs, seconds, (work / "fts5.sqlite3").stat().st_size,
                   run_fts5(conn, mix))
            conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
