"""Templates: WordPress magazine theme, regional government portal, ГосВеб, MODX, Drupal, Hugo/Jekyll."""

from __future__ import annotations

from datetime import timedelta, timezone

import boilerplate as bp
from body import body_html
from families_a import _footer, _head, _share
from kit import Ctx, esc, json_ld, meta_tags, metrika, overlays, ru_date, slugify

_WEEKDAYS_LONG = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]


def _cards(ctx: Ctx, n: int, title: str, cls: str, teaser_trap: bool = True) -> str:
    items = ctx.headlines(n)
    ctx.traps.append(("headline", items[-1].title))
    if teaser_trap:
        ctx.traps.append(("teaser", items[0].teaser))
    ctx.feature("related-news" if "Читайте" in title or "Похож" in title.title() else "latest-news")
    cards = "".join(f'<div class="{cls}__item"><div class="{cls}__date">{ru_date(h.date)}</div><a class="{cls}__title" '
                    f'href="{h.url}">{esc(h.title)}</a><div class="{cls}__text">{esc(h.teaser)}</div></div>'
                    for h in items)
    return f'<section class="{cls}"><h2 class="{cls}__heading">{esc(title)}</h2>{cards}</section>\n'


def _crumbs(ctx: Ctx, sep: str, with_title: bool) -> str:
    ctx.feature("breadcrumbs")
    tail = f" {sep} <span>{esc(ctx.article.title)}</span>" if with_title else ""
    return f'<div class="breadcrumbs"><a href="/">Главная</a> {sep} <a href="/press/">Пресс-центр</a> {sep} <a href="/press/news/">Новости</a>{tail}</div>'


# --- WordPress, magazine theme (tagDiv Newspaper-like) ------------------------------------------------

def _td_comments(ctx: Ctx) -> str:
    ctx.feature("comment-form")
    note = "Пожалуйста, введите ваш комментарий!"
    ctx.traps.append(("comment-form", note))
    return (f'<div class="comments" id="comments"><div id="respond" class="comment-respond"><h3 id="reply-title" class='
            f'"comment-reply-title"><span>ОСТАВЬТЕ ОТВЕТ</span> <small><a rel="nofollow" id="cancel-comment-reply-link" '
            f'href="#respond" style="display:none;">Отменить ответ</a></small></h3><form id="commentform"><div class="clearfix">'
            f'</div><div class="comment-form-input-wrap td-form-comment"><textarea placeholder="Комментарий:" name="comment">'
            f'</textarea><div class="td-warning-comment">{note}</div></div><div class="comment-form-input-wrap td-form-author">'
            f'<input placeholder="Имя:*" name="author"><div class="td-warning-author">Пожалуйста, введите ваше имя здесь</div>'
            f'</div><p class="form-submit"><input type="submit" value="Опубликовать комментарий"></p></form></div></div>\n')


