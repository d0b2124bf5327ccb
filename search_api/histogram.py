"""The histogram of matches by month above the results: server-rendered SVG geometry.

The page draws it with plain SVG presentation attributes (no script, no inline CSS, so the
page's Content-Security-Policy holds). Each bar is a link that narrows the search to its month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

__all__ = ["Bar", "Histogram", "month_histogram"]

_MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
#: Drawing area in SVG user units; the SVG scales to the column's width.
WIDTH, HEIGHT, LABEL_HEIGHT = 720, 80, 16


@dataclass(frozen=True)
class Bar:
    month: str  # "2024-03"
    count: int
    x: float
    y: float
    width: float
    height: float
    title: str  # «март 2024: 12»
    since: str  # the month's first and last day, the filter a click applies
    until: str


@dataclass(frozen=True)
class Histogram:
    bars: list[Bar]
    years: list[tuple[float, str]]  # x of each January (or of the first bar), year label
    width: int = WIDTH
    height: int = HEIGHT
    label_height: int = LABEL_HEIGHT


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_histogram(counts: dict[str, int]) -> Histogram | None:
    """Bars for every month from the first to the last with matches (empty months drawn as
    gaps, so the time axis is honest); None when fewer than two months have matches."""
    valid = {m: c for m, c in counts.items() if len(m) == 7 and m[4] == "-" and m[:4].isdigit() and m[5:].isdigit()}
    if len(valid) < 2:
        return None
    months = _months_between(min(valid), max(valid))
    step = WIDTH / len(months)
    peak = max(valid.values())
    bars, years = [], []
    for index, month in enumerate(months):
        count = valid.get(month, 0)
        year, number = int(month[:4]), int(month[5:])
        if number == 1 or index == 0:
            years.append((round(index * step, 1), str(year)))
        height = round(HEIGHT * count / peak, 1)
        last_day = calendar.monthrange(year, number)[1]
        bars.append(Bar(month, count, round(index * step, 1), round(HEIGHT - height, 1),
                        round(max(step - 1, 0.5), 1), height,
                        f"{_MONTHS_SHORT[number - 1]} {year}: {count}",
                        f"{month}-01", f"{month}-{last_day:02d}"))
    return Histogram(bars, years)
