"""munews on other projects' test suites: publication dates on htmldate's evaluation sets.

    python -m benchmarks.peers --fetch-from /work/.mirror/adbar+htmldate/repo   # fill the cache once
    python -m benchmarks.peers                         # both sets, munews and htmldate
    python -m benchmarks.peers --set mediacloud -v     # one set; the pages munews gets wrong

Nothing of htmldate's is committed here: its sets are read from a cache folder (default
``~/.cache/munews-peers/htmldate``, ``--cache DIR``). ``--fetch-from GITDIR`` fills it from a
clone, a checkout or a bare snapshot of https://github.com/adbar/htmldate; by hand::

    mkdir -p ~/.cache/munews-peers/htmldate && git --git-dir GITDIR archive HEAD tests/eval \\
      tests/test_set tests/cache tests/eval_default.json tests/eval_mediacloud_2020.json \\
      | tar -x --strip-components=1 -C ~/.cache/munews-peers/htmldate

Sets: ``default`` (eval_default.json, 800 pages, most German/English) and ``mediacloud``
(eval_mediacloud_2020.json, 200 pages of the 2020 news of many languages). A page's file
is looked for in ``test_set/``, ``cache/`` and ``eval/``, in that order, and read as htmldate's
``tests/evaluation.py`` reads it (UTF-8, else the detected encoding). Five mediacloud pages have
no gold date (NaN): on them no date is right and any date wrong.

Per tool: pages, accuracy (same day as the gold date), wrong (a date, not that day), no date,
future (a date after today: the fetch time of relative and year-less dates is "now", since
when the pages were saved is unknown), invented days (the gold date's year and month with
day 01 on another day: a day made up from a month-precision source such as ``/2016/12/``)
and median ms/page. Both tools get the page's URL. Rows:

- ``munews``: the date stage of the crawl (``page_date`` after title choice, as
  ``core.extract_from_tree`` runs it), so a page the cleaner rejects still counts its date;
- ``munews-article``: ``core.extract_article`` whole; ``ExtractionFailed`` counts as no date;
- ``htmldate-ext`` / ``htmldate-fast``: ``find_date(html, url=url, original_date=True,
  extensive_search=True/False)`` (htmldate's own evaluation passes no URL).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from datetime import timezone as dt_timezone
from pathlib import Path

DEFAULT_CACHE = Path.home() / ".cache" / "munews-peers" / "htmldate"
SETS = {"default": "eval_default.json", "mediacloud": "eval_mediacloud_2020.json"}
_PAGE_DIRS = ("test_set", "cache", "eval")
_FETCH_PATHS = ("tests/eval", "tests/test_set", "tests/cache", *(f"tests/{name}" for name in SETS.values()))


@dataclass
class Page:
    set: str
    url: str
    file: str
    #: None where the set has no date (NaN in its JSON): then "no date" is the right answer
    gold: str | None
    html: str | bytes


@dataclass
class Tally:
    """One tool's results over a set of pages."""

    pages: int = 0
    correct: int = 0
    wrong: int = 0
    none: int = 0
    future: int = 0
    invented: int = 0
    #: pages on which the tool raised an exception (counted as no date)
    crashes: int = 0
    ms: list[float] = field(default_factory=list)
    #: (page, date found, how) of the pages it got wrong or found no date for
    misses: list[tuple[Page, str | None, str]] = field(default_factory=list)

    def add(self, page: Page, found: str | None, how: str, ms: float, today: str) -> None:
        self.pages += 1
        self.ms.append(ms)
        if found == page.gold:
            self.correct += 1
            return
        self.misses.append((page, found, how))
        if found is None:
            self.none += 1
            self.crashes += how.startswith("crash:")
            return
        self.wrong += 1
        self.future += found > today
        self.invented += page.gold is not None and found[:7] == page.gold[:7] and found[8:] == "01"

    def row(self, name: str) -> str:
        share = (lambda n: n / self.pages) if self.pages else (lambda n: 0.0)
        median = statistics.median(self.ms) if self.ms else 0.0
        return (f"{name:<16}{self.pages:>6}{share(self.correct):>10.3f}{share(self.wrong):>8.1%}"
                f"{self.none:>9}{self.future:>8}{self.invented:>10}{median:>9.1f}"
                + (f"  ({self.crashes} crashed)" if self.crashes else ""))


