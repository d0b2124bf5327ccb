"""Sanity checks of the Russian municipal corpus (benchmarks/data/ru_corpus): the gold must be true."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from benchmarks.ru_corpus import (
    DEFAULT_ROOT,
    Case,
    by_site,
    load_cases,
    normalize_space,
    visible_text,
)

CASES = load_cases()
# What issue 4 asks of the corpus.
MIN_PAGES = 80
MIN_FAMILIES = 10
MIN_PER_FAMILY = 5  # fewer pages would make a family's score a coin toss


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {case.id: visible_text(case.html) for case in CASES}


def test_corpus_size_and_families():
    families = Counter(case.family for case in CASES)
    assert len(CASES) >= MIN_PAGES
    assert len(families) >= MIN_FAMILIES
    assert min(families.values()) >= MIN_PER_FAMILY, families


def test_sites_group_pages_of_one_template(texts):
    sites = by_site(CASES)
    assert len(sites) >= 2 * MIN_FAMILIES
    for site_id, cases in sites.items():
        assert len(cases) >= 3, site_id  # template learning needs several pages of a site
        assert len({(c.site_name, c.family, c.encoding, urlsplit(c.url).hostname) for c in cases}) == 1, site_id
        # The footer's first line (site name and years) is the same on every page of the site.
        footer = [s for s in cases[0].must_not_contain if s.startswith("©")]
        for case in cases:
            assert all(s in texts[case.id] for s in footer), (site_id, case.id)


def test_case_ids_and_urls_are_unique():
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({c.url for c in CASES}) == len(CASES)


def test_pages_are_distinct():
    assert len({c.raw for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_title_is_the_articles_own(case: Case, texts):
    assert case.title.strip() and case.title == case.title.strip()
    assert case.title != case.site_name
    assert normalize_space(case.title) in texts[case.id]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_boilerplate_strings_are_on_the_page_and_not_in_gold(case: Case, texts):
    assert 3 <= len(case.must_not_contain) <= 8
    for text in case.must_not_contain:
        assert text in texts[case.id], text
        assert normalize_space(text).casefold() not in normalize_space(case.body).casefold(), text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_body_text_is_on_the_page(case: Case, texts):
    for line in case.body.splitlines():
        for part in line.split(" | "):  # table rows: cells joined by " | "
            for sentence in re.split(r"(?<=[.!?…])\s+", part):
                assert normalize_space(sentence) in texts[case.id], sentence


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_must_contain_covers_the_end_of_the_body(case: Case, texts):
    assert 2 <= len(case.must_contain) <= 4
    for snippet in case.must_contain:
        assert snippet in case.body and snippet in texts[case.id], snippet
    last = case.body.splitlines()[-1].split(" | ")[-1]
    assert any(last.endswith(s) for s in case.must_contain), last


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_dates_parse(case: Case):
    published = datetime.fromisoformat(case.published_at)
    fetched = datetime.fromisoformat(case.fetched_at)
    assert published.tzinfo is not None and fetched.tzinfo is not None
    assert fetched >= published
    assert case.date_precision in ("minute", "day")
    assert case.date_sources, "every page says where its date can be found"
    if case.date_sources == ["listing"]:
        assert case.listing_date
    if case.date_sources == ["url"]:
        assert f"{published:%Y}" in case.url
    offset = published.utcoffset()
    assert offset is not None
    if offset.total_seconds() != 3 * 3600:  # +03:00 unless the page states an offset
        assert {"meta", "json-ld", "time-tag"} & set(case.date_sources)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_encoding_is_declared_and_decodes(case: Case):
    html = case.html  # raises if the gold names the wrong encoding
    declared = re.search(r'<meta[^>]*charset="?([\w-]+)', html[:2000], re.IGNORECASE)
    assert declared, "page declares its charset"
    assert declared.group(1).lower().replace("windows-", "cp") == case.encoding.replace("utf-8", "utf-8")


def test_corpus_has_the_traps_the_issue_lists():
    features = Counter(f for case in CASES for f in case.features)
    for name in ("comments", "comment-form", "latest-news", "related-news", "photo-caption", "share",
                 "breadcrumbs", "attachment", "table", "list", "updated-date", "relative-date", "json-ld",
                 "gallery", "tags", "read-also-inside-body", "title-repeated-in-body", "event-date-in-text",
                 "today-date-in-header", "dated-sidebar-first", "accessibility-link"):
        assert features[name] >= 2, name
    sources = Counter(tuple(c.date_sources) for c in CASES)
    assert sources[("listing",)] >= 2 and sources[("url",)] >= 2
    assert sum(c.encoding == "cp1251" for c in CASES) >= 8
    assert sum(not c.published_at.endswith("+03:00") for c in CASES) >= 2  # offsets stated by the page


def test_corpus_has_short_notices_and_long_reports():
    sizes = [len(c.paragraphs) for c in CASES]
    assert min(sizes) <= 2
    assert max(sizes) >= 30


def test_date_matches_compares_at_gold_precision():
    case = CASES[0]
    minute = Case(**{**case.__dict__, "published_at": "2023-02-27T14:05:00+03:00", "date_precision": "minute"})
    assert minute.date_matches("2023-02-27T11:05:00+00:00")
    assert minute.date_matches("2023-02-27T14:05")
    assert not minute.date_matches("2023-02-27T15:05:00+03:00")
    assert not minute.date_matches(None)
    assert not minute.date_matches("2023-02-27")
    assert minute.date_matches("2023-02-27", day_only=True)
    assert minute.date_matches("2023-02-26T23:30:00+00:00", day_only=True)
    assert not minute.date_matches("not a date")
    day = Case(**{**case.__dict__, "published_at": "2023-02-27T00:00:00+03:00", "date_precision": "day"})
    assert day.date_matches("2023-02-27")
    assert not day.date_matches("2023-02-26T23:00:00+03:00")


def test_leaks_and_missing_report_gold_strings():
    case = CASES[0]
    assert case.leaks(case.body) == []
    assert case.missing(case.body) == []
    polluted = case.body + "\n\n" + case.must_not_contain[0]
    assert case.leaks(polluted) == [case.must_not_contain[0]]
    assert case.missing(case.paragraphs[0]) != []


def test_committed_pages_are_what_the_generator_builds(tmp_path):
    script = DEFAULT_ROOT / "build.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    built = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in (DEFAULT_ROOT / "pages").iterdir())
    assert built == committed
    for name in built:
        assert (tmp_path / name).read_bytes() == (DEFAULT_ROOT / "pages" / name).read_bytes(), name
