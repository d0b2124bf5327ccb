"""Municipalities an article is about, found in its title and body, named in the nominative.

    find_municipalities("Опыт Чайковского городского округа", "…в г. Кунгуре…", "Пермский край")
    -> [Municipality("Чайковский городской округ", "городской округ", "Пермский край"),
        Municipality("Кунгур", "город", "Пермский край")]

Three finders, cheapest first, each parsing only the words next to what it anchors on:
kind words before or after a name (`anchors`: «…ского района», «городской округ «…»», «МО»,
«с/п», «сельсовет»), settlement abbreviations and words («г.», «пос.», «с.», «д.», «ст-ца»),
then towns the morphological dictionary knows («в Кунгуре», `places`). Regions, federal cities,
the associations («Совет муниципальных образований Пермского края»), people and streets are
not municipalities. Names are the nominative of what the text writes: a district is
«Белгородский район» however written (`vocab.POSTFIX_KINDS`).
"""

from __future__ import annotations

from crawler.municipalities.anchors import kind_mentions, settlement_mentions
from crawler.municipalities.places import town_mentions
from crawler.municipalities.regional import assign_regions, region_mentions
from crawler.municipalities.text import Mention, Tokens, normal_key
from indexer.documents import Municipality

__all__ = ["find_municipalities"]


def find_municipalities(title: str, text: str, region: str = "") -> list[Municipality]:
    """The municipalities `title` and `text` mention, by first mention, each once.

    `region` is the source's region (`Article.region`); see `regional` for when it is given.
    """
    whole = f"{title}\n{text}" if title else text
    tokens = Tokens(whole)
    regions = region_mentions(whole)
    mentions = kind_mentions(tokens)
    kind_spans = [(m.start, m.end) for m in mentions]
    mentions += [m for m in settlement_mentions(tokens) if not _within(kind_spans, m)]
    taken = [(m.start, m.end) for m in mentions] + [(start, end) for start, end, *_ in regions]
    mentions += town_mentions(tokens, taken)
    mentions = [m for m in mentions if m.type]
    mentions.sort(key=lambda m: m.start)
    default = assign_regions(mentions, regions, region, whole)
    return _distinct(mentions, default)


def _within(spans: list[tuple[int, int]], mention: Mention) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def _distinct(mentions: list[Mention], default: str) -> list[Municipality]:
    """One entry per municipality (name and type), where first mentioned; a stated region wins."""
    order: list[tuple[str, str]] = []
    first: dict[tuple[str, str], Mention] = {}
    stated: dict[tuple[str, str], str] = {}
    for mention in mentions:
        key = (normal_key(mention.name), mention.type)
        if key not in first:
            order.append(key)
            first[key] = mention
        if mention.region and key not in stated:
            stated[key] = mention.region
    return [Municipality(first[key].name, first[key].type, stated.get(key, default)) for key in order]
