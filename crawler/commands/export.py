"""`munews export --format jsonl|csv [--output FILE] [--source ID]`: every stored article.

Streams from the store (constant memory); columns are ``indexer.documents.EXPORT_FIELDS``.
In CSV, ``images`` is a JSON list and ``best_practice`` is ``true``/``false``; ``attachments``
is one readable cell, ``title <url>; title <url>`` (no document text). JSONL keeps each
attachment whole, its extracted ``text`` included: a JSONL export reads back into articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crawler.commands import CommandError

if TYPE_CHECKING:
    from indexer.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("jsonl", "csv", "excel"), default="jsonl",
                        help="output format (default: jsonl); csv: RFC 4180 (comma, UTF-8); excel: CSV that "
                             "opens in a Russian Excel by double-click (UTF-8 with BOM, ';')")
    parser.add_argument("--output", "-o", type=Path, default=None,
                        help="write to this file instead of standard output")
    parser.add_argument("--source", dest="source_ids", action="append", default=[], metavar="ID",
                        help="only articles of this source (repeatable)")


def run(args: argparse.Namespace, config: Config) -> int:
    from indexer.store import Store

    if not config.store_path.exists():
        raise CommandError(f"no store at {config.store_path}; run `munews crawl` first")
    store = Store(config.store_path, readonly=True)
    try:
        # Excel reads a CSV as the system code page unless it starts with a BOM.
        encoding = "utf-8-sig" if args.format == "excel" else "utf-8"
        opener: Any = (open(args.output, "w", encoding=encoding, newline="")  # noqa: SIM115
                       if args.output else nullcontext(sys.stdout))
        with opener as out:
            if args.format == "excel" and not args.output:
                out.write("\ufeff")
            count = write_articles(store, out, args.format, args.source_ids or [None])
    except BrokenPipeError:
        raise  # `munews export | head`: the CLI ends quietly
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    finally:
        store.close()
    print(f"exported {count} articles", file=sys.stderr)
    return 0


def write_articles(store: Any, out: IO[str], fmt: str, source_ids: list[str | None]) -> int:
    """Write every live article of `source_ids` (None: all) to `out`; return the count."""
    from indexer.documents import EXPORT_FIELDS
    from indexer.export_rows import EXCEL_DELIMITER, csv_cells

    # Excel in a Russian locale splits columns at ';' (its list separator), not at ','.
    writer = (csv.DictWriter(out, fieldnames=list(EXPORT_FIELDS), delimiter=EXCEL_DELIMITER if fmt == "excel" else ",")
              if fmt in ("csv", "excel") else None)
    if writer is not None:
        writer.writeheader()
    count = 0
    for source_id in source_ids:
        for article in store.iter_articles(source_id):
            if writer is None:
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            else:
                writer.writerow(csv_cells(article))
            count += 1
    return count

