"""Region names to time zones: every zone of Russia, case forms, and stems inside stems."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from indexer.regions import region_timezone


@pytest.mark.parametrize(("region", "offset_hours"), [
    ("Калининградская область", 2),
    ("Самарская область", 4), ("Удмуртская Республика", 4), ("Саратовской области", 4),
    ("Республика Башкортостан", 5), ("Пермский край", 5), ("Свердловская обл.", 5),
    ("Ямало-Ненецкий автономный округ", 5), ("Ханты-Мансийский автономный округ — Югра", 5),
    ("Омская область", 6),
    ("Томская область", 7), ("Новосибирская область", 7), ("Республика Алтай", 7),
    ("Алтайский край", 7), ("Кемеровская область — Кузбасс", 7), ("Красноярский край", 7),
    ("Республика Тыва", 7),
    ("Иркутская область", 8), ("Республика Бурятия", 8),
    ("Забайкальский край", 9), ("Амурская область", 9), ("Республика Саха (Якутия)", 9),
    ("Приморский край", 10), ("Хабаровский край", 10), ("Еврейская автономная область", 10),
    ("Сахалинская область", 11), ("Магаданская область", 11),
    ("Камчатский край", 12), ("Чукотский автономный округ", 12),
])
def test_region_gives_its_zone(region, offset_hours):
    zone = region_timezone(region)
    assert zone is not None
    offset = datetime(2025, 7, 1, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    assert offset is not None and offset.total_seconds() == offset_hours * 3600


@pytest.mark.parametrize("region", ["Белгородская область", "Мурманская область",
                                    "Ненецкий автономный округ", "Республика Татарстан",
                                    "Российская Федерация", "", None])
def test_moscow_time_regions_and_unknown_names_leave_the_default(region):
    assert region_timezone(region) is None