HEADER = f"{'tool':<16}{'pages':>6}{'accuracy':>10}{'wrong':>8}{'no date':>9}{'future':>8}{'invented':>10}{'ms/page':>9}"


def fetch(source: Path, cache: Path) -> int:
    """Copy htmldate's evaluation sets from a git clone, checkout or bare snapshot into `cache`."""
    git = ["git", "-C", str(source)] if (source / ".git").exists() else ["git", "--git-dir", str(source)]
    run = subprocess.run([*git, "archive", "--format=tar", "HEAD", *_FETCH_PATHS], capture_output=True, check=False)
    if run.returncode != 0:
        print(f"cannot read htmldate's tests from {source}: {run.stderr.decode(errors='replace').strip()}",
              file=sys.stderr)
        return 1
    cache.mkdir(parents=True, exist_ok=True)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            target = cache / Path(member.name).relative_to("tests")
            target.parent.mkdir(parents=True, exist_ok=True)
            extracted = archive.extractfile(member)
            if extracted is not None:
                target.write_bytes(extracted.read())
                count += 1
    print(f"{count} files written to {cache}")
    return 0


def read_page(path: Path) -> str | bytes:
    """The page as htmldate's evaluation reads it: UTF-8, else the detected encoding, else bytes."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import detect

        encoding = detect(raw)["encoding"]
        if encoding:
            try:
                return raw.decode(str(encoding))
            except (UnicodeDecodeError, LookupError):
                pass
        return raw


def load_set(cache: Path, name: str) -> list[Page]:
    truth = json.loads((cache / SETS[name]).read_text("utf-8"))
    pages = []
    for url, item in truth.items():
        path = next((cache / d / item["file"] for d in _PAGE_DIRS if (cache / d / item["file"]).is_file()), None)
        if path is None:
            print(f"missing page {item['file']} of {name}", file=sys.stderr)
            continue
        gold = item["date"] if isinstance(item["date"], str) else None
        pages.append(Page(name, url, item["file"], gold, read_page(path)))
    return pages


def munews_date(page: Page, now: datetime) -> tuple[str | None, str]:
    """The crawl's date stage alone: title choice, then `page_date` on the untouched tree."""
    from crawler.cleaning.meta import site_names
    from crawler.cleaning.pagedate import page_date
    from crawler.cleaning.prune import main_anchor
    from crawler.cleaning.scan import scan_page
    from crawler.cleaning.title import choose_title
    from crawler.cleaning.tree import parse_html
    from crawler.items import ExtractionFailed

    try:
        tree = parse_html(page.html)
    except ExtractionFailed as exc:
        return None, exc.reason
    scan = scan_page(tree)
    _, title_node = choose_title(scan, None, site_names(scan), main_anchor(tree))
    found, source = page_date(tree, page.url, title_node=title_node, listing_date=None,
                              fetched_at=now, tz="UTC", page=scan)
    return (found.date().isoformat() if found else None), source or "-"


def munews_article(page: Page, now: datetime) -> tuple[str | None, str]:
    from crawler.cleaning.core import extract_article
    from crawler.items import ExtractionFailed

    html = page.html if isinstance(page.html, str) else page.html.decode("utf-8", errors="replace")
    try:
        article = extract_article(html, page.url, fetched_at=now, timezone="UTC")
    except ExtractionFailed as exc:
        return None, f"failed:{exc.reason}"
    except Exception as exc:  # noqa: BLE001 - a crash is what this row must show, not hide
        return None, f"crash:{type(exc).__name__}"
    return (article.published_at[:10] if article.published_at else None), article.date_source or "-"


