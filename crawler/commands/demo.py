"""`munews demo`: serve the bundled demo sites on 127.0.0.1, crawl them, index them, search.

Works offline on a fresh machine. The sites (``crawler/demo/sites``: four associations in four
template families) are served by :mod:`crawler.demo.server`; the crawl is a real `munews crawl`
in a subprocess, with a generated sources file, into a fresh data directory (a new temporary
directory unless ``--data-dir`` names an empty one), so the user's own data is never touched.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.commands import CommandError

if TYPE_CHECKING:
    from crawler.demo.server import SiteServer
    from indexer.config import Config

DEMO_SITES = Path(__file__).resolve().parent.parent / "demo" / "sites"
#: (source id, name, region, listing path): the sites built by benchmarks/demo_sites_build.py.
DEMO_SOURCES = (
    ("tver", "Совет муниципальных образований Тверской области", "Тверская область", "/news/"),
    ("kursk", "Ассоциация «Совет муниципальных образований Курской области»", "Курская область",
     "/press-center/news/"),
    ("hmao", "Совет муниципальных образований Ханты-Мансийского автономного округа – Югры",
     "Ханты-Мансийский автономный округ", "/novosti.html"),
    ("kuzbass", "Совет муниципальных образований Кемеровской области – Кузбасса",
     "Кемеровская область", "/news.php"),
)
#: (query, region filter, sort): one example of each feature of the query language.
EXAMPLE_SEARCHES = (
    ("молодежь", None, "relevance"),
    ('"инициативное бюджетирование"', None, "relevance"),
    ("благоустройство OR озеленение -школа", None, "relevance"),
    ("отопительн*", None, "date"),
    ("совет муниципальных образований", "Курская область", "date"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="empty or new directory for the demo's store and index "
                             "(default: a new temporary directory)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="give up the crawl after this many seconds (default: 300)")
    parser.add_argument("--results", type=int, default=3, help="hits shown per example search")
    parser.add_argument("--serve", action=argparse.BooleanOptionalAction, default=None,
                        help="then serve the web page on the demo data until Ctrl-C "
                             "(default: only when run from a terminal)")
    parser.add_argument("--port", type=int, default=8000, help="port of the web page (default: 8000)")


def run(args: argparse.Namespace, config: Config) -> int:
    from crawler.demo.server import serve_sites

    data_dir = _fresh_data_dir(args.data_dir)
    if data_dir is None:
        raise CommandError(f"{args.data_dir} is not empty; the demo needs a fresh "
              "directory so that it never mixes with your data", exit_code=2)
    demo_config = config.replace(data_dir=data_dir, backend="embedded",
                                 sources_file=data_dir / "demo-sources.yaml", download_delay=0.0)
    print(f"munews demo: data directory {data_dir}")
    with serve_sites(DEMO_SITES) as server:
        _write_sources(server, demo_config.sources_file)
        for source_id, name, _, path in DEMO_SOURCES:
            print(f"  serving {name}: {server.url(source_id, path)}")
        status = _crawl(demo_config, args.timeout)
        if status != 0:
            raise CommandError(f"the crawl failed (exit status {status})")
        _report(demo_config, args.results)
        if args.serve or (args.serve is None and sys.stdin.isatty()):
            from search_api.server import serve

            # Inside `with`: the demo sites stay up, so «original» links on the page work.
            port = free_port(args.port)
            if port != args.port:
                print(f"munews demo: port {args.port} is taken, serving on {port}", file=sys.stderr)
            return serve(demo_config, "127.0.0.1", port, label="munews demo")
    return 0


def free_port(wanted: int, host: str = "127.0.0.1") -> int:
    """`wanted` when nothing listens there, else a port the system picks: a demo should not
    fail because another program (or an earlier demo) holds 8000."""
    import socket

    for port in (wanted, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise CommandError(f"no free port on {host}")


def _fresh_data_dir(requested: Path | None) -> Path | None:
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="munews-demo-"))
    if requested.exists() and any(requested.iterdir()):
        return None
    requested.mkdir(parents=True, exist_ok=True)
    return requested.resolve()


def _write_sources(server: SiteServer, path: Path) -> None:
    lines = ["sources:"]
    for source_id, name, region, listing in DEMO_SOURCES:
        lines += [f"  - id: {source_id}", f"    name: '{name}'", f"    region: '{region}'",
                  f"    start_urls: ['{server.url(source_id, listing)}']"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _crawl(config: Config, timeout: float) -> int:
    """A real `munews crawl` in a subprocess, configured through its environment only."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MUNEWS_", "ELASTICSEARCH_", "SMTP_"))}
    env.update({
        "MUNEWS_DATA_DIR": str(config.data_dir), "MUNEWS_SOURCES": str(config.sources_file),
        "MUNEWS_BACKEND": "embedded", "MUNEWS_TIMEZONE": config.timezone,
        # Local sites: no politeness delay is needed, and the demo should take seconds.
        "MUNEWS_DOWNLOAD_DELAY": "0", "MUNEWS_AUTOTHROTTLE": "false",
        "MUNEWS_CONCURRENCY_PER_DOMAIN": "4",
    })
    print("munews demo: crawling (munews crawl)…", flush=True)
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "crawl", "--quiet"],
            env=env, timeout=timeout, check=False, capture_output=True, text=True,
        )
    except subprocess.TimeoutExpired:
        raise CommandError(f"the crawl took longer than {timeout:.0f} s") from None
    # The crawl's log goes to stderr: shown only when something went wrong.
    if completed.returncode != 0:
        sys.stderr.write("\n".join(completed.stderr.splitlines()[-40:]) + "\n")
    print(completed.stdout.rstrip())
    print(f"munews demo: crawl finished in {time.monotonic() - started:.1f} s")
    return completed.returncode


def _report(config: Config, results: int) -> None:
    from crawler.commands.search import print_page
    from indexer.backends import open_backend
    from indexer.documents import SearchQuery
    from indexer.store import Store
    from indexer.sync import sync_index

    with Store(config.store_path) as store:
        backend = open_backend(config, store=store)
        try:
            sync_index(store, backend)  # normally a no-op: the crawl indexes as it goes
            counts = store.source_counts()
            print(f"\nCollected {sum(counts.values())} articles:")
            for source_id, name, region, _ in DEMO_SOURCES:
                print(f"  {counts.get(source_id, 0):3d}  {name} ({region})")
            for text, region_filter, sort in EXAMPLE_SEARCHES:
                query = SearchQuery(text=text, regions=(region_filter,) if region_filter else (),
                                    sort=sort, limit=results)
                where = f" --region '{region_filter}'" if region_filter else ""
                print(f"\n$ munews search '{text}'{where} --sort {sort}")
                print_page(backend.search(query), 0, sys.stdout)
        finally:
            backend.close()
    print(f"\nTry your own: MUNEWS_DATA_DIR={config.data_dir} munews search 'ваш запрос'")
