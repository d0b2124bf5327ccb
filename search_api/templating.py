"""The Jinja2 environment of the web page: autoescape on, Russian date formatting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from indexer.russian import plural
from search_api.snippets import http_url

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря")


def ru_date(value: str | None, with_time: bool = False, tz: str | None = None) -> str:
    """«5 марта 2024» from an ISO timestamp, in `tz` when given; the raw value if unparsable."""
    if not value:
        return "дата не указана"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if tz and parsed.tzinfo is not None:
            parsed = parsed.astimezone(ZoneInfo(tz))
    except (ValueError, KeyError):
        return value
    text = f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"
    # Midnight to the second is how a date-only publication is stored: no made-up «00:00».
    date_only = (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0)
    return f"{text}, {parsed:%H:%M}" if with_time and not date_only else text


def iso_date(value: str | None) -> str:
    """The date part of an ISO timestamp, for the machine-readable `<time datetime>`."""
    return (value or "")[:10]


def query_string(params: dict[str, object]) -> str:
    """`?a=1&b=2&b=3` from a dict whose values may be lists; empty values are left out."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(key, str(v)) for v in values if v not in (None, "")]
    return "?" + urlencode(pairs) if pairs else ""


def snippet_html(value: str) -> Markup:
    """Mark a snippet already made safe by :func:`search_api.snippets.safe_snippet` as HTML."""
    return Markup(value)


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    env.autoescape = True  # crawled text is untrusted: every {{ }} is escaped
    env.filters.update(ru_date=ru_date, iso_date=iso_date, snippet_html=snippet_html,
                       http_url=http_url, plural=plural)
    env.globals["query_string"] = query_string
    return templates


templates = make_templates()
