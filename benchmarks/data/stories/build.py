"""Build the labelled story pairs: `python benchmarks/data/stories/build.py` writes pairs.jsonl.

Positives: one story as two sites publish it (edits.py: changed title, trimmed lead, an added or
removed paragraph, typography, a district's shortened version, the congress's rewritten lead),
from the hand-written corpus (benchmarks/data/ru_corpus/articles_*.txt), the real crawled texts
in ../shared/seeds matched with their corpus versions, template reports and short notices.
Negatives: same-topic different news (templates.py: board meetings of different months, forum
announcements of different years, initiative-budget results of different districts, reception
notices, contest calls), corpus articles sharing a tag, short notices of one kind, and short news
carrying the same long contact footer. A fixed seed makes the file reproducible. The split is
drawn per pair ("test" for every second pair of each kind, written before any tuning).
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "benchmarks" / "data" / "ru_corpus"))

import templates as tp  # noqa: E402
from articles import gold_body, load_articles  # noqa: E402
from edits import REPOSTS, repost, retitle, typography  # noqa: E402

SEED = 20250618
SEEDS = ROOT.parent / "shared" / "seeds"
FOOTER = ("Ассоциация «Совет муниципальных образований Кировской области». 610019, г. Киров, ул. Карла Либкнехта, "
          "д. 69, каб. 406. Телефон исполнительной дирекции: 8 (8332) 64-94-37, факс 64-52-18, электронная почта: "
          "smo-kirov@mail.ru. Режим работы: понедельник – пятница с 8:00 до 17:00, перерыв с 12:00 до 13:00. "
          "Перепечатка материалов сайта допускается только со ссылкой на источник.")
Side = dict[str, str]


def _side(title: str, paragraphs: list[str], published: str) -> Side:
    return {"title": title, "text": "\n\n".join(paragraphs), "published_at": published}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def corpus_reposts(rng: random.Random) -> Iterator[tuple[str, bool, Side, Side]]:
    kinds = list(REPOSTS)
    for number, article in enumerate(load_articles(ROOT / "benchmarks" / "data" / "ru_corpus")):
        body = _paragraphs(gold_body(article.blocks))
        date = article.date.isoformat()
        for kind in [kinds[number % len(kinds)]] + ([kinds[(number + 4) % len(kinds)]] if number % 2 else []):
            yield kind, True, _side(article.title, body, date), _side(retitle(article.title, rng),
                                                                      repost(body, kind, rng), date)


def seed_reposts(rng: random.Random) -> Iterator[tuple[str, bool, Side, Side]]:
    """Real crawled texts (with their repeated lead) against the corpus's hand-cleaned versions."""
    corpus = {a.title.rstrip(".!"): a for a in load_articles(ROOT / "benchmarks" / "data" / "ru_corpus")}
    for path in sorted(SEEDS.glob("*.txt")):
        title, *body = _paragraphs(path.read_text("utf-8"))
        match = next((a for t, a in corpus.items() if t[:25] == title.rstrip(".!")[:25]), None)
        if match is not None:
            yield "real_crawl", True, _side(title, body, match.date.isoformat()), _side(
                match.title, _paragraphs(gold_body(match.blocks)), match.date.isoformat())


def template_reposts(rng: random.Random) -> Iterator[tuple[str, bool, Side, Side]]:
    """Template reports reposted: they must still join despite their shared boilerplate."""
    for number in range(16):
        if number % 2:
            title, text = tp.board_meeting(rng)
        else:
            title, text = tp.budget_results(rng, rng.choice(tp.DISTRICTS), rng.choice([2022, 2023, 2024]))
        kind = ["trimmed_lead", "added_paragraph", "retitle_typography", "removed_paragraph"][number % 4]
        body = _paragraphs(text)
        yield f"template_{kind}", True, _side(title, body, "2024-03-01"), _side(
            retitle(title, rng), repost(body, kind, rng), "2024-03-02")


def short_reposts(rng: random.Random, notices: list[dict[str, str]]) -> Iterator[tuple[str, bool, Side, Side]]:
    for row in notices[:12]:
        body = _paragraphs(row["text"])
        yield "short_typography", True, _side(row["title"], body, "2024-05-01"), _side(
            retitle(row["title"], rng), typography(body, rng), "2024-05-01")


