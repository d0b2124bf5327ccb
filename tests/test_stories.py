"""Story clustering (crawler/stories, indexer/store_stories): reposts join, template news do not."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.stories import Signature, StoryMatcher, assign_story, band_keys, same_story, signature, similarity
from crawler.stories.matcher import MIN_SHARED_BANDS
from indexer.store_stories import STORY_SCHEMA, StoryRecords

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "benchmarks" / "data" / "stories" / "pairs.jsonl"

STORY = """27 февраля 2023 года Совет муниципальных образований Белгородской области провел 5-е заседание Клуба \
«Мастерская лучших муниципальных практик» для специалистов органов местного самоуправления.

К работе клуба присоединились Совет муниципальных образований Саратовской области, органы местного \
самоуправления Саратовской области и министерство общественных коммуникаций Белгородской области.

Участникам клуба были представлены успешно реализованные проекты: развитие юнармейских отрядов в школах \
Белгородского района, вовлечение жителей Прохоровского района старше трудоспособного возраста в подготовку \
к сдаче норм ГТО и социальный проект «Культура с доставкой на дом» Ивнянского района.

В ходе живой дискуссии участники отметили, что обмен наработанными практиками помогает муниципалитетам \
решать общие задачи. Следующее заседание Клуба пройдет в апреле."""

# Another site's copy: its own lead sentence, straight quotes, a closing line, no last sentence.
REPOST = """Делегация муниципального округа приняла участие в работе.

27 февраля 2023 года Совет муниципальных образований Белгородской области провел 5-е заседание Клуба \
"Мастерская лучших муниципальных практик" для специалистов органов местного самоуправления.

К работе клуба присоединились Совет муниципальных образований Саратовской области, органы местного \
самоуправления Саратовской области и министерство общественных коммуникаций Белгородской области.

Участникам клуба были представлены успешно реализованные проекты: развитие юнармейских отрядов в школах \
Белгородского района, вовлечение жителей Прохоровского района старше трудоспособного возраста в подготовку \
к сдаче норм ГТО и социальный проект "Культура с доставкой на дом" Ивнянского района.

В ходе живой дискуссии участники отметили, что обмен наработанными практиками помогает муниципалитетам \
решать общие задачи.

Источник: пресс-служба Совета муниципальных образований Белгородской области."""

BOARD = """{day} состоялось заседание правления Ассоциации «Совет муниципальных образований Костромской \
области» под председательством главы городского округа город Шарья Олега Богданова.

В работе правления приняли участие члены правления, исполнительный директор Ассоциации Ирина Смирнова, \
представители органов государственной власти Костромской области.

Члены правления рассмотрели следующие вопросы:

1. {first};
2. о размере членских взносов на {year} год;
3. о проведении регионального этапа Всероссийского конкурса «Лучшая муниципальная практика».

