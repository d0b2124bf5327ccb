"""Municipalities told by a kind word: «Чайковского городского округа», «МО «Ухта»», «в г. Кунгуре».

The kind words are found by one regular expression over the whole text; only the one to
three words beside each are parsed. A name before the kind is a capitalised adjective (or
several, coordinated before a plural kind: «в Корочанском и Яковлевском районах»); a name
after it is «quoted» or capitalised and already in the nominative in official style
(«городского округа Тольятти»).
"""

from __future__ import annotations

import re

from crawler.municipalities import morph
from crawler.municipalities.text import Mention, Tokens, quoted_after
from crawler.municipalities.vocab import (
    FEDERAL_CITIES,
    GENERIC_ADJECTIVES,
    KIND_RE,
    NOT_DISTRICT_NEXT,
    PLURAL_RE,
    POSTFIX_KINDS,
    PREFIX_KINDS,
    SETTLEMENT_KINDS,
    SETTLEMENT_RE,
)

_KIND_INSIDE = re.compile(r"(?:район|округ|поселени|сельсовет)\w*\s*$", re.IGNORECASE)
_REGION_WORD = re.compile(r"^(?:кра[йяюе]|краем|област[иьюей]|обл|республик\w*|округа)$")
_PLURAL_ADJECTIVE = re.compile(r"^\w+(?:ие|ые|их|ых|ими|ыми)\s")
_COORDINATION = frozenset({"и", ","})


def kind_mentions(tokens: Tokens) -> list[Mention]:
    """Every municipality named with its kind of municipality (район, округ, поселение…)."""
    found: list[Mention] = []
    for match in KIND_RE.finditer(tokens.text):
        group = match.lastgroup or ""
        postfix = _before_kind(tokens, match, group)
        if postfix:
            found.extend(postfix)
        elif _names_follow(match, group):
            mention = _after_kind(tokens, match, group)
            if mention:
                found.append(mention)
    return found


def _names_follow(match: re.Match[str], group: str) -> bool:
    """Whether a name may follow the kind: singular, and a district only as «муниципальный район
    X» («в Кировском районе Новосибирска» names no district «Новосибирск»)."""
    if group not in PREFIX_KINDS or _plural(match.group()):
        return False
    return group != "mr" or match.group().lower().startswith("муниципальн")


def _name_adjective(tokens: Tokens, index: int) -> bool:
    """Whether token `index` can be a municipality's adjective name («Кунгурского»)."""
    if index < 0 or not tokens.capitalised(index) or not morph.is_adjective(tokens.words[index]):
        return False
    word = tokens.words[index].lower()
    if word in GENERIC_ADJECTIVES or morph.is_generic_adjective(word):
        return False
    # First in a sentence, only a word made of a place («…ский») is a name: «Крупные округа» is not.
    return not tokens.sentence_initial(index) or bool(re.search(r"[сц]к(?:ий|ого|ому|им|ом|ое|ая|ие|их|ое|ой)$", word))


def _before_kind(tokens: Tokens, match: re.Match[str], group: str) -> list[Mention]:
    """«Чайковского городского округа», «в Белгородском и Яковлевском районах»."""
    kind_nominative, kind_type, gender = POSTFIX_KINDS[group]
    first = tokens.index_at(match.start())
    index = first - 1
    if index < 0 or not tokens.adjacent(index, first) or not _name_adjective(tokens, index):
        return []
    if group == "mr" and _city_district(tokens, match.end()):
        return []
    names = [index]
    if re.search(r"(?:ие|ые|их|ых|ими|ыми)$", tokens.words[index]):
        return []  # «Томские поселения»: a plural adjective before a kind is a region's, not a name
    if _plural(match.group()):
        cursor = index - 1
        while cursor >= 1 and tokens.words[cursor] in _COORDINATION:
            cursor -= 2 if tokens.words[cursor - 1] in _COORDINATION else 1  # «, и»
            if not _name_adjective(tokens, cursor):
                break
            names.append(cursor)
            cursor -= 1
        if len(names) == 1:  # «Томские поселения изучают опыт»: a region's settlements, no name
            return []
    found = []
    for position in reversed(names):
        word = tokens.words[position]
        this_kind, this_type, this_gender = kind_nominative, kind_type, gender
        if group == "moabbr" and word.lower().endswith(("ое", "ее")):  # «Усть-Кутское МО»
            this_kind, this_type, this_gender = "муниципальное образование", "поселение", "neut"
        name = f"{morph.adjective_nominative(word, this_gender)} {this_kind}"
        found.append(Mention(tokens.starts[position], match.end(), name, this_type))
    return found


