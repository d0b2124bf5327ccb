"""The registry of template families: renderer, page count, encodings and date situations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import families_a as fa
import families_b as fb
import families_c as fc
from kit import Ctx


@dataclass(frozen=True)
class Family:
    """How many pages of one CMS family to render, and what that CMS can produce."""

    render: Callable[[Ctx], str]
    count: int
    encodings: tuple[str, ...] = ("utf-8",)
    date_modes: tuple[str, ...] = ("normal", "updated", "listing", "url")


FAMILIES: dict[str, Family] = {
    "wordpress_classic": Family(fa.wp_classic, 8),
    "bitrix": Family(fa.bitrix, 8, ("utf-8", "cp1251"), ("normal", "updated", "listing")),
    "joomla": Family(fa.joomla, 9, date_modes=("normal", "updated", "listing")),
    "dle": Family(fb.dle, 9, ("cp1251", "cp1251", "utf-8"), ("normal", "relative", "listing", "url")),
    "ucoz": Family(fb.ucoz, 7, ("cp1251",), ("normal", "listing", "url")),
    "tilda": Family(fb.tilda, 7, date_modes=("normal", "listing")),
    "table_layout": Family(fb.table_layout, 7, ("cp1251",), ("normal", "listing")),
    "wordpress_magazine": Family(fc.wp_magazine, 7, date_modes=("normal", "updated", "listing")),
    "gov_portal": Family(fc.gov_portal, 9, ("utf-8",), ("normal", "updated")),
    "gosweb": Family(fc.gosweb, 7, date_modes=("normal", "listing")),
    "modx": Family(fc.modx, 7, ("utf-8", "cp1251"), ("normal", "listing")),
    "drupal": Family(fc.drupal, 8, date_modes=("normal", "listing")),
    "static_ssg": Family(fc.static_ssg, 7, date_modes=("normal", "url")),
}