def _htmldate(extensive: bool) -> Callable[[Page, datetime], tuple[str | None, str]]:
    def run(page: Page, now: datetime) -> tuple[str | None, str]:
        from htmldate import find_date

        found = find_date(page.html, url=page.url, original_date=True, extensive_search=extensive)
        return (found if isinstance(found, str) else None), "-"
    return run


TOOLS: dict[str, Callable[[Page, datetime], tuple[str | None, str]]] = {
    "munews": munews_date, "munews-article": munews_article,
    "htmldate-ext": _htmldate(True), "htmldate-fast": _htmldate(False),
}


def evaluate(pages: list[Page], tools: list[str], now: datetime) -> dict[str, Tally]:
    today = now.date().isoformat()
    tallies = {name: Tally() for name in tools}
    for name in tools:
        tool = TOOLS[name]
        tool(pages[0], now)  # imports and lazy set-up outside the timings
        for page in pages:
            start = time.perf_counter()
            found, how = tool(page, now)
            tallies[name].add(page, found, how, (time.perf_counter() - start) * 1000, today)
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="htmldate's sets (default %(default)s)")
    parser.add_argument("--fetch-from", type=Path, metavar="GITDIR",
                        help="fill the cache from a clone or bare snapshot of adbar/htmldate, then run")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="run this set only (repeatable)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, of: " + ", ".join(TOOLS))
    parser.add_argument("-v", "--verbose", action="store_true", help="list the pages munews gets wrong")
    parser.add_argument("--examples", type=int, default=30, help="how many pages -v lists (default %(default)s)")
    args = parser.parse_args(argv)
    if args.fetch_from is not None and fetch(args.fetch_from, args.cache) != 0:
        return 1
    names = args.set or sorted(SETS)
    if not all((args.cache / SETS[name]).is_file() for name in names):
        print(f"htmldate's evaluation sets are not in {args.cache}: fill the cache with "
              "`python -m benchmarks.peers --fetch-from GITDIR` (a clone of adbar/htmldate); "
              "see this module's docstring", file=sys.stderr)
        return 2
    tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown or not tools:
        parser.error(f"unknown tools: {', '.join(unknown)}")
    now = datetime.now(dt_timezone.utc)
    pages = {name: load_set(args.cache, name) for name in names}
    results = {name: evaluate(pages[name], tools, now) for name in names}
    _report(results, tools, now)
    if args.verbose and "munews" in tools:
        _misses(results, args.examples)
    return 0


def _report(results: dict[str, dict[str, Tally]], tools: list[str], now: datetime) -> None:
    print(f"Dates on htmldate's evaluation sets (reference time {now:%Y-%m-%d %H:%M} UTC)")
    for set_name, tallies in results.items():
        print(f"\n{set_name}\n{HEADER}")
        for tool in tools:
            print(tallies[tool].row(tool))
    if len(results) > 1:
        print(f"\nall sets\n{HEADER}")
        for tool in tools:
            total = Tally()
            for tallies in results.values():
                part = tallies[tool]
                for name in ("pages", "correct", "wrong", "none", "future", "invented", "crashes"):
                    setattr(total, name, getattr(total, name) + getattr(part, name))
                total.ms += part.ms
            print(total.row(tool))


def _misses(results: dict[str, dict[str, Tally]], limit: int) -> None:
    misses = [m for tallies in results.values() for m in tallies["munews"].misses]
    wrong = [m for m in misses if m[1] is not None]
    print(f"\nmunews: {len(wrong)} wrong, {len(misses) - len(wrong)} without a date; first {limit} of each")
    for kind, items in (("wrong", wrong), ("no date", [m for m in misses if m[1] is None])):
        for page, found, how in items[:limit]:
            print(f"  {kind:<8} {page.set:<10} gold {page.gold} got {found or '-':<10} {how:<16} "
                  f"{page.file}  {page.url}")


if __name__ == "__main__":
    sys.exit(main())
