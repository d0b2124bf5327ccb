"""Scoring of extracted article bodies, as the article-extraction-benchmark defines it.

Each text is tokenised into words, turned into the set of overlapping 4-word shingles, and the
extracted set is compared with the ground-truth set per page. Page scores are averaged over
pages; an empty output counts as recall 0 and is left out of the precision average.
"Accuracy" is the share of pages whose shingle set equals the ground truth's.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

#: The benchmark's shingle length.
SHINGLE = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    """Words of a text, lower-cased (punctuation and spacing never change a score)."""
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """The set of overlapping word n-grams; a text shorter than `size` is one shingle."""
    words = tokenize(text)
    if not words:
        return set()
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class PageScore:
    """Precision, recall and F1 of one page; `empty` when the extractor returned nothing."""

    precision: float
    recall: float
    f1: float
    exact: bool
    empty: bool


def score_page(extracted: str, truth: str) -> PageScore:
    """Shingle precision/recall/F1 of one extracted body against its ground truth."""
    got, want = shingles(extracted or ""), shingles(truth or "")
    if not got:
        return PageScore(0.0, 0.0, 0.0, exact=not want, empty=True)
    common = len(got & want)
    precision = common / len(got)
    recall = common / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PageScore(precision, recall, f1, exact=got == want, empty=False)


@dataclass
class Summary:
    """Page-averaged scores of one extractor over one dataset."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    empty: int
    pages: int
    timings_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings_ms) if self.timings_ms else 0.0

    @property
    def pages_per_second(self) -> float:
        total = sum(self.timings_ms)
        return 1000.0 * len(self.timings_ms) / total if total else 0.0


def summarize(scores: list[PageScore], timings_ms: list[float] | None = None) -> Summary:
    """Average page scores the benchmark's way (empty outputs leave the precision average)."""
    non_empty = [s for s in scores if not s.empty]
    pages = len(scores)
    return Summary(
        precision=statistics.fmean(s.precision for s in non_empty) if non_empty else 0.0,
        recall=statistics.fmean(s.recall for s in scores) if scores else 0.0,
        f1=statistics.fmean(s.f1 for s in scores) if scores else 0.0,
        accuracy=sum(s.exact for s in scores) / pages if pages else 0.0,
        empty=pages - len(non_empty),
        pages=pages,
        timings_ms=list(timings_ms or []),
    )
