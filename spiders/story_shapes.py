"""The URL shapes of a source's stories, learned from its listings, to find stories elsewhere.

An article page links other stories of its site («Другие новости», previous / next, «Читайте
также»); those links are how stories that fell off a capped or «Показать ещё»-only listing
are still found. But an article page also links menus, tags and documents, so a link on it
counts only when its URL has the shape of the stories the listings named: same host, same
depth, same kind of last segment (a number, a slug, a number and a slug, an extension), and
the same literal path segments where the listing's own story URLs agree (``/news/…``), with
any value where they differ (uCoz's ``/news/<slug>/2025-11-14-123``, Drupal's
``/news/2025/11/<slug>``). Two listing stories of one shape are needed before it is trusted.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

__all__ = ["StoryShapes"]

#: Stories of one shape needed before the shape is used to accept other links.
MIN_EXAMPLES = 2
#: Examples kept per shape: enough to tell literal segments from variable ones.
_MAX_EXAMPLES = 32
_ID_PARAM = re.compile(r"^(id|element_id|news_id|newsid|nid|article|article_id|item|item_id|itemid|p|"
                       r"post|post_id|code|element_code|doc|material|mid|n|record)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.(s?html?|php\d?|aspx?|jsp)$", re.IGNORECASE)

Key = tuple[str, int, str, tuple[str, ...], bool]


def _last_kind(segment: str) -> str:
    """«id», «slug», «id+slug» (and an extension) for a URL's last path segment."""
    extension = ""
    match = _EXTENSION.search(segment)
    if match:
        extension, segment = match.group(0).lower(), segment[: match.start()]
    digits = bool(re.search(r"\d{2,}", segment))
    letters = bool(re.search(r"[^\W\d_]", segment))
    return ("id" if digits else "") + ("+" if digits and letters else "") + ("slug" if letters else "") + extension


def _split(url: str) -> tuple[Key, tuple[str, ...]] | None:
    parts = urlsplit(url)
    segments = tuple(s for s in parts.path.split("/") if s)
    if not segments:
        return None
    id_keys = tuple(sorted(k.lower() for k, v in parse_qsl(parts.query) if _ID_PARAM.match(k) and v))
    key = (parts.netloc.lower(), len(segments), _last_kind(segments[-1]), id_keys, parts.path.endswith("/"))
    return key, segments[:-1]


class StoryShapes:
    """Story URL shapes of one source, learned from URLs its listings call stories."""

    def __init__(self) -> None:
        self._examples: dict[Key, list[tuple[str, ...]]] = {}
        self._urls: dict[Key, set[str]] = {}  # up to MIN_EXAMPLES distinct story URLs per shape
        self._patterns: dict[Key, tuple[str | None, ...] | None] = {}

    def learn(self, url: str) -> None:
        split = _split(url)
        if split is None:
            return
        key, directories = split
        urls = self._urls.setdefault(key, set())
        if len(urls) < MIN_EXAMPLES and url not in urls:
            urls.add(url)
            self._patterns.pop(key, None)
        examples = self._examples.setdefault(key, [])
        if directories not in examples and len(examples) < _MAX_EXAMPLES:
            examples.append(directories)
            self._patterns.pop(key, None)

    def matches(self, url: str) -> bool:
        """True when `url` has the shape of at least ``MIN_EXAMPLES`` listing stories."""
        split = _split(url)
        if split is None:
            return False
        key, directories = split
        pattern = self._pattern(key)
        return pattern is not None and all(
            literal is None or literal == segment for literal, segment in zip(pattern, directories))

    def _pattern(self, key: Key) -> tuple[str | None, ...] | None:
        if key not in self._patterns:
            examples = self._examples.get(key, [])
            if len(self._urls.get(key, ())) < MIN_EXAMPLES:
                self._patterns[key] = None
            else:
                # A directory all examples share is literal (None: any value goes there).
                self._patterns[key] = tuple(values.pop() if len(values := set(column)) == 1 else None
                                            for column in zip(*examples))
        return self._patterns[key]

    def __bool__(self) -> bool:
        return bool(self._examples)
