"""Words that mark a municipality, and the place names that are not one.

Kept apart from the matching code, in the style of `crawler/cleaning_rules.py`: each list
says why it is there. Everything is compared lowercased, «ё» read as «е».
"""

from __future__ import annotations

import re

#: Kinds named after the name («Чайковский городской округ»): the group name of the anchor
#: regex -> (the kind as written in the nominative, the type of `Municipality`, its gender).
#: A district is named «… район» whether the text says «муниципальный район», «МР» or «р-н»:
#: one district, one facet value.
POSTFIX_KINDS: dict[str, tuple[str, str, str]] = {
    "mr": ("район", "муниципальный район", "masc"),
    "mo": ("муниципальный округ", "муниципальный округ", "masc"),
    "go": ("городской округ", "городской округ", "masc"),
    "gp": ("городское поселение", "городское поселение", "neut"),
    "sp": ("сельское поселение", "сельское поселение", "neut"),
    "ss": ("сельсовет", "сельское поселение", "masc"),
    "mobr": ("муниципальное образование", "поселение", "neut"),
    "pos": ("поселение", "поселение", "neut"),
    # «МО» after a name: a муниципальный округ, or an образование when the name is neuter.
    "moabbr": ("муниципальный округ", "муниципальный округ", "masc"),
}

#: The same kinds put before the name («городской округ «Город Лесной»», «МО «Ухта»»).
PREFIX_KINDS: dict[str, tuple[str, str]] = {
    "mr": ("муниципальный район", "муниципальный район"),
    "mo": ("муниципальный округ", "муниципальный округ"),
    "go": ("городской округ", "городской округ"),
    "gp": ("городское поселение", "городское поселение"),
    "sp": ("сельское поселение", "сельское поселение"),
    "mobr": ("муниципальное образование", "поселение"),
    "moabbr": ("муниципальное образование", "поселение"),
}

_NOUN_ENDINGS = r"(?:а|у|ом|е|ы|ов|ам|ами|ах)?"
_NEUTER_ENDINGS = r"(?:е|я|ю|ем|и|й|ям|ями|ях)"
_ADJ = r"[а-яё]+"

#: One alternative per kind; the leftmost, longest alternative wins, so «городского
#: поселения» is read before a bare «поселения». Abbreviations are case-sensitive.
KIND_RE = re.compile(
    r"(?<![\w-])(?:"
    rf"(?P<mr>(?:[Мм]униципальн{_ADJ}\s+)?район{_NOUN_ENDINGS}|р-н(?:а|е|у|ом)?|МР)"
    rf"|(?P<mo>[Мм]униципальн{_ADJ}\s+округ(?:а|у|ом|е|и|ов|ам|ами|ах)?)"
    rf"|(?P<go>[Гг]ородск{_ADJ}\s+округ(?:а|у|ом|е|и|ов|ам|ами|ах)?|ГО)"
    rf"|(?P<gp>[Гг]ородск{_ADJ}\s+поселени{_NEUTER_ENDINGS}|г/п|ГП)"
    rf"|(?P<sp>[Сс]ельск{_ADJ}\s+поселени{_NEUTER_ENDINGS}|с/п|СП)"
    rf"|(?P<ss>[Сс]ельсовет{_NOUN_ENDINGS})"
    rf"|(?P<mobr>[Мм]униципальн{_ADJ}\s+образовани{_NEUTER_ENDINGS})"
    r"|(?P<moabbr>МО)"
    rf"|(?P<pos>поселени{_NEUTER_ENDINGS})"
    r")(?![\w-])"
)

#: Plural forms of the kind nouns: a plural kind may follow several coordinated names
#: («в Корочанском и Яковлевском районах»), and is never followed by a single name.
PLURAL_RE = re.compile(r"(?:ы|ов|ам|ами|ах|ий|ям|ями|ях)$")

#: Settlements named after their kind: the word (or abbreviation) -> type. Abbreviations are
#: lowercase only: «С. В. Рахманинов» is a person's initials, «с. Самбек» a village.
SETTLEMENT_RE = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<town>г\.|гор\.|[Гг]ород(?:а|у|ом|е)?(?:-курорт(?:а|у|ом|е)?)?)"
    r"|(?P<settle>пос\.|п\.|пгт\.?|рп\.?|р\.\s?п\.|[Пп]ос[её]л(?:ок|ка|ку|ком|ке))"
    r"|(?P<village>с\.|[Сс]ел(?:о|а|у|ом|е))"
    r"|(?P<hamlet>д\.|дер\.|[Дд]еревн(?:я|и|е|ю|ей))"
    r"|(?P<other>х\.|[Хх]утор(?:а|у|ом|е)?|аул(?:а|е)?|[Сс]лобод(?:а|ы|е))"  # not in the type list: kept out
    r"|(?P<stanitsa>ст-ц(?:а|ы|е|у|ей)|[Сс]таниц(?:а|ы|е|у|ей)|ст\.(?=\s*[А-ЯЁ][а-яё]+(?:ская|ской|скую|цкая|цкой)\b))"
    r")(?=\s*[«\"„“]?[А-ЯЁ])"
)

