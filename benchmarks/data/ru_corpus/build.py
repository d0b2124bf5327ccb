"""Generate the corpus pages and their gold files: `python benchmarks/data/ru_corpus/build.py`.

Reproducible: a fixed seed drives every choice (site, template options, furniture, dates).
Writes pages/<id>.html (raw bytes in the page's encoding) and pages/<id>.json (gold), after
checking that every gold string is really where the gold says it is.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[2]))

import boilerplate as bp
from articles import Article, gold_body, load_articles
from families import FAMILIES
from kit import MSK, Ctx, Site

from benchmarks.ru_corpus import normalize_space, visible_text

SEED = 20240427
PAGES = HERE / "pages"
# How often the special date situations occur; the rest of the pages show their date normally.
SITE_UNDATED_SHARE = 0.15  # sites whose template shows no date (listing or URL only)
RELATIVE_SHARE = 0.4  # DLE pages stamped «Сегодня» / «Вчера» (only DLE does it here)
UPDATED_SHARE = 0.15  # pages edited after publication
MIN_TRAP_LEN = 8  # shorter strings (e.g. "Главная") also occur in honest article text


def make_site(site_id: str, region: str, articles: list[Article]) -> Site:
    """A fictional association site for a region; the same on every page rendered for site_id."""
    rng = random.Random(f"{SEED}/{site_id}")
    gen, city, slug, address = bp.REGIONS[region]
    name = rng.choice(bp.SITE_NAME_PATTERNS).format(gen=gen)
    domain = rng.choice([f"smo-{slug}.ru", f"{slug}-smo.ru", f"asmo-{slug}.ru", f"sovetmo.{slug}.ru"])
    menu = bp.MENU_ITEMS[:1] + rng.sample(bp.MENU_ITEMS[1:], len(bp.MENU_ITEMS) - 1)
    years = f"{rng.choice([2008, 2011, 2014, 2016])}–{rng.choice([2023, 2024, 2025])}"
    slogan = rng.choice(bp.SLOGANS)
    # An article that quotes its own site's slogan must keep it: the honest trap for template learning.
    quoted = [s for s in bp.SLOGANS for a in articles if s in gold_body(a.blocks)]
    short = f"СМО {gen}"
    if len({a.region for a in articles}) > 2 and rng.random() < 0.6:
        name, short, domain = rng.choice(bp.FEDERAL_SITES)  # news from many regions: a federal site
        address = bp.FEDERAL_ADDRESS
    return Site(name, short, quoted[0] if quoted else slogan, domain, city, gen, address, menu, years, slug)


# UTC offsets of the regions outside Moscow time: their sites stamp local time, and when a page
# states the offset in machine-readable form the gold keeps it (everything else is read as +03:00).
LOCAL_OFFSETS = {"bashkortostan": 5, "perm": 5, "sverdlovsk": 5, "kurgan": 5, "orenburg": 5, "samara": 4,
                 "omsk": 6, "novosibirsk": 7, "tomsk": 7, "krasnoyarsk": 7, "altai": 7}
MACHINE_SOURCES = {"meta", "json-ld", "time-tag"}


def page_date(article: Article, rng: random.Random, local: bool) -> datetime:
    """The publication moment: the text's own time, or an office-hours time the CMS stamped."""
    d = article.date
    if not article.has_time:
        d = d.replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59))
    offset = LOCAL_OFFSETS.get(article.region) if local else None
    return d.replace(tzinfo=timezone(timedelta(hours=offset)) if offset else MSK)


def pick_must_not(ctx: Ctx, body: str, title: str) -> list[str]:
    """3–8 boilerplate strings, one per kind first, that are on the page but not in the gold."""
    flat_body = normalize_space(body).casefold()
    seen: dict[str, list[str]] = {}
    for kind, text in ctx.traps:
        text = normalize_space(text)
        if len(text) < MIN_TRAP_LEN or text.casefold() in flat_body or (kind != "title" and text in title):
            continue
        if text not in seen.setdefault(kind, []):
            seen[kind].append(text)
    kinds = sorted(seen)
    ctx.rng.shuffle(kinds)
    picked: list[str] = []
    while len(picked) < 8 and any(seen[k] for k in kinds):
        for k in kinds:
            if seen[k] and len(picked) < 8:
                candidate = seen[k].pop(0)
                if candidate not in picked:
                    picked.append(candidate)
    return picked


