"""Whether two signatures are one story: the checks a band candidate must pass.

Shared wording is not enough: two «заседание правления» reports of one association share
the opening, the agenda lines and the closing, and a notice with the site's long contact
footer shares the footer. What a repost keeps and a template report does not is the facts:
every number of the shorter text (dates, sums, counts) is in the other, and nearly all of
its sentences are. Thresholds measured on the dev pairs (python -m benchmarks.stories).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crawler.stories.signature import Signature

__all__ = ["MIN_CONTAINMENT", "MIN_SHINGLES", "Overlap", "numbers_apart", "overlap", "same_story"]

#: Bodies with fewer shingles (about a dozen words: a caption, «Подробнее по ссылке», a share
#: bar left by cleaning) are never joined: such texts repeat across unrelated pages.
MIN_SHINGLES = 12
#: The share of the shorter body's shingles found in the other. Dev pairs: reposts 0.76–1.0
#: (a district's short version 0.80, the real crawl with a doubled lead 0.76), same-template
#: different news that pass the number check at most 0.75 (notices with one contact footer).
MIN_CONTAINMENT = 0.76


@dataclass(frozen=True)
class Overlap:
    """How much two bodies share."""

    jaccard: float
    containment: float  # of the shorter body in the longer
    numbers_apart: int  # numbers of each text missing from the other, the smaller count


def _common(a: np.ndarray, b: np.ndarray) -> int:
    """Values in both sorted distinct arrays (searchsorted: a third of intersect1d's cost)."""
    if not a.size or not b.size:
        return 0
    at = np.searchsorted(b, a).clip(max=b.size - 1)
    return int(np.count_nonzero(b[at] == a))


def numbers_apart(a: Signature, b: Signature) -> int:
    """Numbers of each text missing from the other, the smaller count."""
    return min(a.numbers.size, b.numbers.size) - _common(a.numbers, b.numbers)


def overlap(a: Signature, b: Signature) -> Overlap:
    """Exact overlap of the shingle and number sets."""
    common = _common(a.shingles, b.shingles)
    shorter = min(a.shingles.size, b.shingles.size)
    union = a.shingles.size + b.shingles.size - common
    return Overlap(common / union if union else 0.0, common / shorter if shorter else 0.0, numbers_apart(a, b))


def same_story(a: Signature, b: Signature, *, min_containment: float = MIN_CONTAINMENT,
               check_numbers: bool = True) -> Overlap | None:
    """The overlap when the two bodies are one story, else None (the keywords: for the sweep)."""
    if min(a.shingles.size, b.shingles.size) < MIN_SHINGLES:
        return None
    # A repost may drop a paragraph and its numbers, so only the side with fewer unshared
    # numbers counts; every dev pair of one story has 0, different news of one template >= 1.
    # Checked first: it is the cheap test that most template candidates fail.
    if check_numbers and numbers_apart(a, b) > 0:
        return None
    found = overlap(a, b)
    return found if found.containment >= min_containment else None
