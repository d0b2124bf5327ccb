"""The topic tagger: floors on the blind2 split, its rules, explain() and the model file.

The blind2 split of tests/data/topics/articles.jsonl was written and committed before the rules
it measures were changed, and measured once; the old "test" split (looked at twice) and the first
"blind" split (measured once, then tuned on) are regression guards now (the README keeps every record).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crawler.topics import TOPICS, explain, tag_topics
from crawler.topics.evaluate import evaluate, load_labelled
from crawler.topics.model import CLAMP, MODEL_PATH, load_model
from crawler.topics.rules import THRESHOLD, TITLE_BOOST
from crawler.topics.train import train, training_rows

DATA = Path(__file__).parent / "data" / "topics" / "articles.jsonl"

(URBAN, SMART, ETHNIC, GOVERNANCE, BRAND, INITIATIVE, TOS, STAFF, TRANSFERS, YOUTH) = TOPICS

#: Topics below the precision floor at the one measurement of blind2 (see
#: tests/data/topics/README.md). Strict, so a fix must remove the mark; none missed it.
_KNOWN_SHORT: dict[str, str] = {}


def test_topics_are_the_facet_values_in_order():
    assert TOPICS[0] == "Градостроительная политика, благоустройство и ЖКХ"
    assert TOPICS[-1] == "Молодёжная политика" and len(TOPICS) == len(set(TOPICS)) == 10


@pytest.mark.parametrize("split,longest", [("blind", 2500), ("blind2", 3000)])
def test_labelled_set_is_large_split_and_covers_every_topic(split, longest):
    rows = load_labelled(DATA)
    assert len(rows) >= 400 and len({row.id for row in rows}) == len(rows)
    assert {row.split for row in rows} == {"train", "test", "blind", "blind2"}
    blind = load_labelled(DATA, split)
    assert len(blind) >= 110 and all(300 <= len(row.text) <= longest for row in blind)
    per_topic = Counter(topic for row in blind for topic in row.topics)
    assert min(per_topic[topic] for topic in TOPICS) >= 10
    assert sum(1 for row in blind if not row.topics) >= 15
    assert sum(1 for row in blind if len(row.topics) > 1) >= 20


def test_micro_f1_on_the_blind2_split():
    metrics = evaluate(load_labelled(DATA, "blind2"))
    assert metrics.f1() >= 0.85, [(row.title, tagged) for row, tagged in metrics.errors]


@pytest.mark.parametrize("topic", [
    pytest.param(topic, marks=pytest.mark.xfail(strict=True, reason=_KNOWN_SHORT[topic]))
    if topic in _KNOWN_SHORT else topic for topic in TOPICS])
def test_every_topics_precision_on_the_blind2_split(topic):
    metrics = evaluate(load_labelled(DATA, "blind2"))
    assert metrics.precision(topic) >= 0.8, [(row.title, tagged) for row, tagged in metrics.errors
                                             if topic in tagged and topic not in row.topics]


def test_first_blind_split_keeps_its_tuned_figures():
    """Tuning data since its one measurement (0.924, management 0.79): after the management fix
    it gives micro-F1 0.943 and every precision >= 0.80; a regression guard, not a measurement."""
    metrics = evaluate(load_labelled(DATA, "blind"))
    assert metrics.f1() >= 0.92 and all(metrics.precision(topic) >= 0.8 for topic in TOPICS)
    assert metrics.precision(GOVERNANCE) >= 0.9


def test_dev_split_keeps_its_tuned_figures():
    """The old test split is tuning data now: a regression guard, not a measurement."""
    metrics = evaluate(load_labelled(DATA, "test"))
    assert metrics.f1() >= 0.95 and all(metrics.precision(topic) >= 0.9 for topic in TOPICS)


@pytest.mark.parametrize("topic,title,text", [
    (URBAN, "Капремонт домов", "Фонд капитального ремонта заменил кровли в многоквартирных домах."),
    (SMART, "Умный город", "В городе установили датчики и умные светофоры."),
    (ETHNIC, "Фестиваль дружбы народов", "Национально-культурные автономии провели праздник."),
    (GOVERNANCE, "Оценка эффективности", "Область подвела итоги оценки эффективности органов местного самоуправления."),
    (BRAND, "Новый бренд района", "Район представил логотип и фирменный стиль для туристов."),
    (INITIATIVE, "Народный бюджет", "Жители выбрали инициативные проекты и собрали софинансирование."),
    (TOS, "Слёт ТОС", "Председатели территориальных общественных самоуправлений встретились с главой."),
    (STAFF, "Обучение служащих", "Муниципальные служащие прошли повышение квалификации."),
    (TRANSFERS, "Дотации районам", "Область распределила дотации на выравнивание бюджетной обеспеченности."),
    (YOUTH, "Молодёжный совет", "Молодёжный совет при главе предложил открыть коворкинг."),
])
def test_each_topic_fires_on_a_clear_article(topic, title, text):
    assert tag_topics(title, text) == [topic]


@pytest.mark.parametrize("title,text", [
    ("Учения МЧС", "Спасатели и добровольная пожарная команда отработали эвакуацию жителей при паводке."),
    ("С Днём защитника Отечества!", "Поздравляем земляков с праздником, желаем мира и благополучия."),
    ("Турнир по волейболу", "Команда администрации заняла второе место в турнире."),
    ("Студенты выбрали старост групп", "В колледже прошли собрания, в каждой группе выбрали старосту."),
    ("", ""),
])
def test_no_topic_on_drills_greetings_sport_and_student_heads(title, text):
    assert tag_topics(title, text) == []


def test_an_article_can_have_several_topics_in_topics_order():
    text = ("Председатели ТОС учились готовить инициативные проекты: смета, собрание жителей, "
            "софинансирование.")
    assert tag_topics("Семинар для ТОС по инициативному бюджетированию", text) == [INITIATIVE, TOS]


def test_an_initiative_projects_object_is_not_improvement():
    text = "Проект инициативного бюджетирования: жители собрали средства на детскую площадку во дворе."
    assert tag_topics("Народный бюджет: площадка во дворе", text) == [INITIATIVE]


def test_smart_metering_of_housing_is_both_topics():
    text = "В многоквартирных домах установили счётчики воды с удалённой передачей показаний."
    assert tag_topics("Умные счётчики в домах", text) == [URBAN, SMART]


@pytest.mark.parametrize("title,text,topic", [
    ("Конкурс грантов для ТОС", "Гранты получат проекты благоустройства, досуга и спорта.", TOS),
    ("Молодёжный центр открыт", "Молодёжь вместе благоустраивала территорию у центра и проводит форумы.", YOUTH),
])
def test_improvement_in_the_lead_of_another_topic_is_its_setting(title, text, topic):
    assert tag_topics(title, text) == [topic]
    context = [hit for hit in explain(title, text).scores[0].fired if hit.rule == "context"]
    assert context and context[0].weight < 0


@pytest.mark.parametrize("title,text", [
    ("Парк «Молодёжный» обновили", "В парке заменили скамейки и освещение, обустроили дорожки."),
    ("Молодым специалистам помогут с жильём", "Специалистам сельских администраций компенсируют аренду."),
])
def test_a_place_named_youth_or_young_specialists_are_not_youth_policy(title, text):
    assert YOUTH not in tag_topics(title, text)


def test_a_brand_strategy_is_not_management():
    text = "Депутаты утвердили стратегию развития туристического бренда: события, маршруты, стиль."
    assert tag_topics("Стратегия развития бренда города", text) == [BRAND]


def test_explain_traces_every_topic_and_adds_up():
    result = explain("Дотации поселениям", "Область выделила дотации на сбалансированность местных бюджетов.")
    assert [item.topic for item in result.scores] == list(TOPICS)
    transfers = result.scores[TOPICS.index(TRANSFERS)]
    assert transfers.tagged and transfers.threshold == THRESHOLD
    assert transfers.score == pytest.approx(sum(hit.weight for hit in transfers.fired), abs=1e-2)
    name = next(hit for hit in transfers.fired if hit.rule == "transfers-name")
    assert (name.where, name.matched, name.weight) == ("title", "дотации", pytest.approx(4.0 * TITLE_BOOST))
    assert any(hit.rule == "word-model" and hit.where == "both" for hit in transfers.fired)
    assert result.topics == [TRANSFERS]


def test_a_topic_mentioned_deep_in_a_long_report_counts_for_half():
    filler = " ".join(["Участники обсудили подготовку к празднику и ремонт клуба."] * 12)
    deep = explain("Совещание", filler + " Обсудили дотации.").scores[TOPICS.index(TRANSFERS)]
    hit = next(hit for hit in deep.fired if hit.rule == "transfers-name")
    assert hit.where == "rest" and hit.weight == pytest.approx(2.0)


def test_committed_model_loads_and_is_reproduced_by_training_on_train_only():
    committed = load_model(MODEL_PATH)
    assert set(committed.weights) == set(TOPICS)
    retrained = train(training_rows(DATA))
    for topic in TOPICS:
        assert committed.weights[topic].keys() == retrained.weights[topic].keys()
        assert all(abs(committed.weights[topic][k] - v) < 1e-3 for k, v in retrained.weights[topic].items())
        assert abs(committed.biases[topic] - retrained.biases[topic]) < 1e-5


def test_word_model_can_tip_but_never_tag_alone():
    assert CLAMP < THRESHOLD
    result = explain("Новости", "Дотации трансферты бюджетной обеспеченности налоговые доходы")
    assert result.scores[TOPICS.index(TRANSFERS)].tagged  # rules fire
    alone = explain("Новости района", "Жители, новости, события, встреча, неделя.")
    assert all(item.score < THRESHOLD for item in alone.scores)
