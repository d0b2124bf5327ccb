"""Weighted rules of the best-practice classifier (see `crawler/best_practice/tagger.py`).

A best-practice publication describes a practice or project *for others to adopt*: contests and
banks of municipal practices, experience exchange, replication («тиражирование»), a how-to with
results. Ordinary news (meetings, greetings, appointments, notices, weather, accidents) is not.

Each rule is a set of phrases; a phrase is a sequence of words, each compared by its Russian
Snowball stem, or as a raw prefix when written with a trailing ``*`` (used where the stemmer is
unstable: «опыт» stems to «оп» but «опытом» to «опыт»); ``a|b`` lists alternatives for one word
(«друг*|соседн* район*|округ*» is "other or neighbouring districts", in any case and number).
Words of a phrase must appear in order,
with at most ``PHRASE_GAP`` other words between neighbours («лучших *муниципальных* практик»);
a leading ``^`` anchors the phrase at the start of the title or text, a leading ``@`` limits it
to the title (where «как» announces a how-to; in a body it is everywhere).
A rule fires once per article; if it fires in the title its weight is multiplied by
``TITLE_BOOST``. The article is tagged when the sum reaches ``THRESHOLD``.

Weights were set by hand on the dev split of `tests/data/best_practice/articles.jsonl`, and
measured on its test split (`python benchmarks/best_practice.py`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A named group of phrases with one weight; `why` is shown by `explain()`."""

    name: str
    weight: float
    phrases: tuple[str, ...]
    why: str


#: Words between two words of a phrase: enough for one or two adjectives («лучших
#: муниципальных практик», «проект инициативного бюджетирования»), not for a whole clause.
PHRASE_GAP = 2

#: A title states what the article is about; a body mentions many things in passing.
TITLE_BOOST = 1.5

#: News is written as an inverted pyramid: the lead (about the first three sentences) says what
#: the article is about; later paragraphs of a forum or meeting report list every speech, so a
#: rule that fires only there counts for less.
LEAD_WORDS = 60
REST_WEIGHT = 0.5

#: Rules that say the article is *about* a practice (not just that it mentions one in passing).
CORE_RULES = frozenset({"best-practice", "municipal-practice", "practice-collection",
                        "experience-exchange", "replication", "contest-of-practices"})

#: A text this short is all lead: whatever it mentions, it is about. Longer texts (forum and
#: meeting reports) must show a core rule in the title or the lead, or overwhelming evidence.
SHORT_WORDS = 80
STRONG_SCORE = 8.0
STRONG_CORE_RULES = 2

#: Two independent strong signals (e.g. «практика» + «рекомендована для внедрения»), or one
#: explicit label («лучшие практики», «обмен опытом») plus any supporting signal.
THRESHOLD = 3.0

