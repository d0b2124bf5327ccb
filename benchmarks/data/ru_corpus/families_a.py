"""Templates: WordPress (classic and magazine themes), 1C-Bitrix news.detail, Joomla 2.5/3/4."""

from __future__ import annotations

import random

import boilerplate as bp
from body import body_html
from kit import Ctx, esc, json_ld, meta_tags, metrika, overlays, ru_date, slugify


def _head(ctx: Ctx, title_tag: str, extra: str = "") -> str:
    charset = "windows-1251" if ctx.encoding == "cp1251" else "UTF-8"
    return (f'<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="{charset}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title_tag)}</title>\n{extra}\n</head>\n")


def _share(ctx: Ctx, cls: str = "ya-share2") -> str:
    label = ctx.pick("share-label", bp.SHARE_LABELS)
    services = random.Random(f"{ctx.site_id}/share").sample(bp.SHARE_SERVICES, 4)
    links = "".join(f'<a class="share-{i}" href="#" rel="nofollow">{s}</a> ' for i, s in enumerate(services))
    ctx.feature("share")
    return f'<div class="{cls}"><span class="share-title">{esc(label)}:</span> {links}</div>'


def _footer(ctx: Ctx, n: int, cls: str = "site-footer") -> str:
    lines = ctx.footer_lines(n)
    first = ctx.t("footer", lines[0])
    rest = "".join(f"<p>{esc(x)}</p>" for x in lines[1:])
    return f'<footer class="{cls}"><div class="container"><p>{first}</p>{rest}</div></footer>\n'


def _wp_url(ctx: Ctx) -> str:
    slug = slugify(ctx.article.title)
    if ctx.date_mode == "url" or ctx.chance("dated-url", 0.4):
        if ctx.date_mode == "url":
            ctx.date_shown("url", False)
        return f"https://{ctx.site.domain}/{ctx.pub:%Y/%m/%d}/{slug}/"
    return f"https://{ctx.site.domain}/novosti/{slug}/"


# --- WordPress, classic blog theme (Twenty*/Astra markup) --------------------------------------

def _wp_meta(ctx: Ctx) -> str:
    if not ctx.dated:
        return ""
    if ctx.date_mode == "relative":
        return f'<span class="posted-on">{ctx.relative_date()}</span>'
    shown = ctx.visible_date(ctx.pick("datefmt", ["dotted", "long", "long_year"]))
    ctx.date_shown("time-tag", True)
    out = (f'<span class="posted-on">Опубликовано <a href="{ctx.url}" rel="bookmark"><time class="entry-date '
           f'published" datetime="{ctx.iso()}">{shown}</time>')
    if ctx.date_mode == "updated":
        upd = ctx.updated()
        out += f'<time class="updated" datetime="{ctx.iso(upd)}">Обновлено: {ru_date(upd)}</time>'
        ctx.traps.append(("updated", f"Обновлено: {ru_date(upd)}"))
        ctx.feature("updated-date")
    author = ctx.pick("author", ["admin", "Пресс-служба", "Редактор сайта"])
    return out + f'</a></span> <span class="byline">Автор: <a href="/author/{slugify(author)}/">{author}</a></span>'


def _wp_comments(ctx: Ctx) -> str:
    out = '<div id="comments" class="comments-area">\n'
    if ctx.rng.random() < 0.5:
        items = ctx.comments(ctx.rng.randint(1, 3))
        out += f'<h2 class="comments-title">Комментарии ({len(items)})</h2>\n<ol class="comment-list">'
        for author, when, text in items:
            out += (f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class='
                    f'"fn">{esc(author)}</b> <time>{when}</time></footer><div class="comment-content"><p>'
                    f'{esc(text)}</p></div><div class="reply"><a class="comment-reply-link" href="#">Ответить'
                    f'</a></div></article></li>')
        out += "</ol>\n"
    heading, note = ctx.comment_form()
    return out + (f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">'
                  f'{esc(heading)}</h3><form action="/wp-comments-post.php" method="post" id="commentform">'
                  f'<p class="comment-notes">{esc(note)}</p><p class="comment-form-comment"><label for="comment">'
                  f'Комментарий</label><textarea id="comment" name="comment"></textarea></p><p class="comment-'
                  f'form-author"><label>Имя *</label><input name="author"></p><p class="form-submit"><input '
                  f'type="submit" value="Отправить комментарий"></p></form></div></div>\n')


def _wp_sidebar(ctx: Ctx) -> str:
    items = ctx.headlines(5)
    ctx.traps.append(("headline", items[1].title))
    lis = "".join(f'<li><a href="{h.url}">{esc(h.title)}</a> <span class="post-date">{ru_date(h.date)}</span></li>'
                  for h in items)
    tags = "".join(f'<a href="/tag/{slugify(t)}/" class="tag-cloud-link">{esc(t)}</a> ' for t in bp.TAG_POOL[:9])
    ctx.feature("latest-news")
    return (f'<aside id="secondary" class="widget-area"><section class="widget widget_search"><form role="search">'
            f'<input type="search" placeholder="Поиск…"></form></section><section class="widget widget_recent'
            f'_entries"><h2 class="widget-title">Свежие записи</h2><ul>{lis}</ul></section><section class='
            f'"widget widget_archive"><h2 class="widget-title">Архивы</h2><ul><li><a href="#">{ctx.pub:%m.%Y}'
            f'</a></li></ul></section><section class="widget widget_tag_cloud"><h2 class="widget-title">Метки'
            f'</h2><div class="tagcloud">{tags}</div></section></aside>\n')


def wp_classic(ctx: Ctx) -> str:
    """WordPress with a classic blog theme."""
    ctx.url = _wp_url(ctx)
    a, s, rng = ctx.article, ctx.site, ctx.rng
    head = meta_tags(ctx) + ("\n" + json_ld(ctx, "Article", ctx.date_mode == "updated") if ctx.chance("jsonld", 0.5) else "")
    menu = "".join(f'<li class="menu-item"><a href="#">{esc(m)}</a></li>' for m in ctx.menu(8))
    attach = ""
    if rng.random() < 0.3:
        text, href = ctx.attachment()
        attach = (f'<div class="wp-block-file"><a href="{href}">{esc(text)}</a><a href="{href}" class="wp-block-'
                  f'file__button" download>Скачать</a></div>')
    tags = ", ".join(f'<a href="/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in ctx.tags())
    prev_next = ctx.headlines(2)
    ctx.traps.append(("headline", prev_next[0].title))
    return _head(ctx, f"{a.title} – {s.name}", head) + (
        f'<body class="post-template-default single single-post">\n<div id="page" class="site">\n'
        f'<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/">'
        f'{esc(s.name)}</a></p><p class="site-description">{ctx.t("slogan", s.slogan)}</p></div>\n'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>'
        f'</header>\n<div id="content" class="site-content"><div id="primary" class="content-area"><main id='
        f'"main" class="site-main">\n<article id="post-{rng.randint(100, 9000)}" class="post type-post status-'
        f'publish format-standard hentry category-novosti">\n<header class="entry-header"><h1 class="entry-title">'
        f'{esc(a.title)}</h1><div class="entry-meta">{_wp_meta(ctx)}</div></header>\n<div class="entry-content">\n'
        f'{body_html(ctx, "p", rng.choice([0, 1, 2]), "figure", lead_bold=rng.random() < 0.3)}\n{attach}\n'
        f'</div>\n{_share(ctx)}\n<footer class="entry-footer"><span class="cat-links">Рубрика: <a href="/novosti/">'
        f'Новости</a></span> <span class="tags-links">Метки: {tags}</span></footer>\n</article>\n'
        f'<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="'
        f'{prev_next[0].url}" rel="prev">← {esc(prev_next[0].title)}</a></div><div class="nav-next"><a href="'
        f'{prev_next[1].url}" rel="next">{esc(prev_next[1].title)} →</a></div></div></nav>\n'
        f'{_wp_comments(ctx) if ctx.chance("comments", 0.8) else ""}</main></div>\n{_wp_sidebar(ctx)}</div>\n'
        f'{_footer(ctx, 3)}</div>\n{overlays(ctx, cookie=0.3)}{metrika(rng)}\n</body>\n</html>\n')


# --- 1C-Bitrix, news.detail component -----------------------------------------------------------

def _bitrix_url(ctx: Ctx) -> str:
    n = ctx.rng.randint(1200, 48000)
    return [f"https://{ctx.site.domain}/press-center/news/{n}/", f"https://{ctx.site.domain}/news/detail.php?ID={n}",
            f"https://{ctx.site.domain}/news/{slugify(ctx.article.title, 4)}/"][ctx.pick("url", [0, 1, 2])]


def _bitrix_other(ctx: Ctx) -> str:
    items = ctx.headlines(4)
    ctx.traps.append(("headline", items[0].title))
    ctx.traps.append(("teaser", items[2].teaser))
    ctx.feature("latest-news")
    out = '<div class="news-list other-news"><h3>Другие новости</h3>\n'
    for h in items:
        out += (f'<p class="news-item"><span class="news-date-time">{h.date:%d.%m.%Y}</span> <a href="{h.url}">'
                f'<b>{esc(h.title)}</b></a><br>{esc(h.teaser)}</p>\n')
    return out + "</div>\n"


def bitrix(ctx: Ctx) -> str:
    """1C-Bitrix site with the standard news.detail template (often windows-1251)."""
    ctx.url = _bitrix_url(ctx)
    a, s, rng = ctx.article, ctx.site, ctx.rng
    head = meta_tags(ctx, og=ctx.chance("og", 0.6), published=ctx.chance("pubmeta", 0.4))
    date = ""
    if ctx.dated:
        date = f'<span class="news-date-time">{ctx.visible_date(ctx.pick("datefmt", ["dotted", "dotted_time", "long"]))}</span>'
    if ctx.date_mode == "updated":
        upd = ctx.updated()
        date += f' <span class="news-date-change">Дата изменения: {upd:%d.%m.%Y %H:%M}</span>'
        ctx.traps.append(("updated", f"Дата изменения: {upd:%d.%m.%Y %H:%M}"))
        ctx.feature("updated-date")
    style = rng.choice(["p", "word", "div", "br"])
    title_h3 = f"<h3>{esc(a.title)}</h3>" if ctx.chance("h3", 0.7) else ""
    preview = ""
    if rng.random() < 0.3 and a.blocks[0].kind == "p":
        ctx.feature("lead-repeated")
        preview = f'<div class="news-preview-text"><p>{esc(a.blocks[0].lines[0])}</p></div>'
    attach = ""
    if rng.random() < 0.4:
        text, href = ctx.attachment()
        attach = f'<div class="news-detail-files"><b>Файлы:</b><br><a href="{href}">{esc(text)}</a></div>'
    menu = "".join(f'<li><a href="#">{esc(m)}</a></li>' for m in ctx.menu(9))
    crumbs = f'<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press-center/">Пресс-центр</a> / <span>{esc(a.title)}</span></div>'
    ctx.feature("breadcrumbs")
    return _head(ctx, f"{a.title}" if ctx.chance("titletag", 0.5) else f"{s.name} - Новости", head) + (
        f'<body>\n<div id="panel"></div>\n<div class="wrapper"><div class="header"><a class="logo" href="/"><img '
        f'src="/local/templates/main/images/logo.png" alt=""></a><div class="header-name">{esc(s.name)}</div>'
        f'<div class="header-slogan">{ctx.t("slogan", s.slogan)}</div><div class="header-phone">{esc(s.address)}</div>'
        f'</div>\n<ul class="top-menu">{menu}</ul>\n<div class="content">{crumbs}\n<h1>Новости</h1>\n'
        f'<div class="news-detail">\n{date}\n{title_h3}\n<img class="detail_picture" src="/upload/iblock/{rng.randrange(999):03d}/'
        f'{rng.randrange(16**8):08x}.jpg" alt="{esc(a.title)}" title="{esc(a.title)}">\n{preview}\n'
        f'{body_html(ctx, style, rng.choice([0, 0, 1]), "pcaption")}\n<div style="clear:both"></div>\n<br />\n'
        f'{attach}\n{_share(ctx, "news-detail-share") if ctx.chance("share", 0.7) else ""}\n</div>\n'
        f'<p><a href="/press-center/news/">Возврат к списку</a></p>\n{_bitrix_other(ctx)}</div>\n'
        f'{_footer(ctx, 3, "footer")}</div>\n{overlays(ctx, error_note=0.5)}{metrika(rng)}\n</body>\n</html>\n')


# --- Joomla 2.5 / 3 / 4 -----------------------------------------------------------------------------

def _joomla_info(ctx: Ctx, version: str) -> str:
    if not ctx.dated:
        return f'<dl class="article-info"><dd class="hits">Просмотров: {ctx.rng.randint(20, 900)}</dd></dl>'
    if version == "2.5":
        out = f'<dd class="create">Создано {ctx.visible_date("dotted_time")}</dd>'
        if ctx.date_mode == "updated":
            upd = ctx.updated()
            out += f'<dd class="modified">Обновлено {upd:%d.%m.%Y %H:%M}</dd>'
            ctx.traps.append(("updated", f"Обновлено {upd:%d.%m.%Y %H:%M}"))
            ctx.feature("updated-date")
    else:
        shown = ctx.visible_date("long" if version == "3" else "dotted")
        ctx.date_shown("time-tag", True)
        out = (f'<dd class="published"><span class="icon-calendar"></span> <time datetime="{ctx.iso()}" itemprop='
               f'"datePublished">Опубликовано: {shown}</time></dd>')
        if ctx.date_mode == "updated":
            upd = ctx.updated()
            shown_upd = ru_date(upd) if version == "3" else f"{upd:%d.%m.%Y}"
            out += (f'<dd class="modified"><time datetime="{ctx.iso(upd)}" itemprop="dateModified">Обновлено: '
                    f'{shown_upd}</time></dd>')
            ctx.traps.append(("updated", f"Обновлено: {shown_upd}"))
            ctx.feature("updated-date")
    term = "Подробности" if version != "4" else "Информация о материале"
    return (f'<dl class="article-info muted"><dt class="article-info-term">{term}</dt><dd class="category-name">'
            f'Категория: <a href="/novosti">Новости</a></dd>{out}<dd class="hits">Просмотров: '
            f'{ctx.rng.randint(20, 900)}</dd></dl>')


def _joomla_modules(ctx: Ctx) -> str:
    items = ctx.headlines(5)
    ctx.traps.append(("headline", items[3].title))
    ctx.feature("latest-news")
    lis = "".join(f'<li><a href="{h.url}">{esc(h.title)}</a></li>' for h in items)
    return (f'<div class="moduletable"><h3>Последние новости</h3><ul class="latestnews mod-list">{lis}</ul></div>'
            f'<div class="moduletable"><h3>Опрос</h3><p>{ctx.t("poll", "Как вы оцениваете работу Ассоциации?")}</p>'
            f'<label><input type="radio"> Отлично</label><label><input type="radio"> Хорошо</label></div>')


def joomla(ctx: Ctx) -> str:
    """Joomla com_content article view in 2.5, 3 or 4 markup."""
    version = ctx.pick("version", ["2.5", "3", "4"])
    ctx.variant = f"joomla{version}"
    a, s, rng = ctx.article, ctx.site, ctx.rng
    n = rng.randint(40, 2400)
    ctx.url = f"https://{s.domain}/index.php/novosti/{n}-{slugify(a.title)}" if version != "4" or ctx.chance("url", 0.5) \
        else f"https://{s.domain}/novosti/{n}-{slugify(a.title)}.html"
    head = '<meta name="generator" content="Joomla! - Open Source Content Management">\n' + meta_tags(
        ctx, og=version != "2.5", published=False)
    if version == "4" and ctx.chance("jsonld", 0.6):
        head += "\n" + json_ld(ctx, "Article")
    h = "h1" if version == "4" else "h2"
    title = f'<div class="page-header"><{h} itemprop="headline">{esc(a.title)}</{h}></div>'
    if version == "2.5":
        title = f'<h2><a href="{ctx.url}">{esc(a.title)}</a></h2>'
    body_cls = "com-content-article__body" if version == "4" else ""
    menu = "".join(f'<li class="item-{100 + i}"><a href="#">{esc(m)}</a></li>' for i, m in enumerate(ctx.menu(7)))
    nav = ctx.headlines(1)[0]
    pager = (f'<ul class="pager pagenav"><li class="previous"><a href="{nav.url}" rel="prev">&lt; Назад</a></li>'
             f'<li class="next"><a href="#" rel="next">Вперёд &gt;</a></li></ul>')
    return _head(ctx, a.title, head) + (
        f'<body class="site com_content view-article">\n<header class="header"><a class="brand" href="/"><span class='
        f'"site-title">{esc(s.name)}</span></a><div class="site-description">{ctx.t("slogan", s.slogan)}</div></header>\n'
        f'<nav class="navigation"><ul class="nav menu">{menu}</ul></nav>\n<div class="row"><main id="content" '
        f'class="span9">\n<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article">'
        f'\n<meta itemprop="inLanguage" content="ru-RU">\n{title}\n{_joomla_info(ctx, version)}\n'
        f'<div itemprop="articleBody" class="{body_cls}">\n{body_html(ctx, rng.choice(["p", "word"]), rng.choice([0, 1]), "pcaption", entities=rng.random() < 0.5)}\n</div>\n'
        f'{pager}\n</div>\n</main>\n<div id="aside" class="span3">{_joomla_modules(ctx)}</div></div>\n'
        f'{_footer(ctx, 2, "footer")}{metrika(rng)}\n</body>\n</html>\n')
