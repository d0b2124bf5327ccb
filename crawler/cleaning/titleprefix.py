"""A title printed again at the start of a body block («27.02.2023 Title Story…»): find and strip it."""

from __future__ import annotations

import logging

from crawler.cleaning import rules
from crawler.cleaning.dates import parse_fast

logger = logging.getLogger(__name__)


def title_words(title: str) -> tuple[str, ...] | None:
    """The title's words, or None for a title too short to be recognised inside a block."""
    words = tuple(title.split())
    if len(" ".join(words)) < rules.TITLE_PREFIX_MIN_CHARS:
        return None
    return words


def find_title(block: str, words: tuple[str, ...]) -> tuple[int, int] | None:
    """(start, end) of the title's words in `block`, any whitespace run between them.

    The leftmost occurrence, and only one starting within TITLE_PREFIX_MAX_OFFSET; the end
    takes a closing «.»/«!» and the spaces after it. (A hand-written scan: compiling a regular
    expression per page cost more than the rest of the filtering.)
    """
    first, size = words[0], len(block)
    start = block.find(first, 0, rules.TITLE_PREFIX_MAX_OFFSET + len(first))
    while start != -1:
        end = start + len(first)
        for word in words[1:]:
            gap = end
            while gap < size and block[gap].isspace():
                gap += 1
            if gap == end or not block.startswith(word, gap):
                break
            end = gap + len(word)
        else:
            if end < size and block[end] in ".!":
                end += 1
            while end < size and block[end].isspace():
                end += 1
            return start, end
        start = block.find(first, start + 1, rules.TITLE_PREFIX_MAX_OFFSET + len(first))
    return None


def strip_title_prefix(block: str, words: tuple[str, ...]) -> str:
    """The block without a leading «[date] Title», as bodies that lost their markup print it."""
    found = find_title(block, words)
    if found is None:
        return block
    before = block[: found[0]]
    if before.strip() and parse_fast(before) is None:
        return block
    return block[found[1]:].strip()
