"""A small Russian corpus in a real store, indexed into a real tantivy index."""

from __future__ import annotations

import pytest

from indexer.documents import Article
from indexer.embedded import EmbeddedBackend
from indexer.store import Store
from indexer.sync import sync_index

# (key, region, source, date, title, text, best_practice)
CORPUS = [
    ("youth1", "Тверская область", "tver", "2024-03-05T10:00:00+03:00",
     "Лучшие практики молодёжной политики",
     "Совет обсудил практику работы с молодёжью в сельских поселениях. Опыт района признан лучшим.",
     True),
    ("youth2", "Курская область", "kursk", "2023-06-01T09:00:00+03:00",
     "Форум молодежных инициатив",
     "Муниципальные практики поддержки молодежных проектов представили на форуме.", True),
    ("youth3", "Тверская область", "tver", "2022-11-20T12:00:00+03:00",
     "Молодежь и местное самоуправление",
     "Молодежь района участвует в работе молодежного парламента.", False),
    ("budget", "Курская область", "kursk", "2024-01-15T10:00:00+03:00",
     "Инициативное бюджетирование в муниципалитетах",
     "Проекты инициативного бюджетирования прошли конкурсный отбор. Бюджет инициативное "
     "бюджетирование увеличен.", True),
    ("budget2", "Тверская область", "tver", "2021-04-10T10:00:00+03:00",
     "Бюджет района на 2021 год",
     "Депутаты утвердили бюджет. Инициативное участие граждан в обсуждении бюджета.", False),
    ("parks", "Ханты-Мансийский автономный округ", "hmao", "2024-05-20T10:00:00+03:00",
     "Благоустройство парков Ханты-Мансийского округа",
     "В рамках программы благоустройства обновлены парки и скверы.", False),
    ("green", "Ханты-Мансийский автономный округ", "hmao", "2023-05-20T10:00:00+03:00",
     "Озеленение дворов",
     "Жители Ханты-Мансийска высадили деревья: озеленение продолжится летом.", False),
    ("elect", "Курская область", "kursk", "2024-09-08T10:00:00+03:00",
     "Выборы главы района и практика голосования",
     "Итоги выборов: практика дистанционного голосования расширена.", False),
    ("xss", "Кемеровская область", "kuzbass", "2024-02-02T10:00:00+03:00",
     "Кузбасс-2024: семинар для глав поселений",
     "Семинар <script>alert('x')</script> прошёл в Кемерове & собрал глав поселений.", False),
    ("school", "Кемеровская область", "kuzbass", "2020-09-01T10:00:00+03:00",
     "Школы готовы к учебному году",
     "Ремонт школ завершен, учебный год начался.", False),
]


def corpus_articles() -> dict[str, Article]:
    """The corpus as Articles keyed by a readable name."""
    articles = {}
    for key, region, source, published, title, text, best in CORPUS:
        articles[key] = Article(
            url=f"https://{source}.example.ru/news/{key}", source_id=source,
            source_name=f"Совет МО ({source})", region=region, title=title, text=text,
            published_at=published, fetched_at="2024-10-01T00:00:00+00:00", best_practice=best,
        )
    return articles


@pytest.fixture
def corpus():
    return corpus_articles()


@pytest.fixture
def store(config):
    with Store(config.store_path) as store:
        yield store


@pytest.fixture
def indexed(config, store, corpus):
    """(store, backend) with the whole corpus stored and synced into the index."""
    for article in corpus.values():
        store.upsert(article)
    backend = EmbeddedBackend.from_config(config, lock_timeout=5.0)
    report = sync_index(store, backend)
    assert report.indexed == len(corpus) and report.pending == 0
    yield store, backend
    backend.close()
