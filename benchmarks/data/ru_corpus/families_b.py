"""Templates: DataLife Engine, uCoz, Tilda, hand-made table layouts."""

from __future__ import annotations

from datetime import timedelta

from body import body_html
from families_a import _head
from kit import MONTHS_NOMINATIVE, Ctx, esc, meta_tags, metrika, overlays, slugify

# --- DataLife Engine (DLE), default-like template --------------------------------------------------

def _dle_related(ctx: Ctx) -> str:
    items = ctx.headlines(4)
    ctx.traps.append(("headline", items[0].title))
    ctx.feature("related-news")
    lis = "".join(f'<li><a href="{h.url}">{esc(h.title)}</a></li>' for h in items)
    return f'<div class="related"><div class="dtop"><span><b>Похожие новости</b></span></div><ul class="reset">{lis}</ul></div>'


def _dle_comments(ctx: Ctx) -> str:
    out = ""
    if ctx.rng.random() < 0.5:
        for author, when, text in ctx.comments(ctx.rng.randint(1, 2)):
            out += (f'<div id="comment-id-{ctx.rng.randint(100, 999)}"><div class="comment"><div class="dtop"><b>'
                    f'{esc(author)}</b> {when}</div><div class="cominfo"><div id="comm-id-1">{esc(text)}</div>'
                    f'</div></div></div>\n')
    notice = "Посетители, находящиеся в группе Гости, не могут оставлять комментарии к данной публикации."
    ctx.traps.append(("comment-form", notice))
    ctx.feature("comment-form")
    return (f'{out}<div class="berrors">{ctx.t("notice", "Уважаемый посетитель, Вы зашли на сайт как незарегистрированный пользователь.")}'
            f'<br>Мы рекомендуем Вам зарегистрироваться либо войти на сайт под своим именем.</div>\n'
            f'<div class="baseform"><div class="dtop"><b>Информация</b></div>Посетители, находящиеся в группе <b>Гости'
            f'</b>, не могут оставлять комментарии к данной публикации.</div>\n')


def _dle_sidebar(ctx: Ctx) -> str:
    items = ctx.headlines(5)
    ctx.traps.append(("headline", items[2].title))
    ctx.feature("latest-news")
    lis = "".join(f'<li><a href="{h.url}">{esc(h.title)}</a><span class="date">{h.date:%d-%m-%Y}</span></li>'
                  for h in items)
    return (f'<div class="block"><div class="dtop"><h4 class="btl">Последние новости</h4></div><ul class="lastnews">'
            f'{lis}</ul></div><div class="block"><h4 class="btl">Архив новостей</h4><p>{MONTHS_NOMINATIVE[ctx.pub.month - 1]} {ctx.pub.year}</p></div>')


