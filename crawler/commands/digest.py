"""`munews digest`: new best-practice publications by region, printed or e-mailed."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from crawler.commands import CommandError

if TYPE_CHECKING:
    from indexer.config import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the digest options."""
    parser.add_argument("--since", default="7d",
                        help="period: 24h, 7d, 2w, or an ISO date (default: 7d)")
    parser.add_argument("--region", action="append", metavar="REGION",
                        help="only this region, exactly as in sources.yaml (repeatable)")
    parser.add_argument("--format", choices=("text", "markdown", "html"), default="text",
                        help="output format when printing (default: text)")
    parser.add_argument("--to", action="append", metavar="EMAIL",
                        help="e-mail the digest (HTML with a text alternative) via SMTP_* "
                             "settings instead of printing it (repeatable)")
    parser.add_argument("--send-empty", action="store_true",
                        help="send the e-mail even when there is nothing new")


def run(args: argparse.Namespace, config: Config) -> int:
    """Build the digest; print it, or send it and report on stderr."""
    from crawler.ops.digest import (
        DigestError,
        build_digest,
        build_email,
        parse_since,
        render,
        send_email,
    )
    from indexer.store import Store

    try:
        since = parse_since(args.since)
    except DigestError as exc:
        raise CommandError(str(exc), exit_code=2) from None
    try:
        store = Store(config.store_path, readonly=True) if config.store_path.exists() else None
        try:
            digest = build_digest(store.connection if store else None, since,
                                  regions=args.region, public_url=config.public_url)
        finally:
            if store is not None:
                store.close()
        if not args.to:
            sys.stdout.write(render(digest, args.format))
            return 0
        if not digest.total and not args.send_empty:
            print(f"munews: nothing new since {since:%Y-%m-%d %H:%M}; no e-mail sent",
                  file=sys.stderr)
            return 0
        send_email(build_email(digest, config.smtp_from, args.to), config)
    except DigestError as exc:
        raise CommandError(str(exc)) from None
    print(f"munews: digest of {digest.total} publication(s) sent to {', '.join(args.to)}",
          file=sys.stderr)
    return 0
