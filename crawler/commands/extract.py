"""`munews extract FILE_OR_URL`: the cleaning stage on one page, one JSON object out.

For debugging a source and for scoring the cleaning stage page by page. Prints the keys of
`munews export` (:data:`indexer.documents.EXPORT_FIELDS`) and ``evidence``: why the page was
taken for an article (body size, blocks that are link texts, where the date came from). A
page refused as no article exits 1 with the reason and its evidence («soft-404: <title> says
«Страница не найдена»», «not-article: a list: 9 of 10 blocks are link texts»).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from crawler.commands import CommandError
from indexer.config import Config

if TYPE_CHECKING:
    from crawler.cleaning.template import SiteTemplate

logger = logging.getLogger(__name__)

#: A page larger than this is refused: real articles weigh a few MB, runaways tens of MB.
MAX_BYTES = 32 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("page", metavar="FILE_OR_URL", help="a saved HTML file, '-' for stdin, or an http(s) URL")
    parser.add_argument("--url", help="the page's URL (resolves links and images; default: the file's URI)")
    parser.add_argument("--source", default="",
                        help="source id: put in the output, and clean with the site template learned "
                             "for it by earlier crawls (if the store has one)")
    parser.add_argument("--listing-title", help="the title the listing page showed for the link")
    parser.add_argument("--listing-date", help="the date the listing page showed for the link")
    parser.add_argument("--captions", action="store_true", help="keep figure captions in the text")


def _read(page: str, timeout: float, user_agent: str) -> tuple[bytes, str]:
    if urlparse(page).scheme in ("http", "https"):
        from urllib.request import Request, urlopen

        request = Request(page, headers={"User-Agent": user_agent})
        with urlopen(request, timeout=timeout) as response:
            return response.read(MAX_BYTES + 1), response.geturl()
    if page == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1), "file:///dev/stdin"
    path = Path(page)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {page}")
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1), path.resolve().as_uri()


def _decode(data: bytes) -> str:
    from charset_normalizer import from_bytes

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        return data.decode(best.encoding if best else "cp1251", errors="replace")


def _learned_template(config: Config, source_id: str) -> SiteTemplate | None:
    """The site template stored for a source, read-only; None without a store or a source."""
    import sqlite3

    from crawler.cleaning.template import SiteTemplate

    if not source_id or not config.store_path.is_file():
        return None
    connection = sqlite3.connect(f"{config.store_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'site_templates'").fetchone()
        template = SiteTemplate.load(connection, source_id) if has_table else None
    finally:
        connection.close()
    return template if template is not None and template.ready else None


def run(args: argparse.Namespace, config: Config) -> int:
    """Clean one page and print it as JSON; exit 1 with a message when it holds no article."""
    from crawler.attachments_pipeline import found_attachments
    from crawler.cleaning.body import BodyOptions
    from crawler.cleaning.core import extract_article
    from crawler.cleaning.tree import parse_html
    from crawler.items import ExtractionFailed
    from indexer.documents import Article

    try:
        data, fetched_url = _read(args.page, config.download_timeout, config.user_agent)
        if len(data) > MAX_BYTES:
            raise ExtractionFailed("too-large", f"more than {MAX_BYTES} bytes")
        parse_html(data)  # binary content is refused before it is decoded
        url = args.url or fetched_url
        fetched_at = datetime.now(timezone.utc)
        cleaned = extract_article(
            _decode(data), url, listing_title=args.listing_title, listing_date=args.listing_date,
            fetched_at=fetched_at, timezone=config.timezone, options=BodyOptions(captions=args.captions),
            template=_learned_template(config, args.source),
        )
    except (OSError, ExtractionFailed) as exc:
        raise CommandError(f"{args.page}: {exc}") from None
    article = Article(
        url=cleaned.canonical_url or url, source_id=args.source, title=cleaned.title, text=cleaned.text,
        published_at=cleaned.published_at, date_source=cleaned.date_source, author=cleaned.author,
        lead=cleaned.lead, images=cleaned.images, fetched_at=fetched_at.isoformat(timespec="seconds"),
        attachments=found_attachments(cleaned.documents, status="not-fetched"),  # found, not read here
    )
    print(json.dumps({**article.to_dict(), "evidence": cleaned.evidence}, ensure_ascii=False, indent=2))
    return 0
