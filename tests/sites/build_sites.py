"""Generate the fixture sites under tests/sites/ (run: python tests/sites/build_sites.py).

Four template families as Russian municipal associations use them: WordPress, 1C-Bitrix
(windows-1251), Joomla (charset only in <meta>) and an old hand-made table layout (cp1251
bytes served with a wrong ``charset=utf-8`` header, no <h1>, the date only on the listing).
The generated files are committed; tests never run this script.
"""

from __future__ import annotations

import json
import shutil
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from articles import BITRIX, JOOMLA, LATEST_NEWS, TABLE, WORDPRESS, Art

ROOT = Path(__file__).parent
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")


def write(site: str, name: str, text: str, encoding: str = "utf-8") -> None:
    path = ROOT / site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def dmy(art: Art) -> str:
    y, m, d, *_ = art.date
    return f"{d:02d}.{m:02d}.{y}"


def long_date(art: Art) -> str:
    y, m, d, *_ = art.date
    return f"{d} {MONTHS[m - 1]} {y} года"


def iso(art: Art) -> str:
    y, m, d, hh, mm = art.date
    return f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+03:00"


def paragraphs(art: Art) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in art.paragraphs)


def latest_block(heading: str = "Последние новости") -> str:
    items = "".join(f'<li><a href="https://news-aggregator.example/{i}">{escape(t)}</a></li>'
                    for i, t in enumerate(LATEST_NEWS))
    return f'<aside class="widget latest"><h3>{heading}</h3><ul>{items}</ul></aside>'


COMMENTS = """<div id="comments"><h3>Комментарии (0)</h3><div id="respond"><h3>Добавить комментарий</h3>
<form action="/wp-comments-post.php" method="post"><p>Ваш email не публикуется. Обязательные поля
отмечены *</p><textarea name="comment"></textarea><input name="author"><input type="submit"
value="Отправить комментарий"></form></div></div>"""
SHARE = ('<div class="share">Поделиться: <a href="https://vk.com/share.php?url=x">ВКонтакте</a> '
         '<a href="https://connect.ok.ru/offer?url=x">Одноклассники</a> '
         '<a href="https://t.me/share/url?url=x">Telegram</a></div>')


# -- WordPress -------------------------------------------------------------------------------

def wp_url(art: Art) -> str:
    y, m, d, *_ = art.date
    return f"/{y}/{m:02d}/{d:02d}/{art.slug}/"


def wp_page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="ru-RU"><head><meta charset="UTF-8">
<title>{escape(title)} – Совет муниципальных образований Белгородской области</title>
<link rel="alternate" type="application/rss+xml" title="Лента" href="{{{{ORIGIN}}}}/feed/">
</head><body class="wp-site">
<div class="top-bar"><a href="#" class="bvi-open">Версия для слабовидящих</a></div>
<header id="masthead"><p class="site-title"><a href="{{{{ORIGIN}}}}/">Совет муниципальных образований Белгородской области</a></p>
<p class="site-description">Вместе мы сильнее</p>
<nav><ul><li><a href="/">Главная</a></li><li><a href="/news/">Новости</a></li>
<li><a href="/o-sovete/">О Совете</a></li><li><a href="/kontakty/">Контакты</a></li>
<li><a href="/wp-login.php">Войти</a></li></ul></nav>
<form role="search" action="/" method="get"><input name="s"></form></header>
<div id="content">{body}</div>
<aside id="secondary">{latest_block()}
<section class="widget"><h3>Рубрики</h3><a href="/category/novosti/">Новости</a>
<a href="/category/anonsy/">Анонсы</a></section>
<section class="widget"><h3>Метки</h3><a href="/tag/forum/" rel="tag">форум</a>
<a href="/tag/starosty/" rel="tag">старосты</a></section>
<section class="widget"><h3>Архивы</h3><a href="/2023/07/">Июль 2023</a> <a href="/2023/02/">Февраль 2023</a></section>
<section class="widget"><h3>Календарь</h3><a href="/2023/02/27/">27</a> <a href="/?m=202302">Февраль</a></section>
<section class="widget"><h3>Документы</h3><a href="/wp-content/uploads/2023/07/polozhenie-konkurs.pdf">Положение о конкурсе (PDF)</a></section>
<section class="widget"><a href="/feed/">RSS</a> <a href="/comments/feed/">RSS комментариев</a></section>
</aside>
<footer><p>© 2023 Ассоциация «Совет муниципальных образований Белгородской области»</p>
<a href="https://t.me/asmobelgorod">Telegram</a> <a href="http://www.kremlin.ru/">Президент России</a></footer>
</body></html>"""


def wp_listing(arts: list[Art], page: int, pages: int) -> str:
    items = []
    for art in arts:
        link = f"{{{{ORIGIN}}}}{wp_url(art)}"
        items.append(f"""<article class="post type-post"><header class="entry-header">
