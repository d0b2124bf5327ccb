"""Crawl the six unseen-family fixture sites (tests/families/sites) and score the crawl against
their ground truth (tests/families/truth.py): recall, precision, exact dates, duplicates.

    python -m benchmarks.families

A measurement of where munews stands on those families, printed per family; the same crawl
(`crawl_families`) is what tests/test_crawl_families.py holds to 100 %.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from crawler.demo.server import SiteServer, serve_sites
from indexer.documents import Article
from indexer.store import Store
from tests.families.truth import FAMILIES
from tests.test_crawl import crawl_env, run_munews

SITES = Path(__file__).resolve().parents[1] / "tests" / "families" / "sites"


def same_instant(stored: str | None, expected: str) -> bool:
    """The same moment: an offset kept as the page gave it (``Z``) is as right as local time."""
    return stored is not None and datetime.fromisoformat(stored) == datetime.fromisoformat(expected)


def crawl_families(server: SiteServer, tmp: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, dict[str, Article]]]:
    """One `munews crawl` of every family on `server`; the run and, per family, the stored
    articles by their path on the site."""
    lines = ["sources:"]
    for name, family in FAMILIES.items():
        urls = ", ".join(f"'{server.url(name, path)}'" for path in family.start_paths)
        lines += [f"  - id: {name}", f"    name: Совет {name}", f"    region: {family.region}",
                  f"    start_urls: [{urls}]"]
    (tmp / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_munews(["crawl", "--sources", str(tmp / "sources.yaml"), "--quiet"], crawl_env(tmp / "data"), tmp)
    stored: dict[str, dict[str, Article]] = {}
    with Store(tmp / "data" / "munews.sqlite3") as store:
        for name in FAMILIES:
            prefix = server.url(name, "").rstrip("/")
            stored[name] = {a.url[len(prefix):]: a for a in store.iter_articles(name)}
    return done, stored


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp_name, serve_sites(SITES) as server:
        done, crawled = crawl_families(server, Path(tmp_name))
        print(done.stdout)
        for name, family in FAMILIES.items():
            stored = crawled[name]
            truth = {e.path: e for e in family.articles}
            found = set(stored) & set(truth)
            dates = sum(same_instant(stored[p].published_at, truth[p].published_at) for p in found)
            wrong = sorted(set(stored) - set(truth))
            print(f"{name:9} recall {len(found)}/{len(truth)}  precision {len(found)}/{len(stored)}  "
                  f"dates {dates}/{len(found)}")
            for path in sorted(set(truth) - set(stored)):
                print(f"    missed  {path}")
            for path in wrong:
                print(f"    extra   {path}  «{stored[path].title[:60]}»")
            for path in sorted(found):
                if not same_instant(stored[path].published_at, truth[path].published_at):
                    print(f"    date    {path}  {stored[path].published_at} != {truth[path].published_at}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