По всем вопросам повестки дня приняты соответствующие решения."""


class _Store(StoryRecords):
    """The story tables on a real SQLite file, as indexer.store.Store holds them."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path)
        self._conn.executescript(STORY_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    def band_rows(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM story_bands").fetchone()[0])


@pytest.fixture
def store(tmp_path):
    opened = _Store(tmp_path / "stories.db")
    yield opened
    opened.close()


def _board(day: str, first: str, year: int) -> str:
    return BOARD.format(day=day, first=first, year=year)


def test_a_repost_joins_the_story(store):
    assert assign_story(store, "a", STORY, "2023-02-28") == "a"
    assert assign_story(store, "b", REPOST, "2023-03-01") == "a"
    assert store.story_members("a") == ["a", "b"]


def test_board_meetings_of_different_months_do_not_join(store):
    march = _board("15 марта 2023 года", "об итогах деятельности Ассоциации за 2022 год", 2023)
    june = _board("20 июня 2023 года", "о ходе подготовки к отопительному сезону", 2024)
    assert similarity(signature(march), signature(june)) > 0.5  # the template is most of the text
    assert assign_story(store, "march", march) == "march"
    assert assign_story(store, "june", june) == "june"


def test_a_later_copy_joins_the_existing_story(store):
    matcher = StoryMatcher(store)
    matcher.assign("first", STORY, "2023-02-28T11:20:00+03:00")
    matcher.assign("other", _board("15 марта 2023 года", "о плане мероприятий", 2023), "2023-03-15")
    matcher.assign("second", REPOST, "2023-03-02T09:00:00+03:00")
    # A district's short version, published earliest of all (its date was read from the page).
    short = "\n\n".join(STORY.split("\n\n")[:3])
    assert matcher.assign("third", short, "2023-02-27T18:00:00+03:00") == "first"
    assert store.story_members("first") == ["third", "first", "second"]


def test_a_forgotten_article_is_no_candidate(store):
    assign_story(store, "a", STORY)
    assert store.band_rows() == len(band_keys(signature(STORY)))
    assert store.forget_story("a") is True
    assert store.band_rows() == 0 and store.story_of("a") is None
    assert assign_story(store, "b", REPOST) == "b"
    assert store.forget_story("a") is False


def test_the_story_survives_reopening_the_store(tmp_path):
    first = _Store(tmp_path / "stories.db")
    assign_story(first, "a", STORY)
    first.close()
    reopened = _Store(tmp_path / "stories.db")
    assert assign_story(reopened, "b", REPOST) == "a"
    reopened.close()


def test_an_update_keeps_its_story_and_replaces_its_bands(store):
    assign_story(store, "a", STORY)
    assign_story(store, "b", REPOST)
    rows = store.band_rows()
    assert assign_story(store, "a", STORY + "\n\nДополнено: фотографии с заседания.") == "a"
    assert store.band_rows() == rows  # the old bands of "a" are gone, not doubled


def test_short_texts_never_join(store):
    text = "Подробнее по ссылке. Фото пресс-службы."
    assert assign_story(store, "a", text) == "a"
    assert assign_story(store, "b", text) == "b"


def test_the_signature_round_trips_through_bytes():
    sig = signature(STORY)
    again = Signature.from_bytes(sig.to_bytes())
    assert band_keys(again) == band_keys(sig)
    assert same_story(again, signature(REPOST)) is not None


def test_band_keys_are_the_same_in_another_process():
    # Stored band keys are looked up by later crawls: they must not depend on PYTHONHASHSEED.
    code = "import sys; from crawler.stories import band_keys, signature; print(band_keys(signature(sys.argv[1])))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code, STORY], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=env).stdout
    assert json.loads(out) == band_keys(signature(STORY))


def _scores(pairs):
    tp = fp = fn = 0
    for pair in pairs:
        a, b = signature(pair["a"]["text"]), signature(pair["b"]["text"])
        said = len(set(band_keys(a)) & set(band_keys(b))) >= MIN_SHARED_BANDS and same_story(a, b) is not None
        tp += said and pair["label"]
        fp += said and not pair["label"]
        fn += (not said) and pair["label"]
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("split", ["test", "all"])
def test_pair_precision_and_recall_on_the_labelled_pairs(split):
    pairs = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]
    assert len(pairs) >= 200 and sum(p["split"] == "test" for p in pairs) >= 80
    chosen = pairs if split == "all" else [p for p in pairs if p["split"] == split]
    precision, recall = _scores(chosen)
    assert precision >= 0.98 and recall >= 0.95, (precision, recall)


def test_the_matcher_joins_labelled_reposts_through_the_store(store):
    # The whole path (bands in SQLite, candidates, verification) on the test split's pairs.
    pairs = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines()]
    test = [p for p in pairs if p["split"] == "test"]
    wrong = 0
    for pair in test:
        first = assign_story(store, pair["id"] + "a", pair["a"]["text"])
        second = assign_story(store, pair["id"] + "b", pair["b"]["text"])
        wrong += (first == second) != pair["label"]
    assert wrong <= 0.05 * len(test)
