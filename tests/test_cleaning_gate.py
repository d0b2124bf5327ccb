"""Regression gate of the cleaning stage: scores on fixed subsets may not fall below floors.

Floors are the scores recorded when the gate was set, minus a small margin for harmless
changes (a different trafilatura patch release). Raise them when the cleaner improves; never
lower them to let a change through. Full figures: ``python -m benchmarks.extraction``.
"""

from __future__ import annotations

import statistics

import pytest

from benchmarks.extraction import (
    PUBLIC_DIR,
    Page,
    _munews,
    _munews_template,
    learned_templates,
    load_public,
    load_russian,
)
from benchmarks.scoring import score_page, summarize

#: Russian municipal corpus (in the repository), every page.
RU_FLOORS = {"f1": 0.98, "titles": 1.0, "dates": 1.0}  # recorded: 0.990, 1.0, 1.0
RU_TEMPLATE_FLOORS = {"f1": 0.98, "titles": 1.0, "dates": 1.0}  # recorded: 0.991, 1.0, 1.0
#: Public benchmark: the first PUBLIC_SUBSET pages by id (the full run takes minutes).
PUBLIC_SUBSET = 40
PUBLIC_FLOORS = {"f1": 0.97, "precision": 0.97, "accuracy": 0.5}  # recorded: 0.982, 0.980, 0.60


@pytest.fixture(scope="module")
def russian() -> list[Page]:
    return load_russian()


def _scores(pages, extractor):
    outputs = [extractor(p) for p in pages]
    summary = summarize([score_page(o.text, p.body) for p, o in zip(pages, outputs)])
    titles = statistics.fmean(o.title == p.title for p, o in zip(pages, outputs))
    dates = statistics.fmean(p.case.date_matches(o.published_at) for p, o in zip(pages, outputs))
    leaky = [p.id for p, o in zip(pages, outputs) if p.case.leaks(o.text)]
    return summary, titles, dates, leaky


def test_russian_corpus_page_level(russian):
    summary, titles, dates, leaky = _scores(russian, _munews)
    assert summary.f1 >= RU_FLOORS["f1"]
    assert titles >= RU_FLOORS["titles"] and dates >= RU_FLOORS["dates"]
    assert leaky == []


def test_russian_corpus_with_site_templates(russian):
    summary, titles, dates, leaky = _scores(russian, _munews_template(learned_templates(russian)))
    assert summary.f1 >= RU_TEMPLATE_FLOORS["f1"]
    assert titles >= RU_TEMPLATE_FLOORS["titles"] and dates >= RU_TEMPLATE_FLOORS["dates"]
    assert leaky == []


@pytest.mark.skipif(not (PUBLIC_DIR / "ground-truth.json").is_file(),
                    reason=f"public benchmark not present at {PUBLIC_DIR}")
def test_public_benchmark_subset():
    pages = load_public(PUBLIC_DIR)[:PUBLIC_SUBSET]
    summary = summarize([score_page(_munews(p).text, p.body) for p in pages])
    assert summary.f1 >= PUBLIC_FLOORS["f1"]
    assert summary.precision >= PUBLIC_FLOORS["precision"]
    assert summary.accuracy >= PUBLIC_FLOORS["accuracy"]
    assert summary.empty == 0
