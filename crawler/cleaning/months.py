"""Month names: Russian and English by stem, the other European languages by whole word.

Russian month names decline («февраля», «феврале», «февраль») and English ones are
abbreviated freely, so both are told by their first letters. German, French, Spanish,
Italian, Portuguese and Dutch names (news pages abroad, peers' test suites) are matched as
whole words or standard abbreviations: their short stems («gen», «set», «ago», «out») are
ordinary words, and a stem match would read «5 set 2019» or «3 out 2020» as dates.
"""

from __future__ import annotations

#: Month stems: genitive («февраля»), nominative («февраль»), abbreviations («фев.»), English.
MONTH_STEMS: tuple[tuple[str, int], ...] = (
    ("янв", 1), ("фев", 2), ("мар", 3), ("апр", 4), ("мая", 5), ("май", 5), ("июн", 6),
    ("июл", 7), ("авг", 8), ("сен", 9), ("окт", 10), ("ноя", 11), ("дек", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("may", 5), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
)

_WORDS_BY_MONTH: tuple[str, ...] = (
    # de, fr, es, it, pt, nl (whole words and their usual abbreviations)
    "januar jänner janvier janv enero ene gennaio gen janeiro januari",
    "februar feber février févr fevr fév fev febrero febbraio fevereiro februari",
    "märz maerz mars marzo março marco maart mrt",
    "avril avr abril abr aprile",
    "mai mayo maggio mag maio mei",
    "juni juin junio giugno giu junho",
    "juli juillet juil julio luglio lug julho",
    "august août aout agosto ago augustus",
    "sept septembre septiembre settembre sett setembro set",
    "oktober okt octobre octubre ottobre ott outubro out",
    "novembre noviembre novembro",
    "dezember dez décembre déc diciembre dic dicembre dezembro",
)
MONTH_WORDS: dict[str, int] = {
    word: number for number, words in enumerate(_WORDS_BY_MONTH, start=1) for word in words.split()
}


#: English month names and abbreviations: the only ones read in month-first order
#: («December 5, 2019»); elsewhere the day comes first.
ENGLISH_MONTHS: dict[str, int] = {
    word: number for number, words in enumerate((
        "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
        "august aug", "september sept sep", "october oct", "november nov", "december dec",
    ), start=1) for word in words.split()
}


def english_month(word: str) -> int | None:
    """1..12 for an English month name or abbreviation («Dec.», «September»), else None."""
    return ENGLISH_MONTHS.get(word.lower().rstrip("."))


def month_number(word: str) -> int | None:
    """1..12 for a month name in any case form (see the module's docstring), else None."""
    lowered = word.lower().rstrip(".")
    found = MONTH_WORDS.get(lowered)
    if found is not None:
        return found
    for stem, number in MONTH_STEMS:
        if lowered.startswith(stem):
            return number
    return None
