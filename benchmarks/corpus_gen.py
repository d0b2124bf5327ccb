"""Reproducible generated corpus of Russian municipal news, shared by the search benchmarks.

    python -m benchmarks.corpus_gen --docs 50000 --seed 1          # -> benchmarks/.corpus/…jsonl
    python -m benchmarks.relevance_fixture                         # -> tests/data/relevance/

Each article is built from :mod:`benchmarks.corpus_vocab`: a region, a municipality, a topic,
a title template, paragraphs mixing topic sentences with procedural sentences and, now and
then, a sentence of another topic (so words are not confined to their topic). Article ``i``
depends only on ``(seed, i)``, so any prefix of a corpus is the same whatever its size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks.corpus_vocab import BEST_PRACTICE, GENERIC, REGIONS, TOPICS, Region, Topic
from indexer.documents import Article

CORPUS_DIR = Path(__file__).parent / ".corpus"
#: Articles are dated over these years (the span of the associations' archives we have seen).
FIRST_DAY = datetime(2018, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=3)))
DAYS = 8 * 365
#: Share of best-practice articles: about what the seed sites publish.
BEST_PRACTICE_SHARE = 0.15
#: Share of sentences taken from another topic: off-topic mentions make ranking non-trivial.
OFF_TOPIC_SHARE = 0.08


@dataclass(frozen=True)
class GeneratedArticle:
    """An article and the labels it was generated from (the ground truth of relevance)."""

    article: Article
    topic: str
    region: str


def _plural_count(number: int) -> int:
    """The nearest count at or above `number` that takes the genitive plural in Russian.

    The vocabulary writes «{num} деревьев», «{num} километров»: right for 5–20, 25, 37…,
    wrong for 2–4 or 41 («2 километра», «41 дерево»). Shifting the number keeps the random
    sequence (and so every other word of the corpus) unchanged.
    """
    last, tens = number % 10, number % 100
    if 1 <= last <= 4 and not 11 <= tens <= 14:
        return number + 5 - last
    return number


def _fill(template: str, rng: random.Random, region: Region, mun_index: int, year: int) -> str:
    mun = region.municipalities[mun_index]
    return template.format(
        mun=mun.nom, mun_gen=mun.gen, mun_loc=mun.loc, region_gen=region.gen, year=year,
        num=_plural_count(rng.randint(2, 60)), sum=rng.randint(3, 250),
    )


def _paragraphs(rng: random.Random, topic: Topic, fill: object) -> list[str]:
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            roll = rng.random()
            if roll < OFF_TOPIC_SHARE:
                source = rng.choice(TOPICS).sentences
            elif roll < 0.6:
                source = topic.sentences
            else:
                source = GENERIC
            sentences.append(fill(rng.choice(source)))  # type: ignore[operator]
        paragraphs.append(" ".join(sentences))
    return paragraphs


def generate_one(seed: int, number: int) -> GeneratedArticle:
    """Article `number` of the corpus `seed`."""
    rng = random.Random(seed * 1_000_003 + number)
    region = rng.choice(REGIONS)
    mun_index = rng.randrange(len(region.municipalities))
    topic = rng.choice(TOPICS)
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600))

    def fill(template: str) -> str:
        return _fill(template, rng, region, mun_index, published.year)

    title = fill(rng.choice(topic.titles))
    paragraphs = _paragraphs(rng, topic, fill)
    best = rng.random() < BEST_PRACTICE_SHARE
    if best:
        paragraphs.append(fill(rng.choice(BEST_PRACTICE)))
    article = Article(
        url=f"https://{region.source_id}.example.ru/news/{seed}-{number}",
        source_id=region.source_id, source_name=region.source_name, region=region.name,
        title=title, text="\n\n".join(paragraphs), lead=paragraphs[0][:200],
        published_at=published.isoformat(), date_source="meta",
        fetched_at="2026-01-01T00:00:00+00:00", best_practice=best,
    )
    return GeneratedArticle(article, topic.key, region.name)


def generate(count: int, seed: int = 1) -> Iterator[GeneratedArticle]:
    """The first `count` articles of corpus `seed`, streamed."""
    for number in range(count):
        yield generate_one(seed, number)


def corpus_file(count: int, seed: int) -> Path:
    """A cached JSON-lines file of the corpus (generated once, outside git)."""
    path = CORPUS_DIR / f"articles-{seed}-{count}.jsonl"
    if not path.exists():
        CORPUS_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for item in generate(count, seed):
                out.write(item.article.to_json() + "\n")
        partial.rename(path)
    return path


def read_corpus(path: Path) -> Iterator[Article]:
    """Articles of a JSON-lines file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield Article.from_dict(json.loads(line))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(corpus_file(args.docs, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
