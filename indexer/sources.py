"""Load and validate the sources registry (`sources.yaml`) into :class:`Source` records.

Adding a site is data, not code: one entry here. Every problem is reported with the entry it
belongs to (``sources[3] (id 'kursk-smo'): unknown key 'start_url'``), all problems at once,
as a :class:`SourcesError`; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from indexer.config import parse_duration
from indexer.regions import region_timezone

TELEGRAM_PREVIEW = "https://t.me/s/"
_TELEGRAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_TELEGRAM_URL = re.compile(r"^https?://[^/\s]+/s/[A-Za-z][A-Za-z0-9_]{3,31}/?$")
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

REQUIRED_KEYS = ("id", "name", "region", "start_urls")  # start_urls may be left out for a Telegram-only source
LIST_KEYS = ("start_urls", "feeds", "sitemaps", "allowed_domains")
PATTERN_KEYS = ("article_url_pattern", "listing_url_pattern", "exclude_url_pattern")
OPTIONAL_KEYS = (*LIST_KEYS[1:], *PATTERN_KEYS, "interval", "max_pages", "enabled", "verified",
                 "notes", "timezone", "attachments", "telegram", "last_check")
KNOWN_KEYS = frozenset((*REQUIRED_KEYS, *OPTIONAL_KEYS))


class SourcesError(ValueError):
    """The registry is malformed; `problems` lists every finding."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: invalid sources registry:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Source:
    """One site to crawl, with optional hints that override the spider's heuristics."""

    id: str
    name: str
    region: str
    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_url_pattern: str | None = None
    listing_url_pattern: str | None = None
    exclude_url_pattern: str | None = None
    interval: str | None = None  # e.g. "6h"; None means the configured default
    max_pages: int | None = None
    enabled: bool = True
    verified: bool = False  # True: seen by us (seed pages); False: named with confidence only
    notes: str = ""
    timezone: str | None = None
    attachments: bool = True  # fetch and read the documents its articles link
    # What `munews sources check --write` last found ({verdict, checked_at, detail, ...}).
    last_check: dict[str, Any] | None = field(default=None, compare=False)
    telegram: str | None = None  # a public channel: its name («asmobelgorod») or preview URL
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def domains(self) -> tuple[str, ...]:
        """Allowed domains: declared ones, else the hosts of every start URL, feed and sitemap,
        as ``host:port`` where a URL names a port other than its scheme's default (the same
        host on another port is another server; see :func:`crawler.urls.in_domains`)."""
        if self.allowed_domains:
            return self.allowed_domains
        hosts = []
        channel = (self.telegram_url,) if self.telegram_url else ()
        for url in (*self.start_urls, *self.feeds, *self.sitemaps, *channel):
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if host.startswith("www."):
                host = host[4:]
            try:
                port = parts.port
            except ValueError:
                port = None
            if host and port and port != {"http": 80, "https": 443}.get(parts.scheme):
                host = f"{host}:{port}"
            if host and host not in hosts:
                hosts.append(host)
        return tuple(hosts)

    @property
    def telegram_url(self) -> str | None:
        """The channel's public web preview: ``https://t.me/s/NAME`` (or the URL given)."""
        if not self.telegram:
            return None
        return self.telegram if "://" in self.telegram else f"{TELEGRAM_PREVIEW}{self.telegram}"

    def pattern(self, key: str) -> re.Pattern[str] | None:
        value = getattr(self, key)
        if value is None:
            return None
        if key not in self._compiled:
            self._compiled[key] = re.compile(value)
        return self._compiled[key]


