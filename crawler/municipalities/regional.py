"""Which region a municipality is in: said next to it, or the source's when nothing says otherwise.

«Тихвинского района Ленинградской области» fixes the region in the text; otherwise the
source's region (`Article.region`, e.g. «Пермский край») is given only when the article names
no other region: a Belgorod article about a club shared with Saratov leaves its districts'
region empty rather than guess. A federal source («Российская Федерация», a federal district)
gives none. Regions are told apart by a distinctive stem, as `indexer.regions` does.
"""

from __future__ import annotations

import re

from crawler.municipalities import morph
from crawler.municipalities.text import Mention

_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
REGION_RE = re.compile(
    r"(?<![\w-])(?:"
    rf"(?P<adj>{_NAME})\s+(?P<kind>област(?:ь|и|ью|ей)|обл\.|кра(?:й|я|ю|ем|е)|автономн[а-я]+\s+округ(?:а|у|ом|е)?)"
    rf"|Республик(?:а|и|е|у|ой)\s+(?P<rep>{_NAME}(?:\s+Эл)?(?:\s+\({_NAME}\))?)"
    r"|(?P<adjrep>[А-ЯЁ][а-яё]+ая|[А-ЯЁ][а-яё]+ой|[А-ЯЁ][а-яё]+ую)\s+Республик(?:а|и|е|у|ой)"
    r"|(?P<abbr>ХМАО|ЯНАО)"
    r")(?:\s+[–—-]\s+(?P<tail>Югр[а-я]*|Кузбасс[а-я]*))?(?![\w-])"
)
_KIND_NOMINATIVE = (("област", "область", "femn"), ("обл", "область", "femn"), ("кра", "край", "masc"),
                    ("автономн", "автономный округ", "masc"))
_GENERIC = frozenset({"область", "обл", "край", "республика", "автономный", "округ", "югра", "кузбасс"})
_SYNONYMS = {"хмао": "ханты", "янао": "ямало", "якути": "саха"}
_ENDS_AS_REGION = re.compile(r"(?:област|обл\.|кра[йяю]|республик|автономн|хмао|янао|югр)", re.IGNORECASE)


def region_key(name: str) -> str | None:
    """A region's distinctive stem («перм» for «Пермского края»), None for no region."""
    if not name or not _ENDS_AS_REGION.search(name):
        return None
    words = re.findall(r"[а-яё]+(?:-[а-яё]+)*", name.lower().replace("ё", "е"))
    for word in words:
        if word not in _GENERIC and not word.startswith(("област", "кра", "республик", "автономн", "югр")):
            stem = word[:5]
            return str(_SYNONYMS.get(stem, _SYNONYMS.get(word, stem)))
    return None


def _nominative(match: re.Match[str]) -> str:
    tail = f" – {match.group('tail')[:3]}а" if match.group("tail") else ""
    if match.group("tail") and match.group("tail").startswith("Кузбасс"):
        tail = " – Кузбасс"
    if match.group("abbr"):
        return match.group("abbr")
    if match.group("rep"):
        return f"Республика {match.group('rep')}"
    if match.group("adjrep"):
        return f"{morph.adjective_nominative(match.group('adjrep'), 'femn')} Республика"
    kind = match.group("kind").lower()
    for stem, nominative, gender in _KIND_NOMINATIVE:
        if kind.startswith(stem):
            return f"{morph.adjective_nominative(match.group('adj'), gender)} {nominative}{tail}"
    return match.group()


def region_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """Every region named in `text`: (start, end, name in the nominative, key)."""
    found = []
    for match in REGION_RE.finditer(text):
        key = region_key(match.group())
        if key:
            found.append((match.start(), match.end(), _nominative(match), key))
    return found


def assign_regions(mentions: list[Mention], regions: list[tuple[int, int, str, str]], source_region: str,
                   text: str) -> str:
    """Set each mention's region when the text says it; return the region for all the others."""
    source_key = region_key(source_region)
    by_start = {start: (end, name, key) for start, end, name, key in regions}
    mention_at = {m.start: m for m in mentions}
    for mention in mentions:
        position, hops = mention.end, 0
        while hops < 4:  # «…поселения Тихвинского района Ленинградской области»
            while position < len(text) and text[position] in " \u00a0,":
                position += 1
            if position in by_start:
                _, name, key = by_start[position]
                mention.region = source_region if key == source_key else name
                break
            following = mention_at.get(position)
            if following is None:
                break
            position, hops = following.end, hops + 1
    if source_key is None or any(key != source_key for *_, key in regions):
        return ""
    return source_region
