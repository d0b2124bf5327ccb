"""A full disk under the store: the source ends as failed with a one-line reason, `munews
crawl` exits 1, and the log never holds page bodies (a real crawl on 127.0.0.1 with its data
directory on a 2 MB tmpfs; skipped where mounting is not permitted)."""

from __future__ import annotations

import subprocess
import uuid

import pytest

from benchmarks.corpus_gen import generate_one
from tests.hostile.sites import crawl_sites, write_news_site


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _big_site(root, count=120):
    site = write_news_site(root, "big")
    listing = site / "news" / "index.html"
    cards = "".join(f"<div class='card'><a href='/news/{n}/'>Совет обсудил практику поселений, выпуск номер {n}</a>"
                    f"</div>" for n in range(1000, 1000 + count))
    listing.write_text(listing.read_text("utf-8").replace("<div class='news-list'>", "<div class='news-list'>" + cards),
                       "utf-8")
    for n in range(1000, 1000 + count):
        text = " ".join(generate_one(5, n).article.text.split("\n")) * 4
        (site / "news" / str(n)).mkdir(parents=True, exist_ok=True)
        (site / "news" / str(n) / "index.html").write_text(
            f"<html><body><h1>Выпуск {n}: совет обсудил практику поселений</h1><p>{text}</p>"
            f"<!-- {'x' * 200_000} --></body></html>", encoding="utf-8")


# Reliability case 28 (docs/reliability.md).
def test_disk_full_fails_the_source_in_one_line_and_exits_1(tmp_path, tiny_disk):
    root = tmp_path / "sites"
    _big_site(root)
    data = tiny_disk / "data"
    result = crawl_sites(tmp_path, root, MUNEWS_DATA_DIR=str(data))
    assert result.returncode == 1, result.output[-2000:]
    assert "storage error" in result.output and "full" in result.output
    assert result.output.count("storage error") <= 4  # one line, not one per page
    assert len(result.output) < 100_000, len(result.output)  # no page bodies in the log
    assert "xxxxxxxxxx" not in result.output and "Traceback" not in result.output
