"""Weighted rules of the best-practice classifier (see `crawler/best_practice.py`).

A best-practice publication describes a practice or project *for others to adopt*: contests and
banks of municipal practices, experience exchange, replication («тиражирование»), a how-to with
results. Ordinary news (meetings, greetings, appointments, notices, weather, accidents) is not.

Each rule is a set of phrases; a phrase is a sequence of words, each compared by its Russian
Snowball stem, or as a raw prefix when written with a trailing ``*`` (used where the stemmer is
unstable: «опыт» stems to «оп» but «опытом» to «опыт»). Words of a phrase must appear in order,
with at most ``PHRASE_GAP`` other words between neighbours («лучших *муниципальных* практик»).
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

#: Two independent strong signals (e.g. «практика» + «рекомендована для внедрения»), or one
#: explicit label («лучшие практики», «обмен опытом») plus any supporting signal.
THRESHOLD = 3.0

RULES: tuple[Rule, ...] = (
    # -- explicit labels of best-practice publications --------------------------------------
    Rule("best-practice", 3.0,
         ("лучшая практика", "лучшие решения", "успешные практики", "успешные кейсы",
          "успешных решений", "передовой опыт", "эталонной"),
         "the publication names itself a best or model practice"),
    Rule("municipal-practice", 2.0,
         ("муниципальная практика", "практика", "практики муниципального"),
         "a practice is the subject"),
    Rule("practice-collection", 2.0,
         ("банк практик", "реестр практик", "сборник практик", "обзор практик", "сборник",
          "банк муниципальных практик"),
         "practices collected for others to use"),
    Rule("experience-exchange", 2.5,
         ("обмен опыт*", "обменялись опыт*", "изучила опыт*", "изучили опыт*", "изучить опыт*",
          "поделился опыт*", "поделились опыт*", "поделиться опыт*", "делится опыт*",
          "опыт* внедрения", "опыт* организации", "опыт* работы по", "опыт* муниципалитетов",
          "опыт* района", "опыт* округа", "опыт* поселения", "опыт* области", "опыт* трех",
          "опыт* победителей", "выступил с этим опыт*", "обобщил опыт*", "опыт* поселения"),
         "experience is exchanged or presented"),
    Rule("experience", 1.0, ("опыт*",),
         "experience is mentioned (often in passing: weak alone)"),
    # -- adoption by others ------------------------------------------------------------------
    Rule("replication", 2.0,
         ("тиражирование", "тиражированию", "масштабирование", "масштабируют", "переняли",
          "перенять", "перенести", "повторить", "адаптировать", "адаптации", "распространена",
          "распространить", "распространен", "повторить проект"),
         "others are meant to repeat it"),
    Rule("implementation", 1.5,
         ("внедрение", "внедрить", "внедрения", "внедрена", "внедрено", "внедрил", "внедрению",
          "внедрена", "внедрен"),
         "introducing a new way of working"),
    Rule("recommended", 1.5,
         ("рекомендовал", "рекомендована", "рекомендовано", "рекомендует", "рекомендованы",
          "рекомендации", "одобрена", "как пример", "примера", "образец"),
         "recommended to or endorsed for other municipalities"),
    Rule("for-others", 1.5,
         ("других муниципалитетов", "другим муниципалитетам", "других муниципалитетах",
          "другие муниципалитеты", "других районов", "другим районам", "других районах",
          "других территорий", "других городах", "другим городам", "других регионов",
          "соседних поселениях", "соседних муниципалитетов", "коллеги", "коллегам", "коллег",
          "всех муниципалитетах", "все муниципальные образования", "всех районах",
          "нашей области", "наших муниципалитетов", "нашем регионе", "членам нашей"),
         "addressed to peers or other territories"),
    Rule("how-to", 1.5,
         ("методика", "методические рекомендации", "методичку", "памятку", "памятки",
          "пошаговый алгоритм", "дорожную карту", "типовое соглашение", "положение и опыт",
          "инструкции", "техническое задание", "как настроить", "схема работы", "схему",
          "модель", "механизм"),
         "a reusable method, template or model"),
    Rule("contest-of-practices", 1.5,
         ("конкурс муниципальных практик", "конкурса муниципальных практик",
          "лучшая муниципальная практика", "конкурса социальных практик", "победителем конкурса",
          "победитель конкурса", "победителей конкурса", "победитель", "победители"),
         "a contest of practices and its winners"),
    Rule("project", 0.5, ("проект", "пилотный"), "a project is involved (weak: drafts are too)"),
    Rule("results", 1.0,
         ("сократил*", "снизил*", "выросл*", "вырос", "экономия", "экономию", "позволил*",
          "процентов", "вдвое", "втрое"),
         "measurable results are reported"),
    Rule("study-visit", 1.5, ("стажировк*", "делегация", "кейс*", "вебинар"),
         "a format for learning from others"),
    # -- ordinary news -----------------------------------------------------------------------
    Rule("greeting", -4.0,
         ("поздравляем", "поздравляет", "поздравление", "поздравления", "поздравил",
          "поздравила", "соболезнования", "скончался", "юбилеем", "светлая память"),
         "congratulations and condolences"),
    Rule("appointment", -2.0,
         ("назначен", "назначена", "избрана", "избран", "избраны", "вакантных должностей",
          "опыт* работы не менее", "имеет опыт*", "имеет многолетний опыт*", "имеет большой опыт*"),
         "appointments, elections and vacancies («опыт работы» of a person)"),
    Rule("draft-document", -2.0,
         ("проект бюджета", "проект закона", "проект решения", "проект планировки",
          "проект плана", "проекту бюджета", "проекту федерального закона", "законопроект",
          "проект изменений"),
         "«проект» meaning a draft act, not a project"),
    Rule("notice", -2.0,
         ("прием заявок", "принимаются до", "приглашает", "приглашаем", "состоится",
          "состоятся", "зарегистрироваться", "будет отключено", "будет ограничено",
          "просим", "просят", "график", "объявляет"),
         "announcements and service notices"),
    Rule("incident", -3.0,
         ("дтп", "пожар", "возгорание", "пострадавших", "пострадали", "авария", "синоптики",
          "погода", "осадков", "паводок", "мошенники", "медведь", "чрезвычайной ситуации"),
         "weather, accidents and incidents"),
    Rule("routine-meeting", -1.0,
         ("заседание", "заседании", "сессии", "прием граждан", "отчитался", "рабочим визитом"),
         "routine meetings (a meeting that presents a practice still scores on the rest)"),
)
