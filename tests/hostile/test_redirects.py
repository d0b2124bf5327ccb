"""Hostile redirects: to another host, another port of the same host, a decimal IP and a
``file:`` URL; loops and endless chains; a short chain that must still be followed. One real
crawl on 127.0.0.1 of three sources, with a "peer" server (not a source) that no redirect,
canonical link or decimal address may reach.
"""

from __future__ import annotations

import pytest

from crawler.demo.server import serve_sites
from indexer.store import Store
from tests.hostile.sites import NUMBERS, crawl_sites, write_news_site


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redirects")
    peer_root, root = tmp / "peer", tmp / "sites"
    peer = write_news_site(peer_root, "peer")
    for n in (1, 2, 3):  # pages a follower of the redirects would find and store
        (peer / "news" / str(n)).mkdir()
        (peer / "news" / str(n) / "index.html").write_text(
            (peer / "news" / "605" / "index.html").read_text("utf-8").replace("605", f"OFFSITE-{n}"), "utf-8")
    site = write_news_site(root, "redirects")
    (site / "news" / "1603").mkdir()
    (site / "news" / "1603" / "index.html").write_text(
        (site / "news" / "603" / "index.html").read_text("utf-8"), "utf-8")
    ports = write_news_site(root, "ports")
    write_news_site(root, "healthy")
    with serve_sites(peer_root) as peer_server:
        other = peer_server.port("peer")
        page = ports / "news" / "604" / "index.html"
        page.write_text(page.read_text("utf-8").replace(
            "<title>", f"<link rel='canonical' href='http://127.0.0.1:{other}/news/2/'><title>"), "utf-8")
        chain = {f"/r/{n}/": {"redirect": f"/r/{n + 1}/"} for n in range(1, 31)}
        faults = {
            "redirects": {
                "/news/605/": {"redirect": f"http://localhost:{other}/news/1/"},  # another host
                "/news/604/": {"redirect": "/r/1/"}, **chain,  # 30 redirects
                "/news/603/": {"redirect": "/hop/1/"}, "/hop/1/": {"redirect": "/hop/2/"},
                "/hop/2/": {"redirect": "/news/1603/"},  # 3 hops to a real page
                "/news/602/": {"redirect": "/loop/b/"}, "/loop/b/": {"redirect": "/news/602/"},  # A→B→A
                "/news/601/": {"redirect": "file:///etc/passwd"},
            },
            "ports": {
                "/news/605/": {"redirect": f"http://127.0.0.1:{other}/news/1/"},  # same host, other port
                "/news/603/": {"redirect": f"http://2130706433:{other}/news/3/"},  # 127.0.0.1 as a number
            },
        }
        result = crawl_sites(tmp, root, faults)
        peer_hits = peer_server.hits("peer")
    with Store(tmp / "data" / "munews.sqlite3") as store:
        urls = [a.url for a in store.iter_articles()]
        redirected = [a.url for a in store.iter_articles("redirects")]
        texts = " ".join(a.text + a.title for a in store.iter_articles())
        runs = {run["source_id"]: run for run in store.runs(limit=10)}
    return {"result": result, "peer_hits": peer_hits, "urls": urls, "texts": texts, "runs": runs,
            "other": other, "redirected": redirected}


def test_the_crawl_succeeds_and_the_healthy_source_is_whole(crawl):
    assert crawl["result"].returncode == 0, crawl["result"].output[-3000:]
    assert crawl["result"].stored["healthy"] == set(NUMBERS)


def test_redirects_to_another_host_or_a_decimal_ip_are_not_followed(crawl):
    """Reliability case 1: a redirect to ``localhost`` or to ``2130706433`` (127.0.0.1 as one
    number) leaves the source's site: filtered as offsite, the other server gets no request."""
    assert crawl["peer_hits"] == []
    assert 605 not in crawl["result"].stored["redirects"] and 603 not in crawl["result"].stored["ports"]
    assert crawl["runs"]["redirects"]["errors"].get("offsite", 0) >= 1
    assert "OFFSITE" not in crawl["texts"]


def test_another_port_of_the_same_host_is_another_site(crawl):
    """Reliability case 2: a redirect and a ``rel=canonical`` to another port of 127.0.0.1
    are off-site: nothing fetched there, nothing stored under that port."""
    assert crawl["peer_hits"] == []
    assert not any(f":{crawl['other']}/" in url for url in crawl["urls"])
    assert 605 not in crawl["result"].stored["ports"]
    # The page naming the other port as canonical is kept under its own URL.
    assert {604, 602, 601} <= crawl["result"].stored["ports"]
    assert crawl["runs"]["ports"]["errors"].get("offsite", 0) >= 1


def test_a_redirect_loop_is_given_up(crawl):
    """Reliability case 3: A→B→A is given up after a few hops, not followed forever."""
    hits = crawl["result"].hits["redirects"]
    loop = [hit for hit in hits if hit in ("/news/602/", "/loop/b/")]
    assert 2 <= len(loop) <= 8, loop
    assert 602 not in crawl["result"].stored["redirects"]


def test_a_long_redirect_chain_is_cut_and_a_short_one_followed(crawl):
    """Reliability case 4: 30 redirects are given up at the hop limit (a handful of requests);
    a 3-hop chain is followed and stored under its final URL."""
    hits = crawl["result"].hits["redirects"]
    chain = [hit for hit in hits if hit.startswith("/r/")]
    assert 1 <= len(chain) <= 6, chain
    assert "/r/10/" not in hits and 604 not in crawl["result"].stored["redirects"]
    assert 1603 in crawl["result"].stored["redirects"]
    assert [url for url in crawl["redirected"] if "/1603/" in url] == crawl["redirected"]


def test_a_redirect_to_a_file_url_is_not_followed(crawl):
    """Reliability case 5: ``Location: file:///etc/passwd`` is not followed; no local file
    content reaches the store."""
    assert 601 not in crawl["result"].stored["redirects"]
    assert "root:x:0:0" not in crawl["texts"] and not any(url.startswith("file:") for url in crawl["urls"])
    assert crawl["result"].stored["redirects"] == {1603}