<h2 class="entry-title"><a href="{link}" rel="bookmark">{escape(art.title)}</a></h2>
<div class="entry-meta"><time class="entry-date published" datetime="{iso(art)}">{long_date(art)}</time></div></header>
<div class="entry-summary"><p>{escape(art.paragraphs[0][:120])}…</p></div>
<a class="more-link" href="{link}">Читать далее</a> <a href="{wp_url(art)}print/">Версия для печати</a>
<a href="{link}?utm_source=vk&amp;utm_medium=social">Поделиться ВКонтакте</a></article>""")
    nav = ['<nav class="navigation pagination"><div class="nav-links">']
    if page > 1:
        prev = "/news/" if page == 2 else f"/news/page/{page - 1}/"
        nav.append(f'<a class="prev page-numbers" href="{prev}">« Предыдущая</a>')
    for number in range(1, pages + 1):
        href = "/news/" if number == 1 else f"/news/page/{number}/"
        nav.append(f'<span class="page-numbers current">{number}</span>' if number == page
                   else f'<a class="page-numbers" href="{href}">{number}</a>')
    if page < pages:
        nav.append(f'<a class="next page-numbers" href="/news/page/{page + 1}/">Следующая »</a>')
    nav.append("</div></nav>")
    return wp_page("Новости", '<main><h1 class="page-title">Новости</h1>' + "".join(items) + "".join(nav) + "</main>")


def wp_article(art: Art) -> str:
    body = f"""<div class="breadcrumbs"><a href="/">Главная</a> » <a href="/news/">Новости</a> » {escape(art.title)}</div>
