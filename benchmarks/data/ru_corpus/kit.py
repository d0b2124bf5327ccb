"""Page-building kit shared by the family templates: the page context, dates, body and furniture."""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TypeVar

import boilerplate as bp
from articles import Article

T = TypeVar("T")
MSK = timezone(timedelta(hours=3))
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря"]
MONTHS_NOMINATIVE = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
                     "Октябрь", "Ноябрь", "Декабрь"]
WEEKDAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sch", "_", "y", "_", "e", "yu", "ya"]))


def esc(text: str) -> str:
    """HTML-escape text for element content and attributes."""
    return html.escape(text, quote=True)


def slugify(text: str, words: int = 5) -> str:
    """Latin slug of the first words of a Russian title, as CMSs make them."""
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())
    out = re.sub(r"[^a-z0-9]+", "-", out.replace("_", "")).strip("-")
    return "-".join(out.split("-")[:words])


def ru_date(d: datetime, year_word: bool = False) -> str:
    """27 февраля 2023 (года)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" + (" года" if year_word else "")


def dotted(d: datetime, with_time: bool = False) -> str:
    """27.02.2023 (14:05)."""
    return d.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


@dataclass
class Site:
    """The fictional site an article is published on."""

    name: str
    short: str
    slogan: str
    domain: str
    city: str
    region_gen: str
    address: str
    menu: list[str]
    years: str
    slug: str = ""  # latin name of the site's region, for portal host names


@dataclass
class Headline:
    """An unrelated news item shown in «Последние новости»-style blocks."""

    title: str
    teaser: str
    date: datetime
    url: str


@dataclass
class Ctx:
    """Everything one page template needs, plus what the gold file learns while it renders."""

    case_id: str
    family: str
    site_id: str
    article: Article
    site: Site
    rng: random.Random
    pub: datetime  # aware, +03:00
    date_mode: str  # normal, updated, listing, url, relative
    others: list[Article]
    encoding: str = "utf-8"
    url: str = ""
    variant: str = ""
    traps: list[tuple[str, str]] = field(default_factory=list)
    date_sources: list[str] = field(default_factory=list)
    time_shown: bool = False
    features: list[str] = field(default_factory=list)
    listing_title: str | None = None
    listing_date: str | None = None
    fetched_at: datetime | None = None

    # --- template choices: the same on every page of a site ------------------------------
    def pick(self, name: str, options: list[T]) -> T:
        """A site-level template choice (date format, URL pattern, CMS version…)."""
        return random.Random(f"{self.site_id}/{name}").choice(options)

    def chance(self, name: str, p: float) -> bool:
        """A site-level yes/no template choice with probability p."""
        return random.Random(f"{self.site_id}/{name}").random() < p

    # --- gold bookkeeping -------------------------------------------------------------
    def t(self, kind: str, text: str) -> str:
        """Register text as boilerplate that must not reach the body; return it escaped."""
        self.traps.append((kind, text))
        return esc(text)

    def feature(self, name: str) -> None:
        """Record a trap/feature of this page for the gold `features` list."""
        if name not in self.features:
            self.features.append(name)

    def date_shown(self, source: str, with_time: bool) -> None:
        """Record that the publication date appears on the page at `source`."""
        if source not in self.date_sources:
            self.date_sources.append(source)
        self.time_shown = self.time_shown or with_time

    @property
    def dated(self) -> bool:
        """Whether the page itself may show its publication date."""
        return self.date_mode in ("normal", "updated", "relative")

    @property
    def machine_dated(self) -> bool:
        """Whether machine-readable dates (meta, JSON-LD, time tags) may appear."""
        return self.date_mode in ("normal", "updated")

    def iso(self, d: datetime | None = None) -> str:
        """ISO 8601 with offset, seconds precision."""
        return (d or self.pub).isoformat(timespec="seconds")

    def updated(self) -> datetime:
        """A later modification date (an «Обновлено:» trap)."""
        return self.pub + timedelta(days=2 + self.article.date.day % 7, hours=3, minutes=17)

    def visible_date(self, fmt: str) -> str:
        """The publication date in one of the visible formats, recording the source."""
        if self.date_mode == "relative":
            return self.relative_date()
        with_time = fmt in ("dotted_time", "long_time", "iso_time", "dle", "dotted_comma")
        self.date_shown("text", with_time)
        d = self.pub
        return {
            "dotted": dotted(d), "dotted_time": dotted(d, True), "long": ru_date(d),
            "long_year": ru_date(d, True), "long_time": f"{ru_date(d)}, {d:%H:%M}",
            "iso_time": d.strftime("%Y-%m-%d %H:%M"), "short": d.strftime("%d.%m.%y"),
            "dle": d.strftime("%d-%m-%Y, %H:%M"), "dotted_comma": d.strftime("%d.%m.%Y, %H:%M"),
        }[fmt]

    def relative_date(self) -> str:
        """«Сегодня, 14:05» / «Вчера, 14:05» against the gold fetched_at."""
        days = self.rng.choice([0, 1])
        # Crawled late the same (or the next) local day, so «Сегодня»/«Вчера» stays true.
        crawled = (self.pub + timedelta(days=days)).replace(hour=23, minute=max(self.pub.minute, 30))
        self.fetched_at = crawled.astimezone(timezone.utc)
        self.date_shown("text", True)
        self.feature("relative-date")
        return f"{'Сегодня' if days == 0 else 'Вчера'}, {self.pub:%H:%M}"

    # --- furniture ------------------------------------------------------------------
    def headlines(self, n: int) -> list[Headline]:
        """n unrelated headlines with teasers and dates near the publication date."""
        items: list[tuple[str, str]] = [(a.title, _teaser(a)) for a in self.rng.sample(self.others, n)]
        generic = self.rng.sample(bp.GENERIC_HEADLINES, 2)
        items[self.rng.randrange(n)] = generic[0]
        out = []
        for title, teaser in items:
            when = self.pub - timedelta(days=self.rng.randint(-6, 20), hours=self.rng.randint(0, 9))
            url = f"https://{self.site.domain}/news/{slugify(title, 4)}/"
            out.append(Headline(title, teaser, when, url))
        return out

    def comments(self, n: int) -> list[tuple[str, str, str]]:
        """n reader comments (author, date text, text), registered as traps."""
        picked = self.rng.sample(bp.COMMENT_TEXTS, n)
        authors = self.rng.sample(bp.COMMENT_AUTHORS, n)
        out = []
        for i, text in enumerate(picked):
            when = self.pub + timedelta(days=i + 1, hours=self.rng.randint(1, 8))
            self.traps.append(("comment", text))
            out.append((authors[i], dotted(when, True), text))
        self.feature("comments")
        return out

    def comment_form(self) -> tuple[str, str]:
        """A comment form heading and note (the note registered as a trap)."""
        heading, note = self.pick("comment-form", bp.COMMENT_FORMS)
        self.traps.append(("comment-form", note))
        self.feature("comment-form")
        return heading, note

    def caption(self) -> str:
        """A photo caption (excluded from the gold body)."""
        return self.rng.choice(bp.CAPTIONS)

    def tags(self) -> list[str]:
        """Tags shown under the article."""
        extra = self.rng.sample(bp.TAG_POOL, 2)
        return list(dict.fromkeys(self.article.tags + extra))

    def footer_lines(self, n: int) -> list[str]:
        """n footer lines filled in for the site."""
        s = self.site
        rng = random.Random(f"{self.site_id}/footer")  # the same footer on every page of the site
        lines = [bp.FOOTER_LINES[0]] + rng.sample(bp.FOOTER_LINES[1:], n - 1)
        code, phone = rng.choice(["472", "845", "817", "347"]), f"{rng.randint(20, 79)}-{rng.randint(10, 99)}"
        return [line.format(years=s.years, name=s.name, address=s.address, code=code, phone=phone) for line in lines]

    def attachment(self) -> tuple[str, str]:
        """An attached document link (text, href): never part of the gold body."""
        text, name = self.rng.choice(bp.ATTACHMENTS)
        self.feature("attachment")
        return text, f"/upload/docs/{self.pub:%Y}/{name}"

    def menu(self, n: int) -> list[str]:
        """n menu items; one distinctive item registered as a trap."""
        items = self.site.menu[:n]
        distinctive = [m for m in items if len(m) > 14]
        if distinctive:
            self.traps.append(("menu", self.rng.choice(distinctive)))
        return items


def _teaser(article: Article) -> str:
    """First sentence of an article, as listing blocks show it."""
    first = article.paragraphs[0] if article.paragraphs else article.title
    sentence = re.split(r"(?<=[.!?])\s", first)[0]
    return sentence if len(sentence) < 160 else sentence[:140].rsplit(" ", 1)[0] + "…"


def nbsp(text_html: str, rng: random.Random) -> str:
    """Glue short words to the next one with &nbsp; as Russian typographers (and Word) do."""
    if rng.random() < 0.5:
        return text_html
    return re.sub(r"(?<=\s)(в|и|с|на|по|о|к|у|не|из) ", lambda m: m.group(1) + "&nbsp;", text_html)


def json_ld(ctx: Ctx, kind: str = "NewsArticle", modified: bool = False) -> str:
    """A schema.org JSON-LD block (datePublished only when the page may be dated)."""
    data: dict[str, object] = {
        "@context": "https://schema.org", "@type": kind, "headline": ctx.article.title,
        "mainEntityOfPage": ctx.url, "inLanguage": "ru",
        "publisher": {"@type": "Organization", "name": ctx.site.name},
        "image": f"https://{ctx.site.domain}/upload/news/{ctx.pub:%Y%m}/main.jpg",
    }
    if ctx.machine_dated:
        data["datePublished"] = ctx.iso()
        ctx.date_shown("json-ld", True)
        if modified:
            data["dateModified"] = ctx.iso(ctx.updated())
    ctx.feature("json-ld")
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def meta_tags(ctx: Ctx, description: bool = True, og: bool = True, published: bool = True) -> str:
    """<meta> description, og: and article:published_time tags."""
    a = ctx.article
    out = []
    if description:
        out.append(f'<meta name="description" content="{esc(_teaser(a))}">')
    if og:
        out += ['<meta property="og:type" content="article">',
                f'<meta property="og:title" content="{esc(a.title)}">',
                f'<meta property="og:url" content="{esc(ctx.url)}">',
                f'<meta property="og:site_name" content="{esc(ctx.site.name)}">']
    if published and ctx.machine_dated:
        out.append(f'<meta property="article:published_time" content="{ctx.iso()}">')
        ctx.date_shown("meta", True)
        if ctx.date_mode == "updated":
            out.append(f'<meta property="article:modified_time" content="{ctx.iso(ctx.updated())}">')
    return "\n".join(out)


def metrika(rng: random.Random) -> str:
    """A Yandex.Metrika counter snippet, as nearly every Russian site has."""
    num = rng.randint(10_000_000, 99_999_999)
    return (f'<script type="text/javascript">(function(m,e,t,r,i,k,a){{m[i]=m[i]||function(){{(m[i].a=m[i].a'
            f'||[]).push(arguments)}};m[i].l=1*new Date();k=e.createElement(t),a=e.getElementsByTagName(t)[0],'
            f'k.async=1,k.src=r,a.parentNode.insertBefore(k,a)}})(window, document, "script", '
            f'"https://mc.yandex.ru/metrika/tag.js", "ym");ym({num}, "init", {{clickmap:true, '
            f'trackLinks:true, accurateTrackBounce:true}});</script>\n<noscript><div><img src="https://mc.'
            f'yandex.ru/watch/{num}" style="position:absolute; left:-9999px;" alt="" /></div></noscript>')


def overlays(ctx: Ctx, cookie: float = 0.0, error_note: float = 0.0, modal: float = 0.0) -> str:
    """Site-wide overlays (cookie banner, «Ctrl+Enter» note, hidden call-back modal), by site chance."""
    out = ""
    if ctx.chance("cookie", cookie):
        note = ctx.t("cookie", ctx.pick("cookie-text", bp.COOKIE_NOTES))
        out += f'<div class="cookie-banner" id="cookie-notice"><p>{note}</p><button>Принять</button></div>\n'
    if ctx.chance("error-note", error_note):
        out += f'<div class="orphus-note">{ctx.t("error-note", ctx.pick("error-text", bp.ERROR_NOTES))}</div>\n'
    if ctx.chance("modal", modal):
        ctx.feature("hidden-modal")
        thanks = "Ваша заявка принята. Мы свяжемся с вами в ближайшее время."
        out += (f'<div class="modal" id="callback" style="display:none;"><div class="modal__title">Обратная связь</div>'
                f'<form><input name="name" placeholder="Ваше имя"><input name="phone" placeholder="Телефон"><button>'
                f'Отправить</button></form><div class="modal__success">{ctx.t("modal", thanks)}</div></div>\n')
    return out