def dle(ctx: Ctx) -> str:
    """DataLife Engine full story: <br>-separated text in div#news-id-N, often windows-1251."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    n = rng.randint(300, 9000)
    dated_url = ctx.date_mode == "url" or ctx.chance("dated-url", 0.4)
    ctx.url = (f"https://{s.domain}/{ctx.pub:%Y/%m/%d}/{n}-{slugify(a.title)}.html" if dated_url
               else f"https://{s.domain}/novosti/{n}-{slugify(a.title)}.html")
    if ctx.date_mode == "url":
        ctx.date_shown("url", False)
    head = '<meta name="generator" content="DataLife Engine (http://dle-news.ru)">\n' + meta_tags(ctx, published=False)
    date = ""
    if ctx.dated:
        date = f'от <a href="/{ctx.pub:%Y/%m/%d}/">{ctx.visible_date("dle")}</a>'
    menu = "".join(f'<li><a href="#">{esc(m)}</a></li>' for m in ctx.menu(8))
    style = rng.choice(["br", "br", "p"])
    return _head(ctx, f"{a.title} » {s.name}", head) + (
        f'<body>\n<div class="wwide pagebg"><div class="headbg"><div class="wwide"><h1 class="logo"><a href="/">'
        f'{esc(s.name)}</a></h1><div class="slogan">{ctx.t("slogan", s.slogan)}</div></div></div>\n'
        f'<div class="topmenu"><ul class="reset">{menu}</ul></div>\n<div class="wrapper"><div id="midside">\n'
        f'<div class="speedbar"><a href="/">{esc(s.short)}</a> » <a href="/novosti/">Новости</a> » {esc(a.title)}</div>\n'
        f'<div class="base fullstory"><div class="dpad">\n<h3 class="btl"><span id="news-title">{esc(a.title)}</span></h3>\n'
        f'<div class="bhinfo"><span class="baseinfo radial">Автор: <a href="/user/admin/">admin</a> {date}</span> '
        f'<span class="argcat small">Категория: <a href="/novosti/">Новости</a></span></div>\n<div class="maincont">'
        f'<div id="news-id-{n}" style="display:inline;">{body_html(ctx, style, rng.choice([0, 1]), "bare", read_also=rng.random() < 0.3)}</div></div>\n'
        f'</div>\n<div class="mlink"><span class="argback"><a href="javascript:history.go(-1)"><b>Назад</b></a></span>'
        f'<span class="argviews"><span title="Просмотров: {rng.randint(10, 900)}"><b>{rng.randint(10, 900)}</b></span></span>'
        f'</div>\n{_dle_related(ctx)}</div>\n{_dle_comments(ctx)}</div>\n<div id="sidebar">{_dle_sidebar(ctx)}</div>'
        f'</div>\n<div class="footbox"><div class="copyright">{ctx.t("footer", ctx.footer_lines(1)[0])}<br>'
        f'Powered by DataLife Engine © 2004–{ctx.site.years[-4:]}</div></div></div>\n{metrika(rng)}\n</body>\n</html>\n')


# --- uCoz, classic "eBlock" news entry -----------------------------------------------------------------

def _ucoz_left(ctx: Ctx) -> str:
    menu = "".join(f'<li><a href="#">{esc(m)}</a></li>' for m in ctx.menu(10))
    items = ctx.headlines(3)
    ctx.traps.append(("headline", items[1].title))
    ctx.feature("latest-news")
    news = "".join(f'<li><span class="date">{h.date:%d.%m.%Y}</span> <a href="{h.url}">{esc(h.title)}</a></li>'
                   for h in items)
    return (f'<td valign="top" width="200" class="leftColumn"><div class="boxTitle"><b>Меню сайта</b></div>'
            f'<div class="boxContent"><ul class="uMenuRoot">{menu}</ul></div><div class="boxTitle"><b>Новости'
            f'</b></div><div class="boxContent"><ul>{news}</ul></div><div class="boxTitle"><b>Статистика</b>'
            f'</div><div class="boxContent">{ctx.t("widget", f"Онлайн всего: {ctx.rng.randint(1, 9)}")}<br>Гостей: 1'
            f'<br>Пользователей: 0</div></td>')


def _ucoz_details(ctx: Ctx) -> str:
    parts = ['Категория: <a href="/news/1-0-1">Новости</a>', f"Просмотров: {ctx.rng.randint(15, 700)}",
             'Добавил: <a href="/index/8-1">admin</a>']
    if ctx.dated:
        parts.append(f'Дата: <span title="{ctx.pub:%H:%M}">{ctx.visible_date("dotted")}</span>')
    parts.append("Рейтинг: 0.0/0")
    ctx.traps.append(("details", "Рейтинг: 0.0/0"))
    return " | ".join(parts)


def ucoz(ctx: Ctx) -> str:
    """uCoz news entry in the classic table template, usually windows-1251."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    n = rng.randint(10, 600)
    ctx.url = f"https://{s.domain.replace('.ru', '.ucoz.ru')}/news/{slugify(a.title, 3)}/{ctx.pub:%Y-%m-%d}-{n}"
    if ctx.date_mode == "url":
        ctx.date_shown("url", False)
    comments = ""
    if rng.random() < 0.4:
        for author, when, text in ctx.comments(1):
            comments += (f'<div class="cBlock1"><div class="cTop"><b>{esc(author)}</b> ({when})</div><div class='
                         f'"cMessage">{esc(text)}</div></div>')
    note = "Добавлять комментарии могут только зарегистрированные пользователи."
    ctx.traps.append(("comment-form", note))
    ctx.feature("comment-form")
    return _head(ctx, f"{a.title} - Новости - {s.short}", "") + (
        f'<body>\n<div id="utbr8214" rel="s{rng.randint(100, 999)}"></div>\n<table width="100%" class="topBar"><tr>'
        f'<td>Приветствую Вас <b>Гость</b> | <a href="/news/rss/">RSS</a></td><td align="right"><a href="/">Главная'
        f'</a> | <a href="/register">Регистрация</a> | <a href="/login">Вход</a></td></tr></table>\n'
        f'<div class="logo"><h1>{esc(s.name)}</h1><div class="slogan">{ctx.t("slogan", s.slogan)}</div></div>\n'
        f'<table width="100%" cellpadding="0" cellspacing="0"><tr>{_ucoz_left(ctx)}<td valign="top" class="main">\n'
        f'<table border="0" width="100%" cellspacing="1" cellpadding="2" class="eBlock"><tr><td class="eTitle">'
        f'{esc(a.title)}</td></tr><tr><td class="eMessage" style="text-align:left;clear:both;">'
        f'{body_html(ctx, rng.choice(["br", "p"]), 0)}</td></tr><tr><td class="eDetails">{_ucoz_details(ctx)}'
        f'</td></tr></table>\n<table border="0" width="100%"><tr><td width="60%">Всего комментариев: '
        f'{len(comments) and 1}</td></tr></table>\n{comments}<div align="center" class="commReg">{esc(note)}<br>[ '
        f'<a href="/register">Регистрация</a> | <a href="javascript:;">Вход</a> ]</div>\n</td></tr></table>\n'
        f'<div class="copy">{ctx.t("footer", f"Copyright {s.short} © {ctx.site.years[-4:]}")} | Бесплатный '
        f'конструктор сайтов - <a href="https://www.ucoz.ru/">uCoz</a></div>\n</body>\n</html>\n')


