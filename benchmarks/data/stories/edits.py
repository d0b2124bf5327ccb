"""What reposting does to a news text: the edits seen when one story travels between sites.

Each edit takes the paragraphs of a body (and a random.Random) and returns new paragraphs.
"""

from __future__ import annotations

import random
import re

ASSOCIATIONS = ["Совета муниципальных образований Белгородской области", "Ассоциации «Совет муниципальных "
                "образований Пермского края»", "Совета муниципальных образований Вологодской области",
                "Ассоциации «Совет муниципальных образований Тверской области»", "регионального Совета МО"]
# Wording the federal congress and regional portals swap in when they rewrite a lead.
SYNONYMS = [("состоялось", "прошло"), ("состоялся", "прошел"), ("прошло", "состоялось"), ("провел", "организовал"),
            ("провёл", "организовал"), ("приняли участие", "участвовали"), ("обсудили", "рассмотрели"),
            ("в рамках", "в ходе"), ("в ходе", "во время"), ("году", "г."), ("муниципальных образований", "МО"),
            ("органов местного самоуправления", "ОМСУ"), ("продолжила", "продолжает")]
CLOSINGS = [
    "Напомним, что Ассоциация ежегодно проводит подобные мероприятия для глав и специалистов органов местного "
    "самоуправления.",
    "Источник: пресс-служба {assoc}.",
    "Фото: пресс-служба {assoc}.",
    "Материал подготовлен по информации {assoc}. Подробнее о работе Ассоциации читайте в разделе «Новости».",
    "Ранее мы сообщали, что муниципалитеты региона активно включаются в работу по обмену опытом.",
    "Администрация района благодарит всех, кто принял участие в подготовке мероприятия.",
]
LOCAL_INTROS = [
    "Представители нашего района приняли участие в мероприятии.",
    "Делегация муниципального округа приняла участие в работе.",
    "Глава района принял участие в мероприятии и выступил с докладом.",
]


def typography(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Another site's typography: straight quotes, hyphens for dashes, е for ё, spaces doubled."""
    out = []
    for p in paragraphs:
        p = p.replace("«", '"').replace("»", '"') if rng.random() < 0.8 else p
        p = p.replace(" – ", " - ").replace(" — ", " - ").replace("ё", "е")
        p = re.sub(r"(\d) (года|г\.)", "\\1\u00a0\\2", p)
        if rng.random() < 0.4:
            p = p.replace(", ", " , ", 1).replace(". ", ".  ")
        out.append(p)
    return out


def trim_lead(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Drop the lead paragraph, or only its first sentence."""
    if len(paragraphs) > 3 and rng.random() < 0.5:
        return paragraphs[1:]
    first, *rest = paragraphs
    sentences = re.split(r"(?<=[.!?])\s+", first)
    if len(sentences) > 1:
        return [" ".join(sentences[1:]), *rest]
    return rest if len(rest) > 2 else paragraphs


def add_paragraph(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A closing line («Напомним…», «Источник: …») or the reposting site's own line first."""
    closing = rng.choice(CLOSINGS).format(assoc=rng.choice(ASSOCIATIONS))
    if rng.random() < 0.3:
        return [rng.choice(LOCAL_INTROS), *paragraphs]
    return [*paragraphs, closing]


def remove_paragraph(paragraphs: list[str], rng: random.Random) -> list[str]:
    """One paragraph other than the lead left out (a quote, a list, the closing words)."""
    if len(paragraphs) < 4:
        return paragraphs[:-1] if len(paragraphs) > 2 else paragraphs
    drop = rng.randrange(1, len(paragraphs))
    return paragraphs[:drop] + paragraphs[drop + 1:]


def district_short(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A district site keeps the first part of the story and adds its own sentence."""
    keep = max(2, (len(paragraphs) * rng.choice([5, 6, 7])) // 10)
    return [*paragraphs[:keep], rng.choice(LOCAL_INTROS)]


def congress_rewrite(paragraphs: list[str], rng: random.Random) -> list[str]:
    """The federal congress's rewrite: attribution first, other words in the lead, its tail cut."""
    first, *rest = paragraphs
    for old, new in SYNONYMS:
        if old in first and rng.random() < 0.7:
            first = first.replace(old, new, 1)
    sentences = re.split(r"(?<=[.!?])\s+", first)
    lead = sentences[0]
    lead = lead[0].lower() + lead[1:] if not lead[:2].isupper() else lead
    rewritten = f"Как сообщает пресс-служба {rng.choice(ASSOCIATIONS)}, {lead}"
    if len(sentences) > 2:
        rewritten += " " + " ".join(sentences[1:-1])
    return [rewritten, *rest]


EDITS = {
    "typography": typography, "trimmed_lead": trim_lead, "added_paragraph": add_paragraph,
    "removed_paragraph": remove_paragraph, "district_short": district_short,
    "congress_rewrite": congress_rewrite,
}
# The kinds of repost, as chains of edits; titles change in most of them.
REPOSTS = {
    "retitle_typography": ["typography"],
    "trimmed_lead": ["trimmed_lead"],
    "added_paragraph": ["added_paragraph"],
    "removed_paragraph": ["removed_paragraph"],
    "district_short": ["district_short"],
    "congress_rewrite": ["congress_rewrite"],
    "lead_and_closing": ["trimmed_lead", "added_paragraph", "typography"],
    "rewrite_and_cut": ["congress_rewrite", "removed_paragraph"],
    "short_and_typography": ["district_short", "typography"],
}


def repost(paragraphs: list[str], kind: str, rng: random.Random) -> list[str]:
    """The body as another site republishes it."""
    for name in REPOSTS[kind]:
        paragraphs = EDITS[name](paragraphs, rng)
    return paragraphs


def retitle(title: str, rng: random.Random) -> str:
    """Another site's title for the same story."""
    choice = rng.randrange(4)
    if choice == 0:
        return title
    if choice == 1:
        return title.replace("«", '"').replace("»", '"') + "."
    if choice == 2:
        return "Новости ассоциации: " + title
    words = title.split()
    return " ".join(words[: max(3, len(words) * 2 // 3)])