def wp_magazine(ctx: Ctx) -> str:
    """WordPress with a news-magazine theme: today's date in the header, sharing, related posts, popular."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    ctx.url = f"https://{s.domain}/{slugify(a.title)}/" if ctx.chance("url", 0.6) else f"https://{s.domain}/?p={rng.randint(900, 20000)}"
    ctx.fetched_at = ctx.fetched_at or (ctx.pub + timedelta(days=rng.randint(2, 40), hours=4)).astimezone(timezone.utc)
    today = ctx.fetched_at.astimezone(ctx.pub.tzinfo)
    ctx.feature("today-date-in-header")
    head = meta_tags(ctx) + "\n" + json_ld(ctx, "Article", modified=True) if ctx.machine_dated else meta_tags(ctx)
    date = ""
    if ctx.dated:
        shown = ctx.visible_date(ctx.pick("datefmt", ["dotted", "long"]))
        ctx.date_shown("time-tag", True)
        date = f'<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{ctx.iso()}">{shown}</time></span>'
    tags = "".join(f'<li><a href="/tag/{slugify(t)}/">{esc(t)}</a></li>' for t in ctx.tags())
    ctx.feature("tags")
    menu = "".join(f'<li class="menu-item"><a href="#">{esc(m)}</a></li>' for m in ctx.menu(7))
    return _head(ctx, f"{a.title} | {s.short}", head) + (
        f'<body class="post-template-default single single-post td-standard-pack">\n<div class="td-header-wrap">'
        f'<div class="td-header-top-menu"><div class="td_data_time">{_WEEKDAYS_LONG[today.weekday()]}, {ru_date(today)}</div>'
        f'</div><div class="td-header-logo"><a class="td-main-logo" href="/"><span class="td-logo-text">{esc(s.name)}</span>'
        f'<span class="td-tagline-text">{ctx.t("slogan", s.slogan)}</span></a></div><div class="td-header-menu-wrap">'
        f'<ul id="menu-main" class="sf-menu">{menu}</ul></div></div>\n<div class="td-main-content-wrap"><div class="td-container">'
        f'<div class="td-crumb-container"><div class="entry-crumbs"><span><a href="/">Главная</a></span> <i class="td-icon-right">'
        f'</i> <span><a href="/category/novosti/">Новости</a></span></div></div>\n<article class="post type-post">'
        f'<div class="td-post-header"><ul class="td-category"><li class="entry-category"><a href="/category/novosti/">Новости'
        f'</a></li></ul><header class="td-post-title"><h1 class="entry-title">{esc(a.title)}</h1><div class="td-module-meta-info">'
        f'<div class="td-post-author-name">Автор: <a href="/author/press/">Пресс-служба</a> - </div>{date}<div class="td-post-views">'
        f'<span class="td-nr-views-{rng.randint(100, 999)}">{rng.randint(30, 2000)}</span></div></div></header></div>\n'
        f'<div class="td-post-sharing-top">{_share(ctx, "td-social-sharing-buttons")}</div>\n<div class="td-post-content tagdiv-type">\n'
        f'{body_html(ctx, "p", rng.choice([1, 2]), "figure", lead_bold=rng.random() < 0.5, read_also=rng.random() < 0.5)}\n</div>\n<footer><div class="td-post-source-tags">'
        f'<ul class="td-tags td-post-small-box clearfix"><li><span>ТЕГИ</span></li>{tags}</ul></div></footer></article>\n'
        f'{_cards(ctx, 3, "Похожие статьи", "td_block_related_posts")}{_td_comments(ctx)}</div>\n<div class="td-pb-span4 '
        f'td-main-sidebar">{_cards(ctx, 4, "Популярное", "td_block_popular", teaser_trap=False)}</div></div>\n'
        f'{_footer(ctx, 3, "td-footer-wrapper")}{overlays(ctx, cookie=0.5)}{metrika(rng)}\n</body>\n</html>\n')


# --- regional government portal (gov.ru-style design) --------------------------------------------------

def _gallery(ctx: Ctx, n: int) -> str:
    captions = ctx.rng.sample(bp.CAPTIONS, n)
    ctx.traps.append(("caption", captions[0]))
    ctx.feature("gallery")
    figs = "".join(f'<figure class="gallery__item"><a href="/upload/gallery/{i}.jpg"><img src="/upload/gallery/{i}_s.jpg" '
                   f'alt=""></a><figcaption>{esc(c)}</figcaption></figure>' for i, c in enumerate(captions))
    return f'<div class="gallery"><div class="gallery__title">Фотогалерея</div>{figs}</div>'


def gov_portal(ctx: Ctx) -> str:
    """A regional government portal: accessibility switch, coat of arms, «Обновлено:», CC licence footer."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    portal = ctx.pick("portal", [f"Правительство {s.region_gen}", f"Портал органов власти {s.region_gen}",
                         f"Законодательное Собрание {s.region_gen}"])
    s.name = portal
    ctx.url = f"https://www.{s.slug}.gov.ru/press/news/{rng.randint(10000, 99999)}/"
    head = meta_tags(ctx, published=ctx.chance("pubmeta", 0.5))
    date = f'<div class="news-detail__date">{ctx.visible_date(ctx.pick("datefmt", ["long_time", "dotted_time", "long"]))}</div>' \
        if ctx.dated else ""
    upd = ""
    if ctx.date_mode == "updated" or rng.random() < 0.3:
        when = ctx.updated()
        upd = f'<div class="news-detail__updated">{ctx.t("updated", f"Обновлено: {ru_date(when)}, {when:%H:%M}")}</div>'
        ctx.feature("updated-date")
    bvi = ctx.t("accessibility", "Версия для слабовидящих")
    ctx.feature("accessibility-link")
    licence = "Все материалы сайта доступны по лицензии Creative Commons Attribution 4.0 International"
    menu = "".join(f'<li><a href="#">{esc(m)}</a></li>' for m in ["Губернатор", "Правительство", "Органы власти",
                                                                   "Пресс-центр", "Документы", "Обращения граждан"])
    gallery = _gallery(ctx, rng.randint(2, 4)) if rng.random() < 0.5 else ""
    return _head(ctx, f"{a.title} — {portal}", head) + (
        f'<body>\n<div class="top-bar"><a class="bvi-open" href="#">{bvi}</a> <a href="/en/">English</a> <a href="/search/">Поиск'
        f'</a></div>\n<header class="header"><img class="header__gerb" src="/images/gerb.svg" alt="Герб"><div class="header__title">'
        f'Официальный сайт</div><div class="header__name">{esc(portal)}</div></header>\n<nav class="main-menu"><ul>{menu}</ul></nav>\n'
        f'<main class="page">{_crumbs(ctx, "/", ctx.chance("crumb-title", 0.5))}\n<article class="news-detail">{date}\n<h1 class="news-detail__title">'
        f'{esc(a.title)}</h1>\n<div class="news-detail__text">\n{body_html(ctx, rng.choice(["p", "word", "div"]), rng.choice([0, 1]), "pcaption")}\n'
        f'</div>\n{gallery}\n{upd}\n<div class="news-detail__share">{_share(ctx, "share")}</div>\n<a class="news-detail__back" '
        f'href="/press/news/">Все новости</a></article>\n{_cards(ctx, 3, "Читайте также", "read-also")}</main>\n'
        f'<footer class="footer"><p>{esc(s.address)}</p><p>{ctx.t("footer", f"© {ctx.site.years[-4:]} {portal}")}</p><p>'
        f'{ctx.t("licence", licence)}</p></footer>\n{overlays(ctx, error_note=0.6)}{metrika(rng)}\n</body>\n</html>\n')


