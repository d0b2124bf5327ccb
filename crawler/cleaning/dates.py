"""Publication dates: parse Russian (and ISO/English) date strings and find the date of a page.

A fast regex path handles the forms that make up nearly all municipal pages (ISO 8601,
«27.02.2023 14:05», «27 февраля 2023 года», «сегодня, 14:05», «вчера»); dateparser is the
fallback for the rest, because it costs milliseconds per call (see benchmarks/extraction.py,
``--dates``) and a page may hold dozens of candidate strings.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.cleaning.months import english_month, month_number

logger = logging.getLogger(__name__)

_TIME = r"(?:[,\s]+(?:в\s+)?(?P<hh>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?)?"
_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:[T\s](?P<hh>[0-2]\d):(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d)(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-][0-2]\d:?[0-5]\d)?)?"
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>(?:19|20)?\d\d)(?![\d])(?:\s*г\.?)?" + _TIME
    # DLE prints «12-10-2023, 16:30»; with dashes only a four-digit year, so that phone
    # numbers («2-00-00») never read as dates.
    + r"|(?<![\d-])(?P<d2>[0-3]?\d)-(?P<m2>[01]?\d)-(?P<y2>(?:19|20)\d\d)(?![\d-])"
    + _TIME.replace("hh", "hh2").replace("mi", "mi2").replace("ss", "ss2")
)
# «27 февраля 2023 года», «5. Dezember 2019», «1er juin 2019», «5 de diciembre de 2019».
_DAY_MONTH = r"(?<!\d)(?P<d>[0-3]?\d)(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?(?P<mon>[^\W\d_]{3,10})\.?"
_WORDY = re.compile(
    _DAY_MONTH + r",?\s+(?:del?\s+)?(?P<y>(?:19|20)\d\d)(?!\d)(?:\s*(?:года|год|г\.?))?" + _TIME,
    re.IGNORECASE,
)
# «December 5, 2019», «Dec. 5th 2019».
_MONTH_FIRST = r"(?<![^\W\d_])(?P<mon>[^\W\d_]{3,10})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_WORDY_MDY = re.compile(_MONTH_FIRST + r",?\s+(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.IGNORECASE)
# The same without a year («5 декабря», «December 5»): read against the fetch time (see
# `_yearless`), in short lines only.
_YEARLESS = re.compile(_DAY_MONTH + r"(?![^\W\d_])(?![.,]?\s*\d{4})" + _TIME, re.IGNORECASE)
_YEARLESS_MDY = re.compile(_MONTH_FIRST + r"(?![\d.:])(?!,?\s*\d{4})" + _TIME, re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?P<word>сегодня|вчера|позавчера|today|yesterday)\b" + _TIME,
                       re.IGNORECASE)
# «5 минут назад», «2 часа назад», «час назад», «3 дня назад», «1 week ago».
_AGO = re.compile(
    r"(?<![\w.])(?:(?P<n>\d{1,3}|одн[уа]|один|две|два|три|четыре|пять|\w+)\s+)?"
    r"(?P<unit>минут[уы]?|мин\.?|час(?:а|ов)?|ч\.|дн(?:я|ей)|день|сутки|недел[юиь]|"
    r"minutes?|mins?|hours?|days?|weeks?)\s+(?:назад|ago)\b",
    re.IGNORECASE,
)
# «в понедельник, 14:20», «пятница в 09:00»: a weekday counts only with a time beside it, so
# «в понедельник состоится совещание» (an event) never reads as a publication date.
_WEEKDAY = re.compile(
    r"\b(?:в\s+|во\s+)?(?P<wd>понедельник|вторник|сред[ау]|четверг|пятниц[ау]|суббот[ау]|"
    r"воскресенье)\b(?:[,\s]+(?:в\s+)?)(?P<hh>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)",
    re.IGNORECASE,
)
_JUST_NOW = re.compile(r"\b(только что|just now)\b", re.IGNORECASE)
# RFC 2822 (RSS pubDate, HTTP): «Tue, 10 Mar 2026 17:30:00 +0700»; the offset is kept.
_RFC2822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*"
    r"(?:[+-]\d{4}|GMT|UTC|UT|Z|[ECMP][SD]T)\b"
)
#: Longest text in which «N часов назад» or a weekday is read as the publication date.
_RELATIVE_LINE_MAX = 80
_NUMBER_WORDS = {"один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
                 "пять": 5}
_WEEKDAYS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресенье")
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)(?:[/-](?P<d>[0-3]?\d))?(?=[/-]|$)"
    r"|(?<![\d])(?P<y2>(?:19|20)\d\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?![\d])"
)
#: A clock time («16:45», «15h14», «9.30 Uhr»), not a day.
_CLOCK = re.compile(r"(?<![\d.])[0-2]?\d\s*[:hч.]\s*[0-5]\d(?::[0-5]\d)?(?![\d.])(?:\s*(?:uhr|am|pm))?",
                    re.IGNORECASE)
_SLOW_RELATIVE = re.compile(r"сегодня|вчера|назад|ago|\bvor\b|gestern|heute|hier|aujourd|ayer|hace|ieri|oggi",
                            re.IGNORECASE)
#: dateparser's languages: Russian first, then those of the neighbours' and peers' pages.
_LANGUAGES = ["ru", "en", "de", "fr", "es", "it", "pt", "uk"]
_RELATIVE_DAYS = {"сегодня": 0, "today": 0, "вчера": 1, "yesterday": 1, "позавчера": 2}

#: Labels that announce the publication date, and labels of other dates (update, event,
#: document) that must not win over it.
PUBLISHED_LABEL = re.compile(r"(опубликован\w*|дата\s+публикации|размещен\w*|добавлен\w*|"
                             r"published|posted|дата\s+создания)", re.IGNORECASE)
OTHER_LABEL = re.compile(r"(обновлен\w*|изменен\w*|дата\s+изменения|редактирован\w*|updated|"
                         r"modified|последн\w+\s+правк\w*)", re.IGNORECASE)


class RelativeDate(datetime):
    """A datetime resolved from a relative form («вчера, 18:40», «2 часа назад») against a
    reference clock: it is only as right as that clock (see ``date_source``)."""


def _relative(value: datetime) -> RelativeDate:
    return RelativeDate(value.year, value.month, value.day, value.hour, value.minute,
                        value.second, tzinfo=value.tzinfo)


def get_zone(name: str) -> dt_timezone | ZoneInfo:
    """The timezone called `name`; UTC (with a warning) when the name is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown timezone %r, using UTC", name)
        return dt_timezone.utc


