"""The registry of template families: renderer, page count, encodings and date situations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kit import Ctx
import families_a as fa
import families_b as fb


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
    "dle": Family(fb.dle, 8, ("cp1251", "utf-8"), ("normal", "relative", "listing", "url")),
    "ucoz": Family(fb.ucoz, 7, ("cp1251",), ("normal", "listing", "url")),
}
