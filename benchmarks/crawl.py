"""Crawl benchmark: a whole generated archive, `munews crawl` against a bare Scrapy spider.

    python benchmarks/crawl.py [--sizes 1000,10000] [--rounds 1] [--concurrency 32]

For each size N a generated association site (:mod:`benchmarks.archive_site`: 25–60 KB pages,
90-link menus, «Последние новости» sidebars, prev/next links, comments, ids 0…N-1) is served
on 127.0.0.1 by its own process. A bare Scrapy spider (follows the listing's links, fetches each
article and yields its URL: the cost of the network and of Scrapy itself) and a first
`munews crawl` into an empty data dir (classification, cleaning, tagging, store, index)
alternate against the same server, ``--rounds`` times each. Per run it reports the articles
fetched, the repeats (an article URL fetched more than once), the articles stored, CPU
seconds per 1,000 articles of the whole process (user + system, from ``wait4``), articles per
second and peak RSS; then the ratios munews / bare, and how munews's CPU per article at the
largest size compares with the smallest (the cost per article must not grow with the archive).
Politeness is off on both sides, so the figure is CPU, not waiting.

``--documents-off`` adds a third run per round, munews with ``MUNEWS_ATTACHMENTS=false``: the
archive's articles link no documents, so the two munews runs must cost the same (the
attachments stage must cost nothing where there is nothing to read). ``--enrich-off`` does the
same with ``MUNEWS_ENRICH=false``: what municipalities, topics and story clustering add per
article (issue 18 allows 10 %).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.store import Store  # noqa: E402

BARE_SPIDER = textwrap.dedent('''
    import re, sys, scrapy
    from scrapy.crawler import CrawlerProcess

    ARTICLE = re.compile(r"^/news/\\d+/$")

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = [sys.argv[1]]

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                if href.startswith("/news/?PAGEN_1="):
                    yield response.follow(href, self.parse)
                elif ARTICLE.match(href):
                    yield response.follow(href, self.article)

        def article(self, response):
            yield {"url": response.url}

    concurrency = int(sys.argv[2])
    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False,
                              "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency})
    process.crawl(Bare)
    process.start()
''')


@dataclass
class Run:
    label: str
    size: int
    fetched: int
    repeats: int
    stored: int | None
    cpu: float
    wall: float
    rss_mb: float

    @property
    def cpu_per_1000(self) -> float:
        return self.cpu / max(1, self.fetched) * 1000

    def line(self) -> str:
        stored = "" if self.stored is None else f"stored {self.stored:6d}"
        return (f"{self.label:8s} N={self.size:6d}  fetched {self.fetched:6d}  repeats {self.repeats:3d}  {stored:13s}"
                f"  CPU {self.cpu_per_1000:6.1f} s/1000  {self.fetched / self.wall:6.1f} articles/s"
                f"  peak RSS {self.rss_mb:6.1f} MB")


class ArchiveServer:
    """`benchmarks.archive_site` in a child process, so its CPU is not the crawler's."""

    def __init__(self, articles: int) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "benchmarks.archive_site", "--articles", str(articles)],
                                        cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            raise SystemExit("archive site did not start")
        self.origin = f"http://127.0.0.1:{line[1]}"

    def _get(self, path: str) -> dict[str, int]:
        with urllib.request.urlopen(self.origin + path, timeout=10) as response:
            return json.loads(response.read())

    def reset(self) -> None:
        self._get("/_reset")

    def hits(self) -> dict[str, int]:
        return self._get("/_stats")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