# --- ГосВеб (the Gosuslugi website platform for municipalities) ------------------------------------------

def gosweb(ctx: Ctx) -> str:
    """A site on the ГосВеб platform: «Решаем вместе» widget, accessibility button, platform footer."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    sub = f"smo-{s.slug}"
    ctx.url = f"https://{sub}.gosuslugi.ru/press-tsentr/novosti/{slugify(a.title, 4)}_{rng.randint(100, 999)}.html"
    head = meta_tags(ctx, published=False)
    date = f'<div class="gw-news-detail__date">{ctx.visible_date(ctx.pick("datefmt", ["long_time", "dotted", "long"]))}</div>' \
        if ctx.dated else ""
    pos = "Не убран мусор, яма на дороге, не горит фонарь? Столкнулись с проблемой — сообщите о ней!"
    menu = "".join(f'<a class="gw-menu__link" href="#">{esc(m)}</a>' for m in ctx.menu(7))
    tags = "".join(f'<a class="gw-tag" href="#">#{esc(t)}</a> ' for t in ctx.tags())
    ctx.feature("tags")
    ctx.feature("accessibility-link")
    return _head(ctx, f"{a.title} | {s.name}", head) + (
        f'<body class="gw-body">\n<div class="gw-header"><a class="gw-header__logo" href="/"><span class="gw-header__name">'
        f'{esc(s.name)}</span></a><button class="gw-bvi">{ctx.t("accessibility", "Версия для слабовидящих")}</button>'
        f'<nav class="gw-menu">{menu}</nav></div>\n<div class="gw-container">{_crumbs(ctx, "›", False)}\n'
        f'<div class="gw-news-detail">{date}<h1 class="gw-news-detail__title">{esc(a.title)}</h1>\n<div class="gw-news-detail__'
        f'image"><img src="/upload/news/cover.jpg" alt=""></div>\n<div class="gw-text">\n{body_html(ctx, "p", rng.choice([0, 1]), "figure", read_also=rng.random() < 0.3)}\n'
        f'</div>\n<div class="gw-tags">{tags}</div>\n{_share(ctx, "gw-share")}</div>\n<div class="gw-pos-widget"><div class="gw-pos-widget__'
        f'title">Решаем вместе</div><p>{ctx.t("widget", pos)}</p><a href="https://pos.gosuslugi.ru/">Написать о проблеме</a></div>\n'
        f'{_cards(ctx, 3, "Другие новости", "gw-news-list")}</div>\n<footer class="gw-footer"><p>{esc(s.name)}</p><p>{esc(s.address)}</p>'
        f'<p>{ctx.t("footer", "Сайт создан на платформе «ГосВеб»")}</p><p>{ctx.t("rate", "Оценить работу сайта")}</p></footer>\n'
        f'{overlays(ctx, cookie=0.5)}{metrika(rng)}\n</body>\n</html>\n')


# --- MODX (Evolution/Revolution sites: free-form templates) -----------------------------------------------

def modx(ctx: Ctx) -> str:
    """A MODX site: custom template, «Опубликовано:» line, prev/next titles, getResources news list."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    ctx.url = ctx.pick("url", [f"https://{s.domain}/novosti/{slugify(a.title)}.html", f"https://{s.domain}/news/{slugify(a.title, 3)}"])
    head = f'<base href="https://{s.domain}/">\n' + meta_tags(ctx, og=ctx.chance("og", 0.5), published=False)
    date = ""
    if ctx.dated:
        label = ctx.pick("datelabel", ["Опубликовано:", "Дата публикации:", ""])
        date = f'<div class="news-date">{label} {ctx.visible_date(ctx.pick("datefmt", ["long", "long_year", "dotted"]))}</div>'
    views = f'<div class="news-views">Просмотров: {rng.randint(20, 800)}</div>'
    pn = ctx.headlines(2)
    ctx.traps.append(("headline", pn[1].title))
    nav = (f'<div class="news-nav"><a class="prev" href="{pn[0].url}">← {esc(pn[0].title)}</a><a class="next" href="{pn[1].url}">'
           f'{esc(pn[1].title)} →</a></div>')
    menu = "".join(f'<li><a href="#">{esc(m)}</a></li>' for m in ctx.menu(8))
    title_repeat = ""
    if rng.random() < 0.4:
        title_repeat = f"<p><strong>{esc(a.title)}</strong></p>\n"
        ctx.traps.append(("title", a.title))
        ctx.feature("title-repeated-in-body")
    attach = ""
    if rng.random() < 0.35:
        text, href = ctx.attachment()
        attach = f'<p class="file"><a href="{href}" target="_blank">{esc(text)}</a></p>'
    return _head(ctx, f"{a.title} — {s.short}", head) + (
        f'<body>\n<header class="header"><div class="container"><a href="/" class="logo"><img src="assets/images/logo.png" alt="">'
        f'<span>{esc(s.name)}</span></a><div class="header__slogan">{ctx.t("slogan", s.slogan)}</div><div class="header__contacts">'
        f'{esc(s.address)}</div></div></header>\n<nav class="menu"><ul>{menu}</ul></nav>\n<div class="container content">\n'
        f'{_crumbs(ctx, "/", True)}\n<div class="news-item-full">\n<h1 class="pagetitle">{esc(a.title)}</h1>\n{date}\n'
        f'<div class="content-text">\n{title_repeat}{body_html(ctx, rng.choice(["p", "div"]), rng.choice([0, 1, 2]), rng.choice(["pcaption", "figure"]), read_also=rng.random() < 0.3)}\n'
        f'{attach}</div>\n{views}\n<div class="ya-share2" data-services="vk,odnoklassniki,telegram">{_share(ctx, "share-wrap")}</div>\n'
        f'{nav}</div>\n{_cards(ctx, 4, "Другие новости", "other-news")}</div>\n{_footer(ctx, 3)}{overlays(ctx, modal=0.6)}{metrika(rng)}\n</body>\n</html>\n')


