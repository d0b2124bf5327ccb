"""Benchmark of article extraction: munews's cleaning against the well-known extractors.

    python -m benchmarks.extraction                       # both datasets, every extractor
    python -m benchmarks.extraction --dataset public --extractors munews,trafilatura-fast
    python -m benchmarks.extraction --dates               # fast date path vs dateparser

Datasets: the public article-extraction-benchmark (181 pages, ``--public-dir``) and the Russian
municipal corpus (``benchmarks/data/ru_corpus``). Per extractor it prints shingle precision,
recall, F1, accuracy and empty outputs (``benchmarks/scoring.py``), median ms/page and pages/s;
for the Russian corpus also titles exact, dates correct and pages with boilerplate left in
(extractors without title/date output show "-"). Every extractor runs in the same process on
the same pages, so speed figures compare within one run only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks.scoring import score_page, summarize

PUBLIC_DIR = Path("/work/shared/datasets/article-extraction-benchmark")


@dataclass
class Page:
    """One benchmark page: html, url, gold body, and (Russian corpus) gold title/date."""

    id: str
    html: str
    url: str
    body: str
    title: str | None = None
    case: object | None = None  # benchmarks.ru_corpus.Case
    source: str = ""


@dataclass
class Output:
    text: str
    title: str | None = None
    published_at: str | None = None


Extractor = Callable[[Page], Output]


def load_public(root: Path) -> list[Page]:
    """The public benchmark's pages with their ground-truth bodies."""
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key, gold in sorted(truth.items()):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, raw.decode("utf-8", errors="replace"), gold.get("url", ""),
                          gold.get("articleBody", "")))
    return pages


def load_russian() -> list[Page]:
    """The Russian municipal corpus (benchmarks/ru_corpus.py)."""
    from benchmarks.ru_corpus import DEFAULT_ROOT, load_cases

    pages = []
    for case in load_cases():
        # One site = one template: the gold's site_id (a site name may span template families).
        gold = json.loads((DEFAULT_ROOT / "pages" / f"{case.id}.json").read_text("utf-8"))
        source = gold.get("site_id") or f"{case.family}:{case.site_name}"
        pages.append(Page(case.id, case.html, case.url, case.body, case.title, case, source))
    return pages


def _munews(page: Page) -> Output:
    from crawler.cleaning.core import extract_article
    from crawler.items import ExtractionFailed

    case = page.case
    try:
        article = extract_article(
            page.html, page.url, listing_title=getattr(case, "listing_title", None),
            listing_date=getattr(case, "listing_date", None), fetched_at=_fetched(case),
        )
    except ExtractionFailed:
        return Output("")
    return Output(article.text, article.title, article.published_at)


def _fetched(case: object | None) -> datetime | None:
    value = getattr(case, "fetched_at", None)
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _trafilatura(**options: object) -> Extractor:
    def run(page: Page) -> Output:
        import trafilatura

        text = trafilatura.extract(page.html, url=page.url or None, include_comments=False, **options)  # type: ignore[arg-type]
        return Output(text or "")
    return run


def _readability(page: Page) -> Output:
    import lxml.html
    from readability import Document

    summary = Document(page.html).summary(html_partial=True)
    return Output(lxml.html.fromstring(summary).text_content() if summary.strip() else "")


def _newspaper(page: Page) -> Output:
    from newspaper import Article

    article = Article(page.url or "http://example.com/", language="ru" if page.case else "en",
                      fetch_images=False)
    article.download(input_html=page.html)
    article.parse()
    return Output(article.text or "", article.title or None)


def _resiliparse(page: Page) -> Output:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    return Output(extract_plain_text(HTMLTree.parse(page.html), main_content=True))