def _build(y: int, m: int, d: int, match: re.Match[str], zone: dt_timezone | ZoneInfo,
           suffix: str = "") -> datetime | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    groups = match.groupdict()
    hh, mi, ss = (int(groups.get(name + suffix) or 0) for name in ("hh", "mi", "ss"))
    return datetime.combine(day, time(hh, mi, ss), tzinfo=zone)


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _iso(match: re.Match[str], zone: dt_timezone | ZoneInfo) -> datetime | None:
    built = _build(int(match["y"]), int(match["m"]), int(match["d"]), match, zone)
    tz = match["tz"]
    if built is None or not tz:
        return built
    if tz == "Z":
        return built.replace(tzinfo=dt_timezone.utc)
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return built.replace(tzinfo=dt_timezone(sign * offset))


def parse_fast(text: str, *, fetched_at: datetime | None = None,
               tz: str = "Europe/Moscow") -> datetime | None:
    """The regex path: the first common date form in `text`, or None."""
    zone = get_zone(tz)
    match = _ISO.search(text)
    if match:
        return _iso(match, zone)
    match = _RFC2822.search(text)
    if match:
        try:
            return parsedate_to_datetime(match.group(0))
        except (TypeError, ValueError, IndexError):
            pass
    found = _month_named(text, _WORDY, _WORDY_MDY)
    if found is not None:
        match, month = found
        return _build(int(match["y"]), month, int(match["d"]), match, zone)
    match = _NUMERIC.search(text)
    if match and match["y"]:
        return _build(_year(match["y"]), int(match["m"]), int(match["d"]), match, zone)
    if match:
        return _build(int(match["y2"]), int(match["m2"]), int(match["d2"]), match, zone, suffix="2")
    if fetched_at is not None:
        return _parse_relative(text, fetched_at, zone)
    return None


