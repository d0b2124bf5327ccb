"""Templates: DataLife Engine, uCoz, Tilda, hand-made table layouts."""

from __future__ import annotations

from body import body_html
from families_a import _head, _share
from kit import Ctx, dotted, esc, meta_tags, metrika, slugify
import boilerplate as bp


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
            f'{lis}</ul></div><div class="block"><h4 class="btl">Архив новостей</h4><p>{ctx.pub:%B %Y}</p></div>')


def dle(ctx: Ctx) -> str:
    """DataLife Engine full story: <br>-separated text in div#news-id-N, often windows-1251."""
    a, s, rng = ctx.article, ctx.site, ctx.rng
    n = rng.randint(300, 9000)
    dated_url = ctx.date_mode == "url" or rng.random() < 0.4
    ctx.url = (f"https://{s.domain}/{ctx.pub:%Y/%m/%d}/{n}-{slugify(a.title)}.html" if dated_url
               else f"https://{s.domain}/novosti/{n}-{slugify(a.title)}.html")
    if ctx.date_mode == "url":
        ctx.date_shown("url", False)
    head = f'<meta name="generator" content="DataLife Engine (http://dle-news.ru)">\n' + meta_tags(ctx, published=False)
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
        f'<div id="news-id-{n}" style="display:inline;">{body_html(ctx, style, rng.choice([0, 1]), "bare")}</div></div>\n'
        f'</div>\n<div class="mlink"><span class="argback"><a href="javascript:history.go(-1)"><b>Назад</b></a></span>'
        f'<span class="argviews"><span title="Просмотров: {rng.randint(10, 900)}"><b>{rng.randint(10, 900)}</b></span></span>'
        f'</div>\n{_dle_related(ctx)}</div>\n{_dle_comments(ctx)}</div>\n<div id="sidebar">{_dle_sidebar(ctx)}</div>'
        f'</div>\n<div class="footbox"><div class="copyright">{ctx.t("footer", ctx.footer_lines(1)[0])}<br>'
        f'Powered by DataLife Engine © 2004–{ctx.pub.year}</div></div></div>\n{metrika(rng)}\n</body>\n</html>\n')


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
        f'<div class="copy">{ctx.t("footer", f"Copyright {s.short} © {ctx.pub.year}")} | Бесплатный '
        f'конструктор сайтов - <a href="https://www.ucoz.ru/">uCoz</a></div>\n</body>\n</html>\n')