# --- Drupal 7 and 9/10 -------------------------------------------------------------------------------------

def _drupal_submitted(ctx: Ctx, d7: bool) -> str:
    if not ctx.dated:
        return ""
    wd = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"][ctx.pub.weekday()]
    ctx.date_shown("text", True)
    if d7:
        ctx.date_shown("meta", True)
        return (f'<div class="submitted"><span property="dc:date dc:created" content="{ctx.iso()}" datatype="xsd:dateTime">'
                f'Опубликовано admin в {wd}, {ctx.pub:%d/%m/%Y - %H:%M}</span></div>')
    utc = ctx.pub.astimezone(timezone.utc)
    ctx.date_shown("time-tag", True)
    return (f'<div class="node__submitted">Опубликовано <span class="field--name-uid">editor</span> <span class="field--name-created">'
            f'<time datetime="{utc:%Y-%m-%dT%H:%M:%SZ}">{wd}, {ctx.pub:%d.%m.%Y - %H:%M}</time></span></div>')


def _drupal_comments(ctx: Ctx) -> str:
    heading, note = ctx.comment_form()
    return (f'<section class="comments"><h2 class="title comment-form__title">{esc(heading)}</h2><form class="comment-form">'
            f'<div class="form-item"><label>Ваше имя</label><input name="name"></div><div class="form-item"><label>Тема</label>'
            f'<input name="subject"></div><div class="form-item"><label>Комментарий</label><textarea></textarea><div class="description">'
            f'{esc(note)}</div></div><input type="submit" value="Сохранить"></form></section>')


