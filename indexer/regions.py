"""The time zone of a Russian region, from its name as sources write it.

Sites print times without an offset; the time is local to the site, and the site is local to
its region. Russia spans eleven zones (UTC+2 … UTC+12), so «Пермский край» and «Белгородская
область» read the same «14:20» two hours apart. A source's ``timezone`` key overrides this.

Names are matched by a distinctive stem in any case form («Свердловская область»,
«Свердловской обл.», «Республика Башкортостан»); the first stem found wins, so longer or
more specific stems come before stems they contain («ямало-ненец» before «ненец»,
«сахалин» before «саха», «томск» before «омск»).
"""

from __future__ import annotations

__all__ = ["region_timezone"]

_STEMS: tuple[tuple[str, str], ...] = (
    # UTC+2
    ("калининград", "Europe/Kaliningrad"),
    # UTC+4: the Volga regions that left Moscow time.
    ("самар", "Europe/Samara"), ("удмурт", "Europe/Samara"),
    ("астрахан", "Europe/Astrakhan"), ("саратов", "Europe/Saratov"),
    ("ульянов", "Europe/Ulyanovsk"),
    # UTC+5
    ("ямало", "Asia/Yekaterinburg"), ("ханты", "Asia/Yekaterinburg"), ("югра", "Asia/Yekaterinburg"),
    ("башк", "Asia/Yekaterinburg"), ("курган", "Asia/Yekaterinburg"),
    ("оренбург", "Asia/Yekaterinburg"), ("перм", "Asia/Yekaterinburg"),
    ("свердлов", "Asia/Yekaterinburg"), ("екатеринбург", "Asia/Yekaterinburg"),
    ("тюмен", "Asia/Yekaterinburg"), ("челябин", "Asia/Yekaterinburg"),
    # UTC+7 («Томская» contains «омск»: Tomsk before Omsk)
    ("томск", "Asia/Tomsk"), ("новосибир", "Asia/Novosibirsk"), ("алта", "Asia/Barnaul"),
    ("кемеров", "Asia/Novokuznetsk"), ("кузбас", "Asia/Novokuznetsk"),
    ("красноярск", "Asia/Krasnoyarsk"), ("хакас", "Asia/Krasnoyarsk"), ("тыв", "Asia/Krasnoyarsk"),
    # UTC+6
    ("омск", "Asia/Omsk"),
    # UTC+8
    ("иркутск", "Asia/Irkutsk"), ("бурят", "Asia/Irkutsk"),
    # UTC+9
    ("забайкал", "Asia/Chita"), ("амурск", "Asia/Yakutsk"),
    # UTC+11 before UTC+9 Sakha: «Сахалинская» contains «саха».
    ("сахалин", "Asia/Sakhalin"), ("магадан", "Asia/Magadan"),
    ("саха", "Asia/Yakutsk"), ("якут", "Asia/Yakutsk"),
    # UTC+10
    ("примор", "Asia/Vladivostok"), ("владивосток", "Asia/Vladivostok"),
    ("хабаровск", "Asia/Vladivostok"), ("еврейск", "Asia/Vladivostok"),
    # UTC+12
    ("камчат", "Asia/Kamchatka"), ("чукот", "Asia/Anadyr"),
)


def region_timezone(region: str | None) -> str | None:
    """IANA zone of a Russian region named `region`, or None when the name tells no zone.

    Regions on Moscow time are not listed one by one: None lets the caller use its default
    (``MUNEWS_TIMEZONE``, Moscow unless set), which is right for them.
    """
    if not region:
        return None
    lowered = region.lower().replace("ё", "е")
    for stem, zone in _STEMS:
        if stem in lowered:
            return zone
    return None
