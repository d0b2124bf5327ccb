"""Issue 18 in a real crawl: two local association sites, one reposting the other's news with
a new title and an added paragraph, and each with a board meeting report of the same template.
After `munews crawl` the store and the index know each article's municipalities and topics,
the repost shares its original's story while the two board reports do not, a re-crawl keeps
the stories, search shows the story once, and ``MUNEWS_ENRICH=false`` adds none of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.demo.server import SiteServer, serve_sites
from indexer.documents import Article
from indexer.store import Store
from tests.test_crawl import crawl_env, run_munews
from tests.test_crawl_loader import _page

FORUM = [
    "В Чайковском городском округе прошёл форум инициативного бюджетирования, собравший "
    "представителей сорока территориальных общественных самоуправлений и жителей сёл.",
    "Участники форума защитили двенадцать проектов: ремонт сельского клуба в селе Ваньки, "
    "обустройство детской площадки на улице Ленина и благоустройство родника у деревни Дубовая.",
    "Глава округа Юрий Востриков напомнил, что в 2024 году жители сами выбрали 37 объектов, а на "
    "их реализацию направлено 48,6 миллиона рублей из бюджета края и местного бюджета.",
    "Эксперты краевого центра поддержки местных инициатив рассказали о новых правилах конкурсного "
    "отбора и о том, как оформить заявку и смету проекта до 1 марта.",
]
REPOST_EXTRA = "Опыт округа представят на Всероссийском форуме муниципальных образований в Москве."


def _board(month: str, items: list[str]) -> list[str]:
    return [f"Состоялось очередное заседание правления Совета муниципальных образований в {month}.",
            "В работе заседания приняли участие главы муниципальных районов и городских округов.",
            *items, "По итогам заседания приняты соответствующие решения."]


BOARD_MARCH = _board("марте", [
    "Правление рассмотрело отчёт об исполнении сметы Совета за 2024 год и утвердило план работы.",
    "Члены правления обсудили подготовку к съезду и выдвижение делегатов от муниципалитетов."])
BOARD_APRIL = _board("апреле", [
    "Правление обсудило ход отопительного сезона и подготовку к весеннему паводку в поселениях.",
    "Принято решение провести семинар для глав сельских поселений по вопросам земельного контроля."])
TOS = ["Старосты сельских населённых пунктов Кунгура и активисты ТОС встретились с главой "
       "муниципалитета и обсудили ремонт дорог и уличное освещение в деревнях."] * 1 + [
       "Договорились о ежемесячных встречах старост с администрацией округа."]


def _article_page(title: str, day: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return _page(title, f"<article><h1>{title}</h1><div class='date'>{day}.03.2025</div>{body}</article>")


def _site(root: Path, name: str, stories: dict[int, tuple[str, str, list[str]]]) -> None:
    site = root / name
    (site / "news").mkdir(parents=True, exist_ok=True)
    cards = "".join(f"<div class='card'><a class='card__title' href='/news/{n}/'>{title}</a>"
                    f"<span class='card__date'>{day}.03.2025</span></div>" for n, (title, day, _) in stories.items())
    (site / "news" / "index.html").write_text(_page("Новости", f"<h1>Новости</h1><div class='news-list'>{cards}</div>"),
                                              encoding="utf-8")
    for number, (title, day, paragraphs) in stories.items():
        (site / "news" / str(number)).mkdir()
        (site / "news" / str(number) / "index.html").write_text(_article_page(title, day, paragraphs), encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def _write_sites(root: Path) -> None:
    _site(root, "perm", {701: ("Форум инициативного бюджетирования в Чайковском", "03", FORUM),
                         702: ("Заседание правления Совета", "05", BOARD_MARCH),
                         703: ("Старосты Кунгура встретились с главой", "07", TOS)})
    _site(root, "fed", {801: ("Прикамье обсудило инициативные проекты жителей", "04", [*FORUM, REPOST_EXTRA]),
                        802: ("Заседание правления Совета", "06", BOARD_APRIL)})


def _crawl(tmp_path: Path, server: SiteServer, **env: str) -> dict[str, Article]:
    """`munews crawl` of both sites; the stored articles by story number."""
    regions = {"perm": "Пермский край", "fed": "Москва"}
    lines = ["sources:"]
    for name in server.names:
        lines += [f"  - id: {name}", f"    name: Совет {name}", f"    region: {regions[name]}",
                  f"    start_urls: ['{server.url(name, '/news/')}']"]
    sources = tmp_path / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_munews(["crawl", "--sources", str(sources)], crawl_env(tmp_path / "data", **env), tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    with Store(tmp_path / "data" / "munews.sqlite3") as store:
        found = {article.url.rstrip("/").rsplit("/", 1)[-1]: article for article in store.iter_articles()}
        assert len(found) == store.count()  # one article per page, whatever the crawl
        return found


@pytest.fixture
def sites(tmp_path):
    _write_sites(tmp_path / "sites")
    with serve_sites(tmp_path / "sites") as server:
        yield server


def test_a_crawl_tags_municipalities_topics_and_joins_the_repost_to_its_story(tmp_path, sites):
    articles = _crawl(tmp_path, sites)
    assert set(articles) == {"701", "702", "703", "801", "802"}
    forum, repost = articles["701"], articles["801"]
    # One story, named after whichever copy was stored first (the two sites crawl at once).
    assert repost.story_id == forum.story_id and forum.story_id in {forum.id, repost.id}
    assert articles["802"].story_id != articles["702"].story_id  # same template, other news
    assert {m.name for m in forum.municipalities} >= {"Чайковский городской округ"}
    assert next(m for m in forum.municipalities if m.name == "Чайковский городской округ").region == "Пермский край"
    assert "Кунгур" in {m.name for m in articles["703"].municipalities}
    assert "Инициативное бюджетирование" in forum.topics and "Инициативное бюджетирование" in repost.topics
    assert "ТОС и старосты" in articles["703"].topics

    # A second crawl: nothing changed, the stories stay as they were.
    again = _crawl(tmp_path, sites)
    assert {k: (a.id, a.story_id) for k, a in again.items()} == {k: (a.id, a.story_id) for k, a in articles.items()}

    done = run_munews(["search", "инициативного бюджетирования", "--json"], crawl_env(tmp_path / "data"), tmp_path)
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)["hits"]
    # Shown once, headed by the earliest publication (the original of 03.03), one other source.
    assert [(h["id"], h["story_others"]) for h in hits if h["story_id"] == forum.story_id] == [(forum.id, 1)]


def test_with_enrichment_off_nothing_is_tagged_and_every_article_is_its_own_story(tmp_path, sites):
    articles = _crawl(tmp_path, sites, MUNEWS_ENRICH="false")
    assert all(not a.municipalities and not a.topics and a.story_id == a.id for a in articles.values())
