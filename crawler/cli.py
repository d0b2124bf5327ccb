"""The `munews` command line.

Each subcommand lives in its own module under :mod:`crawler.commands` with two functions,
``add_arguments(parser)`` and ``run(args, config) -> int``; they are imported only when
their command runs, so `munews search` does not pay for importing Scrapy.

Exit codes: 0 success, 1 the job failed (nothing could be done), 2 invalid configuration or
usage, 130 interrupted, 141 the output pipe was closed.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

#: name -> (module under crawler.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": ("crawl", "Crawl the sources' news sections into the store and the index."),
    "export": ("export", "Write every stored article as JSON lines or CSV."),
    "extract": ("extract", "Run the cleaning stage on one page and print the article as JSON."),
    "search": ("search", "Search the index from the terminal."),
    "reindex": ("reindex", "Rebuild the search index from the store."),
    "demo": ("demo", "Serve bundled demo sites locally, crawl them, index them and search."),
    "serve": ("serve", "Start the HTTP API and the web page."),
    "schedule": ("schedule", "Re-crawl every source on its interval until stopped."),
    "sources": ("sources", "Validate the registry and show per-source health."),
    "digest": ("digest", "Summarise new best-practice publications (text, Markdown, e-mail)."),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="munews", description="Crawl, clean and search the news of municipal associations."
    )
    parser.add_argument("--env-file", default=".env", help="dotenv file to read (default: .env)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        subparsers.add_parser(name, help=help_text, description=help_text)
    return parser


def _command_module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"crawler.commands.{COMMANDS[name][0]}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # Let the chosen command's module declare its arguments before parsing, so that
    # `munews search --help` shows them; the other modules are never imported.
    command = next((token for token in argv if token in COMMANDS), None)
    if command is not None:
        subparser = parser._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr,index]
        _command_module(command).add_arguments(subparser)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    module = _command_module(args.command)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        from crawler.log_filters import QuietNetworkErrors

        for handler in logging.getLogger().handlers:
            handler.addFilter(QuietNetworkErrors())
    from crawler.commands import CommandError
    from indexer.config import ConfigError, load_config
    from indexer.sources import SourcesError

    try:
        config = load_config(dotenv_path=args.env_file)
        return int(module.run(args, config))
    except CommandError as exc:
        print(f"munews {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (ConfigError, SourcesError) as exc:
        print(f"munews: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `munews export | head`: the reader left; say nothing more and exit quietly.
        _silence_stdout()
        return 141


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