def _justext(page: Page) -> Output:
    import justext

    stoplist = justext.get_stoplist("Russian" if page.case else "English")
    paragraphs = justext.justext(page.html.encode("utf-8"), stoplist, encoding="utf-8")
    return Output("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def _lxml_only(page: Page) -> Output:
    import lxml.html

    lxml.html.document_fromstring(page.html)
    return Output("")


EXTRACTORS: dict[str, Extractor] = {
    "munews": _munews,
    "trafilatura": _trafilatura(),
    "trafilatura-precision": _trafilatura(favor_precision=True),
    "trafilatura-fast": _trafilatura(fast=True),
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
    "resiliparse": _resiliparse,
    "justext": _justext,
    "lxml-parse-only": _lxml_only,
}


def _available(name: str, extractor: Extractor, sample: Page) -> str | None:
    """None when the extractor runs, else why not (a row then says so)."""
    try:
        extractor(sample)
    except ImportError as exc:
        return f"not installed ({exc.name or exc})"
    except Exception as exc:  # noqa: BLE001 - a broken third-party install becomes a row note
        return f"fails: {type(exc).__name__}: {exc}"[:80]
    return None


def learned_templates(pages: list[Page]) -> dict[str, object]:
    """Site templates learned from every page of each source, as a crawl of the source would."""
    from crawler.cleaning.template import SiteTemplate
    from crawler.cleaning.tree import parse_html

    templates: dict[str, SiteTemplate] = {}
    for page in pages:
        template = templates.setdefault(page.source, SiteTemplate(page.source))
        template.observe(parse_html(page.html))
    return dict(templates)


def _munews_template(templates: dict[str, object]) -> Extractor:
    def run(page: Page) -> Output:
        from crawler.cleaning.core import extract_article
        from crawler.items import ExtractionFailed

        case = page.case
        try:
            article = extract_article(
                page.html, page.url, listing_title=getattr(case, "listing_title", None),
                listing_date=getattr(case, "listing_date", None), fetched_at=_fetched(case),
                template=templates.get(page.source),  # type: ignore[arg-type]
            )
        except ExtractionFailed:
            return Output("")
        return Output(article.text, article.title, article.published_at)
    return run


@dataclass
class Row:
    name: str
    note: str = ""
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    accuracy: float = 0.0
    empty: int = 0
    median_ms: float = 0.0
    pages_per_s: float = 0.0
    titles: float | None = None
    dates: float | None = None
    leaky: int | None = None
    timings: list[float] = field(default_factory=list)  # ms per page, in page order


def run_extractors(named: dict[str, Extractor], pages: list[Page]) -> list[Row]:
    """Run the extractors page by page, interleaved, and score them.

    Interleaving puts every extractor under the same machine load: on a shared machine a
    load swing during one extractor's turn would otherwise decide the speed ranking. The
    order rotates from page to page, so that every extractor runs as often right after each
    of the others: the CPU caches an extractor leaves warm help whichever runs next, most of
    all between the three trafilatura modes, which share their code and compiled XPaths.
    """
    notes = {name: _available(name, ex, pages[0]) for name, ex in named.items()}
    live = [(name, ex) for name, ex in named.items() if not notes[name]]
    timings: dict[str, list[float]] = {name: [] for name, _ in live}
    outputs: dict[str, list[Output]] = {name: [] for name, _ in live}
    for number, page in enumerate(pages):
        turn = number % len(live) if live else 0
        for name, extractor in live[turn:] + live[:turn]:
            start = time.perf_counter()
            try:
                output = extractor(page)
            except Exception:  # noqa: BLE001 - a crash on one page is an empty output there
                output = Output("")
            timings[name].append((time.perf_counter() - start) * 1000)
            outputs[name].append(output)
    rows = [Row(name, note) for name, note in notes.items() if note]
    for name, _ in live:
        summary = summarize([score_page(o.text, p.body) for p, o in zip(pages, outputs[name])], timings[name])
        row = Row(name, "", summary.precision, summary.recall, summary.f1, summary.accuracy,
                  summary.empty, summary.median_ms, summary.pages_per_second, timings=timings[name])
        if pages[0].case is not None:
            _russian_metrics(row, pages, outputs[name])
        rows.append(row)
    return rows


def _russian_metrics(row: Row, pages: list[Page], outputs: list[Output]) -> None:
    cases = [p.case for p in pages]
    row.leaky = sum(bool(c.leaks(o.text)) for c, o in zip(cases, outputs))  # type: ignore[attr-defined]
    if any(o.title is not None for o in outputs):
        row.titles = statistics.fmean(o.title == p.title for p, o in zip(pages, outputs))
    if any(o.published_at is not None for o in outputs):
        row.dates = statistics.fmean(c.date_matches(o.published_at)  # type: ignore[attr-defined]
                                     for c, o in zip(cases, outputs))


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:5.1f}%"