SETTLEMENT_KINDS: dict[str, tuple[str, str]] = {
    # group -> (type, gender of the kind noun: an adjective name agrees with it)
    "town": ("город", "masc"),
    "settle": ("посёлок", "masc"),
    "village": ("село", "neut"),
    "hamlet": ("деревня", "femn"),
    "stanitsa": ("станица", "femn"),
    "other": ("", "masc"),  # a хутор or an аул: found so that the town finder skips it, not shown
}

#: What follows «… район» when it is not a municipality: a city's district («в Кировском
#: районе Новосибирска» is told by the city after it) or a utility («район электрических сетей»).
NOT_DISTRICT_NEXT = frozenset({"города", "г.", "сетей", "электрических", "тепловых", "газовых"})

#: Capitalised adjectives that start a sentence without naming a place («Крупные городские
#: округа», «Все сельские поселения»): rejected when they come first in a sentence.
GENERIC_ADJECTIVES = frozenset({
    "все", "всех", "крупные", "малые", "новые", "другие", "отдельные", "некоторые", "соседние",
    "многие", "остальные", "сельские", "городские", "муниципальные", "наши", "эти", "такие",
    "лучшие", "ряд", "каждый", "каждое", "каждом", "любой", "этот", "это", "том", "нашем",
    "центральные", "ближайшие", "приграничные", "пилотные", "отдаленные", "отдалённые",
})

#: Place names that are no municipality: Russia's regions and macro-regions as spoken, the
#: federal cities (regions themselves), countries, seas, rivers, lakes and mountains that
#: municipal news names. Lemmas, lowercased.
_NOT_MUNICIPAL_WORDS = """
россия рф москва санкт-петербург петербург питер севастополь крым кубань ставрополье
прикамье подмосковье приангарье забайкалье приморье поволжье урал сибирь кавказ
саха кузбасс югра ямал камчатка чукотка сахалин якутия бурятия тыва тува хакасия алтай
башкирия башкортостан татарстан чувашия удмуртия мордовия марий коми карелия адыгея
дагестан ингушетия чечня калмыкия осетия кабардино-балкария карачаево-черкесия
донбасс новороссия заполярье арктика европа азия африка америка
беларусь белоруссия казахстан китай украина армения азербайджан грузия узбекистан
киргизия кыргызстан таджикистан туркмения абхазия молдавия молдова монголия индия
турция иран германия франция италия сербия вьетнам египет куба корея япония сша
волга кама обь енисей лена амур дон нева ока иртыш урал днепр ангара тобол печора
двина сухона вычегда чусовая сылва кубань терек селенга колыма индигирка
байкал ладога онего онежское селигер телецкое эльбрус казбек
кремль
"""
NOT_MUNICIPAL = frozenset(_NOT_MUNICIPAL_WORDS.split())

#: The federal cities are regions: not a municipality even when «г. Москва» says «город».
FEDERAL_CITIES = frozenset({"москва", "санкт-петербург", "петербург", "севастополь"})

#: Words before a place name that make it no municipality: a street, a river, a station.
NOT_MUNICIPAL_BEFORE = frozenset({
    "ул.", "улица", "улицы", "улице", "улицу", "улицей", "пр.", "пр-т", "проспект", "проспекта",
    "проспекте", "пер.", "переулок", "бульвар", "бульвара", "наб.", "набережная", "набережной",
    "площадь", "площади", "шоссе", "тракт", "тракта", "река", "реки", "реке", "рекой", "реку",
    "озеро", "озера", "озере", "гора", "горы", "горе", "остров", "острова", "острове", "станция",
    "станции", "ст.", "аэропорт", "имени", "им.", "залив", "хребет", "пролив", "море", "моря",
})

#: Name parts before a hyphen that never decline («Усть-Кутском» -> «Усть-Кутское»).
FIXED_PREFIXES = frozenset({"усть", "ханты", "нарьян", "горно", "кабардино", "карачаево"})
