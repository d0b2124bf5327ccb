"""`munews demo --serve` ends by serving the web page on the demo data and printing its address."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

import httpx

from tests.fixtures_api import ROOT


def test_demo_serves_the_page_with_live_original_links(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "--env-file", os.devnull, "demo", "--data-dir",
         str(tmp_path / "demo"), "--serve", "--port", "0", "--results", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MUNEWS_")},
    )
    try:
        address = None
        for line in process.stdout:
            found = re.search(r"web page at (http://127\.0\.0\.1:\d+/)", line)
            if found:
                address = found.group(1)
                break
        assert address, "the demo never printed the page's address"
        page = httpx.get(address, params={"q": "молодежь"}, timeout=10)
        assert page.status_code == 200 and 'class="hit"' in page.text
        sources = httpx.get(address + "api/sources", timeout=10).json()
        assert len(sources) == 4 and all(source["articles"] > 0 for source in sources)
        hit = httpx.get(address + "api/search", params={"q": "совет"}, timeout=10).json()["hits"][0]
        assert httpx.get(hit["url"], timeout=10).status_code == 200  # demo sites still served
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
