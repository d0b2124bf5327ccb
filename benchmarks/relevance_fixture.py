"""Build the relevance fixture: a generated corpus and queries judged by construction.

    python -m benchmarks.relevance_fixture

Every article is generated from one topic (see :mod:`benchmarks.corpus_vocab`); a query
names a topic in words a person would type (other word forms than the templates use, where
Russian allows), and its relevant articles are exactly that topic's articles (within the
region when the query filters one). Off-topic sentences put the query words into other
articles too, so a ranking can get it wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.corpus_gen import generate

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "relevance"
ARTICLES = 240
SEED = 20240

#: (query, topic, region filter or None)
QUERIES: tuple[tuple[str, str, str | None], ...] = (
    ("молодежь", "youth", None),
    ("молодёжная политика", "youth", None),
    ("лучшие практики работы с молодежью", "youth", None),
    ("волонтеры", "youth", None),
    ("инициативное бюджетирование", "budget", None),
    ("народный бюджет", "budget", None),
    ('"инициативных проектов"', "budget", None),
    ("благоустройство дворов", "landscaping", None),
    ("комфортная городская среда", "landscaping", None),
    ("благоустройство", "landscaping", "Тверская область"),
    ("отопительный сезон", "heating", None),
    ("котельная", "heating", None),
    ("теплосеть OR теплотрасса", "heating", None),
    ("ремонт школы", "schools", None),
    ("учебный год", "schools", None),
    ("фельдшерско-акушерские пункты", "health", None),
    ("врач", "health", None),
    ("дома культуры", "culture", None),
    ("фестиваль творчества", "culture", None),
    ("культура", "culture", "Курская область"),
    ("ГТО", "sport", None),
    ("спорт*", "sport", None),
    ("ремонт дороги", "roads", None),
    ("дорожного фонда", "roads", None),
    ("обучение глав поселений", "training", None),
    ("местное самоуправление законодательство", "training", None),
    ("ТОС", "tos", None),
    ("территориального общественного самоуправления", "tos", None),
    ("раздельный сбор мусора", "waste", None),
    ("свалка", "waste", None),
    ("пожарная безопасность", "fire", None),
    ("добровольная пожарная дружина", "fire", None),
    ("фермер", "agriculture", None),
    ("урожай зерновых", "agriculture", None),
    ("госуслуги", "digital", None),
    ("цифровой сервис", "digital", None),
    ("туристический маршрут", "tourism", None),
    ("гостевой дом -школа", "tourism", None),
)


def write_fixture(directory: Path = FIXTURE_DIR) -> None:
    """Write articles.jsonl (with labels) and queries.json."""
    directory.mkdir(parents=True, exist_ok=True)
    items = list(generate(ARTICLES, SEED))
    with (directory / "articles.jsonl").open("w", encoding="utf-8") as out:
        for item in items:
            record = {**item.article.to_dict(), "topic": item.topic}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    queries = []
    for text, topic, region in QUERIES:
        relevant = [i.article.id for i in items
                    if i.topic == topic and (region is None or i.region == region)]
        queries.append({"query": text, "topic": topic, "regions": [region] if region else [],
                        "relevant": relevant})
    (directory / "queries.json").write_text(
        json.dumps(queries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_fixture()
    print(FIXTURE_DIR)
