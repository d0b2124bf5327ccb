"""Highlighted snippets built in Python, so every backend marks the same words the same way.

The body is searched for words whose analysed term matches the query (exact terms, or terms
beginning with a prefix), the window holding the most distinct matches is cut at word
boundaries, every piece of crawled text is HTML-escaped, and only the matched words (in their
original forms, as written on the site) are wrapped in ``<mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from indexer.analysis import normalize_word, term_of

#: Characters of body text in a snippet: about two lines of a result list.
SNIPPET_CHARS = 240
#: Context kept before the first match, so the snippet does not start on the marked word.
LEAD_CHARS = 60
_SPACES = re.compile(r"\s+")
_WORD_AT = re.compile(r"[^\W_]+(?:[\u0300\u0301\u00ad]+[^\W_]*)*")


def find_matches(text: str, exact: frozenset[str], prefixes: Iterable[str],
                 hints: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` whose term is in `exact` or has a prefix."""
    prefixes = tuple(p for p in prefixes if p)
    if not exact and not prefixes:
        return []
    # Pre-filter: only words sharing their first letters with a term (or with a word the user
    # typed, `hints`) are analysed. A term is not always a prefix of its word («свалок» →
    # «свалк»), but the first three letters almost always agree; this keeps snippets of long
    # bodies cheap. Forms that differ earlier («лучшие» → «хорош») are caught by the hints.
    starts = {s[:3] for s in (*exact, *prefixes)} | {normalize_word(h)[:3] for h in hints}
    starts.discard("")
    candidates = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, starts)) + ")",
                            re.IGNORECASE)
    found: list[tuple[int, int, str]] = []
    end = -1
    for hit in candidates.finditer(text.replace("ё", "е").replace("Ё", "Е")):
        if hit.start() < end:
            continue
        word = _WORD_AT.match(text, hit.start())
        if word is None:
            continue
        end = word.end()
        term = term_of(word.group())
        if term in exact or (prefixes and term.startswith(prefixes)):
            found.append((word.start(), end, term))
    return found


def make_snippet(text: str, exact: frozenset[str], prefixes: Iterable[str] = (),
                 max_chars: int = SNIPPET_CHARS, hints: Iterable[str] = ()) -> str:
    """HTML snippet of `text` around the best cluster of matches; all crawled text escaped.

    `hints` are the words as the user typed them (:meth:`ParsedQuery.highlight_hints`).
    """
    matches = find_matches(text, exact, prefixes, hints)
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


def _plain(piece: str) -> str:
    # Paragraph breaks and runs of spaces become one space: a snippet is one line of text.
    return escape(_SPACES.sub(" ", piece))


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
        parts.append(_plain(text[position:match_start]))
        parts.append("<mark>" + escape(text[match_start:match_end]) + "</mark>")
        position = match_end
    parts.append(_plain(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts).strip()
