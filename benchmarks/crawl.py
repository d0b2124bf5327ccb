"""Crawl benchmark: a generated table-layout site of N articles on 127.0.0.1.

    python benchmarks/crawl.py [--articles 300] [--per-page 10]

Three runs in one go, reported as ratios within the same run (never absolute timings in
tests): (1) a bare Scrapy spider that only follows the listing's links (baseline: the
network and Scrapy's own cost), (2) the first full `munews crawl` (classification, cleaning,
store, index), (3) a second `munews crawl` of the unchanged site (incremental). Prints
requests and seconds per run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from crawler.demo.server import serve_sites
from tests.sites.articles import Art
from tests.sites.build_sites import tb_article, tb_listing

_WORDS = ("совет", "муниципальных", "образований", "провёл", "заседание", "глав", "поселений",
          "благоустройство", "бюджет", "инициативы", "форум", "старост", "практики", "района")

BASELINE = textwrap.dedent('''
    import sys, scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"
        start_urls = [sys.argv[1]]
        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                if "news.php" in href or ("news_view.php" in href and "print" not in href):
                    yield response.follow(href, self.parse)

    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True,
                              "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "TELNETCONSOLE_ENABLED": False})
    process.crawl(Bare)
    process.start()
''')


def article(n: int) -> Art:
    words = [_WORDS[(n * 7 + i) % len(_WORDS)] for i in range(60)]
    paragraphs = tuple(" ".join(words[i:i + 20]).capitalize() + "." for i in range(0, 60, 20))
    day = n % 28 + 1
    return Art(str(n), f"Новость номер {n}: {' '.join(words[:6])}", (2020, n % 12 + 1, day, 0, 0),
               paragraphs)


def build_site(root: Path, count: int, per_page: int) -> None:
    site = root / "bench"
    site.mkdir(parents=True)
    arts = sorted((article(n) for n in range(100, 100 + count)), key=lambda a: a.date, reverse=True)
    pages = [arts[i:i + per_page] for i in range(0, len(arts), per_page)]
    for number, chunk in enumerate(pages, 1):
        name = "news.php" + ("" if number == 1 else f"@page={number}")
        (site / name).write_bytes(tb_listing(chunk, number, len(pages)).encode("cp1251"))
    for art in arts:
        (site / f"news_view.php@id={art.slug}").write_bytes(tb_article(art).encode("cp1251"))
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
    (site / "_site.json").write_text('{"header_charset": "windows-1251"}')


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{command[:4]} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started, result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--per-page", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        build_site(tmp / "sites", args.articles, args.per_page)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MUNEWS_", "ELASTICSEARCH_"))}
        env.update({"MUNEWS_DATA_DIR": str(tmp / "data"), "MUNEWS_DOWNLOAD_DELAY": "0",
                    "MUNEWS_AUTOTHROTTLE": "false", "MUNEWS_CONCURRENCY_PER_DOMAIN": "8",
                    "PYTHONPATH": str(REPO)})
        with serve_sites(tmp / "sites") as server:
            (tmp / "sources.yaml").write_text(
                "sources:\n  - id: bench\n    name: Bench\n    region: R\n"
                f"    start_urls: ['{server.url('bench', '/news.php')}']\n", encoding="utf-8")
            (tmp / "bare.py").write_text(BASELINE, encoding="utf-8")
            rows = []
            for label, command in (
                ("bare Scrapy spider (baseline)", [sys.executable, str(tmp / "bare.py"),
                                                   server.url("bench", "/news.php")]),
                ("munews crawl, first", [sys.executable, "-m", "crawler.cli", "crawl", "--quiet",
                                         "--sources", str(tmp / "sources.yaml")]),
                ("munews crawl, unchanged site", [sys.executable, "-m", "crawler.cli", "crawl",
                                                  "--quiet", "--sources", str(tmp / "sources.yaml")]),
            ):
                server.reset_hits()
                seconds, _ = timed(command, env, tmp)
                rows.append((label, len(server.hits("bench")), seconds))
    base = rows[0][2]
    print(f"site: {args.articles} articles, {args.per_page} per listing page")
    for label, requests, seconds in rows:
        print(f"{label:32s} {requests:5d} requests {seconds:7.2f} s  ({seconds / base:.2f}x baseline)")


if __name__ == "__main__":
    main()
