"""What looking for attached documents costs on pages that have none.

    python -m benchmarks.attachments_cost [--pages 300]

The crawl benchmark (`python -m benchmarks.crawl --documents-off`) compares whole crawls with
documents on and off, but two crawls of the same archive differ by ±15 % on a shared machine.
This one times the only per-page work the documents feature adds to a page without documents
(`crawler.cleaning.doclinks.document_links`, inside the same `extract_article` calls) over the
archive benchmark's real-sized pages (25–60 KB, 90-link menus, sidebars), and prints its share
of the cleaning time. The attachments pipeline itself returns at once for an article without
document links.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.archive_site import article_page
from crawler.cleaning import core
from crawler.items import ExtractionFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args(argv)
    pages = [article_page(i, args.pages) for i in range(args.pages)]
    spent = [0.0]
    looking = core.document_links

    def timed(container, url):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return looking(container, url)
        finally:
            spent[0] += time.perf_counter() - started

    core.document_links = timed  # type: ignore[assignment]
    found = 0
    started = time.perf_counter()
    for number, page in enumerate(pages):
        try:
            found += len(core.extract_article(page, f"http://archive.example/news/{number}/").documents)
        except ExtractionFailed:
            pass
    total = time.perf_counter() - started
    core.document_links = looking  # type: ignore[assignment]
    print(f"{args.pages} pages: cleaning {total * 1000 / args.pages:.2f} ms/page, of which document links "
          f"{spent[0] * 1000 / args.pages:.3f} ms/page = {spent[0] / total:.2%}; documents found: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