# --- Tilda: t-records with t-title / t-text blocks ----------------------------------------------------

def _tilda_rec(kind: str, inner: str, rng_id: int) -> str:
    return (f'<div id="rec{rng_id}" class="r t-rec t-rec_pt_30 t-rec_pb_30" data-record-type="{kind}">\n'
            f'<!-- T{kind} --><div class="t{kind}"><div class="t-container"><div class="t-col t-col_8 '
            f't-prefix_2">{inner}</div></div></div></div>\n')


def _tilda_text(ctx: Ctx) -> str:
    """Tilda text: paragraphs joined by <br /><br /> in one field, lists and tables inline."""
    return body_html(ctx, "br", 0)


def tilda(ctx: Ctx) -> str:
    """Tilda site: one record per block, text fields with <br /> paragraphs, date in a t-descr."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    ctx.url = [f"https://{s.domain}/tpost/{rng.randrange(16**8):08x}-{slugify(a.title, 4)}",
               f"https://{s.domain}/news/{slugify(a.title, 4)}"][ctx.pick("url", [0, 1])]
    recs = [_tilda_rec("228", f'<div class="t228__leftside"><a href="/" class="t228__logo">{esc(s.short)}</a></div>'
                       f'<nav class="t228__list">{"".join(f"<a class=t-menu__link-item href=#>{esc(m)}</a> " for m in ctx.menu(6))}</nav>',
                       rng.randint(10**8, 10**9))]
    recs.append(_tilda_rec("001", f'<div class="t-cover__title t-title t-title_xl">{ctx.t("slogan", s.slogan)}</div>',
                           rng.randint(10**8, 10**9)))
    date = f'<div class="t-descr t-descr_xs" field="descr">{ctx.visible_date(ctx.pick("datefmt", ["long", "dotted"]))}</div>' \
        if ctx.dated else ""
    recs.append(_tilda_rec("030", f'<div class="t-title t-title_xs" field="title">{esc(a.title)}</div>{date}',
                           rng.randint(10**8, 10**9)))
    text = _tilda_text(ctx)
    recs.append(_tilda_rec("004", f'<div class="t-text t-text_md" field="text">{text}</div>', rng.randint(10**8, 10**9)))
    if rng.random() < 0.6:
        caption = ctx.t("caption", ctx.caption())
        ctx.feature("photo-caption")
        recs.insert(rng.choice([3, 4]), _tilda_rec("603", f'<div class="t603__tile"><div class="t-bgimg" data-original='
                    f'"https://static.tildacdn.com/tild{rng.randrange(16**6):06x}/photo.jpg"></div><div class="t603__'
                    f'caption t-descr t-descr_xxs">{caption}</div></div>', rng.randint(10**8, 10**9)))
    items = ctx.headlines(3)
    ctx.traps.append(("headline", items[0].title))
    ctx.traps.append(("teaser", items[1].teaser))
    ctx.feature("latest-news")
    cards = "".join(f'<div class="t-feed__post"><div class="t-feed__post-title t-name">{esc(h.title)}</div><div '
                    f'class="t-feed__post-descr t-descr">{esc(h.teaser)}</div><a href="{h.url}">Подробнее</a></div>'
                    for h in items)
    recs.append(_tilda_rec("897", f'<div class="t-section__title t-title">Другие новости</div>{cards}', rng.randint(10**8, 10**9)))
    foot = ctx.footer_lines(2)
    recs.append(_tilda_rec("389", f'<div class="t389__text t-descr">{ctx.t("footer", foot[0])}<br>{esc(foot[1])}</div>',
                           rng.randint(10**8, 10**9)))
    head = meta_tags(ctx, published=False) + '\n<meta name="generator" content="Tilda">\n<link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-grid-3.0.min.css">'
    return _head(ctx, a.title, head) + (
        f'<body class="t-body" style="margin:0;">\n<div id="allrecords" class="t-records" data-hook="blocks-collection-'
        f'content-node" data-tilda-project-id="{rng.randint(10**6, 10**7)}" data-tilda-page-id="{rng.randint(10**7, 10**8)}">\n'
        + "".join(recs) + f'</div>\n<script src="https://static.tildacdn.com/js/tilda-scripts-3.0.min.js"></script>\n'
        f'{overlays(ctx, cookie=0.6)}{metrika(rng)}\n</body>\n</html>\n')


# --- hand-made table layouts of old municipal sites ---------------------------------------------------

def _old_left(ctx: Ctx) -> str:
    menu = "".join(f'<tr><td class="menu">&#8226; <a href="#">{esc(m)}</a></td></tr>' for m in ctx.menu(9))
    items = ctx.headlines(4)
    ctx.traps.append(("headline", items[0].title))
    ctx.feature("dated-sidebar-first")
    news = "".join(f'<p><font size="1" color="#808080">{h.date:%d.%m.%Y}</font><br><a href="{h.url}">'
                   f'{esc(h.title)}</a></p>' for h in items)
    return (f'<td width="190" valign="top" bgcolor="#E8EEF4"><table width="100%" cellpadding="3">{menu}</table>'
            f'<br><b>Новости:</b>{news}</td>')


def table_layout(ctx: Ctx) -> str:
    """An early-2000s hand-made site: nested tables, <font>, sidebar with dated news before the article."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    n = rng.randint(10, 900)
    ctx.url = ctx.pick("url", [f"http://{s.domain}/news/n_{n}.htm", f"http://{s.domain}/index.php?id=news&nid={n}",
                          f"http://www.{s.domain}/novosti/{ctx.pub:%Y}/{n}.html"])
    date = f'<p><b>{ctx.visible_date(ctx.pick("datefmt", ["dotted", "long_year", "short"]))}</b></p>' if ctx.dated else ""
    last_update = ctx.pub + timedelta(days=190)  # the site-wide stamp, never the article's date
    upd = ctx.t("updated", f"Последнее обновление сайта: {last_update:%d.%m.%Y}")
    ctx.feature("updated-date")
    style = rng.choice(["br", "p"])
    body = body_html(ctx, style, rng.choice([0, 1]), "pcaption")
    title = f'<h2 align="center"><font color="#003366">{esc(a.title)}</font></h2>' if ctx.chance("title", 0.6) else \
        f'<p align="center"><font size="4" color="#003366"><b>{esc(a.title)}</b></font></p>'
    charset = "windows-1251" if ctx.encoding == "cp1251" else "utf-8"
    return (f'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            f'<title>{esc(s.name)}</title>\n'
            f'<link rel="stylesheet" href="/style.css">\n</head>\n<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">\n'
            f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td bgcolor="#003366" height="90">'
            f'<img src="/img/gerb.gif" width="60" height="72" align="left"><font color="#FFFFFF" size="5"><b>'
            f'{esc(s.name)}</b></font><br><font color="#FFFF99" size="2"><i>{ctx.t("slogan", s.slogan)}</i></font></td>'
            f'</tr></table>\n<table width="100%" border="0" cellspacing="0" cellpadding="8"><tr>\n{_old_left(ctx)}\n'
            f'<td valign="top"><font face="Arial, Helvetica, sans-serif" size="2">\n{date}\n{title}\n{body}\n'
            f'<p align="right"><a href="javascript:history.back()">&lt;&lt; Назад</a> | <a href="/print.php?nid={n}">'
            f'Версия для печати</a></p></font></td>\n</tr></table>\n<table width="100%"><tr><td bgcolor="#003366" '
            f'align="center"><font color="#FFFFFF" size="1">{ctx.t("footer", ctx.footer_lines(1)[0])}<br>{upd}<br>'
            f'Сайт оптимизирован для разрешения 1024x768</font></td></tr></table>\n'
            f'<!--LiveInternet counter--><script>document.write("<img src=\'//counter.yadro.ru/hit?r"+escape(document.referrer)+"\'>")</script>\n'
            f'</body>\n</html>\n')
