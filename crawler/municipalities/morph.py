"""Russian morphology for the few words around a kind word: pymorphy3, loaded once, cached.

Only the words next to an anchor are parsed (a handful per article), and each distinct word
once per process (`functools.lru_cache`), so the analyzer's cost stays off the crawl.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from crawler.municipalities.vocab import FIXED_PREFIXES

_MORPH: Any = None
_INDECLINABLE = re.compile(r"(?:ово|ёво|ево|ино|ыно)$")  # «в с. Селиярово»: such names do not decline
_PLACE_ADJECTIVE = re.compile(r"[сц]к(ого|ому|ом|им|ой|ая|ую|ое|ий|ые|ие|ых|их|ыми|ими|ым|ий)$")
_OBLIQUE = re.compile(r"(?:[^аеиоуыэюяь]е|у|ом|ем|ой|ей|ах|ях|ами)$")
_ADJECTIVE_END = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ой|ей|ую|юю|ых|их|ыми|ими)$")


def _analyzer() -> Any:
    global _MORPH
    if _MORPH is None:  # loading the dictionaries takes a moment: only when first needed
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


@lru_cache(maxsize=50_000)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's parses of `word` (lowercased), best first."""
    return tuple(_analyzer().parse(word.lower()))


def restore_case(original: str, produced: str) -> str:
    """`produced` spelled with the capitals of `original`, part by hyphenated part."""
    old, new = original.split("-"), produced.split("-")
    if len(old) != len(new):
        return produced[:1].upper() + produced[1:] if original[:1].isupper() else produced
    return "-".join(n[:1].upper() + n[1:] if o[:1].isupper() else n for o, n in zip(old, new, strict=True))


def adjective_parses(word: str) -> list[Any]:
    return [p for p in parses(word) if p.tag.POS == "ADJF"]


@lru_cache(maxsize=50_000)
def is_adjective(word: str) -> bool:
    """Whether `word` (its last hyphenated part) reads as a full adjective.

    A surname declined as an adjective counts («Каменского» is both), and so does a word the
    dictionary does not know with an adjective's ending («Энгельсского»).
    """
    last = word.rsplit("-", 1)[-1]
    if not _ADJECTIVE_END.search(last.lower()):
        return False
    if adjective_parses(word) or adjective_parses(last):
        return True
    return any("Surn" in p.tag for p in parses(last)) and bool(_PLACE_ADJECTIVE.search(last.lower())) \
        or not _analyzer().word_is_known(last.lower())


def is_generic_adjective(word: str) -> bool:
    """«Лучшее», «Всех», «Первое»: superlatives, pronouns and ordinals name no place."""
    found = adjective_parses(word)
    return bool(found) and bool({"Supr", "Apro", "Anum"} & set(found[0].tag.grammemes))


def _by_suffix(word: str, gender: str, plural: bool) -> str:
    """«Каменского» -> «Каменский» / «Каменское» when the dictionary has it only as a surname."""
    match = _PLACE_ADJECTIVE.search(word)
    if not match:
        return word
    stem = word[: match.start(1)]
    ending = "ие" if plural else {"masc": "ий", "neut": "ое", "femn": "ая"}[gender]
    return stem + ending


def _inflect(parse: Any, grammemes: set[str]) -> str | None:
    form = parse.inflect(grammemes)
    return None if form is None else str(form.word)


@lru_cache(maxsize=20_000)
def adjective_nominative(word: str, gender: str, plural: bool = False) -> str:
    """«Чайковского» -> «Чайковский», «Усть-Кутском» -> «Усть-Кутское» (for `gender`)."""
    grammemes = {"nomn", "plur"} if plural else {"nomn", "sing", gender}
    head, _, last = word.rpartition("-")
    candidates = [(p, "") for p in adjective_parses(word)]
    if head and (not candidates or head.lower() in FIXED_PREFIXES):
        candidates = [(p, head + "-") for p in adjective_parses(last)]
    for parse, prefix in candidates:
        form = _inflect(parse, grammemes)
        if form:
            return restore_case(word, prefix + form if prefix else form)
    return _by_suffix(word, gender, plural)