def load_sources(path: str | Path) -> list[Source]:
    """Parse and validate the registry; raise SourcesError naming every bad entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(path, ["file not found"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourcesError(path, [f"not valid YAML: {exc}"]) from None
    return parse_sources(raw, path)


def parse_sources(raw: Any, path: str | Path = "<sources>") -> list[Source]:
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        raise SourcesError(path, ["top level must be a mapping with a 'sources:' list"])
    unknown_top = set(raw) - {"sources"}
    problems = [f"unknown top-level key {key!r}" for key in sorted(unknown_top)]
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw["sources"]):
        label = _label(index, entry)
        entry_problems = _validate_entry(entry)
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            first = seen.setdefault(entry["id"], index)
            if first != index:
                entry_problems.append(f"duplicate id (first used by sources[{first}])")
        if entry_problems:
            problems.extend(f"{label}: {problem}" for problem in entry_problems)
            continue
        sources.append(_build(entry))
    if problems:
        raise SourcesError(path, problems)
    return sources


def select_sources(sources: list[Source], ids: list[str] | None) -> list[Source]:
    """The enabled sources, or exactly the ones named (an unknown id is an error)."""
    if not ids:
        return [source for source in sources if source.enabled]
    by_id = {source.id: source for source in sources}
    unknown = [source_id for source_id in ids if source_id not in by_id]
    if unknown:
        raise SourcesError("<command line>", [f"unknown source id {name!r}" for name in unknown])
    return [by_id[source_id] for source_id in ids]


def _label(index: int, entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"sources[{index}] (id {entry['id']!r})"
    return f"sources[{index}]"


def _validate_entry(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"unknown key {key!r}" for key in entry if key not in KNOWN_KEYS]
    required = [key for key in REQUIRED_KEYS if key != "start_urls" or not entry.get("telegram")]
    problems += [f"missing key {key!r}" for key in required if key not in entry]
    channel = entry.get("telegram")
    if channel is not None and not (isinstance(channel, str) and (_TELEGRAM_NAME.match(channel)
                                                                   or _TELEGRAM_URL.match(channel))):
        problems.append(f"bad telegram {channel!r}: a channel name (e.g. 'asmobelgorod') or https://t.me/s/NAME")
    source_id = entry.get("id")
    if "id" in entry and (not isinstance(source_id, str) or not _ID_PATTERN.match(source_id)):
        problems.append(f"bad id {source_id!r}: use lowercase letters, digits, '-' and '_'")
    for key in ("name", "region"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{key!r} must be a non-empty string")
    for key in LIST_KEYS:
        if key in entry:
            problems += _validate_list(key, entry[key])
    if isinstance(entry.get("start_urls"), list) and not entry["start_urls"] and not entry.get("telegram"):
        problems.append("'start_urls' must not be empty")
    for key in PATTERN_KEYS:
        if entry.get(key) is not None:
            try:
                re.compile(str(entry[key]))
            except re.error as exc:
                problems.append(f"bad regex in {key!r}: {exc}")
    if entry.get("interval") is not None:
        try:
            parse_duration(str(entry["interval"]), positive=True)
        except ValueError:
            problems.append(f"bad interval {entry['interval']!r}: use e.g. '30m', '6h', '1d'")
    max_pages = entry.get("max_pages")
    if max_pages is not None and (not isinstance(max_pages, int) or max_pages < 1):
        problems.append("'max_pages' must be a positive integer")
    zone = entry.get("timezone")
    if zone is not None and not _is_zone(zone):
        problems.append(f"unknown timezone {zone!r}: use an IANA name such as 'Asia/Yekaterinburg'")
    if entry.get("last_check") is not None and not isinstance(entry["last_check"], dict):
        problems.append("'last_check' must be a mapping (written by `munews sources check --write`)")
    for key in ("enabled", "verified", "attachments"):
        if key in entry and not isinstance(entry[key], bool):
            problems.append(f"{key!r} must be true or false")
    return problems


def _validate_list(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"{key!r} must be a list of strings"]
    if key == "allowed_domains":
        return [f"bad domain {item!r} in 'allowed_domains'" for item in value
                if not _is_domain(item)]
    return [f"bad URL {item!r} in {key!r}" for item in value if not _is_http_url(item)]


def _is_zone(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def source_timezone(source: Source, default: str) -> str:
    """The zone of times a source prints without an offset: its ``timezone`` key, else its
    region's zone (:mod:`indexer.regions`), else `default`."""
    return source.timezone or region_timezone(source.region) or default


def _is_domain(value: str) -> bool:
    return bool(re.match(r"^([a-z0-9-]+(\.[a-z0-9-]+)+|localhost)(:\d{1,5})?$", value.lower()))


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.hostname) and " " not in value


def _build(entry: dict[str, Any]) -> Source:
    kwargs: dict[str, Any] = {"start_urls": [], **{key: entry[key] for key in entry}}
    for key in LIST_KEYS:
        if key in kwargs:
            kwargs[key] = tuple(kwargs[key])
    if "allowed_domains" in kwargs:
        kwargs["allowed_domains"] = tuple(d.lower() for d in kwargs["allowed_domains"])
    return Source(**kwargs)
