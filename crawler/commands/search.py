"""`munews search`: query the index from the terminal (a readable list, or JSON)."""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, TextIO

from crawler.commands import CommandError
from indexer.documents import SORTS
from indexer.russian import plural

if TYPE_CHECKING:
    from indexer.base import SearchBackend
    from indexer.config import Config
    from indexer.documents import SearchPage, SearchQuery

_MARK = re.compile(r"<mark>(.*?)</mark>")
_TAG = re.compile(r"<[^>]+>")
# Crawled text is untrusted: terminal control characters (ANSI escapes) must not reach a tty.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="*", help='words, "phrases", -exclusions or NOT, OR, (groups), '
                        'title:word, prefix*; abbreviations such as ЖКХ also find their full form')
    parser.add_argument("--region", action="append", default=[], help="only this region (repeatable)")
    parser.add_argument("--source", action="append", default=[], help="only this source id (repeatable)")
    parser.add_argument("--since", help="published on or after this day (YYYY-MM-DD or DD.MM.YYYY)")
    parser.add_argument("--until", help="published on or before this day (YYYY-MM-DD or DD.MM.YYYY)")
    parser.add_argument("--best-practice", action="store_true", help="only best-practice articles")
    parser.add_argument("--with-documents", action="store_true",
                        help="only articles with an attached document whose text was extracted")
    parser.add_argument("--municipality", action="append", default=[],
                        help="only articles about this municipality, named in the nominative as the "
                             "facet shows it (repeatable)")
    parser.add_argument("--topic", action="append", default=[],
                        help="only articles of this practice topic, e.g. 'Инициативное бюджетирование' (repeatable)")
    parser.add_argument("--all-publications", action="store_true",
                        help="list every publication of a story (by default a story republished by "
                             "several sites is one result)")
    parser.add_argument("--sort", choices=SORTS, default="relevance", help="order (default: relevance)")
    parser.add_argument("--limit", type=int, default=10, help="results per page (default: 10)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many results")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a list")


def parse_day(value: str | None, option: str) -> date | None:
    """A day given as YYYY-MM-DD or DD.MM.YYYY; ValueError names the option."""
    if value is None:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{option}: not a date: {value!r} (expected YYYY-MM-DD or DD.MM.YYYY)")


def run(args: argparse.Namespace, config: Config) -> int:
    from indexer.backends import open_backend
    from indexer.documents import SearchQuery  # noqa: F811 (the runtime import of the TYPE_CHECKING one)
    from indexer.errors import IndexerError, InvalidQuery

    try:
        since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
        if args.limit < 1 or args.offset < 0:
            raise ValueError("--limit must be at least 1 and --offset not negative")
    except ValueError as exc:
        raise CommandError(str(exc), exit_code=2) from None
    query = SearchQuery(
        text=" ".join(args.query), regions=tuple(args.region), sources=tuple(args.source),
        since=since, until=until, best_practice=True if args.best_practice else None,
        sort=args.sort, offset=args.offset, limit=args.limit,
        with_documents=True if args.with_documents else None,
        municipalities=tuple(args.municipality), topics=tuple(args.topic),
    )
    try:
        backend = open_backend(config, readonly=True)
        try:
            page = backend.search(query) if args.all_publications else _stories(config, backend, query)
            if page.total == 0:
                _hint_unindexed(config, backend)
        finally:
            backend.close()
    except IndexerError as exc:
        raise CommandError(str(exc), exit_code=2 if isinstance(exc, InvalidQuery) else 1) from None
    print_hints(page, sys.stderr)
    if args.json:
        print(json.dumps(page_to_json(page), ensure_ascii=False, indent=2))
    else:
        print_page(page, query.offset, sys.stdout)
    return 0


def print_hints(page: SearchPage, out: TextIO) -> None:
    """What the query language ignored, and «Возможно, вы имели в виду …», one line each."""
    for notice in page.notices:
        out.write(f"munews search: {notice}\n")
    if page.suggestion:
        out.write(f"munews search: Возможно, вы имели в виду: {_CONTROL.sub('', page.suggestion)}\n")


def _stories(config: Config, backend: SearchBackend, query: SearchQuery) -> SearchPage:
    """One result per story, its other publications counted in the store when there is one."""
    from indexer.collapse import search_stories
    from indexer.store import Store
    from indexer.story_queries import story_sizes

    if not config.store_path.exists():
        return search_stories(backend, query)
    with Store(config.store_path, readonly=True) as store:
        return search_stories(backend, query, lambda ids: story_sizes(store.connection, ids))


def _hint_unindexed(config: Config, backend: SearchBackend) -> None:
    """Say so when the store holds articles the index has not caught up with."""
    from indexer.store import Store
    from indexer.sync import pending_changes

    if not config.store_path.exists():
        print("munews search: nothing crawled yet: run `munews crawl` (or `munews demo`)",
              file=sys.stderr)
        return
    with Store(config.store_path, readonly=True) as store:
        pending = pending_changes(store, backend)
    if pending:
        print(f"munews search: {pending} stored changes are not indexed yet: run `munews reindex`",
              file=sys.stderr)


def page_to_json(page: SearchPage) -> dict[str, object]:
    """The JSON shape of `munews search --json` (snippets stay HTML, as the API sends them)."""
    return {"total": page.total, "stories": page.stories, "hits": [asdict(hit) for hit in page.hits],
            "facets": page.facets, "notices": list(page.notices), "suggestion": page.suggestion}



def terminal_text(snippet_html: str, *, ansi: bool) -> str:
    """A snippet for a terminal: marks as bold (tty) or **word**, entities decoded, no controls."""
    opening, closing = (_BOLD, _RESET) if ansi else ("**", "**")
    pieces = _MARK.split(snippet_html)  # even indexes: plain text, odd: marked words
    plain = [_CONTROL.sub("", html.unescape(_TAG.sub("", piece))) for piece in pieces]
    return "".join(opening + p + closing if i % 2 else p for i, p in enumerate(plain))


def print_page(page: SearchPage, offset: int, out: TextIO) -> None:
    """A readable result list with the facets underneath."""
    ansi = out.isatty()
    if not page.hits:
        out.write(f"No results (total {page.total}).\n")
        return
    for number, hit in enumerate(page.hits, start=offset + 1):
        day = (hit.published_at or "undated")[:10]
        where = " · ".join(x for x in (day, hit.region, hit.source_name or hit.source_id) if x)
        title = _CONTROL.sub("", hit.title)
        out.write(f"{number}. {_BOLD + title + _RESET if ansi else title}\n   {_CONTROL.sub('', where)}\n")
        if hit.story_others:
            out.write(f"   ещё {plural(hit.story_others, 'источник', 'источника', 'источников')}"
                      " с этой новостью\n")
        if hit.matched_document:
            out.write(f"   найдено в документе „{_CONTROL.sub('', hit.matched_document)}“\n")
        out.write(f"   {terminal_text(hit.snippet, ansi=ansi)}\n   {_CONTROL.sub('', hit.url)}\n\n")
    shown = f"{offset + 1}–{offset + len(page.hits)}"
    out.write(f"Results {shown} of {page.total}.\n")
    for name, counts in page.facets.items():
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:8]
        if top:
            out.write(f"  {name}: " + ", ".join(f"{_CONTROL.sub('', k)} ({v})" for k, v in top) + "\n")
