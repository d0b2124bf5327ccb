"""Per-source health from the crawl history: is each source still yielding articles?

The usual failure of an unattended crawler is silent: a site is redesigned, the crawl still
"succeeds", and nothing new arrives. So the verdict reads the recent ``crawl_runs`` rows (pages
fetched, articles new/updated/unchanged, errors by kind) and the articles' dates, and says:

- ``never-crawled``: no finished run yet;
- ``broken``: article extraction collapsed (cleaning drops dominate), or the listing pages no
  longer show article links in several runs, or nothing new arrived for far longer than the
  source's publishing rhythm, or the site has been unreachable or abnormal for several runs;
- ``failing``: one such bad run, a source that never yielded an article, or a silence longer
  than the rhythm: worth a look, may recover by itself;
- ``ok``.

Runs that fetch a page or two and extract nothing are *normal*: incremental crawls stop at the
first listing page holding only known articles, and never re-fetch known articles until due.
So "no article in the last runs" alone proves nothing; a redesign shows as cleaning drops (the
new articles no longer extract), as listing pages without article links (error kind
``listing-no-articles``, counted by the spider), or, at the latest, as silence.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING, Any

from indexer.source_checks import latest_check
from indexer.store import source_article_stats

if TYPE_CHECKING:
    from indexer.sources import Source
    from indexer.store import Store

__all__ = ["EXTRACTION_ERROR_PREFIXES", "SourceHealth", "assess", "source_health"]

#: Error kinds (keys of crawl_runs.errors) that mean "an article page was fetched but the
#: cleaning stage could not extract an article from it".
EXTRACTION_ERROR_PREFIXES = ("cleaning/", "extraction/", "extract/", "drop/")

#: How many recent runs are read; enough to see "used to yield, now does not".
HISTORY_RUNS = 20

#: Error kinds saying a listing page showed no article link at all (not even known ones): the
#: listing template changed. Two runs in a row are a pattern, not a hiccup of the site.
EMPTY_LISTING_KINDS = ("listing-no-articles",)
EMPTY_LISTING_RUNS_BROKEN = 2

#: Share of fetched article pages the cleaning stage dropped above which extraction is failing:
#: a healthy source loses a few pages (galleries, document stubs), never most of them.
DROP_SHARE_BROKEN = 0.5

#: Too few drops to judge: a listing with two photo-only posts is not a redesign.
MIN_DROPS = 3

#: Consecutive runs reaching no page at all (or ending abnormally) after which the source counts
#: as broken, not flaky: a site down for a day at a 6-hour interval.
UNREACHABLE_RUNS_BROKEN = 3

#: A source is stale when nothing new was published for this many typical publishing gaps...
STALE_GAP_FACTOR = 5
#: ...and never before this many days (associations often publish only a few times a month).
STALE_MIN_DAYS = 30
#: A silence this many times longer than the stale limit is broken: a weekly publisher silent
#: for three months has lost its site or our crawl of it, whatever the runs say.
STALE_BROKEN_FACTOR = 3

#: A run still marked "running" after this long was killed without finishing (kill -9, power
#: loss): a real crawl is bounded by the page budget and `munews schedule --max-crawl-time`.
RUNNING_STALE_HOURS = 24

#: Run statuses of a normal end: Scrapy's "finished", the page budget reached, a clean stop.
_NORMAL_STATUSES = ("ok", "finished", "shutdown", "closespider_")


@dataclass
class SourceHealth:
    """What `munews sources status` shows for one source."""

    source_id: str
    name: str
    region: str
    status: str = "never-crawled"
    reason: str = ""
    running: bool = False
    last_attempt: str | None = None
    last_success: str | None = None
    pages_fetched: int = 0  # in the last finished run
    articles_new: int = 0  # in the last finished run
    articles_total: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # last finished run, by kind
    recent_errors: dict[str, int] = field(default_factory=dict)  # summed over recent runs
    last_new_article_at: str | None = None
    days_since_new_article: float | None = None
    runs: int = 0
    next_crawl_at: str | None = None  # from `munews schedule`'s saved state
    # The last `munews sources check`: ok, moved, no-articles, unreachable, blocked.
    last_check: str | None = None
    last_check_at: str | None = None
    last_check_detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _extracted(run: dict[str, Any]) -> int:
    return int(run["articles_new"]) + int(run["articles_updated"]) + int(run["articles_unchanged"])


def _drops(run: dict[str, Any]) -> int:
    return sum(count for kind, count in run["errors"].items()
               if kind.startswith(EXTRACTION_ERROR_PREFIXES))


def _unreachable(run: dict[str, Any]) -> bool:
    return int(run["pages_fetched"]) == 0


def _failed(run: dict[str, Any]) -> bool:
    return not str(run["status"]).lower().startswith(_NORMAL_STATUSES) or _unreachable(run)


def _empty_listing(run: dict[str, Any]) -> bool:
    return any(run["errors"].get(kind) for kind in EMPTY_LISTING_KINDS)


def _summarise(errors: dict[str, int], limit: int = 3) -> str:
    top = sorted(errors.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return ", ".join(f"{kind}: {count}" for kind, count in top)


def _leading(runs: list[dict[str, Any]], predicate: Any) -> int:
    """How many of the newest runs in a row satisfy `predicate`."""
    count = 0
    for run in runs:
        if not predicate(run):
            break
        count += 1
    return count


def _extraction_verdict(last: dict[str, Any]) -> tuple[str, str] | None:
    drops, extracted = _drops(last), _extracted(last)
    if drops >= MIN_DROPS and drops / (drops + extracted) > DROP_SHARE_BROKEN:
        return "broken", (f"extraction fails: the cleaning stage dropped {drops} of "
                          f"{drops + extracted} article pages ({_summarise(last['errors'])})")
    return None


def _listing_verdict(finished: list[dict[str, Any]]) -> tuple[str, str] | None:
    empty = _leading(finished, _empty_listing)
    if empty == 0:
        return None
    what = f"listing pages showed no article link in the last {empty} run(s)"
    if empty >= EMPTY_LISTING_RUNS_BROKEN:
        return "broken", f"{what} (site redesigned?)"
    return "failing", what


def _reachability_verdict(finished: list[dict[str, Any]]) -> tuple[str, str] | None:
    down = _leading(finished, _failed)
    if down == 0:
        return None
    last = finished[0]
    if _unreachable(last):
        what = f"reached no page ({_summarise(last['errors']) or 'no page fetched'})"
    else:
        what = f"ended with status {last['status']!r} ({last.get('message') or 'no message'})"
    if down >= UNREACHABLE_RUNS_BROKEN:
        return "broken", f"the last {down} runs failed; the last one {what}"
    return "failing", f"the last run {what}"


def _silence_verdict(stale_days: float | None, gap: float | None) -> tuple[str, str] | None:
    if stale_days is None:
        return None
    limit = max(STALE_MIN_DAYS, STALE_GAP_FACTOR * (gap or 0))
    if stale_days <= limit:
        return None
    what = f"no new article for {stale_days:.0f} days (usual gap {gap or 0:.0f} days)"
    return ("broken" if stale_days > STALE_BROKEN_FACTOR * limit else "failing"), what


def assess(runs: list[dict[str, Any]], *, articles_total: int | None = None,
           stale_days: float | None = None,
           typical_gap_days: float | None = None) -> tuple[str, str]:
    """(status, reason) from a source's runs (newest first), its articles and their rhythm."""
    finished = [run for run in runs if run.get("finished_at")]
    if not finished:
        return "never-crawled", "no finished crawl yet"
    verdicts = (_extraction_verdict(finished[0]), _listing_verdict(finished),
                _reachability_verdict(finished), _silence_verdict(stale_days, typical_gap_days))
    worst = [v for v in verdicts if v is not None]
    if worst:
        return next((v for v in worst if v[0] == "broken"), worst[0])
    if articles_total == 0 or (articles_total is None and not any(map(_extracted, finished))):
        return "failing", f"no article extracted in {len(finished)} run(s) (wrong start URL?)"
    return "ok", ""


