"""Golden tests of the cleaning stage: the three seed articles in the templates real sites use.

Each case is ``tests/golden/cleaning/<case>.html`` plus ``<case>.expected.json`` with the
title, the date, and body segments that must / must not appear (whitespace-insensitive, so a
formatting change does not break them while a leak of boilerplate does).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawler.cleaning.core import extract_article

GOLDEN = Path(__file__).parent / "golden" / "cleaning"
CASES = sorted(p.name[: -len(".html")] for p in GOLDEN.glob("*.html"))
FETCHED = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean(case: str):
    expected = json.loads((GOLDEN / f"{case}.expected.json").read_text(encoding="utf-8"))
    html = (GOLDEN / f"{case}.html").read_text(encoding="utf-8")
    return extract_article(html, expected["url"], fetched_at=FETCHED), expected


def test_there_are_cases_for_every_template_family():
    families = {case.split("_")[0] for case in CASES}
    assert families >= {"wordpress", "bitrix", "joomla", "table"}


@pytest.mark.parametrize("case", CASES)
def test_title_and_date(case):
    article, expected = _clean(case)
    assert article.title == expected["title"]
    assert article.published_at == expected["published_at"]
    assert article.date_source == expected["date_source"]


@pytest.mark.parametrize("case", CASES)
def test_body_is_the_article_alone(case):
    article, expected = _clean(case)
    text = _squash(article.text)
    for segment in expected["must_contain"]:
        assert _squash(segment) in text, f"missing: {segment!r}"
    for segment in expected["must_not_contain"]:
        assert segment.lower() not in text.lower(), f"boilerplate left: {segment!r}"
    assert text.count(_squash(expected["title"])) == expected["title_copies_in_text"]
    assert len(article.text.split("\n\n")) >= expected["min_paragraphs"]


@pytest.mark.parametrize("case", CASES)
def test_no_paragraph_twice_and_lead_is_first_paragraph(case):
    article, _ = _clean(case)
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    assert article.lead and paragraphs[0].startswith(article.lead.rstrip("…"))
    assert len(article.lead) <= 300
