"""Relevance floor of the embedded search on the fixture corpus (queries judged by construction)."""

from __future__ import annotations

import json

from benchmarks.relevance import evaluate, load_queries, summary
from benchmarks.relevance_fixture import FIXTURE_DIR, write_fixture

#: Measured 1.000 / 0.850 (`python -m benchmarks.relevance`); the floor leaves room for ties
#: and small ranking changes, not for losing the lemmatiser (Snowball alone: 0.974 / 0.824).
MRR_FLOOR = 0.98
RECALL_AT_10_FLOOR = 0.83


def test_fixture_is_large_enough_and_reproducible(tmp_path):
    queries = load_queries()
    assert len(queries) >= 30 and all(q["relevant"] for q in queries)
    write_fixture(tmp_path)
    for name in ("articles.jsonl", "queries.json"):
        assert (tmp_path / name).read_text("utf-8") == (FIXTURE_DIR / name).read_text("utf-8")
    with (FIXTURE_DIR / "articles.jsonl").open(encoding="utf-8") as lines:
        assert sum(1 for _ in lines) >= 200
    assert {q["topic"] for q in queries} >= {json.loads(line)["topic"]
                                            for line in (FIXTURE_DIR / "articles.jsonl").open()}


def test_mrr_and_recall_at_10_stay_above_the_floor(tmp_path):
    scores = evaluate(tmp_path)
    mrr, recall = summary(scores)
    assert mrr >= MRR_FLOOR, [(s.query, s.reciprocal_rank) for s in scores if s.reciprocal_rank < 1]
    assert recall >= RECALL_AT_10_FLOOR