def pick_must_contain(body: str) -> list[str]:
    """First words of the body, a middle line, and the end of the last line (cut-off detector)."""
    lines = [ln for ln in body.splitlines() if ln.strip()]
    last = lines[-1].split(" | ")[-1]
    cells = [ln for ln in lines if " | " not in ln]
    first, middle = cells[0], cells[len(cells) // 2]
    out = [_words(first, 6, head=True), _words(middle, 6, head=False), _words(last, 7, head=False)]
    return list(dict.fromkeys(out))


def _words(line: str, n: int, head: bool) -> str:
    words = line.split(" ")
    return " ".join(words[:n] if head else words[-n:])


def verify(ctx: Ctx, html: str, gold: dict[str, object]) -> None:
    """Fail the build when a gold string is not where the gold says it is."""
    text = visible_text(html)
    for trap in gold["must_not_contain"]:  # type: ignore[union-attr]
        if trap not in text:
            raise SystemExit(f"{ctx.case_id}: trap not on page: {trap!r}")
    for snippet in gold["must_contain"]:  # type: ignore[union-attr]
        if snippet not in text:
            raise SystemExit(f"{ctx.case_id}: snippet not on page: {snippet!r}")
    for line in str(gold["body"]).splitlines():
        for part in line.split(" | "):
            if normalize_space(part) not in text:
                raise SystemExit(f"{ctx.case_id}: body text not on page: {part[:80]!r}")
    if len(gold["must_not_contain"]) < 3:  # type: ignore[arg-type]
        raise SystemExit(f"{ctx.case_id}: fewer than 3 boilerplate strings: {ctx.traps}")
    if not ctx.date_sources:
        raise SystemExit(f"{ctx.case_id}: template showed no date")


def _event_date_differs(ctx: Ctx) -> bool:
    """Whether the text names a day of the month other than the publication day (a date trap)."""
    months = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    days = re.findall(rf"\b(\d{{1,2}})(?:[–-]\d{{1,2}})? (?:{months})", gold_body(ctx.article.blocks))
    return any(int(day) != ctx.pub.day for day in days)


PAGES_PER_SITE = 4  # enough pages per site for template learning to have something to compare


def assign_articles(articles: list[Article], rng: random.Random) -> list[tuple[str, Article]]:
    """(family, article) per page: every text used once before any is reused, never twice per family."""
    slots = [name for name, spec in FAMILIES.items() for _ in range(spec.count)]
    rng.shuffle(slots)
    pool: list[Article] = []
    used: dict[str, set[str]] = {}
    out = []
    for family in slots:
        if not pool:
            pool = articles[:]
            rng.shuffle(pool)
        taken = used.setdefault(family, set())
        article = next((a for a in pool if a.key not in taken), pool[0])
        pool.remove(article)
        taken.add(article.key)
        out.append((family, article))
    return out


def choose_mode(allowed: tuple[str, ...], site_id: str, rng: random.Random) -> str:
    """A date situation for the page, among those the family's CMS can produce.

    A template without dates (listing, url) is a property of the site; an edit after publication
    (updated) or a relative stamp (relative) is a property of the page.
    """
    site_rng = random.Random(f"{SEED}/{site_id}/datemode")
    for mode in ("listing", "url"):
        if mode in allowed and site_rng.random() < SITE_UNDATED_SHARE:
            return mode
    if "relative" in allowed and rng.random() < RELATIVE_SHARE:
        return "relative"
    if "updated" in allowed and rng.random() < UPDATED_SHARE:
        return "updated"
    return "normal"


def listing_fields(ctx: Ctx) -> None:
    """What the listing page said about the link (always the date when the page has none)."""
    rng = ctx.rng
    if ctx.date_mode == "listing" or rng.random() < 0.25:
        ctx.listing_date = rng.choice([ctx.pub.strftime("%d.%m.%Y"),
                                       f"{ctx.pub.day} {ru_month(ctx.pub)} {ctx.pub.year}"])
        if ctx.date_mode == "listing":
            ctx.date_shown("listing", False)
    if ctx.date_mode == "listing" or rng.random() < 0.3:
        title = ctx.article.title
        ctx.listing_title = title if len(title) < 70 or rng.random() < 0.5 else title[:60].rsplit(" ", 1)[0] + "…"


def ru_month(d: datetime) -> str:
    from kit import MONTHS
    return MONTHS[d.month - 1]


def gold_for(ctx: Ctx) -> dict[str, object]:
    """The gold record of a rendered page."""
    a = ctx.article
    body = gold_body(a.blocks)
    if ctx.fetched_at is None:
        ctx.fetched_at = (ctx.pub + timedelta(days=ctx.rng.randint(1, 30), hours=5)).astimezone(timezone.utc)
    gold: dict[str, object] = {
        "id": ctx.case_id, "family": ctx.family, "variant": ctx.variant, "site_id": ctx.site_id, "url": ctx.url,
        "encoding": ctx.encoding, "site_name": ctx.site.name, "title": a.title,
        "published_at": ctx.iso(), "date_precision": "minute" if ctx.time_shown else "day",
        "date_sources": ctx.date_sources, "fetched_at": ctx.fetched_at.isoformat(timespec="seconds"),
        "body": body, "must_contain": pick_must_contain(body),
        "must_not_contain": pick_must_not(ctx, body, a.title),
        "features": sorted(ctx.features), "article": a.key,
    }
    if ctx.listing_title:
        gold["listing_title"] = ctx.listing_title
    if ctx.listing_date:
        gold["listing_date"] = ctx.listing_date
    return gold


def render_page(case_id: str, site_id: str, site: Site, article: Article, articles: list[Article],
                local: bool) -> tuple[Ctx, str]:
    """Render one page from its own seeded random stream (the same choices on every run)."""
    family = site_id.rsplit("-", 1)[0]
    spec = FAMILIES[family]
    rng = random.Random(f"{SEED}-{case_id}")
    ctx = Ctx(case_id, family, f"{SEED}/{site_id}", article, site, rng, page_date(article, rng, local),
              choose_mode(spec.date_modes, site_id, rng), [a for a in articles if a.key != article.key],
              encoding=random.Random(f"{SEED}/{site_id}/encoding").choice(spec.encodings))
    html = spec.render(ctx)
    if any(f"{ctx.pub:%Y}{sep}{ctx.pub:%m}{sep}{ctx.pub:%d}" in ctx.url for sep in "/-"):
        ctx.date_shown("url", False)
    if _event_date_differs(ctx):
        ctx.feature("event-date-in-text")
    return ctx, html


def site_of(family: str, n: int) -> str:
    """The site id of a family's n-th page (1-based): the family's pages split evenly over its sites."""
    count = FAMILIES[family].count
    n_sites = -(-count // PAGES_PER_SITE)
    return f"{family}-{(n - 1) * n_sites // count + 1}"


def group_sites(plan: list[tuple[str, Article]]) -> dict[str, list[Article]]:
    """site id -> the articles it publishes: each family's pages in runs of PAGES_PER_SITE."""
    counters: dict[str, int] = {}
    sites: dict[str, list[Article]] = {}
    for family, article in plan:
        counters[family] = counters.get(family, 0) + 1
        sites.setdefault(site_of(family, counters[family]), []).append(article)
    return sites


def build(out: Path = PAGES) -> list[dict[str, object]]:
    """Render every page, verify it, and write pages/ afresh."""
    rng = random.Random(SEED)
    articles = load_articles()
    plan = assign_articles(articles, rng)
    counters: dict[str, int] = {}
    golds = []
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.*"):
        old.unlink()
    sites = group_sites(plan)
    for family, article in plan:
        counters[family] = counters.get(family, 0) + 1
        case_id = f"{family}_{counters[family]:02d}"
        site_id = site_of(family, counters[family])
        site = make_site(site_id, sites[site_id][0].region, sites[site_id])
        ctx, html = render_page(case_id, site_id, site, article, articles, local=True)
        if ctx.pub.utcoffset() != MSK.utcoffset(None) and not MACHINE_SOURCES & set(ctx.date_sources):
            # No machine-readable offset on the page: the same page again, stamped in Moscow time.
            site = make_site(site_id, sites[site_id][0].region, sites[site_id])
            ctx, html = render_page(case_id, site_id, site, article, articles, local=False)
        ctx.site_id = site_id
        listing_fields(ctx)
        gold = gold_for(ctx)
        verify(ctx, html, gold)
        (out / f"{ctx.case_id}.html").write_bytes(html.encode(ctx.encoding, "xmlcharrefreplace"))
        (out / f"{ctx.case_id}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
        golds.append(gold)
    return golds


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PAGES, help="output folder (default: pages/)")
    args = parser.parse_args(argv)
    golds = build(args.out)
    families = sorted({str(g["family"]) for g in golds})
    modes: dict[str, int] = {}
    for g in golds:
        for f in g["features"]:  # type: ignore[union-attr]
            modes[f] = modes.get(f, 0) + 1
    print(f"{len(golds)} pages, {len(families)} families: {', '.join(families)}")
    print("features:", ", ".join(f"{k}={v}" for k, v in sorted(modes.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
