"""The best-practice classifier: floors on the held-out split, and its rules' behaviour."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crawler.best_practice.evaluate import evaluate, load_labelled
from crawler.best_practice.model import CLAMP, MODEL_PATH, load_model
from crawler.best_practice.rules import THRESHOLD, TITLE_BOOST
from crawler.best_practice.tagger import explain, is_best_practice
from crawler.best_practice.train import train, training_rows

DATA = Path(__file__).parent / "data" / "best_practice" / "articles.jsonl"


def test_labelled_set_is_large_balanced_and_explained():
    rows = load_labelled(DATA)
    assert len(rows) >= 150
    assert len({row.id for row in rows}) == len(rows)
    counts = Counter(row.label for row in rows)
    assert min(counts.values()) / len(rows) > 0.4
    assert all(row.reason.strip() and row.text.strip() for row in rows)
    assert {row.split for row in rows} == {"dev", "test", "blind", "external-dev", "external-test"}
    assert len(load_labelled(DATA, "blind")) >= 40
    assert len(load_labelled(DATA, "external-test")) >= 30


@pytest.mark.parametrize("split,floor_precision,floor_recall", [
    ("test", 0.9, 0.9),
    ("blind", 0.9, 0.9),
    # Realistic association news by another author: the hard case (measured 0.78 / 0.88).
    ("external-test", 0.7, 0.85),
])
def test_precision_and_recall_floors_on_held_out_splits(split, floor_precision, floor_recall):
    metrics = evaluate(load_labelled(DATA, split))
    assert metrics.precision >= floor_precision, [row.title for row in metrics.errors]
    assert metrics.recall >= floor_recall, [row.title for row in metrics.errors]


def test_rules_beat_a_keyword_baseline():
    rows = load_labelled(DATA)

    def baseline(title: str, text: str) -> bool:
        lowered = f"{title} {text}".lower()
        return any(word in lowered for word in ("практик", "опыт", "проект"))

    assert evaluate(rows).f1 > evaluate(rows, baseline).f1 + 0.05


def test_inflected_forms_match_through_stems():
    result = explain("Обзор лучших муниципальных практик", "")
    assert [hit.rule for hit in result.fired][:1] == ["best-practice"]
    assert result.fired[0].matched == "лучших практик"
    assert result.fired[0].weight == pytest.approx(3.0 * TITLE_BOOST)


def test_explanation_adds_up_to_the_verdict():
    text = ("Опыт района по раздельному сбору отходов рекомендован для внедрения в других "
            "районах: доля вторсырья выросла до 18 процентов.")
    result = explain("Раздельный сбор отходов", text)
    assert result.score == pytest.approx(sum(hit.weight for hit in result.fired))
    assert result.is_best_practice and result.score >= THRESHOLD
    assert {"experience-exchange", "recommended", "for-others", "results"} <= {
        hit.rule for hit in result.fired}


@pytest.mark.parametrize("title,text", [
    ("С юбилеем!", "Поздравляем главу района с юбилеем, желаем успехов в реализации проектов."),
    ("Назначен новый глава", "Назначен глава администрации. Имеет большой опыт работы."),
    ("Публичные слушания", "Состоятся публичные слушания по проекту бюджета на 2025 год."),
    ("", ""),
])
def test_ordinary_news_mentioning_keywords_in_passing_is_not_tagged(title, text):
    assert not is_best_practice(title, text)


def test_practice_without_the_buzzword_is_tagged():
    text = ("Поселение перевело прием заявлений в электронный вид, срок сократился вдвое. "
            "Глава поселения поделилась опытом с коллегами, схему решено распространить "
            "на соседние поселения.")
    assert is_best_practice("Заявления онлайн за один день", text)


def test_committed_word_model_is_reproduced_by_training_on_the_dev_splits_only():
    retrained = train(training_rows(DATA))
    committed = load_model(MODEL_PATH)
    assert committed.weights.keys() == retrained.weights.keys()
    assert all(abs(committed.weights[k] - v) < 1e-3 for k, v in retrained.weights.items())
    assert abs(committed.bias - retrained.bias) < 1e-5


def test_word_model_can_tip_but_never_tag_alone():
    assert CLAMP < THRESHOLD
    # Vocabulary of best practices, but none of the rules' phrases: the model alone is not enough.
    result = explain("Молодежный центр", "Тысячи жителей, волонтеры, гранты, наставники, кружки.")
    assert [hit.rule for hit in result.fired] == ["word-model"]
    assert not result.is_best_practice


def test_a_practice_mentioned_deep_in_a_long_report_is_not_enough():
    filler = " ".join(["Участники совещания обсудили ремонт дорог и подготовку к зиме."] * 12)
    tail = " Глава района поделился опытом, практика рекомендована другим районам."
    lead_first = explain("Совещание глав", tail + " " + filler)
    deep = explain("Совещание глав", filler + tail)
    assert lead_first.is_best_practice
    assert not deep.is_best_practice
    assert {hit.where for hit in deep.fired if hit.rule == "experience-exchange"} == {"rest"}