def template_negatives(rng: random.Random) -> Iterator[tuple[str, bool, Side, Side]]:
    for number in range(32):
        region = number % len(tp.REGIONS)
        yield "board_meetings", False, _pair_side(tp.board_meeting(rng, region)), _pair_side(
            tp.board_meeting(rng, region))
    for number in range(12):
        year = 2019 + number % 5
        yield "forum_years", False, _pair_side(tp.forum_announcement(rng, year)), _pair_side(
            tp.forum_announcement(rng, year + 1 + number % 2))
    for number in range(22):
        first, second = rng.sample(tp.DISTRICTS, 2)
        year = rng.choice([2022, 2023, 2024])
        other = (first, year - 1) if number % 3 == 0 else (second, year)
        yield "budget_districts", False, _pair_side(tp.budget_results(rng, first, year)), _pair_side(
            tp.budget_results(rng, *other))
    for number in range(12):
        yield "reception_notices", False, _pair_side(tp.reception_notice(rng, number % 10)), _pair_side(
            tp.reception_notice(rng, number % 10))
    for number in range(12):
        year = 2020 + number % 5
        yield "contest_years", False, _pair_side(tp.contest_start(rng, year, number % 10)), _pair_side(
            tp.contest_start(rng, year + 1, number % 10))


def _pair_side(generated: tuple[str, str]) -> Side:
    return _side(generated[0], _paragraphs(generated[1]), "2024-01-01")


def corpus_negatives(rng: random.Random) -> Iterator[tuple[str, bool, Side, Side]]:
    """Different corpus stories on one topic (sharing a tag or the word that names the topic)."""
    articles = load_articles(ROOT / "benchmarks" / "data" / "ru_corpus")
    topics = ["старост", "ТОС", "инициативн", "правлени", "форум", "конкурс", "Клуб", "служащ", "бюджет"]
    made = 0
    for topic in topics:
        group = [a for a in articles if topic in a.title or any(topic in t for t in a.tags)]
        rng.shuffle(group)
        for first, second in zip(group[::2], group[1::2]):
            if made < 26:
                made += 1
                yield "corpus_same_topic", False, _side(first.title, _paragraphs(gold_body(first.blocks)),
                                                        first.date.isoformat()), _side(
                    second.title, _paragraphs(gold_body(second.blocks)), second.date.isoformat())


def short_negatives(rng: random.Random, notices: list[dict[str, str]]) -> Iterator[tuple[str, bool, Side, Side]]:
    by_reason: dict[str, list[dict[str, str]]] = {}
    for row in notices[12:]:
        by_reason.setdefault(row["reason"], []).append(row)
    for rows in by_reason.values():
        if len(rows) >= 2:
            yield "short_same_kind", False, _pair_side((rows[0]["title"], rows[0]["text"])), _pair_side(
                (rows[1]["title"], rows[1]["text"]))
    for first, second in zip(notices[40:60:2], notices[41:61:2]):
        yield "shared_footer", False, _pair_side((first["title"], first["text"] + "\n\n" + FOOTER)), _pair_side(
            (second["title"], second["text"] + "\n\n" + FOOTER))


def build() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    notices = [json.loads(line) for line in (ROOT / "tests" / "data" / "best_practice" / "articles.jsonl")
               .read_text("utf-8").splitlines()]
    rng.shuffle(notices)
    pairs: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for source in (corpus_reposts(rng), seed_reposts(rng), template_reposts(rng), short_reposts(rng, notices),
                   template_negatives(rng), corpus_negatives(rng), short_negatives(rng, notices)):
        for kind, label, a, b in source:
            seen[kind] = seen.get(kind, 0) + 1
            pairs.append({"id": f"pair-{len(pairs) + 1:03d}", "split": "test" if seen[kind] % 2 else "dev",
                          "label": label, "kind": kind, "a": a, "b": b})
    return pairs


def main() -> int:
    pairs = build()
    with (HERE / "pairs.jsonl").open("w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(json.dumps(pair, ensure_ascii=False) + "\n")
    kinds: dict[tuple[str, str], int] = {}
    for pair in pairs:
        key = (str(pair["split"]), "positive" if pair["label"] else "negative")
        kinds[key] = kinds.get(key, 0) + 1
    print(f"{len(pairs)} pairs: {dict(sorted(kinds.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