def _article_stats(connection: sqlite3.Connection, source_id: str) -> tuple[int, str | None, float | None]:
    """(live articles, newest first_seen_at, median days between recent publications)."""
    total, newest, dates = source_article_stats(connection, source_id)
    return total, newest, _median_gap_days(dates)


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _median_gap_days(dates: list[str]) -> float | None:
    try:
        moments = sorted((_parse(value) for value in dates), reverse=True)
    except ValueError:
        return None
    gaps = [(a - b).total_seconds() / 86400 for a, b in pairwise(moments)]
    return median(gaps) if gaps else None


def _running(run: dict[str, Any], now: datetime) -> bool:
    if run["finished_at"] or run["status"] != "running":
        return False
    return (now - _parse(run["started_at"])).total_seconds() < RUNNING_STALE_HOURS * 3600


def _sum_errors(runs: Iterable[dict[str, Any]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for run in runs:
        for kind, count in run["errors"].items():
            total[kind] = total.get(kind, 0) + int(count)
    return total


def source_health(source: Source, store: Store | None, now: datetime | None = None,
                  next_due: float | None = None) -> SourceHealth:
    """Health of one source from the store (None: nothing crawled yet)."""
    health = SourceHealth(source.id, source.name, source.region)
    if next_due is not None:
        health.next_crawl_at = datetime.fromtimestamp(next_due, timezone.utc).replace(
            microsecond=0).isoformat()
    if store is None:
        health.reason = "no finished crawl yet"
        return health
    now = now or datetime.now(timezone.utc)
    check = latest_check(store.connection, source.id)
    if check is not None:
        health.last_check, health.last_check_at, health.last_check_detail = (
            check.verdict, check.checked_at, check.detail)
    runs = store.runs(source.id, limit=HISTORY_RUNS)
    finished = [run for run in runs if run.get("finished_at")]
    health.runs = len(runs)
    health.running = bool(runs) and _running(runs[0], now)
    health.last_attempt = runs[0]["started_at"] if runs else None
    health.last_success = next((run["finished_at"] for run in finished if not _failed(run)), None)
    if finished:
        health.pages_fetched = int(finished[0]["pages_fetched"])
        health.articles_new = int(finished[0]["articles_new"])
        health.errors = dict(finished[0]["errors"])
    health.recent_errors = _sum_errors(finished)
    total, newest, gap = _article_stats(store.connection, source.id)
    health.articles_total, health.last_new_article_at = total, newest
    if newest:
        health.days_since_new_article = round((now - _parse(newest)).total_seconds() / 86400, 1)
    health.status, health.reason = assess(runs, articles_total=total,
                                          stale_days=health.days_since_new_article,
                                          typical_gap_days=gap)
    return health
