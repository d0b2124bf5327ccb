"""«Лучшие практики за неделю»: the best-practice digest as a web page, by region.

``GET /digest?days=7&region=…``: best-practice publications first seen by the crawler in the
last `days` days (presets неделя / месяц / год as links), each story once with the count of its
reposts and its topics, grouped by region; the same data as ``munews digest``
(:mod:`indexer.digest_query`). Everything crawled is escaped by Jinja; links to the original are
http(s) only.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from indexer.digest_query import build_digest, digest_regions
from search_api import limits
from search_api.queries import Service
from search_api.schemas import ParamError
from search_api.templating import query_string, templates

router = APIRouter(include_in_schema=False)

#: The period links: (days, label, «за …» of the heading).
PRESETS = ((7, "неделя", "за неделю"), (30, "месяц", "за месяц"), (365, "год", "за год"))
#: Longest period offered: a year (a leap one); older practices are found by the search page.
MAX_DAYS = 366


def _days(value: str) -> int:
    try:
        days = int(value.strip())
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise ParamError(f"Период: целое число дней от 1 до {MAX_DAYS}", "days")
    return days


def _regions(values: list[str] | None) -> list[str]:
    regions = [value.strip() for value in values or [] if value.strip()]
    if len(regions) > limits.MAX_FILTER_VALUES or any(len(r) > limits.MAX_FILTER_CHARS for r in regions):
        raise ParamError("Регион: слишком много или слишком длинные значения", "region")
    return list(dict.fromkeys(regions))


def _period(days: int) -> str:
    for preset, _label, heading in PRESETS:
        if preset == days:
            return heading
    last = days % 10 if days % 100 not in (11, 12, 13, 14) else 0
    word = "день" if last == 1 else "дня" if last in (2, 3, 4) else "дней"
    return f"за {days} {word}"


@router.get("/digest", response_class=HTMLResponse)
def digest_page(
    request: Request, service: Service,
    days: Annotated[str, Query(max_length=6)] = "7",
    region: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    period, regions = _days(days), _regions(region)
    now = datetime.now(timezone.utc)
    since = now - timedelta(days=period)
    with service.store_lock:
        connection = service.store.connection
        digest = build_digest(connection, since, regions=regions, now=now)
        options = digest_regions(connection, since)
    context: dict[str, Any] = {
        "digest": digest, "days": period, "period": _period(period), "regions": regions,
        "options": sorted(set(options) | set(regions)), "timezone": service.config.timezone,
        "presets": [{"label": label, "days": preset, "selected": preset == period,
                     "href": "/digest" + query_string({"days": preset, "region": regions})}
                    for preset, label, _heading in PRESETS],
        "all_regions_href": "/digest" + query_string({"days": period}),
    }
    return templates.TemplateResponse(request, "digest.html", context)