RULES: tuple[Rule, ...] = (
    # -- explicit labels of best-practice publications --------------------------------------
    Rule("best-practice", 3.0,
         ("лучш*|успешн*|удачн*|передов*|эффективн* практика|кейс*",
          "лучш*|успешн*|удачн* решени*|опыт*|пример*", "успешн*|удачн* проект*", "передов* опыт*",
          "эталон*"),
         "the publication names itself a best, successful or model practice"),
    Rule("municipal-practice", 2.0, ("практика",), "a practice is the subject"),
    Rule("practice-collection", 2.0,
         ("банк*|реестр*|сборник*|обзор*|каталог* практика|решени*|опыт*", "сборник*",
          "обобщ* опыт*|практика"),
         "practices collected for others to use"),
    Rule("experience-exchange", 2.5,
         ("обмен* опыт*", "обменял* опыт*", "изуч*|перенима*|знаком* опыт*|практика",
          "подел*|делит*|делят* опыт*", "выступ*|представ*|рассказ*|презент* опыт*|практика",
          "опыт* внедрения|организации|создания|работы по",
          "опыт* район*|округ*|муниципалитет*|поселени*|территор*|регион*|город*|субъект*|област*|сел*|тос|победител*|коллег*|трех|пяти"),
         "experience is exchanged or presented"),
    Rule("experience", 1.0, ("опыт*",),
         "experience is mentioned (often in passing: weak alone)"),
    # -- adoption by others ------------------------------------------------------------------
    Rule("replication", 2.0,
         ("тиражир*", "масштабир*", "переня*", "перенима*", "перенести", "повторил*|повторить",
          "адаптир*|адаптац*", "распространит*|распространя*", "распространен* на",
          "распространени* опыт*|практика|на", "для распространения", "воспользова*", "подхват*",
          "последова* пример*", "на вооружение", "так же поступ*|сделал*|сделать",
          "примен*|использова* решени*|опыт*|практика|схем*|модел*|механизм*|подход*|формат*"),
         "others are meant to repeat it"),
    Rule("implementation", 1.5, ("внедр*",), "introducing a new way of working"),
    Rule("recommended", 1.5,
         ("рекомендова*", "рекомендац*", "одобрен*", "как пример", "пример* для",
          "рекомендуе*|рекомендую* район*|округ*|муниципалитет*|поселени*|всем|главам",
          "советуе*|советую*", "образц*",
          ("предложил*|предлагает|предлагают|предложено район*|округ*|муниципалитет*|поселени*|"
           "территор*|регион*|город*|всем|главам"),
          "предлож* примен*|внедр*|использова*|распростран*|рассмотреть|перенять|присоединиться"),
         "recommended to or endorsed for other municipalities"),
    Rule("for-others", 1.5,
         ("друг*|соседн*|остальн*|любо*|каждо* район*|округ*|муниципалитет*|поселени*|территор*|регион*|город*|субъект*",
          "все|всем|всех|всеми район*|округ*|муниципалитет*|поселени*|территор*|регион*|город*|субъект*|муниципальн*",
          "коллег*", "сосед*", "захот*", "членам нашей", "нашем регионе", "нашей области"),
         "addressed to peers or other territories"),
    Rule("how-to", 1.5,
         ("методик*", "методическ*", "методичк*", "памятк*", "пошагов*", "алгоритм*",
          "дорожн* карт*", "типов*", "инструкц*", "видеоинструкц*", "техническое задание",
          "шаблон*", "пособи*", "образцы документов", "расчет* затрат", "схем* работы",
          "эту|эта|этой схем*", "модел*", "механизм*",
          "рассказ*|объясн*|показ*|описа*|расскаж* как"),
         "a reusable method, template or model"),
    Rule("how-to-title", 1.5, ("@как",),
         "a headline promising to tell how something was done («…: как это работает»)"),
    Rule("contest-of-practices", 1.5,
         ("конкурс* муниципальн*|социальн*|лучш* практика|практик*|решени*",
          "победител*|призер*|лауреат*|финал* конкурс*|этап* практика|практик*"),
         "a contest of practices and its winners"),
    Rule("project", 0.5, ("проект*", "пилотн*", "эксперимент*"), "a project is involved (weak: drafts are too)"),
    Rule("results", 1.0,
         ("@результат*", "@итог*", "сократил*", "снизил*", "выросл*", "вырос", "увеличил*", "уменьшил*",
          "экономи*", "позволил*", "процент*", "вдвое", "втрое", "вчетверо", "окуп*"),
         "measurable results are reported"),
    Rule("study-format", 1.5,
         ("стажировк*", "делегац*", "кейс*", "вебинар*", "проектн*|выездн* сесси*", "разбор*"),
         "a format for learning from others"),
    Rule("sharing", 1.5,
         ("поделил*", "поделят*", "поделит*", "делится*", "делятся*",
          "готов* помочь|поделит*|передать|принять|рассказать"),
         "the authors share what they did"),
    # -- ordinary news -----------------------------------------------------------------------
    Rule("greeting", -4.0,
         ("поздравля*", "поздравлен*", "поздравил*", "соболезновани*", "скончал*",
          "юбилеем", "светлая память", "ушел из жизни"),
         "congratulations and condolences"),
    Rule("appointment", -2.0,
         ("назначен|назначена|назначены", "избран*", "вакантн* должност*", "на должность",
          "опыт* работы не менее", "стаж* работы", "имеет опыт*", "имеет многолетний опыт*",
          "имеет большой опыт*", "многолетний опыт работы"),
         "appointments, elections and vacancies («опыт работы» of a person)"),
    Rule("draft-document", -2.0,
         ("проект* бюджета|закона|решения|планировки|плана|изменений|устава|генерального",
          "законопроект*"),
         "«проект» meaning a draft act, not a project"),
    Rule("notice", -2.0,
         ("прием* заявок|документов", "принимаются до", "приглаша*", "состоится", "состоятся",
          "зарегистрироваться", "будет отключен*", "будет ограничен*", "просим", "просят",
          "график* приема|работы|движения", "объявля*", "напомина*", "информиру*"),
         "announcements and service notices"),
    Rule("incident", -3.0,
         ("дтп", "пожар*", "возгорани*", "пострадавш*", "пострадал*", "авария", "синоптик*",
          "погод*", "осадк*", "паводок", "гололед*", "снегопад*", "мошенник*", "медвед*",
          "чрезвычайн* ситуаци*", "столкнул*"),
         "weather, accidents and incidents"),
    Rule("routine-meeting", -1.0,
         ("заседани*", "очередн*|внеочередн* сесси*", "сесси* совет*|дум*|депутат*",
          "прием граждан", "отчитал*", "рабочим визитом"),
         "routine meetings (a meeting that presents a practice still scores on the rest)"),
)
