"""Relevance of the embedded search on the fixture corpus: MRR and recall@10.

    python -m benchmarks.relevance [--per-query] [--analysis snowball]

Loads ``tests/data/relevance`` into a fresh store and tantivy index (temporary directory),
runs every query and scores the ranking against the relevant articles judged by
construction. recall@10 is |relevant ∩ top 10| / min(10, |relevant|), so a perfect first
page scores 1 even for topics with more than ten articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.relevance_fixture import FIXTURE_DIR
from indexer.documents import Article, SearchQuery
from indexer.embedded import EmbeddedBackend
from indexer.store import Store
from indexer.sync import sync_index


@dataclass
class QueryScore:
    query: str
    reciprocal_rank: float
    recall_at_10: float
    relevant: int
    found: int


def load_articles(directory: Path = FIXTURE_DIR) -> list[Article]:
    with (directory / "articles.jsonl").open(encoding="utf-8") as lines:
        return [Article.from_dict(json.loads(line)) for line in lines]


def load_queries(directory: Path = FIXTURE_DIR) -> list[dict[str, object]]:
    return json.loads((directory / "queries.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def score_query(backend: EmbeddedBackend, spec: dict[str, object]) -> QueryScore:
    """Rank one query and score it against its relevant set."""
    relevant = set(spec["relevant"])  # type: ignore[call-overload]
    page = backend.search(SearchQuery(text=str(spec["query"]), regions=tuple(spec["regions"]),  # type: ignore[arg-type]
                                      limit=10, facets=False))
    ranked = [hit.id for hit in page.hits]
    first = next((rank for rank, hit in enumerate(ranked, 1) if hit in relevant), None)
    top = len(relevant & set(ranked))
    return QueryScore(str(spec["query"]), 1.0 / first if first else 0.0,
                      top / min(10, len(relevant)) if relevant else 0.0, len(relevant), page.total)


def evaluate(work_dir: Path, directory: Path = FIXTURE_DIR) -> list[QueryScore]:
    """Index the fixture into `work_dir` and score every query."""
    with Store(work_dir / "store.sqlite3") as store:
        for article in load_articles(directory):
            store.upsert(article, commit=False)
        store.commit()
        backend = EmbeddedBackend(work_dir / "index")
        sync_index(store, backend)
        try:
            return [score_query(backend, spec) for spec in load_queries(directory)]
        finally:
            backend.close()


def summary(scores: list[QueryScore]) -> tuple[float, float]:
    """(MRR, mean recall@10)."""
    return (sum(s.reciprocal_rank for s in scores) / len(scores),
            sum(s.recall_at_10 for s in scores) / len(scores))


def use_snowball_only() -> None:
    """Swap the analysis for Snowball without lemmatisation: the alternative it was chosen over."""
    from indexer import analysis

    def stem(normalized: str) -> str:
        if analysis._CYRILLIC.search(normalized):
            return str(analysis._RU.stemWord(normalized))
        return str(analysis._EN.stemWord(normalized)) if analysis._LATIN.search(normalized) else normalized

    analysis._stem = stem
    analysis._TERMS.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print every query's scores")
    parser.add_argument("--analysis", choices=["munews", "snowball"], default="munews",
                        help="snowball: measure Snowball alone, without pymorphy3 lemmas")
    args = parser.parse_args(argv)
    if args.analysis == "snowball":
        use_snowball_only()
    with tempfile.TemporaryDirectory(prefix="munews-relevance-") as tmp:
        scores = evaluate(Path(tmp))
    if args.per_query:
        for s in scores:
            print(f"{s.reciprocal_rank:5.2f} {s.recall_at_10:5.2f} {s.found:4d}/{s.relevant:<3d} {s.query}")
    mrr, recall = summary(scores)
    print(f"queries={len(scores)} MRR={mrr:.3f} recall@10={recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