def measured(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """(CPU s, wall s, peak RSS MB) of a child process, from the kernel's own accounting."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({child.returncode}):\n{stderr[-3000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


#: The extra munews runs of --documents-off and --enrich-off: the setting each turns off.
_OFF_SETTINGS = {"munews-documents-off": "MUNEWS_ATTACHMENTS", "munews-enrich-off": "MUNEWS_ENRICH"}


def run_once(label: str, size: int, server: ArchiveServer, tmp: Path, concurrency: int) -> Run:
    server.reset()
    data = Path(tempfile.mkdtemp(dir=tmp, prefix="data-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUNEWS_", "ELASTICSEARCH_"))}
    env.update({"MUNEWS_DATA_DIR": str(data), "MUNEWS_DOWNLOAD_DELAY": "0", "MUNEWS_AUTOTHROTTLE": "false",
                "MUNEWS_CONCURRENCY_PER_DOMAIN": str(concurrency), "PYTHONPATH": str(REPO)})
    if label in _OFF_SETTINGS:
        env[_OFF_SETTINGS[label]] = "false"
    if label == "bare":
        command = [sys.executable, str(tmp / "bare.py"), server.origin + "/news/", str(concurrency)]
    else:
        sources = tmp / "sources.yaml"
        sources.write_text("sources:\n  - id: archive\n    name: Архив\n    region: Область\n"
                           f"    max_pages: {size * 3}\n    start_urls: ['{server.origin}/news/']\n", encoding="utf-8")
        command = [sys.executable, "-m", "crawler.cli", "crawl", "--quiet", "--sources", str(sources)]
    cpu, wall, rss = measured(command, env, tmp)
    hits = server.hits()
    stored = None
    if label.startswith("munews"):
        with Store(data / "munews.sqlite3", readonly=True) as store:
            stored = store.count()
    return Run(label, size, len(hits), sum(n - 1 for n in hits.values()), stored, cpu, wall, rss)


def ratio(runs: list[Run], size: int, attribute: str, of: str = "munews", to: str = "bare") -> float:
    def best(label: str) -> float:
        return min(getattr(r, attribute) for r in runs if r.label == label and r.size == size)

    return best(of) / best(to)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--rounds", type=int, default=1, help="alternations of bare and munews per size")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--documents-off", action="store_true",
                        help="also run munews with MUNEWS_ATTACHMENTS=false and compare")
    parser.add_argument("--enrich-off", action="store_true",
                        help="also run munews with MUNEWS_ENRICH=false and compare")
    args = parser.parse_args(argv)
    labels = ("bare", "munews", *(["munews-documents-off"] if args.documents_off else []),
              *(["munews-enrich-off"] if args.enrich_off else []))
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "bare.py").write_text(BARE_SPIDER, encoding="utf-8")
        for size in sizes:
            server = ArchiveServer(size)
            try:
                for _ in range(args.rounds):
                    for label in labels:
                        runs.append(run_once(label, size, server, tmp, args.concurrency))
                        print(runs[-1].line(), flush=True)
            finally:
                server.close()
    print()
    for size in sizes:
        munews = [r for r in runs if r.label == "munews" and r.size == size]
        complete = all(r.fetched == size and r.repeats == 0 and r.stored == size for r in munews)
        print(f"N={size:6d}  munews/bare: CPU per article {ratio(runs, size, 'cpu_per_1000'):.2f}x  "
              f"peak RSS {ratio(runs, size, 'rss_mb'):.2f}x  "
              f"{'every article stored once' if complete else 'INCOMPLETE or REPEATED'}")
        if args.documents_off:
            print(f"N={size:6d}  munews documents on/off: CPU per article "
                  f"{ratio(runs, size, 'cpu_per_1000', 'munews', 'munews-documents-off'):.2f}x")
        if args.enrich_off:
            print(f"N={size:6d}  munews enrich on/off: CPU per article "
                  f"{ratio(runs, size, 'cpu_per_1000', 'munews', 'munews-enrich-off'):.2f}x")
    if len(sizes) > 1:
        def cost(size: int) -> float:
            return min(r.cpu_per_1000 for r in runs if r.label == "munews" and r.size == size)

        print(f"munews CPU per article at N={sizes[-1]} / N={sizes[0]}: {cost(sizes[-1]) / cost(sizes[0]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
