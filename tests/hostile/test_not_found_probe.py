"""Soft 404s that no pattern knows: the site's own «not found» page, asked for once per crawl
(spiders/not_found.py), tells a removed story that answers 200 with it (reliability case 20,
and the issue's "match the site's own 404 page fetched once per crawl")."""

from __future__ import annotations

from tests.hostile.sites import NUMBERS, crawl_sites, html, serve_hostile, write_news_site
from tests.test_crawl_loader import _cards, _page

#: A not-found page in the site's template that says nothing munews's patterns know.
QUIRKY = _page("Совет муниципальных образований", "<h1>Упс!</h1><p>Здесь пусто: возможно, адрес "
               "набран с ошибкой или материал переехал. Вернитесь на главную или воспользуйтесь поиском "
               "по сайту Совета.</p>")


# Reliability case 20 (docs/reliability.md).
def test_a_removed_story_answering_the_sites_own_not_found_page_is_not_stored(tmp_path):
    write_news_site(tmp_path / "sites", "quirky")
    write_news_site(tmp_path / "sites", "plain")
    removed = NUMBERS[2]
    responders = {"quirky": {f"/news/{removed}/": html(QUIRKY), "/news/munews-*": html(QUIRKY)}}
    with serve_hostile(tmp_path / "sites", responders=responders) as server:
        result = crawl_sites(tmp_path, tmp_path / "sites", server=server)
    assert result.returncode == 0, result.output[-2000:]
    assert result.stored["quirky"] == set(NUMBERS) - {removed}
    assert result.stored["plain"] == set(NUMBERS)
    for name in ("quirky", "plain"):  # asked once per crawl, next to the start page
        probes = [target for target in result.hits[name] if target.startswith("/news/munews-")]
        assert len(probes) == 1, result.hits[name]
    assert "cleaning/soft-404: 1" in result.output


def test_the_answer_is_kept_for_later_crawls_and_asked_again_only_after_a_week(tmp_path):
    """A re-crawl of an unchanged site still costs one listing request: no probe, and a story
    that went soft-404 since is still told (the answer was kept with the source)."""
    write_news_site(tmp_path / "sites", "quirky")
    (tmp_path / "sites" / "quirky" / "news" / "index.html").write_text(
        _page("Новости", f"<div class='news-list'>{_cards(list(NUMBERS[1:]))}</div>"), encoding="utf-8")
    responders = {"quirky": {f"/news/{NUMBERS[0]}/": html(QUIRKY), "/news/munews-*": html(QUIRKY)}}
    with serve_hostile(tmp_path / "sites", responders=responders) as server:
        first = crawl_sites(tmp_path, tmp_path / "sites", server=server)
        (tmp_path / "sites" / "quirky" / "news" / "index.html").write_text(
            _page("Новости", f"<div class='news-list'>{_cards(list(NUMBERS))}</div>"), encoding="utf-8")
        second = crawl_sites(tmp_path, tmp_path / "sites", server=server)
    assert first.stored["quirky"] == second.stored["quirky"] == set(NUMBERS[1:])
    assert [t for t in second.hits["quirky"] if t != "/robots.txt"] == ["/news/", f"/news/{NUMBERS[0]}/"]
    assert "cleaning/soft-404: 1" in second.output


def test_a_site_with_real_404s_learns_nothing_and_records_no_error(tmp_path):
    write_news_site(tmp_path / "sites", "plain")
    with serve_hostile(tmp_path / "sites") as server:
        result = crawl_sites(tmp_path, tmp_path / "sites", server=server)
    assert result.returncode == 0 and result.stored["plain"] == set(NUMBERS)
    table = next(line for line in result.output.splitlines() if line.startswith("plain"))
    assert table.split()[1:3] == ["ok", "6"] and table.rstrip().endswith("-"), table  # listing + 5: no probe, no 404
