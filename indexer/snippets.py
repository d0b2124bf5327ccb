"""Highlighted snippets built in Python, so every backend marks the same words the same way.

The body is searched for words whose analysed term matches the query (exact terms, or terms
beginning with a prefix), the window holding the most distinct matches is cut at word
boundaries, every piece of crawled text is HTML-escaped, and only the matched words (in their
original forms, as written on the site) are wrapped in ``<mark>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape

from indexer.analysis import normalize_word, term_of

#: Characters of body text in a snippet: about two lines of a result list.
SNIPPET_CHARS = 240
#: Context kept before the first match, so the snippet does not start on the marked word.
LEAD_CHARS = 60
#: Body characters searched for matches: a long report's first pages. Scanning further costs
#: time on every hit of every page and rarely finds a better window than its beginning.
MAX_SCAN_CHARS = 50_000
#: Distinct words remembered per highlighter: enough for a page of hits, bounded for a server.
_SEEN_LIMIT = 20_000
# Private-use placeholders for the marks while the window is folded and escaped in one pass.
_OPEN, _CLOSE = "\ue000", "\ue001"
_WORD_AT = re.compile(r"[^\W_]+(?:[\u0300\u0301\u00ad]+[^\W_]*)*")


class Highlighter:
    """The compiled matcher of one query's terms; reused for every hit of the page."""

    def __init__(self, exact: frozenset[str], prefixes: tuple[str, ...],
                 hints: tuple[str, ...]) -> None:
        self.exact = exact
        self.prefixes = tuple(p for p in prefixes if p)
        # Pre-filter: only words sharing their first letters with a term (or with a word the
        # user typed, `hints`) are analysed. A term is not always a prefix of its word
        # («свалок» → «свалк»), but the first three letters almost always agree; this keeps
        # snippets of long bodies cheap. Forms that differ earlier («лучшие» → «хорош») are
        # caught by the hints.
        starts = {s[:3] for s in (*exact, *self.prefixes)} | {normalize_word(h)[:3] for h in hints}
        starts.discard("")
        self._starts = starts
        self._words = _word_pattern(starts, 0) if (exact or self.prefixes) and starts else None
        self._words_any_case: re.Pattern[str] | None = None  # compiled when first needed (rare)
        self._seen: dict[str, str | None] = {}  # word as written -> its term when it matches

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, term) of each word of `text` whose term is exact or has a prefix."""
        if self._words is None:
            return []
        seen = self._seen
        if len(seen) > _SEEN_LIMIT:
            seen.clear()
        # Case-insensitive matching would disable the regex engine's first-letter scan and
        # triple the cost: match on a folded copy, and read the words from the original (the
        # offsets agree unless lower() changed the length, as for «İ»; then match any case).
        folded = text[:MAX_SCAN_CHARS].lower().replace("ё", "е")
        pattern, scanned = self._words, folded
        if len(folded) != min(len(text), MAX_SCAN_CHARS):
            if self._words_any_case is None:
                self._words_any_case = _word_pattern(self._starts, re.IGNORECASE)
            pattern, scanned = self._words_any_case, text
        found: list[tuple[int, int, str]] = []
        for word in pattern.finditer(scanned, 0, MAX_SCAN_CHARS):
            written = text[word.start():word.end()]
            if written in seen:
                term = seen[written]
            else:
                term = term_of(written)
                if not (term in self.exact or (self.prefixes and term.startswith(self.prefixes))):
                    term = None
                seen[written] = term
            if term is not None:
                found.append((word.start(), word.end(), term))
        return found

    @property
    def active(self) -> bool:
        """False when the query has no words to mark (no word can match)."""
        return self._words is not None

    def snippet(self, text: str, max_chars: int = SNIPPET_CHARS) -> str:
        """HTML snippet of `text` around the best cluster of matches; all crawled text escaped."""
        return self.cut(text, self.find(text), max_chars)

    def mark(self, text: str) -> str:
        """The whole of `text` escaped, every match in ``<mark>`` (a hit's title)."""
        return _cut(text, 0, len(text), self.find(text)) if text else ""

    def cut(self, text: str, matches: list[tuple[int, int, str]],
            max_chars: int = SNIPPET_CHARS) -> str:
        """The snippet of `text` around the best cluster of `matches` (from :meth:`find`)."""
        if not matches:
            return _cut(text, 0, max_chars, [])
        start = _best_window(matches, max_chars)
        return _cut(text, max(0, start - LEAD_CHARS), max_chars, matches)


def _word_pattern(starts: set[str], flags: int) -> re.Pattern[str]:
    """Whole words beginning with one of `starts`; «е» also matches «ё» as analysis folds it."""
    alternatives = "|".join(map(re.escape, sorted(starts)))
    if flags & re.IGNORECASE:  # matched on the original text, where «ё» is not folded yet
        alternatives = alternatives.replace("е", "[её]")
    # The lookahead comes first so that the engine can skip to candidate first letters.
    return re.compile(r"(?=" + alternatives + r")(?<![^\W_])" + _WORD_AT.pattern, flags)


@lru_cache(maxsize=256)
def highlighter(exact: frozenset[str], prefixes: tuple[str, ...],
                hints: tuple[str, ...]) -> Highlighter:
    """The shared highlighter of a query (bounded LRU: popular queries skip compiling)."""
    return Highlighter(exact, prefixes, hints)


def find_matches(text: str, exact: frozenset[str], prefixes: Iterable[str],
                 hints: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of `text` whose term is in `exact` or has a prefix."""
    return highlighter(frozenset(exact), tuple(prefixes), tuple(hints)).find(text)


def make_snippet(text: str, exact: frozenset[str], prefixes: Iterable[str] = (),
                 max_chars: int = SNIPPET_CHARS, hints: Iterable[str] = ()) -> str:
    """HTML snippet of `text` around the best cluster of matches; all crawled text escaped.

    `hints` are the words as the user typed them (:meth:`ParsedQuery.highlight_hints`).
    """
    return highlighter(frozenset(exact), tuple(prefixes), tuple(hints)).snippet(text, max_chars)


def _best_window(matches: list[tuple[int, int, str]], max_chars: int) -> int:
    """Start offset of the window that holds the most distinct matched terms (earliest wins)."""
    best_start, best_score = matches[0][0], 0
    counts: dict[str, int] = {}  # term -> matches of it in the window [left, right]
    right = -1
    for left, (start, _, term) in enumerate(matches):
        if right < left:
            right, counts = left, {term: 1}
        while right + 1 < len(matches) and matches[right + 1][1] - start <= max_chars - LEAD_CHARS:
            right += 1
            counts[matches[right][2]] = counts.get(matches[right][2], 0) + 1
        if len(counts) > best_score:
            best_start, best_score = start, len(counts)
        counts[term] -= 1
        if not counts[term]:
            del counts[term]
    return best_start


def _plain(piece: str) -> str:
    # Paragraph breaks and runs of spaces become one space: a snippet is one line of text.
    # split()/join is the same as re.sub(r"\s+", " ") (both use Unicode whitespace) at a
    # fraction of the cost; the ends keep one space where the piece had whitespace.
    inner = " ".join(piece.split())
    if not inner:
        return " " if piece else ""
    lead = " " if piece[0].isspace() else ""
    tail = " " if piece[-1].isspace() else ""
    return escape(lead + inner + tail)


def _cut(text: str, start: int, max_chars: int, matches: list[tuple[int, int, str]]) -> str:
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + max_chars)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + max_chars // 2 else end
    pieces: list[str] = []
    position = start
    for match_start, match_end, _ in matches:
        if match_start < start or match_end > end:
            continue
        pieces += (text[position:match_start], _OPEN, text[match_start:match_end], _CLOSE)
        position = match_end
    pieces.append(text[position:end])
    window = "".join(pieces)
    if window.count(_OPEN) == len(pieces) // 4 and window.count(_CLOSE) == len(pieces) // 4:
        # One pass of whitespace folding and escaping over the whole window (the placeholders
        # are neither whitespace nor escaped, and a matched word holds no whitespace), unless
        # the crawled text itself contains a placeholder character.
        marked = _plain(window).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    else:  # by position: pieces are (text, open, word, close) * n + (text,)
        tags = ("", "<mark>", "", "</mark>")
        marked = "".join(tags[i % 4] or _plain(piece) for i, piece in enumerate(pieces))
    return (("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")).strip()