def _noun_nominative(word: str) -> tuple[str, str, bool]:
    """A place noun in the nominative, with its gender and whether it is plural.

    A word the dictionary does not know is taken as written unless it ends as no nominative
    does («в пос. Невон», «д. Большие Катраси», but «в г. Лянторе»): official style names
    settlements in the nominative after their kind.
    """
    low = word.lower()
    nouns = [p for p in parses(word) if p.tag.POS == "NOUN"]
    known = _analyzer().word_is_known(low)
    if _INDECLINABLE.search(low) or not known and not _OBLIQUE.search(low):
        return word, "femn" if low.endswith(("а", "я")) else "masc", low.endswith(("ы", "и"))
    geox = [p for p in nouns if "Geox" in p.tag] or nouns
    if not geox:
        return word, "masc", False
    nominative = [p for p in geox if "nomn" in p.tag]
    pick = (nominative or geox)[0]
    plural = "plur" in pick.tag and "Sgtm" not in pick.tag
    gender = str(pick.tag.gender or "masc")
    if nominative:
        return word, gender, plural
    form = _inflect(pick, {"nomn", "plur"} if plural else {"nomn"})
    return restore_case(word, form) if form else word, gender, plural


def place_adjective(word: str, gender: str) -> str:
    """An adjective name of a settlement («в пос. Майском», «ст-це Ленинградской»)."""
    found = adjective_parses(word)
    own = [p for p in found if p.tag.gender == gender or "plur" in p.tag]
    if any("nomn" in p.tag for p in own) or (not own and any("nomn" in p.tag for p in found)):
        return word
    for parse in own or found:
        plural = "plur" in parse.tag
        form = _inflect(parse, {"nomn", "plur"} if plural else {"nomn", "sing", str(parse.tag.gender or gender)})
        if form:
            return restore_case(word, form)
    return word


def _hyphenated_place(word: str, gender: str) -> str:
    """«Железногорске-Илимском» -> «Железногорск-Илимский»; «Комсомольске-на-Амуре» keeps its tail."""
    parts = word.split("-")
    out: list[str] = []
    noun_gender = gender
    for index, part in enumerate(parts):
        low = part.lower()
        if low == "на" or (index < len(parts) - 1 and (low in FIXED_PREFIXES or low.endswith("о"))):
            out.extend(parts[index:] if low == "на" else [part])
            if low == "на":
                break
            continue
        if is_adjective(part) and index:
            out.append(adjective_nominative(part, noun_gender))
        else:
            noun, noun_gender, _ = _noun_nominative(part)
            out.append(noun)
    return "-".join(out)


@lru_cache(maxsize=20_000)
def place_nominative(words: tuple[str, ...], gender: str) -> str:
    """The nominative of a settlement's name of one or two words, agreeing as Russian does."""
    if len(words) == 2:
        noun, noun_gender, plural = _noun_nominative(words[1])
        return f"{_agree(words[0], noun_gender, plural)} {noun}"
    word = words[0]
    whole = [p for p in parses(word) if p.tag.POS == "NOUN" and "Geox" in p.tag and _in_dictionary(p)]
    if "-" in word and not whole:
        return _hyphenated_place(word, gender)
    if "-" in word:
        return _noun_nominative(word)[0]
    if is_adjective(word) and not whole:
        return place_adjective(word, gender)
    return _noun_nominative(word)[0]


def _in_dictionary(parse: Any) -> bool:
    """Whether the parse is the dictionary's own, not a guess from the word's parts."""
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def _agree(adjective: str, gender: str, plural: bool) -> str:
    found = adjective_parses(adjective)
    if any("nomn" in p.tag and (("plur" in p.tag) == plural) for p in found):
        return adjective
    return adjective_nominative(adjective, gender, plural)


@lru_cache(maxsize=20_000)
def geox_noun(word: str) -> Any:
    """The best place-name parse of a capitalised word, or None (a person's name wins)."""
    found = parses(word)
    if not found or found[0].tag.POS != "NOUN":
        return None
    if {"Name", "Surn", "Patr"} & set(found[0].tag.grammemes):
        return None
    for parse in found:
        if "Geox" in parse.tag and parse.score >= 0.2:  # a weak guess is no place
            return parse
    return None
