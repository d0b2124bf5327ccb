"""The one typed configuration of munews, read from the environment and `.env`.

Every setting is declared once in ``SETTINGS`` with its default and help text; the README's
configuration table is checked against this list by ``tests/test_config.py``. Components never
read ``os.environ`` themselves: entry points call :func:`load_config` and pass the result down.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from dotenv import dotenv_values


class ConfigError(ValueError):
    """A setting is missing or cannot be cast; the message names the setting."""


@dataclass(frozen=True)
class Setting:
    env: str
    attr: str
    default: Any
    cast: Callable[[str], Any]
    help: str


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str, *, positive: bool = False) -> float:
    """Seconds in ``'90'``, ``'30m'``, ``'6h'``, ``'1d'``, ``'1.5h'``; ValueError otherwise.

    The one parser of durations: settings, source intervals and command options all use it.
    ``positive`` rejects zero (an interval of 0 would re-crawl in a tight loop).
    """
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError(f"not a duration: {text!r} (use e.g. '0', '30m', '6h', '1d')")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if positive and seconds <= 0:
        raise ValueError(f"not a positive duration: {text!r} (use e.g. '30m', '6h', '1d')")
    return seconds


def format_duration(seconds: float) -> str:
    """The shortest of '90s', '30m', '6h', '2d' that says ``seconds`` exactly."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def _interval(value: str) -> float:
    return parse_duration(value, positive=True)


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _zone(value: str) -> str:
    """An IANA time zone name that this machine knows: ``Asia/Yekaterinburg``."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a time zone: use an IANA name such as 'Asia/Yekaterinburg'") from None
    return value.strip()


def _optional(value: str) -> str | None:
    return value or None


def _host_list(value: str) -> tuple[str, ...]:
    """Host names, lower-cased, without IPv6 brackets: ``'localhost,[::1]'``."""
    hosts = tuple(h.strip().lower().removeprefix("[").removesuffix("]")
                  for h in value.split(",") if h.strip())
    bad = [h for h in hosts if not re.fullmatch(r"(\*\.)?[a-z0-9.:_-]+", h)]
    if bad:
        raise ValueError(f"not a host name: {bad[0]!r}")
    return hosts


def _networks(value: str) -> tuple[str, ...]:
    """IP addresses or CIDR networks, checked: ``'10.0.0.1,192.168.0.0/16'``."""
    return tuple(str(ipaddress.ip_network(n.strip(), strict=False))
                 for n in value.split(",") if n.strip())


SETTINGS: tuple[Setting, ...] = (
    Setting("MUNEWS_DATA_DIR", "data_dir", "./data", Path, "Directory of the SQLite store and the search index."),
    Setting("MUNEWS_SOURCES", "sources_file", "sources.yaml", Path, "The sources registry (YAML)."),
    Setting("MUNEWS_TIMEZONE", "timezone", "Europe/Moscow", _zone, "Timezone of dates printed without one."),
    Setting("MUNEWS_USER_AGENT", "user_agent",
            "munews/0.1 (+https://github.com/munews/munews; municipal news aggregator)", str,
            "User-Agent sent by the crawler; include a contact."),
    Setting("MUNEWS_CONCURRENCY_PER_DOMAIN", "concurrency_per_domain", "2", int,
            "Parallel requests per site."),
    Setting("MUNEWS_DOWNLOAD_DELAY", "download_delay", "1.0", float,
            "Base delay between requests to one site, seconds (AutoThrottle adapts it)."),
    Setting("MUNEWS_DOWNLOAD_TIMEOUT", "download_timeout", "30", float, "Per-request timeout, seconds."),
    Setting("MUNEWS_MAX_RESPONSE_MB", "max_response_mb", "32", int,
            "Responses larger than this are dropped as runaways (real articles weigh a few MB)."),
    Setting("MUNEWS_RETRY_AFTER_MAX", "retry_after_max", "120", float,
            "Longest Retry-After (seconds) a site may ask for on 429/503; longer waits give up."),
    Setting("MUNEWS_CRAWL_DELAY_MAX", "crawl_delay_max", "30", float,
            "Longest robots.txt Crawl-delay (seconds) honoured; longer ones are cut to this."),
    Setting("MUNEWS_SOURCE_TIME_LIMIT", "source_time_limit", "2h", parse_duration,
            "A source crawling longer than this is stopped and recorded as 'timeout' (0: no limit)."),
    Setting("MUNEWS_CRAWL_TIME_LIMIT", "crawl_time_limit", "6h", parse_duration,
            "A whole `munews crawl` is stopped after this long; unfinished sources end as 'timeout'."),
    Setting("MUNEWS_ATTACHMENTS", "attachments", "true", _bool,
            "Fetch and read the documents articles link (PDF, DOCX, ODT, RTF, XLSX, ODS, DOC)."),
    Setting("MUNEWS_ATTACHMENT_MAX_MB", "attachment_max_mb", "20", int,
            "Documents larger than this are not fetched (recorded as 'too-large')."),
    Setting("MUNEWS_ATTACHMENT_TIME_LIMIT", "attachment_time_limit", "20", float,
            "Seconds the text of one document may take to read; a slower one is recorded as 'timeout'."),
    Setting("MUNEWS_ATTACHMENTS_PER_ARTICLE", "attachments_per_article", "10", int,
            "Documents read per article at most; the rest are listed as 'not-fetched'."),
    Setting("MUNEWS_ENRICH", "enrich", "true", _bool,
            "Tag each article with the municipalities it is about, its practice topics and its story "
            "(the same news on other sites)."),
    Setting("MUNEWS_MAX_PAGES_PER_SOURCE", "max_pages_per_source", "2000", int,
            "Request budget per source and crawl: a guard against calendar and archive traps."),
    Setting("MUNEWS_ROBOTSTXT_OBEY", "robotstxt_obey", "true", _bool, "Obey robots.txt."),
    Setting("MUNEWS_AUTOTHROTTLE", "autothrottle", "true", _bool, "Adapt the delay to the site's latency."),
    Setting("MUNEWS_BACKEND", "backend", "embedded", str,
            "Search backend: 'embedded' (SQLite + tantivy) or 'elasticsearch'."),
    Setting("ELASTICSEARCH_URL", "elasticsearch_url", "", _optional, "Elasticsearch URL."),
    Setting("ELASTICSEARCH_API_KEY", "elasticsearch_api_key", "", _optional, "Elasticsearch API key."),
    Setting("ELASTICSEARCH_USERNAME", "elasticsearch_username", "", _optional, "Basic-auth user."),
    Setting("ELASTICSEARCH_PASSWORD", "elasticsearch_password", "", _optional, "Basic-auth password."),
    Setting("ELASTICSEARCH_CA_CERT", "elasticsearch_ca_cert", "", _optional, "CA certificate file."),
    Setting("ELASTICSEARCH_INDEX", "elasticsearch_index", "munews-articles", str,
            "Alias name of the articles index."),
    Setting("MUNEWS_INDEX_TIMEOUT", "index_timeout", "10", float,
            "Seconds an index request may take during a crawl; a slower index is skipped for a while."),
    Setting("ELASTICSEARCH_SHARDS", "elasticsearch_shards", "1", int,
            "Primary shards of a new index; one keeps BM25 statistics exact, more for big corpora."),
    Setting("MUNEWS_API_TOKEN", "api_token", "", _optional,
            "Token that protects writing endpoints (saved searches); unset on a single-user install."),
    Setting("MUNEWS_RATE_LIMIT", "rate_limit_per_minute", "600", int,
            "Requests per minute per client on the HTTP API (0 disables)."),
    Setting("MUNEWS_CORS_ORIGINS", "cors_origins", "", str,
            "Comma-separated origins allowed by CORS; empty means CORS off."),
    Setting("MUNEWS_PUBLIC_URL", "public_url", "", str,
            "Base URL of the web page, used in feeds and digests."),
    Setting("MUNEWS_TRUSTED_HOSTS", "trusted_hosts", "localhost,127.0.0.1,[::1]", _host_list,
            "Comma-separated Host names that absolute links may name when MUNEWS_PUBLIC_URL is "
            "unset ('*.example.org' for subdomains); any other Host gets relative links."),
    Setting("MUNEWS_TRUSTED_PROXIES", "trusted_proxies", "", _networks,
            "Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For names the client "
            "for the rate limit; empty: the header is ignored."),
    Setting("MUNEWS_MAX_BODY_KB", "max_body_kb", "64", int,
            "Largest request body accepted, in KB; a larger one is answered 413 unread (0: no limit)."),
    Setting("SMTP_HOST", "smtp_host", "", _optional, "SMTP server for digests."),
    Setting("SMTP_PORT", "smtp_port", "25", int, "SMTP port."),
    Setting("SMTP_USER", "smtp_user", "", _optional, "SMTP user."),
    Setting("SMTP_PASSWORD", "smtp_password", "", _optional, "SMTP password."),
    Setting("SMTP_STARTTLS", "smtp_starttls", "false", _bool, "Use STARTTLS."),
    Setting("SMTP_FROM", "smtp_from", "munews@localhost", str, "Sender address of digests."),
    Setting("MUNEWS_SCHEDULE_INTERVAL", "schedule_interval", "6h", _interval,
            "Default re-crawl interval per source for `munews schedule`."),
    Setting("MUNEWS_SCHEDULE_CONCURRENCY", "schedule_concurrency", "2", int,
            "At most this many sources crawled at once by the scheduler."),
    Setting("MUNEWS_RECHECK_AFTER", "recheck_after", "1d", parse_duration,
            "Known articles are re-checked (conditional GET) after this long, e.g. '0', '6h', '1d'."),
)


@dataclass(frozen=True)
class Config:
    data_dir: Path
    sources_file: Path
    timezone: str
    user_agent: str
    concurrency_per_domain: int
    download_delay: float
    download_timeout: float
    max_response_mb: int
    retry_after_max: float
    crawl_delay_max: float
    source_time_limit: float  # seconds; 0 = none
    attachments: bool
    attachment_max_mb: int
    attachment_time_limit: float
    attachments_per_article: int
    enrich: bool
    crawl_time_limit: float  # seconds; 0 = none
    index_timeout: float  # seconds per index request during a crawl
    max_pages_per_source: int
    robotstxt_obey: bool
    autothrottle: bool
    backend: str
    elasticsearch_url: str | None
    elasticsearch_api_key: str | None
    elasticsearch_username: str | None
    elasticsearch_password: str | None
    elasticsearch_ca_cert: str | None
    elasticsearch_index: str
    elasticsearch_shards: int
    api_token: str | None
    rate_limit_per_minute: int
    cors_origins: str
    public_url: str
    trusted_hosts: tuple[str, ...]
    trusted_proxies: tuple[str, ...]  # normalised networks
    max_body_kb: int  # 0 = no limit
    smtp_host: str | None
    smtp_port: int
    smtp_user: str | None
    smtp_password: str | None
    smtp_starttls: bool
    smtp_from: str
    schedule_interval: float  # seconds
    schedule_concurrency: int
    recheck_after: float  # seconds

    @property
    def store_path(self) -> Path:
        return self.data_dir / "munews.sqlite3"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def replace(self, **changes: Any) -> Config:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Config(**values)


def load_config(
    environ: Mapping[str, str] | None = None,
    dotenv_path: str | os.PathLike[str] | None = ".env",
    **overrides: Any,
) -> Config:
    """Read settings: explicit overrides, then the environment, then `.env`, then defaults."""
    env = dict(environ if environ is not None else os.environ)
    file_values = {}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        file_values = {k: v for k, v in dotenv_values(dotenv_path).items() if v is not None}
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.attr in overrides:
            values[setting.attr] = overrides[setting.attr]
            continue
        raw = env.get(setting.env, file_values.get(setting.env, setting.default))
        try:
            values[setting.attr] = setting.cast(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"Config {setting.env!r} has an invalid value {raw!r}: {exc}") from exc
    if values["backend"] not in {"embedded", "elasticsearch"}:
        raise ConfigError(f"Config 'MUNEWS_BACKEND' must be 'embedded' or 'elasticsearch', not {values['backend']!r}")
    if values["backend"] == "elasticsearch" and not values["elasticsearch_url"]:
        raise ConfigError("Config 'ELASTICSEARCH_URL' is missing, and has no default.")
    return Config(**values)