def print_table(title: str, rows: list[Row], pages: int) -> None:
    """One table per dataset, best F1 first; the speed floor last."""
    print(f"\n## {title} ({pages} pages)\n")
    print(f"{'extractor':24} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6} {'empty':>5} "
          f"{'ms/page':>8} {'pages/s':>8} {'titles':>7} {'dates':>7} {'leaky':>5}")
    ordered = sorted(rows, key=lambda r: (r.name == "lxml-parse-only", bool(r.note), -r.f1))
    for r in ordered:
        if r.note:
            print(f"{r.name:24} {r.note}")
            continue
        leaky = "-" if r.leaky is None else str(r.leaky)
        print(f"{r.name:24} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.accuracy:6.3f} {r.empty:5d} "
              f"{r.median_ms:8.2f} {r.pages_per_s:8.1f} {_pct(r.titles):>7} {_pct(r.dates):>7} {leaky:>5}")


#: The speed reference of the acceptance target: munews at least as fast as this, in the same run.
SPEED_BASELINE = "trafilatura-fast"


def speed_ratios(rows: list[Row], baseline: str = SPEED_BASELINE) -> dict[str, tuple[float, float]]:
    """extractor -> (its median / the baseline's median, median of the per-page time ratios).

    The per-page ratio pairs two runs of the same page made one right after the other, so a
    load swing on the shared machine moves both; below 1.0 means faster than the baseline.
    """
    base = next((r for r in rows if r.name == baseline and r.timings), None)
    if base is None:
        return {}
    return {r.name: (r.median_ms / base.median_ms,
                     statistics.median(t / b for t, b in zip(r.timings, base.timings) if b > 0))
            for r in rows if r.timings and r.name != baseline}


def print_speed(rows: list[Row], baseline: str = SPEED_BASELINE) -> None:
    """Each extractor's speed against the baseline's, from the same interleaved run."""
    ratios = speed_ratios(rows, baseline)
    if not ratios:
        return
    print(f"\nspeed against {baseline} (same run; < 1.00 is faster):")
    for name, (of_medians, paired) in ratios.items():
        print(f"  {name:24} median/median {of_medians:5.2f}   per-page ratio, median {paired:5.2f}")


def bench_dates(repeat: int = 200) -> None:
    """Median µs per date string: munews's regex path against dateparser."""
    import dateparser

    from crawler.cleaning.dates import parse_fast

    samples = ["27 февраля 2023 года", "27.02.2023 14:05", "Опубликовано: 19 февраля 2020",
               "1 декабря 2022 г. в 12:30", "2023-02-27T10:00:00+03:00", "05.03.2021"]
    for label, fn in (("regex path", lambda s: parse_fast(s)),
                      ("dateparser", lambda s: dateparser.parse(s, languages=["ru"]))):
        fn(samples[0])  # warm-up: dateparser loads its language data on first use
        timings = []
        for _ in range(repeat):
            for sample in samples:
                start = time.perf_counter()
                fn(sample)
                timings.append((time.perf_counter() - start) * 1e6)
        print(f"{label:12} median {statistics.median(timings):9.1f} µs/date")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=("public", "ru", "both"), default="both")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS),
                        help="comma-separated subset of: " + ", ".join(EXTRACTORS))
    parser.add_argument("--public-dir", type=Path, default=PUBLIC_DIR)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--dates", action="store_true", help="benchmark date parsing and exit")
    args = parser.parse_args(argv)
    if args.dates:
        bench_dates()
        return 0
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    unknown = sorted(set(names) - set(EXTRACTORS))
    if unknown:
        parser.error(f"unknown extractor(s): {', '.join(unknown)}")
    datasets = []
    if args.dataset in ("public", "both"):
        datasets.append(("public article-extraction-benchmark", load_public(args.public_dir)))
    if args.dataset in ("ru", "both"):
        datasets.append(("Russian municipal corpus", load_russian()))
    for title, pages in datasets:
        pages = pages[: args.limit] if args.limit else pages
        named = {n: EXTRACTORS[n] for n in names}
        if "munews" in names and pages[0].case is not None:
            named["munews+site-template"] = _munews_template(learned_templates(pages))
        rows = run_extractors(named, pages)
        print_table(title, rows, len(pages))
        print_speed(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