def _month_named(text: str, day_first: re.Pattern[str], month_first: re.Pattern[str]
                 ) -> tuple[re.Match[str], int] | None:
    """The earliest match whose word is a month name, with the month's number (month first:
    English names only)."""
    best: tuple[re.Match[str], int] | None = None
    for pattern, month_of in ((day_first, month_number), (month_first, english_month)):
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0].start():
                break
            if (month := month_of(match["mon"])) is not None:
                best = (match, month)
                break
    return best


def _yearless(text: str, local: datetime, zone: dt_timezone | ZoneInfo) -> RelativeDate | None:
    """«5 декабря», «December 5»: the latest such day up to `local`'s (never a future date)."""
    found = _month_named(text, _YEARLESS, _YEARLESS_MDY)
    if found is None:
        return None
    match, month = found
    for year in range(local.year, local.year - 5, -1):  # 29 February: back to a leap year
        built = _build(year, month, int(match["d"]), match, zone)
        if built is not None and built.date() <= local.date():
            return _relative(built)
    return None


def _parse_relative(text: str, reference: datetime, zone: dt_timezone | ZoneInfo) -> RelativeDate | None:
    """«сегодня, 10:15», «вчера», «2 часа назад», «в понедельник, 14:20», read against
    `reference` (the server's clock when it sent one) in the source's zone `zone`."""
    local = reference.astimezone(zone) if reference.tzinfo else reference.replace(tzinfo=zone)
    match = _RELATIVE.search(text)
    if match:
        day = local.date() - timedelta(days=_RELATIVE_DAYS[match["word"].lower()])
        built = _build(day.year, day.month, day.day, match, zone)
        return _relative(built) if built else None
    if len(text) > _RELATIVE_LINE_MAX:
        return None  # «три дня назад прошёл форум»: prose about events, not a date line
    match = _AGO.search(text)
    if match and (delta := _ago_delta(match["n"], match["unit"])) is not None:
        return _ago(local, delta)
    match = _WEEKDAY.search(text)
    if match:
        wanted = next(i for i, stem in enumerate(_WEEKDAYS) if match["wd"].lower().startswith(stem))
        back = (local.weekday() - wanted) % 7 or 7  # today would be printed «сегодня»
        day = local.date() - timedelta(days=back)
        built = _build(day.year, day.month, day.day, match, zone)
        return _relative(built) if built else None
    if _JUST_NOW.search(text):
        return _relative(local.replace(second=0))
    return _yearless(text, local, zone)


def _ago_delta(number: str | None, unit: str) -> timedelta | None:
    if number is None:
        count = 1
    elif number.isdigit():
        count = int(number)
    elif number.lower() in _NUMBER_WORDS:
        count = _NUMBER_WORDS[number.lower()]
    else:
        return None  # «несколько минут назад»: no exact time
    unit = unit.lower()
    if unit.startswith(("мин", "min")):
        return timedelta(minutes=count)
    if unit.startswith(("час", "ч.", "hour")):
        return timedelta(hours=count)
    if unit.startswith(("нед", "week")):
        return timedelta(weeks=count)
    return timedelta(days=count)


def _ago(local: datetime, delta: timedelta) -> RelativeDate:
    # «3 дня назад» names a day, not an hour: its time would be the crawler's, so none.
    moment = local - delta
    if delta >= timedelta(days=1):
        return _relative(moment.replace(hour=0, minute=0, second=0, microsecond=0))
    return _relative(moment.replace(second=0, microsecond=0))


def parse_date(text: str, *, fetched_at: datetime | None = None,
               tz: str = "Europe/Moscow") -> datetime | None:
    """Parse one date string (Russian, English or ISO), relative dates against `fetched_at`."""
    if not text or not text.strip():
        return None
    found = parse_fast(text, fetched_at=fetched_at, tz=tz)
    if found is not None:
        return found
    return _parse_slow(text, fetched_at=fetched_at, tz=tz)


