"""Towns named without a kind word: «в Кунгуре», «Мэр Хабаровска», «Березники: итоги».

A capitalised noun that the morphological dictionary knows as a place name (pymorphy3's
``Geox``), unless it is a region, country, river or the like (`vocab.NOT_MUNICIPAL`), follows
a street or river word, or is someone's name. Names the dictionary does not know are not
guessed: precision first, the kind-word finders bring the rest.
"""

from __future__ import annotations

from bisect import bisect_right

from crawler.municipalities import morph
from crawler.municipalities.text import Mention, Tokens
from crawler.municipalities.vocab import FEDERAL_CITIES, GENERIC_ADJECTIVES, NOT_MUNICIPAL, NOT_MUNICIPAL_BEFORE


def town_mentions(tokens: Tokens, taken: list[tuple[int, int]]) -> list[Mention]:
    """Towns among the capitalised words outside the spans already `taken`."""
    found = []
    occupied = sorted(taken)
    starts = [start for start, _ in occupied]
    for index, word in enumerate(tokens.words):
        if not word[:1].isupper() or not word[1:2].islower() or _inside(occupied, starts, tokens.starts[index]):
            continue
        parse = morph.geox_noun(word) or ("-" in word and morph.geox_noun(word.split("-")[0]))
        if not parse:
            continue
        lemma = str(parse.normal_form).replace("ё", "е")
        if lemma in NOT_MUNICIPAL or lemma in FEDERAL_CITIES or _after_non_municipal(tokens, index) \
                or lemma.endswith("ье"):  # «Оренбуржье», «Белогорье»: a region as people call it
            continue
        start, words = tokens.starts[index], [word]
        before = index - 1
        if (before >= 0 and tokens.capitalised(before) and tokens.adjacent(before, index)
                and morph.is_adjective(tokens.words[before])
                and tokens.words[before].lower() not in GENERIC_ADJECTIVES
                and not _inside(occupied, starts, tokens.starts[before])):
            start, words = tokens.starts[before], [tokens.words[before], word]  # «Нижнем Тагиле»
        found.append(Mention(start, tokens.ends[index], morph.place_nominative(tuple(words), "masc"), "город"))
    return found


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether `offset` falls in one of `spans` (sorted; `starts` their starts): the last few
    spans starting before it are enough, as spans overlap only within one coordination."""
    index = bisect_right(starts, offset)
    return any(start <= offset < end for start, end in spans[max(0, index - 4): index])


def _after_non_municipal(tokens: Tokens, index: int) -> bool:
    """«ул. Пермская», «реки Камы», «станции Тихвин»: the word before says it is no town."""
    if index == 0:
        return False
    previous = tokens.words[index - 1].lower()
    if previous == "." and index >= 2:
        previous = tokens.words[index - 2].lower() + "."
    return previous in NOT_MUNICIPAL_BEFORE
