"""The Elasticsearch side of «Возможно, вы имели в виду …» (:mod:`indexer.suggest`).

Candidates come from the ``term`` suggester (Lucene's DirectSpellChecker: a Levenshtein
automaton over the term dictionary, the same prefix length and edits as the embedded backend);
frequencies from a ``filters`` aggregation, counted as the embedded backend counts them
(articles with the term in any text field), so both rank candidates alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from indexer.elastic.mapping import BODY_FIELD, DOCUMENTS_FIELD, TITLE_FIELD
from indexer.suggest import MAX_EDITS, SAMPLE_ARTICLES

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

#: Options asked of the suggester per field; the shared code re-ranks them.
OPTIONS = 10


def _any_field(term: str, fields: tuple[str, ...] = (TITLE_FIELD, BODY_FIELD, DOCUMENTS_FIELD)
               ) -> dict[str, Any]:
    return {"bool": {"should": [{"term": {field: term}} for field in fields],
                     "minimum_should_match": 1}}


class ElasticVocabulary:
    """The index terms behind an alias, for :func:`indexer.suggest.suggest`."""

    def __init__(self, client: Elasticsearch, index: str) -> None:
        self.client, self.index = client, index

    def frequencies(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        filters = {f"t{i}": _any_field(term) for i, term in enumerate(terms)}
        answer = self.client.search(index=self.index, size=0, track_total_hits=False,
                                    aggs={"terms": {"filters": {"filters": filters}}})
        buckets = answer["aggregations"]["terms"]["buckets"]
        return {term: int(buckets[f"t{i}"]["doc_count"]) for i, term in enumerate(terms)}

    def candidates(self, term: str) -> list[str]:
        options = {"suggest_mode": "always", "max_edits": MAX_EDITS, "prefix_length": 1,
                   "min_word_length": 1, "size": OPTIONS, "max_inspections": 10,
                   "accuracy": 0.1, "string_distance": "damerau_levenshtein"}
        suggest = {name: {"text": term, "term": {"field": field, **options}}
                   for name, field in (("title", TITLE_FIELD), ("body", BODY_FIELD))}
        answer = self.client.search(index=self.index, size=0, track_total_hits=False,
                                    suggest=suggest)
        return sorted({option["text"] for entries in answer["suggest"].values()
                       for entry in entries for option in entry["options"]})

    def texts(self, term: str) -> list[str]:
        answer = self.client.search(index=self.index, size=SAMPLE_ARTICLES,
                                    query=_any_field(term, (TITLE_FIELD, BODY_FIELD)),
                                    source_includes=["article.title", "article.text"])
        articles = [hit["_source"].get("article", {}) for hit in answer["hits"]["hits"]]
        return [f"{a.get('title', '')}\n{a.get('text', '')}" for a in articles]