<article class="post"><h1 class="entry-title">{escape(art.title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="{iso(art)}">{long_date(art)}</time></div>
<div class="entry-content"><p><strong>{escape(art.title)}</strong></p>{paragraphs(art)}</div>
<footer class="entry-footer">Метки: <a href="/tag/forum/" rel="tag">форум</a>
<a href="{wp_url(art)}print/">Версия для печати</a></footer></article>{SHARE}
<nav class="post-navigation"><a href="/news/" rel="prev">Предыдущая запись</a></nav>{COMMENTS}
<a href="{wp_url(art)}?replytocom=5#respond">Ответить</a>"""
    page = wp_page(art.title, body)
    return page.replace("</title>", f'</title>\n<link rel="canonical" href="{{{{ORIGIN}}}}{wp_url(art)}">', 1)


def wp_feed(arts: list[Art]) -> str:
    """The RSS 2.0 feed WordPress serves at /feed/ (autodiscovered from <link rel=alternate>)."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    items = []
    for art in arts:
        y, m, d, hh, mm = art.date
        items.append(f"""<item><title>{escape(art.title)}</title>
<link>{{{{ORIGIN}}}}{wp_url(art)}?utm_source=rss&amp;utm_medium=rss</link>
<pubDate>Mon, {d:02d} {months[m - 1]} {y} {hh:02d}:{mm:02d}:00 +0300</pubDate>
<description><![CDATA[{escape(art.paragraphs[0])}]]></description></item>""")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            "<title>Совет муниципальных образований Белгородской области</title>"
            f"<link>{{{{ORIGIN}}}}/</link>{''.join(items)}</channel></rss>")


def build_wordpress() -> None:
    site = "wordpress"
    arts = sorted(WORDPRESS, key=lambda a: a.date, reverse=True)
    pages = [arts[i:i + 3] for i in range(0, len(arts), 3)]
    for number, chunk in enumerate(pages, 1):
        name = "news/index.html" if number == 1 else f"news/page/{number}/index.html"
        write(site, name, wp_listing(chunk, number, len(pages)))
    for art in arts:
        write(site, wp_url(art).lstrip("/") + "index.html", wp_article(art))
    # Tag, category and archive pages exist (a crawler that follows them finds duplicates).
    for name in ("tag/forum/", "tag/starosty/", "category/novosti/", "category/anonsy/", "2023/07/",
                 "2023/02/", "2023/02/27/"):
        write(site, name + "index.html", wp_listing(arts[:2], 1, 1))
    write(site, "wp-content/uploads/2023/07/polozhenie-konkurs.pdf",
          "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    write(site, "robots.txt", "User-agent: *\nDisallow: /wp-admin/\nDisallow: /2023/07/20/\n")
    forum = next(a for a in arts if a.slug == "forum-starost")
    write(site, "feed/index.html", wp_feed(arts[:5]))
    faults = {wp_url(forum): {"fail_first": 1, "fail_status": 503},
              "/feed/": {"content_type": "application/rss+xml; charset=UTF-8"}}
    write(site, "_site.json", json.dumps({"header_charset": "UTF-8", "faults": faults}, indent=1))


# -- 1C-Bitrix (windows-1251) -------------------------------------------------------------------

def bx_page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{escape(title)}</title></head><body>
<div id="panel"></div><div class="header"><div class="logo">Ассоциация «Совет муниципальных образований Вологодской области»</div>
<a class="special" href="/?special_version=Y">Версия для слабовидящих</a>
<ul class="menu"><li><a href="/">Главная</a></li><li><a href="/press-center/news/">Новости</a></li>
<li><a href="/about/">Об Ассоциации</a></li><li><a href="/documents/">Документы</a></li>
<li><a href="/auth/?login=yes">Вход</a></li><li><a href="/search/?q=">Поиск</a></li></ul></div>
<div class="workarea"><h1>Новости</h1>{body}</div>
<div class="sidebar"><div class="calendar"><b>Календарь новостей</b>
<a href="/press-center/news/?DATE=2023-02-10">10</a> <a href="/press-center/news/?DATE=2023-02-21">21</a>
<a href="/press-center/news/?year=2023&amp;month=3">Март 2023</a></div>
{latest_block("Другие новости")}
<a href="/upload/iblock/3f2/polozhenie-o-konkurse.pdf">Положение о конкурсе</a>
<a href="/upload/docs/plan-raboty-2023.docx">План работы (DOCX)</a></div>
<div class="footer">© 2010–2023 Ассоциация «Совет муниципальных образований Вологодской области».
<a href="https://vk.com/smo35">Мы ВКонтакте</a> <a href="http://www.gov35.ru/">Правительство области</a></div>
</body></html>"""


def bx_listing(arts: list[Art], page: int, pages: int, old_links: set[str]) -> str:
    items = []
    for art in arts:
        href = f"/news/detail.php?ID={art.slug}" if art.slug in old_links else f"/press-center/news/{art.slug}/"
        items.append(f"""<p class="news-item" id="bx_{art.slug}"><span class="news-date-time">{dmy(art)}</span>
<a href="{href}"><b>{escape(art.title)}</b></a><br>{escape(art.paragraphs[0][:100])}…
<a href="/press-center/news/{art.slug}/?print=Y" class="print">Печать</a></p>""")
    nav = [f'<font class="text">Новости <br>{(page - 1) * 3 + 1} - {(page - 1) * 3 + len(arts)} из 7<br></font>',
           '<font class="text">']
    nav.append("Начало | Пред. |" if page == 1 else
               f'<a href="/press-center/news/">Начало</a> | <a href="/press-center/news/?PAGEN_1={page - 1}">Пред.</a> |')
    for number in range(1, pages + 1):
        nav.append(f"<b>{number}</b>" if number == page else
                   f'<a href="/press-center/news/?PAGEN_1={number}">{number}</a>')
    nav.append("| След. | Конец" if page == pages else
               f'| <a href="/press-center/news/?PAGEN_1={page + 1}">След.</a> | '
               f'<a href="/press-center/news/?PAGEN_1={pages}">Конец</a>')
    nav.append("</font>")
    return bx_page("Новости", '<div class="news-list">' + "".join(items) + "</div>" + " ".join(nav))


def bx_article(art: Art) -> str:
    # news.detail's default template prints the name in <h3>; the page <h1> is the section.
    body = f"""<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/press-center/news/">Новости</a></div>
<div class="news-detail"><span class="news-date-time">{dmy(art)}</span>
<h3>{escape(art.title)}</h3>{paragraphs(art)}
<div style="clear:both"></div><br><a href="/press-center/news/">Возврат к списку</a></div>
<div class="share">Поделиться: <a href="https://vk.com/share.php">ВКонтакте</a></div>"""
    return bx_page(art.title, body)


def write_bitrix_sitemaps(site: str, arts: list[Art], extra: Art) -> None:
    """A sitemap index with the iblock sitemap (every page) and a Google News sitemap."""
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    write(site, "sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {ns}>'
          "<sitemap><loc>{{ORIGIN}}/sitemap-iblock-3.xml</loc></sitemap>"
          "<sitemap><loc>{{ORIGIN}}/sitemap-news.xml</loc></sitemap></sitemapindex>")
    pages = ["/", "/about/", "/documents/", "/press-center/news/"] + [
        f"/press-center/news/{a.slug}/" for a in arts]
    urls = "".join(f"<url><loc>{{{{ORIGIN}}}}{p}</loc><lastmod>2023-05-01</lastmod></url>" for p in pages)
    write(site, "sitemap-iblock-3.xml", f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns}>{urls}</urlset>')
    y, m, d, hh, mm = extra.date
    news = (f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns} '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
            f"<loc>{{{{ORIGIN}}}}/press-center/news/{extra.slug}/</loc><news:news><news:publication>"
            "<news:name>СМО Вологодской области</news:name><news:language>ru</news:language>"
            f"</news:publication><news:publication_date>{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+03:00"
            f"</news:publication_date><news:title>{escape(extra.title)}</news:title></news:news></url></urlset>")
    write(site, "sitemap-news.xml", news)


def build_bitrix() -> None:
    site = "bitrix"
    # 508 is published on the site but missing from the news list: only the sitemap has it.
    sitemap_only = next(a for a in BITRIX if a.slug == "508")
    arts = sorted((a for a in BITRIX if a is not sitemap_only), key=lambda a: a.date, reverse=True)
    pages = [arts[i:i + 3] for i in range(0, len(arts), 3)]
    old_links = {"502"}
    for number, chunk in enumerate(pages, 1):
        name = "press-center/news/index.html" + ("" if number == 1 else f"@PAGEN_1={number}")
        write(site, name, bx_listing(chunk, number, len(pages), old_links), "cp1251")
    for art in [*arts, sitemap_only]:
        write(site, f"press-center/news/{art.slug}/index.html", bx_article(art), "cp1251")
    write(site, "upload/iblock/3f2/polozhenie-o-konkurse.pdf", "%PDF-1.4\n%%EOF\n")
    write(site, "robots.txt", "User-agent: *\nDisallow: /bitrix/\nDisallow: /auth/\nDisallow: /search/\n"
          "\nSitemap: {{ORIGIN}}/sitemap.xml\n")
    write_bitrix_sitemaps(site, arts, sitemap_only)
    faults = {
        "/news/detail.php?ID=502": {"redirect": "/press-center/news/502/"},
        # A runaway page: 1.5 MB of padding; the tests cap responses at 1 MB.
        "/press-center/news/505/": {"pad_bytes": 1_500_000},
    }
    write(site, "_site.json", json.dumps({"header_charset": "windows-1251", "faults": faults}, indent=1))


# -- Joomla (charset only in <meta>) -------------------------------------------------------------

def jm_page(title: str, body: str, canonical: str = "") -> str:
    link = f'<link href="{{{{ORIGIN}}}}{canonical}" rel="canonical">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ru-ru" dir="ltr"><head><meta charset="utf-8">
<meta name="generator" content="Joomla! - Open Source Content Management">
<title>{escape(title)}</title>{link}</head><body class="site com_content">
<div class="header"><a class="brand" href="/">Ассоциация «Совет муниципальных образований Республики Башкортостан»</a>
<a href="/?template=accessibility">Версия для слабовидящих</a></div>
<ul class="nav menu"><li><a href="/">Главная</a></li><li class="active"><a href="/novosti.html">Новости</a></li>
<li><a href="/ob-assotsiatsii.html">Об Ассоциации</a></li><li><a href="/component/users/?view=login">Вход</a></li>
<li><a href="/component/search/?searchword=&amp;searchphrase=all">Поиск</a></li></ul>
<ul class="breadcrumb"><li><a href="/">Главная</a></li><li>Новости</li></ul>
<main id="content">{body}</main>
<div class="moduletable">{latest_block()}<a href="/component/tags/tag/forum.html">форум</a>
<a href="/images/docs/ustav.doc">Устав (DOC)</a></div>
<footer>© 2020 Совет муниципальных образований Республики Башкортостан
<a href="https://ok.ru/smorb">Одноклассники</a> <a href="https://bashkortostan.ru/">Портал республики</a></footer>
</body></html>"""


# Old Joomla menus link articles without SEF; rel=canonical on the page names the SEF URL.
NON_SEF_122 = ("/index.php?option=com_content&amp;view=article&amp;"
               "id=122:grant-dobrososedskaya-respublika&amp;catid=8&amp;Itemid=101")
NON_SEF_122_FILE = ("index.html@Itemid=101&catid=8&id=122%3Agrant-dobrososedskaya-respublika"
                    "&option=com_content&view=article")


def jm_url(art: Art) -> str:
    return f"/novosti/{art.slug}.html"


def jm_listing(arts: list[Art], start: int, per_page: int, total: int) -> str:
    items = []
    for art in arts:
        items.append(f"""<div class="items-row"><div class="item"><div class="page-header"><h2 itemprop="name">
<a href="{jm_url(art)}" itemprop="url">{escape(art.title)}</a></h2></div>
<dl class="article-info"><dd class="published"><time datetime="{iso(art)}">Опубликовано: {dmy(art)}</time></dd></dl>
<div class="icons"><a href="{jm_url(art)}?tmpl=component&amp;print=1" title="Печать">Печать</a></div>
<p>{escape(art.paragraphs[0][:100])}…</p>
<p class="readmore"><a class="btn" href="{jm_url(art)}">Подробнее...</a></p></div></div>""")
    pages = (total + per_page - 1) // per_page
    nav = ['<div class="pagination"><ul>']
    first = "/novosti.html"
    nav.append(f'<li><a href="{first}">В начало</a></li>' if start else "<li><span>В начало</span></li>")
    for number in range(pages):
        href = first if number == 0 else f"/novosti.html?start={number * per_page}"
        nav.append(f"<li><span>{number + 1}</span></li>" if number * per_page == start
                   else f'<li><a href="{href}">{number + 1}</a></li>')
    if start + per_page < total:
        nav.append(f'<li><a title="Следующая" href="/novosti.html?start={start + per_page}">Следующая</a></li>')
        nav.append(f'<li><a href="/novosti.html?start={(pages - 1) * per_page}">В конец</a></li>')
    nav.append("</ul></div>")
    return jm_page("Новости", '<div class="blog">' + "".join(items) + "</div>" + "".join(nav))


def jm_article(art: Art) -> str:
    body = f"""<div class="item-page"><div class="page-header"><h2 itemprop="headline">{escape(art.title)}</h2></div>
<dl class="article-info"><dt>Подробности</dt><dd class="published"><time datetime="{iso(art)}">Опубликовано: {dmy(art)}</time></dd>
<dd class="hits">Просмотров: 153</dd></dl>
<div class="icons"><a href="{jm_url(art)}?tmpl=component&amp;print=1">Печать</a></div>
<div itemprop="articleBody">{paragraphs(art)}</div>
<ul class="pager pagenav"><li class="previous"><a href="/novosti.html">Назад</a></li></ul></div>"""
    page = jm_page(art.title, body, jm_url(art))
    if art.slug.endswith("broken-markup"):
        # Unclosed <div>/<p>, a stray </td>, no </body></html>: browsers cope, so must we.
        page = page.replace("</div>\n<ul class=\"pager", "<p><b>\n</td></span><ul class=\"pager", 1)
        page = page.replace("</body></html>", "")
    return page


def build_joomla() -> None:
    site = "joomla"
    arts = sorted(JOOMLA, key=lambda a: a.date, reverse=True)
    report = "/novosti/127-otchet-za-2019-god.html"
    # A link that redirects off the source's site: the crawler must not follow it.
    moved = "/novosti/128-material-perenesen.html"
    per_page = 4
    total = len(arts)
    for start in range(0, total, per_page):
        chunk = arts[start:start + per_page]
        html = jm_listing(chunk, start, per_page, total)
        if start == 0:
            html = html.replace('<div class="blog">', f'<div class="blog"><div class="items-row"><div class="item">'
                                f'<h2><a href="{report}">Отчёт о деятельности за 2019 год</a></h2>'
                                '<time>Опубликовано: 20.05.2020</time></div></div>'
                                f'<div class="popular"><h3>Популярное</h3><a href="{NON_SEF_122}">'
                                'Ассоциация победила в конкурсе грантов Главы республики</a></div>'
                                f'<div class="items-row"><div class="item"><h2><a href="{moved}">'
                                'Материал перенесён на портал партнёров</a></h2></div></div>', 1)
        write(site, "novosti.html" + (f"@start={start}" if start else ""), html)
    for art in arts:
        write(site, jm_url(art).lstrip("/"), jm_article(art))
        if art.slug.startswith("122-"):
            write(site, NON_SEF_122_FILE, jm_article(art))
    write(site, report.lstrip("/"), "PK\x03\x04 binary report archive \x00\x01\x02")
    write(site, "robots.txt", "User-agent: *\nDisallow: /administrator/\nDisallow: /component/\n")
    faults = {
        "/novosti/123-shkola-munitsipalnogo-yurista.html": {"delay": 1.0},
        report: {"content_type": "application/octet-stream"},
        moved: {"redirect": "http://partner-portal.example/news/128"},
    }
    write(site, "_site.json", json.dumps({"header_charset": None, "faults": faults}, indent=1))


# -- hand-made table layout (cp1251 bytes, header wrongly says utf-8) ---------------------------

def tb_page(title: str, body: str, meta: bool) -> str:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' if meta else ""
    return f"""<html><head>{head}<title>{escape(title)}</title></head>
<body bgcolor="#ffffff"><table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2" bgcolor="#003366"><font color="white" size="+2">Совет (ассоциация) муниципальных образований Оренбургской области</font></td></tr>
<tr><td width="200" valign="top"><a href="/">Главная</a><br><a href="/news.php">Новости</a><br>
<a href="/about.php">О Совете</a><br><a href="/docs/ustav.rtf">Устав</a><br>
<a href="http://www.orenburg-gov.ru/">Правительство области</a><br>
<a href="http://www.okmo.news/">ОКМО</a></td>
<td valign="top">{body}</td></tr>
<tr><td colspan="2" align="center"><font size="-1">© 2004–2020 Совет муниципальных образований. Все права защищены.</font></td></tr>
</table></body></html>"""


def tb_listing(arts: list[Art], page: int, pages: int) -> str:
    rows = "".join(f"""<tr><td valign="top" width="90"><font size="-1">{dmy(art)}</font></td>
<td><a href="/news_view.php?id={art.slug}">{escape(art.title)}</a>
<font size="-1">[<a href="/news_view.php?id={art.slug}&amp;print=1">версия для печати</a>]</font></td></tr>"""
                   for art in arts)
    links = []
    for number in range(1, pages + 1):
        href = "/news.php" if number == 1 else f"/news.php?page={number}"
        links.append(f"[{number}]" if number == page else f'<a href="{href}">{number}</a>')
    if page < pages:
        links.append(f'<a href="/news.php?page={page + 1}">»</a>')
    return tb_page("Новости", f'<b>Новости Совета</b><table border="0">{rows}</table>'
                   f'<p align="center">Страницы: {" ".join(links)}</p>', meta=True)


def tb_article(art: Art) -> str:
    text = "".join(f"<br><br>{escape(p)}" if i else escape(p) for i, p in enumerate(art.paragraphs))
    body = (f'<font size="+1"><b>{escape(art.title)}</b></font><br><br>{text}<br><br>'
            '<a href="javascript:history.back()">« Назад</a> | <a href="/news.php">Все новости</a>')
    return tb_page(art.title, body, meta=False)


def build_table() -> None:
    site = "table"
    arts = sorted(TABLE, key=lambda a: a.date, reverse=True)
    pages = [arts[i:i + 3] for i in range(0, len(arts), 3)]
    for number, chunk in enumerate(pages, 1):
        write(site, "news.php" + ("" if number == 1 else f"@page={number}"),
              tb_listing(chunk, number, len(pages)), "cp1251")
    for art in arts:
        write(site, f"news_view.php@id={art.slug}", tb_article(art), "cp1251")
    write(site, "robots.txt", "User-agent: *\nDisallow: /admin/\n")
    write(site, "_site.json", json.dumps({"header_charset": "utf-8", "faults": {}}, indent=1))


def main() -> None:
    for site in ("wordpress", "bitrix", "joomla", "table"):
        shutil.rmtree(ROOT / site, ignore_errors=True)
    build_wordpress()
    build_bitrix()
    build_joomla()
    build_table()


if __name__ == "__main__":
    main()