def drupal(ctx: Ctx) -> str:
    """Drupal node page: field-item body (D7) or field--name-body (D9), RDFa or UTC <time>, tags, comment form."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    d7 = ctx.chance("d7", 0.5)
    ctx.variant = "drupal7" if d7 else "drupal9"
    n = rng.randint(100, 5000)
    ctx.url = f"https://{s.domain}/node/{n}" if ctx.chance("url", 0.5) else f"https://{s.domain}/news/{slugify(a.title)}"
    head = f'<meta name="Generator" content="Drupal {7 if d7 else 9} (https://www.drupal.org)">\n' + meta_tags(ctx, published=not d7)
    body = body_html(ctx, rng.choice(["p", "word"]), rng.choice([0, 1]), "figure")
    if d7:
        body = (f'<div class="field field-name-body field-type-text-with-summary field-label-hidden"><div class="field-items">'
                f'<div class="field-item even" property="content:encoded">{body}</div></div></div>')
    else:
        body = f'<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{body}</div>'
    tags = "".join(f'<div class="field__item"><a href="/taxonomy/term/{i}">{esc(t)}</a></div>' for i, t in enumerate(ctx.tags()))
    ctx.feature("tags")
    items = ctx.headlines(5)
    ctx.traps.append(("headline", items[2].title))
    ctx.feature("latest-news")
    latest = "".join(f'<li><a href="{h.url}">{esc(h.title)}</a></li>' for h in items)
    return _head(ctx, f"{a.title} | {s.name}", head) + (
        f'<body class="html not-front page-node page-node-{n} node-type-news">\n<div id="page"><header id="header" role="banner">'
        f'<div id="name-and-slogan"><div id="site-name"><a href="/">{esc(s.name)}</a></div><div id="site-slogan">{ctx.t("slogan", s.slogan)}'
        f'</div></div></header>\n<nav id="navigation"><ul class="menu">{"".join(f"<li><a href=#>{esc(m)}</a></li>" for m in ctx.menu(7))}'
        f'</ul></nav>\n<div id="main"><h1 class="title" id="page-title">{esc(a.title)}</h1>\n<article id="node-{n}" class="node node--type-news '
        f'node--view-mode-full" role="article">\n{_drupal_submitted(ctx, d7)}\n<div class="content">{body}\n<div class="field field--name-'
        f'field-tags"><div class="field__label">Теги</div>{tags}</div></div>\n<ul class="links inline"><li class="comment-add"><a href="/'
        f'comment/reply/{n}#comment-form">Добавить комментарий</a></li></ul>\n</article>\n{_drupal_comments(ctx) if ctx.chance("comments", 0.7) else ""}'
        f'</div>\n<aside class="sidebar"><div class="block block-views"><h2>Последние новости</h2><ul>{latest}</ul></div></aside>\n'
        f'{_footer(ctx, 2, "footer")}</div>\n{metrika(rng)}\n</body>\n</html>\n')


# --- static site generators (Hugo PaperMod, Jekyll minima) ---------------------------------------------------

def static_ssg(ctx: Ctx) -> str:
    """A Hugo or Jekyll site: <article> with <time datetime>, reading time, tags, prev/next titles."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    hugo = ctx.chance("hugo", 0.5)
    ctx.variant = "hugo" if hugo else "jekyll"
    ctx.url = f"https://{s.domain}/posts/{ctx.pub:%Y-%m-%d}-{slugify(a.title, 4)}/" if hugo else \
        f"https://{s.domain}/news/{ctx.pub:%Y/%m/%d}/{slugify(a.title, 4)}.html"
    head = meta_tags(ctx, published=hugo) + (("\n" + json_ld(ctx, "BlogPosting")) if hugo else "")
    head += f'\n<meta name="generator" content="{"Hugo 0.121.1" if hugo else "Jekyll v4.3.2"}">'
    date = ""
    if ctx.dated:
        shown = ctx.visible_date(ctx.pick("datefmt", ["long", "dotted"]))
        ctx.date_shown("time-tag", True)
        date = f'<time class="dt-published" datetime="{ctx.iso()}">{shown}</time>'
    minutes = max(1, len(" ".join(b.lines[0] for b in a.blocks)) // 1200)
    reading = ctx.t("reading", f"Время чтения: {minutes} мин") if hugo else ""
    pn = ctx.headlines(2)
    ctx.traps.append(("headline", pn[0].title))
    tags = "".join(f'<li><a href="/tags/{slugify(t)}/">{esc(t)}</a></li>' for t in ctx.tags())
    ctx.feature("tags")
    powered = ctx.t("footer", "Работает на Hugo и PaperMod" if hugo else f"Подписаться на новости {s.short} через RSS")
    return _head(ctx, f"{a.title} | {s.short}", head) + (
        f'<body class="list" id="top">\n<header class="header"><nav class="nav"><div class="logo"><a href="/">{esc(s.name)}</a></div>'
        f'<ul id="menu">{"".join(f"<li><a href=#><span>{esc(m)}</span></a></li>" for m in ctx.menu(5))}</ul></nav></header>\n'
        f'<main class="main"><article class="post-single post h-entry"><header class="post-header"><h1 class="post-title p-name">'
        f'{esc(a.title)}</h1><div class="post-meta">{date}{" · " + reading if reading else ""}</div></header>\n<div class="post-content '
        f'e-content">\n{body_html(ctx, "p", rng.choice([0, 1]), "figure")}\n</div>\n<footer class="post-footer"><ul class="post-tags">{tags}'
        f'</ul><nav class="paginav"><a class="prev" href="{pn[0].url}"><span class="title">« Предыдущая</span><br><span>{esc(pn[0].title)}'
        f'</span></a><a class="next" href="{pn[1].url}"><span class="title">Следующая »</span><br><span>{esc(pn[1].title)}</span></a></nav>'
        f'{_share(ctx, "share-buttons")}</footer></article></main>\n<footer class="footer"><span>{ctx.t("copy", f"© {ctx.site.years[-4:]} {s.name}")}'
        f'</span> · <span>{powered}</span></footer>\n</body>\n</html>\n')