def _plural(kind: str) -> bool:
    """«районах», «городских округов», «сельские поселения»: several names may come before."""
    return bool(PLURAL_RE.search(kind.split()[-1]) or _PLURAL_ADJECTIVE.match(kind.lower()))


def _city_district(tokens: Tokens, end: int) -> bool:
    """«Кировском районе Новосибирска», «района электрических сетей»: no municipality."""
    following = tokens.index_at(end)
    if following >= len(tokens):
        return False
    word = tokens.words[following]
    if word.lower() in NOT_DISTRICT_NEXT or (word == "г" and tokens.text[tokens.ends[following]:][:1] == "."):
        return True
    parse = morph.geox_noun(word) if word[:1].isupper() else None
    return parse is not None and "gent" in parse.tag


def _after_kind(tokens: Tokens, match: re.Match[str], group: str) -> Mention | None:
    """«городской округ «Город Лесной»», «МО «Ухта»», «городского округа Тольятти»."""
    kind_nominative, kind_type = PREFIX_KINDS[group]
    quoted = quoted_after(tokens.text, match.end())
    if quoted:
        inside, end = quoted
        if _KIND_INSIDE.search(inside):  # «МО «Выборгский район»»: the district is found by itself
            return None
        return Mention(match.start(), end, f"{kind_nominative} «{inside}»", kind_type)
    index = tokens.index_at(match.end())
    if index >= len(tokens) or not tokens.adjacent(index - 1, index) or not tokens.capitalised(index):
        return None
    words = [tokens.words[index]]
    following = tokens.words[index + 1] if index + 1 < len(tokens) else ""
    two_words = morph.is_adjective(words[0]) and bool(following) and not morph.is_adjective(following)
    if tokens.capitalised(index + 1) and (words[0] == "ЗАТО" or two_words):
        words.append(tokens.words[index + 1])  # «ЗАТО Северск», «Верхняя Пышма»
    after = index + len(words)
    if after < len(tokens) and (_REGION_WORD.match(tokens.words[after].lower())
                                or KIND_RE.match(tokens.text, tokens.starts[after])):
        return None  # «Совет МО Пермского края», «муниципального района Стерлитамакский район»
    if words[0].lower() in ("город", "г") or not words[0][1:2].islower() and words[0] != "ЗАТО":
        return None
    name = words[0] + " " + words[1] if words[0] == "ЗАТО" else morph.place_nominative(tuple(words), "masc")
    return Mention(match.start(), tokens.ends[after - 1], f"{kind_nominative} {name}", kind_type)


def settlement_mentions(tokens: Tokens) -> list[Mention]:
    """Towns and villages named after their kind: «г. Кунгур», «в пос. Майском», «ст-це Ленинградской»."""
    found = []
    for match in SETTLEMENT_RE.finditer(tokens.text):
        previous = tokens.index_ending_before(match.start())
        if previous >= 0 and tokens.words[previous].isdigit():  # «2024 г. Администрация…»: a year
            continue
        kind_type, gender = SETTLEMENT_KINDS[match.lastgroup or ""]
        mention = _settlement_name(tokens, match.end(), kind_type, gender)
        if mention:
            found.append(Mention(match.start(), mention.end, mention.name, kind_type))
    return found


def _settlement_name(tokens: Tokens, offset: int, kind_type: str, gender: str) -> Mention | None:
    quoted = quoted_after(tokens.text, offset)
    if quoted:
        return Mention(offset, quoted[1], quoted[0], kind_type)
    index = tokens.index_at(offset)
    if index >= len(tokens) or not tokens.capitalised(index) or not tokens.words[index][1:2].islower():
        return None
    words = [tokens.words[index]]
    following = index + 1
    if (morph.is_adjective(words[0]) and tokens.capitalised(following) and tokens.adjacent(index, following)
            and tokens.words[following][1:2].islower() and not morph.is_adjective(tokens.words[following])
            and not KIND_RE.match(tokens.text, tokens.starts[following])):
        words.append(tokens.words[following])  # «Нижнем Тагиле», «Новая Игирма»
    name = morph.place_nominative(tuple(words), gender)
    if name.lower().replace("ё", "е") in FEDERAL_CITIES:
        return None
    return Mention(offset, tokens.ends[index + len(words) - 1], name, kind_type)
