"""Russian number agreement for the words the CLI and the page print beside a count."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, one: str, few: str, many: str) -> str:
    """``count`` with its noun agreed: 1 источник, 3 источника, 5 / 11 / 112 источников."""
    tens, ones = abs(count) % 100, abs(count) % 10
    word = many if 11 <= tens <= 14 else one if ones == 1 else few if 2 <= ones <= 4 else many
    return f"{count} {word}"
