"""Highlighted snippets built in Python, so every backend marks the same words the same way.

The body is searched for words whose analysed term matches the query (exact terms, or terms
beginning with a prefix), the window holding the most distinct matches is cut at word
boundaries, every piece of crawled text is HTML-escaped, and only the matched words (in their
original forms, as written on the site) are wrapped in ``<mark>``.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable

from indexer.analysis import analyze_with_offsets

#: Characters of body text in a snippet: about two lines of a result list.
SNIPPET_CHARS = 240
#: Context kept before the first match, so the snippet does not start on the marked word.
LEAD_CHARS = 60
_SPACES = re.compile(r"\s+")


def find_matches(text: str, exact: frozenset[str], prefixes: Iterable[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` whose term is in `exact` or has a prefix."""
    prefixes = tuple(p for p in prefixes if p)
    if not exact and not prefixes:
        return []
    # Every word is analysed: a term is not always a prefix of its word («свалок» → «свалк»,
    # «лучшие» → «хорош»), and the analysis cache makes this a dict lookup per word.
    return [(t.start, t.end, t.term) for t in analyze_with_offsets(text)
            if t.term in exact or (prefixes and t.term.startswith(prefixes))]


def make_snippet(text: str, exact: frozenset[str], prefixes: Iterable[str] = (),
                 max_chars: int = SNIPPET_CHARS) -> str:
    """HTML snippet of `text` around the best cluster of matches; all crawled text escaped."""
    text = _SPACES.sub(" ", text).strip()
    matches = find_matches(text, exact, prefixes)
    if not matches:
        return _cut(text, 0, max_chars, [])
    start = _best_window(matches, max_chars)
    return _cut(text, max(0, start - LEAD_CHARS), max_chars, matches)


def _best_window(matches: list[tuple[int, int, str]], max_chars: int) -> int:
    """Start offset of the window that holds the most distinct matched terms (earliest wins)."""
    best_start, best_score = matches[0][0], 0
    right = 0
    for left, (start, _, _) in enumerate(matches):
        right = max(right, left)
        while right + 1 < len(matches) and matches[right + 1][1] - start <= max_chars - LEAD_CHARS:
            right += 1
        score = len({term for _, _, term in matches[left:right + 1]})
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def _cut(text: str, start: int, max_chars: int, matches: list[tuple[int, int, str]]) -> str:
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + max_chars // 2 else end
    parts = ["…" if start > 0 else ""]
    position = start
    for match_start, match_end, _ in matches:
        if match_start < start or match_end > end:
            continue
        parts.append(escape(text[position:match_start]))
        parts.append("<mark>" + escape(text[match_start:match_end]) + "</mark>")
        position = match_end
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)