def _parse_slow(text: str, *, fetched_at: datetime | None, tz: str) -> datetime | None:
    # Only short strings reach dateparser: on a paragraph it finds "dates" in any number.
    if len(text) > 60 or not _names_a_day(text):
        return None
    if fetched_at is None and not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        return None  # «5 декабря», «2 hours ago»: only a clock tells which day (see _parse_relative)
    import dateparser  # imported lazily: it costs ~0.5 s at import time

    settings: dict[str, object] = {
        "TIMEZONE": tz, "RETURN_AS_TIMEZONE_AWARE": True, "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",  # a year-less date: the last one so far
    }
    if fetched_at is not None:
        local = fetched_at.astimezone(get_zone(tz)) if fetched_at.tzinfo else fetched_at
        settings["RELATIVE_BASE"] = local.replace(tzinfo=None)
    try:
        result: datetime | None = dateparser.parse(text, languages=_LANGUAGES, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    if result is None or not 1990 <= result.year <= 2100:
        return None
    return result


def _names_a_day(text: str) -> bool:
    """True when `text` can name a day: a relative word, two numbers, or a number and a month.
    A time alone («16:45», «15h14», «12 Uhr») names none, though dateparser gives it today's
    date (or reads «12» as this month's 12th)."""
    text = _CLOCK.sub(" ", text)
    if _SLOW_RELATIVE.search(text):
        return True
    numbers = re.findall(r"\d+", text)
    return len(numbers) >= 2 or (len(numbers) == 1 and any(month_number(w) for w in re.findall(r"[^\W\d_]{3,}", text)))


def to_iso(value: datetime) -> str:
    """ISO 8601 with offset, seconds precision."""
    return value.replace(microsecond=0).isoformat()


def find_labelled_date(text: str, *, fetched_at: datetime | None = None,
                       tz: str = "Europe/Moscow") -> datetime | None:
    """The publication date in a block of page text, skipping dates labelled as updates or events.

    A date right after «Опубликовано» wins; a date right after «Обновлено»/«Дата изменения» is
    skipped; otherwise the first date found.
    """
    first: datetime | None = None
    for line in _date_lines(text):
        found = parse_fast(line, fetched_at=fetched_at, tz=tz)
        if found is None:
            continue
        prefix = line[: _date_position(line)]
        if PUBLISHED_LABEL.search(prefix):
            return found
        if OTHER_LABEL.search(prefix):
            continue
        first = first or found
    return first


def _date_lines(text: str) -> list[str]:
    # Split on line breaks and on labels so «Опубликовано: 1.02.2023 Обновлено: 3.02.2023»
    # on one line yields two candidates, each with its own label.
    pieces = re.split(r"\n|\s[|•·]\s|(?=(?:" + OTHER_LABEL.pattern + r"|" + PUBLISHED_LABEL.pattern + r"))",
                      text, flags=re.IGNORECASE)
    return [p for p in pieces if p and p.strip()]


def _date_position(line: str) -> int:
    starts = [m.start() for rx in (_ISO, _RFC2822, _WORDY, _NUMERIC, _RELATIVE, _AGO, _WEEKDAY)
              if (m := rx.search(line))]
    return min(starts) if starts else len(line)


def date_from_url(url: str, *, tz: str = "Europe/Moscow") -> datetime | None:
    """A date written in the URL path (/2023/02/27/, /20230227-…), the last resort.

    Year and month alone (/2016/12/) give none: the article's day is unknown, and a made-up
    day 01 would be a wrong date, worse than none.
    """
    zone = get_zone(tz)
    for match in _URL_DATE.finditer(url):
        y = match["y"] or match["y2"]
        m = match["m"] or match["m2"]
        d = match["d"] or match["d2"]
        if not d:
            continue
        try:
            return datetime(int(y), int(m), int(d), tzinfo=zone)
        except ValueError:
            continue
    return None


_DATE_LINE_NOISE = re.compile(
    r"\d+|[^\w]+|\b(года?|г|в|от|сегодня|вчера|опубликован\w*|дата|публикации|размещен\w*|"
    r"добавлен\w*|обновлен\w*|published|posted|updated|on)\b", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """True for a line that is only a date («16 января 2023 года», «Опубликовано: 12.03.2024»)."""
    if len(text) > 60 or parse_fast(text) is None:
        return False
    rest = _DATE_LINE_NOISE.sub(" ", text)
    rest = " ".join(w for w in rest.split() if month_number(w) is None)
    return len(rest) <= 3
