"""Generate the CMS-family fixture sites under tests/families/sites/ (run: python tests/families/build.py).

Six site families the crawler has never seen, written as static copies of what each CMS emits
(markup, URL schemes, pagers, date formats), served by :mod:`crawler.demo.server` one port per
directory. The ground truth (articles to find, paths never to store) is
:mod:`tests.families.truth`, which defines the URL schemes and page sizes this script uses.
The generated files are committed; tests never run this script. Deterministic: no clock, no
randomness (pseudo-random ids are hashes of the item).

Traps, family by family (for the people teaching the crawler):

gosweb — a «Госвеб»-style government platform (Тверская область, Europe/Moscow).
  * /press/news/ shows the 4 newest cards and ``<button class="gw-button … js-load-more"
    data-url="/press/news/?ajax=Y&amp;PAGEN_1=2">Показать ещё</button>``: no numbered pager. The
    endpoint answers an HTML *fragment* (cards + the next button, whose data-url says PAGEN_1=3;
    the last fragment has no button). 6 of 10 news are reachable only this way, 3 of them also
    from another article's «Другие новости».
  * /press/announcements/ shows 3 cards and ``<button class="… js-load-more-json"
    data-url="/api/announcements.json?offset=3&amp;limit=3">``; the JSON (application/json,
    PHP-style escaped: ``\\u0421…``, ``\\/press\\/…``) is ``{"items": [{"id", "title", "url",
    "date", "preview"}], "next": "/api/announcements.json?offset=6&limit=3" | null, "total": 7}``.
    4 of 7 announcements come only from the JSON (the newest of them, kursy-deputatov_1238,
    is also in the first announcements' «Другие анонсы»). Loader URLs carry two parameters:
    the files exist in the order the page writes and in sorted order.
  * each card is one <a> holding date + title + preview; dates «10.03.2026» on cards,
    «10 марта 2026, 14:20» on the article; cookie banner, ПОС widget, Metrika.
dle — DataLife Engine (Новосибирская область, Asia/Novosibirsk, UTC+7).
  * listing / (and category /news/), DLE navigation «Назад 1 2 3 Далее» with /page/2/;
    articles /news/<id>-<alt_name>.html; static pages /o-nas.html look the same shape.
  * relative dates: «Сегодня, 00:10», «Вчера, 23:50», «Вчера, 09:15», older «05-03-2026, 16:30»,
    on the listing and on the article; _site.json ``server_date`` 2026-03-10T17:30:00Z is
    11 March 00:30 local, so «Сегодня» is 2026-03-11 and «Вчера» 2026-03-10 (not the UTC day).
    ``<time datetime="2026-03-11">`` carries the date only.
  * print versions /news/print:page,1,<id>-<alt>.html and /engine/print.php?newsid=<id>,
    tag pages /tags/<Cyrillic>/ (percent-encoded), user page /user/admin/, date archives
    /2026/03/ and calendar days /2026/03/10/, /index.php?do=… service pages, comment form,
    RSS /rss.xml with pubDate «+0700».
ucoz — uCoz (Тамбовская область, Europe/Moscow).
  * /news/ pages as /news/?page2 (a bare key), articles /news/<alt>/<Y-m-d>-<id>.
  * month archives /news/2025-11, day archives /news/2025-11-14 (a calendar table on every
    page links them), categories /news/1-0-1, service lists /news/0-0-1-0-16-1: all lists of
    entries with dates that a naive crawler stores as articles.
  * an old link /news/staraya-novost/2019-01-01-1 answers 200 with «Материал не найден».
  * RSS /news/rss/ gives pubDate in GMT (12:00 local is «09:00:00 GMT»); /index/8-0-admin,
    /index/0-N static pages; listing shows «Дата: <span title="09:30">14.11.2025</span>»,
    the entry «14.11.2025, 09:30».
drupal — Drupal 10 with path aliases (Курганская область, Asia/Yekaterinburg, UTC+5).
  * /news is a View with Drupal's zero-based pager: ``href="?page=1"`` (relative!) is the
    SECOND page; «‹‹ Первая» is ?page=0, «›› Последняя» ?page=2.
  * articles at aliases /novosti/<alias> (rel=canonical) and also at /node/<nid>
    (rel=shortlink; the «Другие новости» block and one body link use /node/N): one article.
  * /rss.xml holds only the newest 4 (pubDate «+0500»): the rest only through ?page=1, ?page=2.
  * ``<time datetime="…Z">`` is UTC; the text «20.11.2025 - 10:00» is local.
  * taxonomy term pages /taxonomy/term/5 list items; comment form; Drupal settings JSON.
tilda — Tilda (Самарская область, Europe/Samara, UTC+4), dates only («14.11.2025»).
  * pages built of ``t-rec`` blocks; the feed on /news is pre-rendered ``t-feed`` markup
    (6 posts), «Загрузить ещё» calls Tilda's API on another host: the 2 oldest posts are
    reachable only from other posts' «Читайте также» and from /sitemap.xml.
  * posts /tpost/<uid>-<alias>: the lead is a ``t-descr`` block above the ``t-text`` body,
    paragraphs inside one ``t-redactor__text`` div are separated by <br><br>, an in-body
    ``<h2 class="t-redactor__h2">`` sub-heading: lead, sub-heading and text must all be kept.
  * menu pages /about, /contacts have no extension either.
regional — an association's section of a regional portal (Челябинская область,
  Asia/Yekaterinburg, UTC+5) at /ministry/smo/news/.
  * times printed without offset («14 ноября 2025, 09:30»; ``article:published_time``
    2025-11-14T09:30:00 naive): they are UTC+5.
  * pager ?start=5, ?start=10; a portal header and footer with 60+ links to other bodies'
    and municipalities' sections (/ministry/minfin/, /municipalities/miass/: portal pages, 200).
  * a listing item «Архив новостей Совета за 2012–2022 годы» whose page is a list of links;
    an item removed by the portal whose page says «Страница не найдена» with HTTP 200.
  * /ministry/smo/news/48962/ answers 429 with ``Retry-After: 1`` to its first request.
across families: the ОКМО forum release is republished word for word by drupal and regional
  (truth.REPOSTS).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parents[1]))

from tests.families import articles as texts  # noqa: E402
from tests.families import truth as T  # noqa: E402
from tests.families.articles import Story  # noqa: E402

SITES = ROOT / "sites"
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
          "октября", "ноября", "декабря")
MONTHS_NOM = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
              "Октябрь", "Ноябрь", "Декабрь")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS_RU = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")


# -- shared helpers ------------------------------------------------------------------------------

def files_for(url: str) -> list[str]:
    """The file names crawler.demo.server maps `url` to (a query also in the sorted order a
    canonicalising client sends: real servers answer both orders alike)."""
    parts = urlsplit(url)
    rel = parts.path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    if not parts.query:
        return [rel]
    names = [f"{rel}@{parts.query}"]
    ordered = "&".join(sorted(parts.query.split("&")))
    if ordered != parts.query:
        names.append(f"{rel}@{ordered}")
    return names


def write(site: str, url: str, text: str, encoding: str = "utf-8") -> None:
    for name in files_for(url):
        path = SITES / site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))


def write_json(site: str, name: str, data: object) -> None:
    path = SITES / site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def e(text: str) -> str:
    return escape(text, quote=True)


def token(*parts: object, length: int = 12) -> str:
    """A stable pseudo-random hex token (asset hashes, form ids)."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:length]


def number(*parts: object, low: int = 20, high: int = 900) -> int:
    return low + int(token(*parts, length=8), 16) % (high - low)


def dmy(when: tuple[int, ...], sep: str = ".") -> str:
    y, m, d, *_ = when
    return f"{d:02d}{sep}{m:02d}{sep}{y}"


def hm(when: tuple[int, ...]) -> str:
    return f"{when[3]:02d}:{when[4]:02d}"


def long_date(when: tuple[int, ...]) -> str:
    y, m, d, *_ = when
    return f"{d} {MONTHS[m - 1]} {y}"


def weekday(when: tuple[int, ...]) -> int:
    return datetime.date(when[0], when[1], when[2]).weekday()


def rfc822(when: tuple[int, ...], offset: str, shift_hours: int = 0) -> str:
    """An RSS pubDate; `shift_hours` moves the wall-clock time (for GMT feeds of local times)."""
    moment = datetime.datetime(when[0], when[1], when[2], when[3], when[4]) + datetime.timedelta(hours=shift_hours)
    return (f"{WEEKDAYS_EN[moment.weekday()]}, {moment.day:02d} {MONTHS_EN[moment.month - 1]} {moment.year} "
            f"{moment.hour:02d}:{moment.minute:02d}:00 {offset}")


def utc_iso(when: tuple[int, ...], offset_hours: int) -> str:
    moment = datetime.datetime(when[0], when[1], when[2], when[3], when[4]) - datetime.timedelta(hours=offset_hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def preview(story: Story, length: int = 160) -> str:
    text = story.paragraphs[0]
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def paragraphs_html(story: Story, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "\n".join(f"<p{attr}>{e(p)}</p>" for p in story.paragraphs)


def metrika(counter: int) -> str:
    return f"""<!-- Yandex.Metrika counter -->
<script type="text/javascript">
   (function(m,e,t,r,i,k,a){{m[i]=m[i]||function(){{(m[i].a=m[i].a||[]).push(arguments)}};
   m[i].l=1*new Date();
   for (var j = 0; j < document.scripts.length; j++) {{if (document.scripts[j].src === r) {{ return; }}}}
   k=e.createElement(t),a=e.getElementsByTagName(t)[0],k.async=1,k.src=r,a.parentNode.insertBefore(k,a)}})
   (window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym");
   ym({counter}, "init", {{ clickmap:true, trackLinks:true, accurateTrackBounce:true, webvisor:true }});
</script>
<noscript><div><img src="https://mc.yandex.ru/watch/{counter}" style="position:absolute; left:-9999px;" alt="" /></div></noscript>
<!-- /Yandex.Metrika counter -->"""


def liveinternet() -> str:
    return """<!--LiveInternet counter--><a href="https://www.liveinternet.ru/click" target="_blank"><img id="licnt1A2B" width="31" height="31" style="border:0"
title="LiveInternet" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt=""/></a><script>(function(d,s){d.getElementById("licnt1A2B").src=
"https://counter.yadro.ru/hit?t44.6;r"+escape(d.referrer)+((typeof(s)=="undefined")?"":";s"+s.width+"*"+s.height+"*"+(s.colorDepth?s.colorDepth:s.pixelDepth))+";u"+escape(d.URL)+
";h"+escape(d.title.substring(0,150))+";"+Math.random()})(document,screen)</script><!--/LiveInternet-->"""


def service_text(title: str, org: str) -> str:
    """Body of a menu page: what such pages say (not news)."""
    return (f"<p>В разделе «{e(title)}» размещены сведения о деятельности: {e(org)}. Информация обновляется "
            "по мере поступления документов.</p>\n<p>По вопросам, связанным с материалами раздела, обращайтесь "
            "в исполнительную дирекцию по телефону или электронной почте, указанным в разделе «Контакты».</p>\n"
            "<ul><li>Положение о порядке работы (PDF, 245 КБ)</li><li>План мероприятий (DOCX, 61 КБ)</li>"
            "<li>Отчёт о деятельности (PDF, 1,2 МБ)</li></ul>")


# == gosweb ==================================================================================

GW = "gosweb"
GW_ORG = "Совет муниципальных образований Тверской области"
GW_MENU = (
    ("О Совете", "/o-sovete/", ("/o-sovete/struktura/", "/o-sovete/pravlenie/", "/o-sovete/chleny/",
                                "/o-sovete/ispolnitelnaya-direktsiya/")),
    ("Документы", "/dokumenty/", ("/dokumenty/ustav/", "/dokumenty/plany/", "/dokumenty/otchety/")),
    ("Пресс-центр", "/press/", ("/press/news/", "/press/announcements/", "/press/foto/", "/press/video/")),
    ("Проекты", "/proekty/starosty/", ("/proekty/starosty/", "/proekty/tos/", "/proekty/ppmi/",
                                      "/proekty/praktiki/")),
    ("Обращения граждан", "/obrashcheniya/", ()),
    ("Противодействие коррупции", "/protivodeystvie-korruptsii/", ()),
    ("Контакты", "/kontakty/", ()),
)
GW_TITLES = {**dict(T.SERVICE_PAGES[GW]), "/press/news/": "Новости", "/press/announcements/": "Анонсы",
             "/press/": "Пресс-центр"}


def gw_page(title: str, body: str, crumbs: tuple[tuple[str, str], ...] = (), canonical: str = "",
            description: str = "") -> str:
    menu = []
    for label, href, children in GW_MENU:
        sub = "".join(f'<li class="gw-menu__subitem"><a class="gw-menu__sublink" href="{c}">{e(GW_TITLES[c])}</a></li>'
                      for c in children)
        drop = f'<ul class="gw-menu__submenu">{sub}</ul>' if sub else ""
        menu.append(f'<li class="gw-menu__item{" gw-menu__item--has-children" if sub else ""}">'
                    f'<a class="gw-menu__link" href="{href}">{e(label)}</a>{drop}</li>')
    crumb_html = "".join(f'<li class="gw-breadcrumbs__item"><a class="gw-breadcrumbs__link" href="{h}">{e(t)}</a></li>'
                         for h, t in crumbs)
    canonical_tag = f'<link rel="canonical" href="{{{{ORIGIN}}}}{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ru" class="gw-html">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} | {e(GW_ORG)}</title>
<meta name="description" content="{e(description or title)}">
<meta property="og:title" content="{e(title)}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{e(GW_ORG)}">
{canonical_tag}
<link rel="icon" href="/static/gosweb/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/gosweb/css/gw-core.{token(GW, 'css')}.css">
<link rel="stylesheet" href="/static/gosweb/css/gw-theme-blue.{token(GW, 'theme')}.css">
<script>window.GW_CONFIG = {{"siteId": "smo-tver-r69", "lang": "ru", "theme": "blue", "bvi": true, "pos": {{"enabled": true, "widgetId": 48213}}}};</script>
<script src="/static/gosweb/js/gw-vendor.{token(GW, 'vendor')}.js" defer></script>
<script src="/static/gosweb/js/gw-core.{token(GW, 'js')}.js" defer></script>
</head>
<body class="gw-body">
<div class="gw-skip"><a href="#main" class="gw-skip__link">Перейти к основному содержанию</a></div>
<div class="gw-topbar">
 <div class="gw-container gw-topbar__inner">
  <a class="gw-topbar__gosuslugi" href="https://www.gosuslugi.ru/" rel="noopener" target="_blank">Госуслуги</a>
  <a class="gw-topbar__region" href="https://тверскаяобласть.рф/" rel="noopener" target="_blank">Правительство Тверской области</a>
  <a class="gw-topbar__bvi bvi-open" href="#" aria-label="Версия для слабовидящих">Версия для слабовидящих</a>
  <a class="gw-topbar__login" href="https://esia.gosuslugi.ru/idp/rlogin?cc=bp" rel="nofollow">Войти через Госуслуги</a>
 </div>
</div>
<header class="gw-header">
 <div class="gw-container gw-header__inner">
  <a class="gw-header__logo" href="/"><img src="/upload/gosweb/logo/gerb-tver.svg" alt="" width="48" height="56">
   <span class="gw-header__name">{e(GW_ORG)}</span></a>
  <form class="gw-header__search gw-search" action="/search/" method="get" role="search">
   <input class="gw-search__input" type="search" name="q" placeholder="Поиск по сайту" aria-label="Поиск по сайту">
   <button class="gw-search__button" type="submit">Найти</button>
  </form>
  <div class="gw-header__contacts"><a href="tel:+74822000000">+7 (4822) 00-00-00</a><a href="mailto:smo@tver.example">smo@tver.example</a></div>
 </div>
 <nav class="gw-menu" aria-label="Главное меню"><div class="gw-container"><ul class="gw-menu__list">
  <li class="gw-menu__item"><a class="gw-menu__link" href="/">Главная</a></li>{"".join(menu)}
 </ul></div></nav>
</header>
<main class="gw-main" id="main">
 <div class="gw-container">
  <nav class="gw-breadcrumbs" aria-label="Хлебные крошки"><ol class="gw-breadcrumbs__list">
   <li class="gw-breadcrumbs__item"><a class="gw-breadcrumbs__link" href="/">Главная</a></li>{crumb_html}
   <li class="gw-breadcrumbs__item gw-breadcrumbs__item--current" aria-current="page">{e(title)}</li></ol></nav>
{body}
 </div>
</main>
<section class="gw-pos"><div class="gw-container">
 <div class="gw-pos__title">Не убедились в решении проблемы? Напишите нам через платформу обратной связи</div>
 <div id="js-show-iframe-wrapper"><div class="pos-banner-fluid bf-19"><button class="pos-banner-btn_2" type="button">Написать о проблеме</button></div></div>
 <script src="https://pos.gosuslugi.ru/bin/script.min.js"></script>
 <script>Widget("https://pos.gosuslugi.ru/form", 48213);</script>
</div></section>
<footer class="gw-footer">
 <div class="gw-container gw-footer__inner">
  <div class="gw-footer__col"><div class="gw-footer__title">{e(GW_ORG)}</div>
   <p>170100, г. Тверь, ул. Советская, д. 00, каб. 101</p><p>Телефон: +7 (4822) 00-00-00</p>
   <p>Режим работы: пн–чт 9:00–18:00, пт 9:00–16:45</p></div>
  <div class="gw-footer__col"><div class="gw-footer__title">Разделы</div><ul class="gw-footer__menu">
   <li><a href="/o-sovete/">О Совете</a></li><li><a href="/press/news/">Новости</a></li><li><a href="/press/announcements/">Анонсы</a></li>
   <li><a href="/dokumenty/">Документы</a></li><li><a href="/obrashcheniya/">Обращения граждан</a></li><li><a href="/karta-sayta/">Карта сайта</a></li></ul></div>
  <div class="gw-footer__col"><div class="gw-footer__title">Полезные ссылки</div><ul class="gw-footer__menu">
   <li><a href="http://kremlin.ru/" target="_blank" rel="noopener">Президент России</a></li>
   <li><a href="http://government.ru/" target="_blank" rel="noopener">Правительство России</a></li>
   <li><a href="https://okmo.news/" target="_blank" rel="noopener">Общероссийский конгресс муниципальных образований</a></li>
   <li><a href="https://zsto.ru/" target="_blank" rel="noopener">Законодательное Собрание Тверской области</a></li>
   <li><a href="https://www.gosuslugi.ru/" target="_blank" rel="noopener">Портал госуслуг</a></li></ul></div>
  <div class="gw-footer__col gw-footer__social"><a href="https://vk.com/smo_tver" target="_blank" rel="noopener">ВКонтакте</a>
   <a href="https://ok.ru/smotver" target="_blank" rel="noopener">Одноклассники</a><a href="https://t.me/smo_tver" target="_blank" rel="noopener">Telegram</a></div>
 </div>
 <div class="gw-container gw-footer__bottom"><span>© 2008–2026 {e(GW_ORG)}</span>
  <span class="gw-footer__platform">Сайт создан на платформе «ГосВеб»</span></div>
</footer>
<div class="gw-cookie js-cookie" hidden>
 <div class="gw-cookie__text">Сайт использует сервис веб-аналитики Яндекс Метрика с помощью технологии «cookie». Это позволяет нам
  анализировать взаимодействие посетителей с сайтом и делать его лучше. Продолжая пользоваться сайтом, вы соглашаетесь с использованием файлов cookie</div>
 <button class="gw-button gw-cookie__button js-cookie-accept" type="button">Согласен</button>
</div>
<script>if (!localStorage.getItem('gw-cookie')) {{ document.querySelector('.js-cookie').hidden = false; }}
document.querySelector('.js-cookie-accept').addEventListener('click', function () {{ localStorage.setItem('gw-cookie', '1'); this.parentNode.hidden = true; }});</script>
{metrika(91234567)}
</body>
</html>
"""


def gw_card(story: Story, path: str) -> str:
    return f"""<div class="gw-news-list__item">
 <a class="gw-news-card" href="{path}">
  <div class="gw-news-card__image"><img src="/upload/iblock/{token(story.id, length=3)}/{token(story.slug)}.jpg" alt="" loading="lazy" width="384" height="216"></div>
  <div class="gw-news-card__body">
   <div class="gw-news-card__date">{dmy(story.when)}</div>
   <div class="gw-news-card__title">{e(story.title)}</div>
   <div class="gw-news-card__preview">{e(preview(story))}</div>
  </div>
 </a>
</div>"""


def gw_more_button(url: str) -> str:
    return (f'<div class="gw-news-list__more js-more-wrap"><button class="gw-button gw-button--outline js-load-more" '
            f'type="button" data-url="{e(url)}" data-target=".js-news-list">Показать ещё</button></div>')


GW_LOADER_SCRIPT = """<script>
document.addEventListener('click', function (event) {
  var button = event.target.closest('.js-load-more');
  if (!button) { return; }
  button.disabled = true;
  fetch(button.getAttribute('data-url'), {headers: {'X-Requested-With': 'XMLHttpRequest'}})
    .then(function (response) { return response.text(); })
    .then(function (html) {
      var wrap = button.closest('.js-more-wrap');
      document.querySelector(button.getAttribute('data-target')).insertAdjacentHTML('beforeend', html);
      wrap.remove();
    });
});
</script>"""


def gw_filters() -> str:
    years = "".join(f'<option value="{y}">{y}</option>' for y in range(2026, 2019, -1))
    return f"""<form class="gw-filter" action="" method="get"><label class="gw-filter__label">Год
<select class="gw-filter__select" name="year" onchange="this.form.submit()"><option value="">Все</option>{years}</select></label>
<label class="gw-filter__label">Рубрика <select class="gw-filter__select" name="rubric" onchange="this.form.submit()">
<option value="">Все рубрики</option><option value="starosty">Старосты</option><option value="tos">ТОС</option>
<option value="ppmi">ППМИ</option><option value="obuchenie">Обучение</option></select></label></form>"""


def gw_news() -> None:
    parts = T.chunks(T.GOSWEB_NEWS, T.GOSWEB_FIRST, T.GOSWEB_STEP)

    def more(n: int) -> str:
        return gw_more_button(f"/press/news/?ajax=Y&PAGEN_1={n}") if n <= len(parts) else ""

    cards = "\n".join(gw_card(s, T.gosweb_news_path(s)) for s in parts[0])
    body = f"""<h1 class="gw-page-title">Новости</h1>
{gw_filters()}
<div class="gw-news-list js-news-list">
{cards}
</div>
{more(2)}
{GW_LOADER_SCRIPT}"""
    write(GW, "/press/news/", gw_page("Новости", body, (("/press/", "Пресс-центр"),)))
    for n, part in enumerate(parts[1:], 2):
        # The loader's endpoint: the next cards and the next button, no page around them.
        fragment = "\n".join(gw_card(s, T.gosweb_news_path(s)) for s in part) + "\n" + more(n + 1) + "\n"
        write(GW, f"/press/news/?ajax=Y&PAGEN_1={n}", fragment)
    by_slug = {s.slug: s for s in T.GOSWEB_NEWS}
    for story in T.GOSWEB_NEWS:
        others = [s for s in T.GOSWEB_NEWS if s is not story][:3]
        related = T.GOSWEB_RELATED.get(story.slug)
        if related:
            others.append(by_slug[related])
        gw_article(story, T.gosweb_news_path(story), others, T.gosweb_news_path, "Новости", "/press/news/",
                   "Другие новости")


def gw_article(story: Story, path: str, others: list[Story], path_of: Callable[[Story], str], section: str, section_path: str,
               others_title: str) -> None:
    other_html = "\n".join(
        f'<li class="gw-other-news__item"><a class="gw-other-news__link" href="{path_of(s)}">'
        f'<span class="gw-other-news__date">{dmy(s.when)}</span><span class="gw-other-news__title">{e(s.title)}</span></a></li>'
        for s in others)
    body = f"""<div class="gw-layout gw-layout--with-aside">
<article class="gw-article gw-layout__content">
 <h1 class="gw-article__title">{e(story.title)}</h1>
 <div class="gw-article__meta"><span class="gw-article__date">{long_date(story.when)}, {hm(story.when)}</span>
  <span class="gw-article__views" title="Просмотры">{number(story.id, 'views')}</span></div>
 <figure class="gw-article__image"><img src="/upload/iblock/{token(story.id, length=3)}/{token(story.slug)}.jpg" alt="{e(story.title)}" width="800" height="450"></figure>
 <div class="gw-article__content gw-content">
{paragraphs_html(story)}
 </div>
 <div class="gw-article__share gw-share"><span class="gw-share__label">Поделиться:</span>
  <a class="gw-share__link gw-share__link--vk" href="https://vk.com/share.php?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">ВКонтакте</a>
  <a class="gw-share__link gw-share__link--ok" href="https://connect.ok.ru/offer?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">Одноклассники</a>
  <a class="gw-share__link gw-share__link--tg" href="https://t.me/share/url?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">Telegram</a></div>
 <a class="gw-button gw-button--link gw-article__back" href="{section_path}">Вернуться к списку</a>
</article>
<aside class="gw-layout__aside gw-other-news"><h2 class="gw-other-news__heading">{others_title}</h2>
<ul class="gw-other-news__list">
{other_html}
</ul>
<a class="gw-other-news__all" href="{section_path}">Все материалы раздела</a></aside>
</div>"""
    write(GW, path, gw_page(story.title, body, (("/press/", "Пресс-центр"), (section_path, section)),
                            canonical=path, description=preview(story)))


def gw_php_json(data: object) -> str:
    """JSON as PHP's json_encode writes it: \\uXXXX escapes and escaped slashes."""
    return json.dumps(data).replace("/", "\\/")


def gw_announcements() -> None:
    items = T.GOSWEB_ANNOUNCEMENTS
    first = items[:T.GOSWEB_ANN_FIRST]
    cards = "\n".join(gw_card(s, T.gosweb_announcement_path(s)) for s in first)
    step = T.GOSWEB_ANN_STEP
    first_url = f"/api/announcements.json?offset={T.GOSWEB_ANN_FIRST}&limit={step}"
    body = f"""<h1 class="gw-page-title">Анонсы</h1>
<div class="gw-news-list" id="announcements-list">
{cards}
</div>
<div class="gw-news-list__more"><button class="gw-button gw-button--outline js-load-more-json" type="button" data-url="{e(first_url)}">Показать ещё</button></div>
<script>
(function () {{
  var list = document.getElementById('announcements-list');
  var button = document.querySelector('.js-load-more-json');
  button.addEventListener('click', function () {{
    fetch(button.getAttribute('data-url'), {{headers: {{'Accept': 'application/json'}}}})
      .then(function (response) {{ return response.json(); }})
      .then(function (data) {{
        data.items.forEach(function (item) {{
          list.insertAdjacentHTML('beforeend', '<div class="gw-news-list__item"><a class="gw-news-card" href="' + item.url + '">' +
            '<div class="gw-news-card__body"><div class="gw-news-card__date">' + item.date + '</div>' +
            '<div class="gw-news-card__title">' + item.title + '</div><div class="gw-news-card__preview">' + item.preview + '</div></div></a></div>');
        }});
        if (data.next) {{ button.setAttribute('data-url', data.next); }} else {{ button.parentNode.remove(); }}
      }});
  }});
}})();
</script>"""
    write(GW, "/press/announcements/", gw_page("Анонсы", body, (("/press/", "Пресс-центр"),)))
    for offset in range(T.GOSWEB_ANN_FIRST, len(items), step):
        chunk = items[offset:offset + step]
        following = offset + step
        data = {
            "items": [{"id": s.id, "title": s.title, "url": T.gosweb_announcement_path(s), "date": dmy(s.when),
                       "preview": preview(s)} for s in chunk],
            "next": f"/api/announcements.json?offset={following}&limit={step}" if following < len(items) else None,
            "total": len(items),
        }
        write(GW, f"/api/announcements.json?offset={offset}&limit={step}", gw_php_json(data))
    for story in items:
        others = [s for s in items if s is not story][:3]
        gw_article(story, T.gosweb_announcement_path(story), others, T.gosweb_announcement_path, "Анонсы",
                   "/press/announcements/", "Другие анонсы")


def build_gosweb() -> None:
    gw_news()
    gw_announcements()
    news = "\n".join(gw_card(s, T.gosweb_news_path(s)) for s in T.GOSWEB_NEWS[:3])
    ann = "\n".join(gw_card(s, T.gosweb_announcement_path(s)) for s in T.GOSWEB_ANNOUNCEMENTS[:2])
    home = f"""<section class="gw-hero"><h1 class="gw-hero__title">{e(GW_ORG)}</h1>
<p class="gw-hero__text">Ассоциация объединяет все муниципальные образования региона и представляет их интересы.</p></section>
<section class="gw-section"><h2 class="gw-section__title"><a href="/press/news/">Новости</a></h2><div class="gw-news-list">{news}</div></section>
<section class="gw-section"><h2 class="gw-section__title"><a href="/press/announcements/">Анонсы</a></h2><div class="gw-news-list">{ann}</div></section>
<section class="gw-banners"><a href="https://www.gosuslugi.ru/" class="gw-banner">Госуслуги</a>
<a href="https://pos.gosuslugi.ru/lkp/" class="gw-banner">Платформа обратной связи</a><a href="https://okmo.news/" class="gw-banner">ОКМО</a></section>"""
    write(GW, "/", gw_page("Главная", home).replace('<li class="gw-breadcrumbs__item gw-breadcrumbs__item--current" aria-current="page">Главная</li>', ""))
    press = ('<h1 class="gw-page-title">Пресс-центр</h1><ul class="gw-sections">'
             '<li><a href="/press/news/">Новости</a></li><li><a href="/press/announcements/">Анонсы</a></li>'
             '<li><a href="/press/foto/">Фотогалерея</a></li><li><a href="/press/video/">Видео</a></li></ul>')
    write(GW, "/press/", gw_page("Пресс-центр", press))
    for path, title in T.SERVICE_PAGES[GW]:
        body = f'<h1 class="gw-page-title">{e(title)}</h1><div class="gw-content">{service_text(title, GW_ORG)}</div>'
        write(GW, path, gw_page(title, body))
    write(GW, "/robots.txt", "User-agent: *\nDisallow: /search/\nDisallow: /personal/\nDisallow: /auth/\n"
          "Disallow: /upload/tmp/\n\nUser-agent: Yandex\nDisallow: /search/\nClean-param: utm_source&utm_medium&utm_campaign\n")
    write_json(GW, "_site.json", {"header_charset": "utf-8", "faults": {}})


# == dle =====================================================================================

DL = "dle"
DL_ORG = "Ассоциация муниципальных образований Новосибирской области"
DL_SHORT = "АМО НСО"
DL_V = token(DL, "v", length=5)
DL_MENU = (("/", "Главная"), ("/o-nas.html", "Об ассоциации"), ("/ustav.html", "Устав"),
           ("/chleny-assotsiatsii.html", "Члены ассоциации"), ("/pravlenie.html", "Правление"),
           ("/news/", "Новости"), ("/dokumenty.html", "Документы"), ("/index.php?do=lastnews", "Последние публикации"),
           ("/kontakty.html", "Контакты"), ("/index.php?do=feedback", "Обратная связь"),
           ("/index.php?do=rules", "Правила сайта"))
DL_STORY_TAGS = {s.id: (T.DLE_TAGS[i % len(T.DLE_TAGS)], T.DLE_TAGS[(i + 2) % len(T.DLE_TAGS)])
                 for i, s in enumerate(T.DLE_STORIES)}


def dl_date(when: tuple[int, ...]) -> str:
    """DLE's langdate(): «Сегодня, 00:10», «Вчера, 23:50», else d-m-Y, H:i (server's clock)."""
    if tuple(when[:3]) == T.DLE_TODAY:
        return f"Сегодня, {hm(when)}"
    if tuple(when[:3]) == T.DLE_YESTERDAY:
        return f"Вчера, {hm(when)}"
    return f"{dmy(when, '-')}, {hm(when)}"


def dl_url(path: str) -> str:
    return "{{ORIGIN}}" + path


def dl_tag_path(tag: str) -> str:
    return f"/tags/{quote(tag)}/"


def dl_calendar() -> str:
    y, m = 2026, 3
    active = {s.when[2] for s in T.DLE_STORIES if s.when[:2] == (y, m)}
    first = datetime.date(y, m, 1).weekday()
    cells = ['<td class="day">&nbsp;</td>'] * first
    for day in range(1, 32):
        cls = "weekday" if (first + day - 1) % 7 >= 5 else "day"
        if day in active:
            cells.append(f'<td class="day-active-v"><a class="day-active-v" href="{dl_url(f"/{y}/{m:02d}/{day:02d}/")}" '
                         f'title="Все публикации за {day:02d} марта {y}">{day}</a></td>')
        else:
            cells.append(f'<td class="{cls}">{day}</td>')
    while len(cells) % 7:
        cells.append('<td class="day">&nbsp;</td>')
    rows = "".join("<tr>" + "".join(cells[i:i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    heads = "".join(f'<th class="{"weekday" if i >= 5 else "workday"}">{d}</th>'
                    for i, d in enumerate(("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")))
    return (f'<div id="calendar-layer"><table id="calendar" class="calendar"><tr><th colspan="7" class="monthselect">'
            f'<a class="monthlink" onclick="doCalendar(\'02\',\'2026\',\'right\'); return false;" href="{dl_url("/2026/02/")}" '
            f'title="Предыдущий месяц">&laquo;</a>&nbsp;&nbsp;&nbsp;&nbsp;Март 2026&nbsp;&nbsp;&nbsp;&nbsp;&raquo;</th></tr>'
            f'<tr>{heads}</tr>{rows}</table></div>')


def dl_page(title: str, body: str, canonical: str = "", description: str = "") -> str:
    menu = "".join(f'<li><a href="{dl_url(h)}">{e(t)}</a></li>' for h, t in DL_MENU)
    latest = "".join(f'<li><a href="{dl_url(T.dle_path(s))}">{e(s.title)}</a> <span class="grey">{dl_date(s.when)}</span></li>'
                     for s in T.DLE_STORIES[:5])
    months: dict[str, int] = {}
    for s in T.DLE_STORIES:
        key = f"{s.when[0]}/{s.when[1]:02d}"
        months[key] = months.get(key, 0) + 1
    archive = "<br>".join(f'<a href="{dl_url("/" + k + "/")}">{MONTHS_NOM[int(k[5:]) - 1]} {k[:4]} ({n})</a>'
                          for k, n in months.items())
    tags = " ".join(f'<span class="clouds_xsmall"><a href="{dl_url(dl_tag_path(t))}" title="Найдено публикаций: '
                    f'{number(t, low=2, high=14)}">{e(t)}</a></span>' for t in T.DLE_TAGS)
    canonical_tag = f'<link rel="canonical" href="{dl_url(canonical)}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>{e(title)} » {e(DL_ORG)}</title>
<meta name="description" content="{e(description or DL_ORG)}">
<meta name="keywords" content="ассоциация, муниципальные образования, Новосибирская область, местное самоуправление, старосты, ТОС">
<meta name="generator" content="DataLife Engine (https://dle-news.ru)">
<meta property="og:site_name" content="{e(DL_ORG)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(title)}">
<link rel="search" type="application/opensearchdescription+xml" title="{e(DL_ORG)}" href="{dl_url('/index.php?do=opensearch')}">
{canonical_tag}
<link rel="alternate" type="application/rss+xml" title="{e(DL_ORG)}" href="{dl_url('/rss.xml')}">
<link href="/engine/classes/min/index.php?f=engine/editor/css/default.css&amp;v={DL_V}" rel="stylesheet" type="text/css">
<script src="/engine/classes/min/index.php?g=general&amp;v={DL_V}"></script>
<script src="/engine/classes/min/index.php?f=engine/classes/js/jqueryui.js,engine/classes/js/dle_js.js&amp;v={DL_V}" defer></script>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="shortcut icon" href="/templates/Default/images/favicon.ico">
<link href="/templates/Default/css/engine.css" type="text/css" rel="stylesheet">
<link href="/templates/Default/css/styles.css" type="text/css" rel="stylesheet">
</head>
<body>
<div class="page">
 <div class="header_top"><div class="wrp">
  <a class="bvi-open special-version" href="#" title="Версия для слабовидящих">Версия для слабовидящих</a>
  <div class="login_block"><a class="login_btn" href="#" onclick="return false;">Войти</a>
   <form method="post" action=""><input type="text" name="login_name" placeholder="Логин"><input type="password" name="login_password" placeholder="Пароль">
   <button type="submit" onclick="submit();">Войти</button><input name="login" type="hidden" value="submit"></form>
   <a href="{dl_url('/index.php?do=register')}">Регистрация</a> <a href="{dl_url('/index.php?do=lostpassword')}">Забыли пароль?</a></div>
 </div></div>
 <header class="header"><div class="wrp">
  <a class="logotype" href="{dl_url('/')}" title="{e(DL_ORG)}"><span class="title_hide">{e(DL_ORG)}</span><b>{e(DL_SHORT)}</b></a>
  <div class="q_search"><form method="post" action=""><input type="hidden" name="do" value="search"><input type="hidden" name="subaction" value="search">
   <input id="story" name="story" placeholder="Поиск по сайту..." type="search"><button type="submit" title="Найти">Найти</button></form></div>
  <nav id="topmenu" class="topmenu"><ul>{menu}</ul></nav>
 </div></header>
 <div class="wrp cols">
  <main id="content" class="content">
{body}
  </main>
  <aside class="sidebar">
   <div class="block"><div class="block_title">Последние новости</div><ul class="lastnews">{latest}</ul></div>
   <div class="block"><div class="block_title">Календарь</div>{dl_calendar()}</div>
   <div class="block"><div class="block_title">Архив публикаций</div><div class="archives">{archive}</div></div>
   <div class="block"><div class="block_title">Облако тегов</div><div class="tag_list">{tags}
    <div class="tags_more"><a href="{dl_url('/tags/')}">Показать все теги</a></div></div></div>
   <div class="block"><div class="block_title">Опрос</div><div id="vote-layer"><p>Как вы узнаёте о работе ассоциации?</p>
    <form method="post" name="vote"><label><input type="radio" name="vote_check" value="0"> Сайт ассоциации</label><br>
    <label><input type="radio" name="vote_check" value="1"> Социальные сети</label><br><label><input type="radio" name="vote_check" value="2"> Районная газета</label>
    <input type="hidden" name="vote_action" value="vote"><input type="hidden" name="vote_id" id="vote_id" value="3">
    <button type="submit" onclick="doVote('vote'); return false;">Голосовать</button></form></div></div>
   <div class="block banners"><a href="https://okmo.news/" target="_blank" rel="noopener">Общероссийский конгресс муниципальных образований</a>
    <a href="https://www.nso.ru/" target="_blank" rel="noopener">Правительство Новосибирской области</a>
    <a href="https://www.zsnso.ru/" target="_blank" rel="noopener">Законодательное Собрание Новосибирской области</a></div>
  </aside>
 </div>
 <footer class="footer"><div class="wrp">
  <ul class="footer_menu"><li><a href="{dl_url('/o-nas.html')}">Об ассоциации</a></li><li><a href="{dl_url('/news/')}">Новости</a></li>
   <li><a href="{dl_url('/dokumenty.html')}">Документы</a></li><li><a href="{dl_url('/kontakty.html')}">Контакты</a></li>
   <li><a href="{dl_url('/rss.xml')}">RSS</a></li><li><a href="{dl_url('/index.php?do=rules')}">Правила сайта</a></li></ul>
  <div class="copyright">© 2012–2026 {e(DL_ORG)}. 630000, г. Новосибирск, Красный проспект, д. 00. При использовании материалов ссылка на сайт обязательна.</div>
  <div class="counters">{liveinternet()}</div>
 </div></footer>
</div>
<script>
<!--
var dle_root       = '/';
var dle_admin      = '';
var dle_login_hash = '{token(DL, 'hash', length=40)}';
var dle_group      = 5;
var dle_skin       = 'Default';
var dle_wysiwyg    = '1';
var quick_wysiwyg  = '1';
var dle_min_search = '4';
var dle_act_lang   = ["Да", "Нет", "Ввод", "Отмена", "Сохранить", "Удалить", "Загрузка. Пожалуйста, подождите..."];
var menu_short     = 'Быстрое редактирование';
var menu_full      = 'Полное редактирование';
var menu_profile   = 'Просмотр профиля';
var menu_send      = 'Отправить сообщение';
var dle_info       = 'Информация';
var dle_confirm    = 'Подтверждение';
var dle_prompt     = 'Ввод информации';
var dle_req_field  = ["Заполните поле с именем", "Заполните поле с сообщением", "Заполните поле с темой сообщения"];
var dle_del_agree  = 'Вы действительно хотите удалить? Данное действие невозможно будет отменить';
var dle_complaint  = 'Укажите текст Вашей жалобы для администрации:';
var dle_p_send     = 'Отправить';
var dle_p_send_ok  = 'Уведомление успешно отправлено';
var dle_reply_title= 'Ответ на комментарий';
var dle_tree_comm  = '0';
var dle_captcha_type  = '0';
var allow_dle_delete_news   = false;
jQuery(function($){{ FastSearch(); }});
//-->
</script>
{metrika(56781234)}
</body>
</html>
"""


def dl_short(story: Story) -> str:
    link = dl_url(T.dle_path(story))
    views = number(story.id, "views")
    return f"""<article class="box story shortstory">
 <div class="box_in">
  <h2 class="title"><a href="{link}">{e(story.title)}</a></h2>
  <div class="story_cont"><div class="text">{e(preview(story, 220))}</div></div>
  <div class="meta">
   <ul class="right">
    <li class="complaint" title="Жалоба"><a href="javascript:AddComplaint('{story.id}', 'news')">!</a></li>
    <li class="grey" title="Просмотров: {views}"><b>{views}</b></li>
    <li title="Комментариев: 0"><a href="{link}#comment"><b>0</b></a></li>
   </ul>
   <ul class="left">
    <li class="story_date"><time datetime="{T.ymd(story)}" class="grey">{dl_date(story.when)}</time></li>
    <li class="story_cat"><a href="{dl_url('/news/')}">Новости</a></li>
    <li class="story_author"><a onclick="ShowProfile('admin', '{dl_url('/user/admin/')}', '0'); return false;" href="{dl_url('/user/admin/')}">admin</a></li>
   </ul>
  </div>
  <div class="story_tools"><a class="btn" href="{link}">Подробнее</a>
   <a class="print_link" href="{dl_url(f'/engine/print.php?newsid={story.id}')}" rel="nofollow" title="Печать">Печать</a></div>
 </div>
</article>"""


def dl_nav(page: int, pages: int, base: str) -> str:
    def href(n: int) -> str:
        return dl_url(base if n == 1 else f"{base}page/{n}/")

    prev = f'<a href="{href(page - 1)}">Назад</a>' if page > 1 else "<span>Назад</span>"
    nums = " ".join(f"<span>{n}</span>" if n == page else f'<a href="{href(n)}">{n}</a>' for n in range(1, pages + 1))
    nxt = f'<a href="{href(page + 1)}">Далее</a>' if page < pages else "<span>Далее</span>"
    return (f'<div class="navigation ignore-select"><div class="pages-prev">{prev}</div>'
            f'<div class="pages">{nums}</div><div class="pages-next">{nxt}</div></div>')


def dl_listing(stories: tuple[Story, ...], heading: str, nav: str = "") -> str:
    items = "\n".join(dl_short(s) for s in stories) or '<div class="box berrors">По данному запросу публикаций не найдено.</div>'
    return f'<div id="dle-content"><h1 class="heading">{e(heading)}</h1>\n{items}\n{nav}</div>'


def dl_print(story: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{e(story.title)} » {e(DL_ORG)} » Версия для печати</title>
<meta name="robots" content="noindex,nofollow">
<link media="screen" href="/templates/Default/css/print.css" type="text/css" rel="stylesheet">
<link media="print" href="/templates/Default/css/print.css" type="text/css" rel="stylesheet"></head>
<body><div class="print-page">
<div class="print-header">{e(DL_ORG)} &raquo; Новости</div>
<h1>{e(story.title)}</h1>
<div class="print-info">{dl_date(story.when)}, admin</div>
<div class="print-text">{paragraphs_html(story)}</div>
<div class="print-footer">Вернуться назад: <a href="{dl_url(T.dle_path(story))}">{dl_url(T.dle_path(story))}</a>
<a href="javascript:window.print()">Распечатать</a></div>
</div></body></html>
"""


def dl_full(story: Story) -> str:
    path = T.dle_path(story)
    alt = f"{story.id}-{story.slug}.html"
    tags = ", ".join(f'<a href="{dl_url(dl_tag_path(t))}">{e(t)}</a>' for t in DL_STORY_TAGS[story.id])
    related = "".join(f'<li><a href="{dl_url(T.dle_path(s))}">{e(s.title)}</a></li>'
                      for s in T.DLE_STORIES if s is not story and set(DL_STORY_TAGS[s.id]) & set(DL_STORY_TAGS[story.id]))
    views = number(story.id, "views")
    body = f"""<div id="dle-content"><article class="box story fullstory">
 <div class="box_in dark_top story_top">
  <div class="speedbar"><span id="dle-speedbar"><a href="{dl_url('/')}">{DL_SHORT}</a> » <a href="{dl_url('/news/')}">Новости</a> » {e(story.title)}</span></div>
  <h1>{e(story.title)}</h1>
  <ul class="meta">
   <li class="story_date"><time datetime="{T.ymd(story)}">{dl_date(story.when)}</time></li>
   <li class="story_author"><a onclick="ShowProfile('admin', '{dl_url('/user/admin/')}', '0'); return false;" href="{dl_url('/user/admin/')}">admin</a></li>
   <li class="grey">Просмотров: {views}</li>
   <li><a href="{dl_url('/news/print:page,1,' + alt)}" rel="nofollow">Версия для печати</a></li>
  </ul>
 </div>
 <div class="box_in">
  <div class="text">
{paragraphs_html(story)}
  </div>
  <div class="tags"><b>Теги:</b> {tags}</div>
  <div class="rate"><div class="rate_stars"><div id="ratig-layer-{story.id}"><div class="rating">
   <ul class="unit-rating"><li class="current-rating" style="width:0%;">0</li><li><a href="#" title="Плохо" class="r1-unit" onclick="doRate('1', '{story.id}'); return false;">1</a></li>
   <li><a href="#" title="Отлично" class="r5-unit" onclick="doRate('5', '{story.id}'); return false;">5</a></li></ul></div></div></div></div>
  <div class="share"><b>Поделиться:</b> <div class="ya-share2" data-curtain data-shape="round" data-services="vkontakte,odnoklassniki,telegram,whatsapp"></div>
   <script src="https://yastatic.net/share2/share.js" async></script></div>
 </div>
 <div class="box_in related"><h3>Похожие новости</h3><ul>{related}</ul></div>
</article>
<div class="box" id="dle-comments-list"><a name="comment"></a><div id="dle-ajax-comments"></div></div>
<div class="box"><div class="box_in"><h3>Информация</h3><p>Посетители, находящиеся в группе <b>Гости</b>, могут оставлять комментарии после проверки модератором.</p></div></div>
<form method="post" name="dle-comments-form" id="dle-comments-form"><div class="box"><div class="box_in addcomment">
 <h3>Добавить комментарий</h3>
 <ul class="ui-form"><li class="form-group combo"><div class="combo_field"><input placeholder="Ваше имя" type="text" name="name" id="name" class="wide" required></div>
  <div class="combo_field"><input placeholder="Ваш e-mail" type="email" name="mail" id="mail" class="wide"></div></li>
  <li id="comment-editor"><textarea name="comments" id="comments" cols="70" rows="10" class="wide"></textarea></li></ul>
 <div class="form_submit"><button class="btn btn-big" type="submit" name="submit" title="Отправить комментарий"><b>Отправить комментарий</b></button></div>
</div></div>
<input type="hidden" name="subaction" value="addcomment"><input type="hidden" name="post_id" id="post_id" value="{story.id}">
<input type="hidden" name="user_hash" value="{token(DL, story.id, length=40)}"></form>
</div>"""
    return dl_page(story.title, body, canonical=path, description=preview(story))


def build_dle() -> None:
    stories = T.DLE_STORIES
    pages = T.chunks(stories, T.DLE_PER_PAGE, T.DLE_PER_PAGE)
    for n, chunk in enumerate(pages, 1):
        write(DL, "/" if n == 1 else f"/page/{n}/",
              dl_page(DL_ORG if n == 1 else f"{DL_ORG} » Страница {n}",
                      dl_listing(chunk, "Новости ассоциации", dl_nav(n, len(pages), "/"))))
        write(DL, "/news/" if n == 1 else f"/news/page/{n}/",
              dl_page("Новости" if n == 1 else f"Новости » Страница {n}",
                      dl_listing(chunk, "Новости", dl_nav(n, len(pages), "/news/"))))
    for story in stories:
        write(DL, T.dle_path(story), dl_full(story))
        write(DL, f"/news/print:page,1,{story.id}-{story.slug}.html", dl_print(story))
        write(DL, f"/engine/print.php?newsid={story.id}", dl_print(story))
    days = sorted({T.ymd(s) for s in stories})
    for key in sorted({d[:7] for d in days}) + days:
        chosen = tuple(s for s in stories if T.ymd(s).startswith(key))
        y, m = int(key[:4]), int(key[5:7])
        label = (f"{MONTHS_NOM[m - 1]} {y}" if len(key) == 7 else f"{int(key[8:])} {MONTHS[m - 1]} {y}")
        write(DL, "/" + key.replace("-", "/") + "/",
              dl_page(f"Публикации за {label}", dl_listing(chosen, f"Публикации за {label}")))
    for tag in T.DLE_TAGS:
        chosen = tuple(s for s in stories if tag in DL_STORY_TAGS[s.id])
        write(DL, dl_tag_path(tag), dl_page(f"{tag} » Теги", dl_listing(chosen, f"Публикации по тегу: {tag}")))
    write(DL, "/index.php?do=opensearch", '<?xml version="1.0" encoding="utf-8"?>\n<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">'
          f'<ShortName>{e(DL_SHORT)}</ShortName><Description>{e(DL_ORG)}</Description><InputEncoding>utf-8</InputEncoding>'
          f'<Url type="text/html" template="{dl_url("/index.php?do=search&amp;subaction=search&amp;story={searchTerms}")}"/></OpenSearchDescription>\n')
    cloud = " ".join(f'<a href="{dl_url(dl_tag_path(t))}">{e(t)}</a>' for t in T.DLE_TAGS)
    write(DL, "/tags/", dl_page("Облако тегов", f'<div class="box"><div class="box_in"><h1>Облако тегов</h1><div class="tag_list">{cloud}</div></div></div>'))
    for path, title in T.SERVICE_PAGES[DL]:
        if path == "/index.php?do=lastnews":
            body = dl_listing(stories[:6], "Последние публикации")
        elif path == "/user/admin/":
            body = (f'<div class="box"><div class="box_in"><h1>Пользователь: admin</h1><ul class="usinf">'
                    f'<li><b>Группа:</b> Администраторы</li><li><b>Дата регистрации:</b> 12 января 2015 14:00</li>'
                    f'<li><b>Последнее посещение:</b> Сегодня, 00:12</li><li><b>Публикаций:</b> {len(stories)}</li>'
                    f'<li><b>Комментариев:</b> 0</li></ul></div></div>')
        else:
            body = f'<div class="box"><div class="box_in static"><h1>{e(title)}</h1>{service_text(title, DL_ORG)}</div></div>'
        write(DL, path, dl_page(title, body))
    items = "".join(f"""<item>
<title>{e(s.title)}</title>
<guid isPermaLink="true">{dl_url(T.dle_path(s))}</guid>
<link>{dl_url(T.dle_path(s))}</link>
<dc:creator>admin</dc:creator>
<pubDate>{rfc822(s.when, '+0700')}</pubDate>
<category>Новости</category>
<description><![CDATA[{preview(s, 300)}]]></description>
</item>
""" for s in stories)
    write(DL, "/rss.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{e(DL_ORG)}</title>
<link>{dl_url('/')}</link>
<language>ru</language>
<description>Новости ассоциации муниципальных образований</description>
<generator>DataLife Engine</generator>
{items}</channel></rss>
""")
    write(DL, "/robots.txt", "User-agent: *\nDisallow: /engine/go.php\nDisallow: /engine/download.php\n"
          "Disallow: /user/\nDisallow: /newposts/\nDisallow: /statistics.html\nDisallow: /*subaction=userinfo\n"
          "Disallow: /*subaction=newposts\nDisallow: /*do=lastcomments\nDisallow: /*do=feedback\nDisallow: /*do=register\n"
          "Disallow: /*do=lostpassword\nDisallow: /*do=addnews\nDisallow: /*do=stats\nDisallow: /*do=pm\n"
          "Disallow: /*do=search\n\nHost: amo-nso.example\nSitemap: {{ORIGIN}}/sitemap.xml\n")
    urls = "".join(f"<url><loc>{dl_url(T.dle_path(s))}</loc><lastmod>{T.ymd(s)}</lastmod><priority>0.6</priority></url>"
                   for s in stories)
    write(DL, "/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          f"<url><loc>{dl_url('/')}</loc><changefreq>daily</changefreq><priority>1.0</priority></url>{urls}</urlset>\n")
    write_json(DL, "_site.json", {"header_charset": "utf-8", "server_date": T.DLE_SERVER_DATE, "faults": {
        "/index.php?do=opensearch": {"content_type": "application/opensearchdescription+xml"}}})


# == ucoz ====================================================================================

UC = "ucoz"
UC_ORG = "Ассоциация сельских поселений Тамбовской области"
UC_MENU = (("/", "Главная"), ("/news/", "Новости"), ("/index/0-2", "Об ассоциации"), ("/index/0-5", "Члены ассоциации"),
           ("/index/0-4", "Документы"), ("/index/0-6", "Контакты"), ("/index/0-3", "Обратная связь"))
UC_STORY_CATEGORY = {s.id: T.UCOZ_CATEGORIES[i % 3] for i, s in enumerate(T.UCOZ_STORIES)}


def uc_calendar() -> str:
    """uCoz's calendar block (the copy was taken in November 2025)."""
    y, m = 2025, 11
    counts: dict[int, int] = {}
    for s in T.UCOZ_STORIES:
        if s.when[:2] == (y, m):
            counts[s.when[2]] = counts.get(s.when[2], 0) + 1
    first = datetime.date(y, m, 1).weekday()
    cells = ['<td></td>'] * first
    for day in range(1, 31):
        if day in counts:
            cells.append(f'<td align="center" class="calMdayIs"><a class="calMdayLink" href="/news/{y}-{m:02d}-{day:02d}" '
                         f'title="{counts[day]} Сообщений">{day}</a></td>')
        else:
            cells.append(f'<td align="center" class="calMday">{day}</td>')
    while len(cells) % 7:
        cells.append("<td></td>")
    rows = "".join("<tr>" + "".join(cells[i:i + 7]) + "</tr>" for i in range(0, len(cells), 7))
    heads = "".join(f'<td align="center" class="calWday{"Se" if i >= 5 else ""}">{d}</td>'
                    for i, d in enumerate(("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")))
    return (f'<table border="0" cellspacing="1" cellpadding="2" class="calTable"><tr><td align="center" class="calMonth" colspan="7">'
            f'<a title="Октябрь 2025" class="calMonthLink cal-month-link-prev" rel="nofollow" href="/news/2025-10">&laquo;</a>&nbsp; '
            f'<a class="calMonthLink cal-month-current" rel="nofollow" href="/news/2025-11">Ноябрь 2025</a> &nbsp;'
            f'<a title="Декабрь 2025" class="calMonthLink cal-month-link-next" rel="nofollow" href="/news/2025-12">&raquo;</a></td></tr>'
            f'<tr>{heads}</tr>{rows}</table>')


def uc_block(n: int, title: str, content: str) -> str:
    return (f'<!-- <block{n}> -->\n<div class="block"><div class="blocktitle"><!-- <bt> -->{title}<!-- </bt> --></div>'
            f'<div class="blockcontent"><!-- <bc> -->{content}<!-- </bc> --></div></div>\n<!-- </block{n}> -->')


def uc_page(title: str, body: str, module_title: str = "Новости") -> str:
    menu = "".join(f'<li><a class="{"undefined" if h != "/" else "uMenuItemA"}" href="{h}"><span>{e(t)}</span></a></li>'
                   for h, t in UC_MENU)
    cats = "".join(f'<tr><td class="catsTd"><a href="{h}" class="catName">{e(t)}</a> '
                   f'<span class="catNumData" style="unicode-bidi:embed;">[{sum(1 for c in UC_STORY_CATEGORY.values() if c[0] == h)}]</span></td></tr>'
                   for h, t in T.UCOZ_CATEGORIES)
    latest = "".join(f'<div class="inf-entry"><a href="{T.ucoz_path(s)}">{e(s.title)}</a> <span class="inf-date">({dmy(s.when)})</span></div>'
                     for s in T.UCOZ_STORIES[:5])
    months = sorted({(s.when[0], s.when[1]) for s in T.UCOZ_STORIES}, reverse=True)
    archive = "".join(f'<li class="archLi"><a class="archLink" href="/news/{y}-{m:02d}">{y} {MONTHS_NOM[m - 1]}</a></li>'
                      for y, m in months)
    login = ('<div id="uidLogForm" class="auth-block" align="center"><a href="javascript:;" onclick="window.open(\'https://login.uid.me/?site=2asptambov&amp;ref=\'+escape(location.protocol + \'//\' + (\'asp-tambov.ucoz.ru\' || location.hostname) + location.pathname + ((location.hash ? ( location.search ? location.search + \'&\' : \'?\' ) + \'rnd=\' + Date.now() + location.hash : ( location.search || \'\' ))), \'uidLoginWnd\', \'width=580,height=450,resizable=yes,titlebar=yes\');return false;" class="login-with uid" title="Войти через uID" rel="nofollow"><i></i></a></div>'
             '<form method="post" action="/index/sub/" id="frmLg"><input class="loginField" type="text" name="user" placeholder="Логин">'
             '<input class="loginField" type="password" name="password" placeholder="Пароль"><input class="loginButton" type="submit" value="Вход">'
             '<input type="hidden" name="a" value="2"></form><a href="/index/3" class="login-form-new-user">Регистрация</a> | <a href="javascript:;" rel="nofollow" onclick="new _uWnd(\'Prm\',\'Напоминание пароля\',300,130,{ autosize:1, closeonesc:1 },{ url:\'/index/5\' });return false;">Забыл пароль</a>')
    friends = ('<ul class="uz"><li><a href="https://www.tambov.gov.ru/" target="_blank" rel="noopener">Администрация Тамбовской области</a></li>'
               '<li><a href="https://tambovoblduma.ru/" target="_blank" rel="noopener">Тамбовская областная Дума</a></li>'
               '<li><a href="https://okmo.news/" target="_blank" rel="noopener">ОКМО</a></li>'
               '<li><a href="https://www.gosuslugi.ru/" target="_blank" rel="noopener">Госуслуги</a></li></ul>')
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{e(title)}</title>
<link type="text/css" rel="stylesheet" href="/_st/my.css" />
<link rel="stylesheet" href="/.s/src/base.min.css" />
<link rel="stylesheet" href="/.s/src/layer7.min.css" />
<script src="/.s/src/jquery-1.12.4.min.js"></script>
<script src="/.s/src/uwnd.min.js"></script>
<script src="//s740.ucoz.net/cgi/uutils.fcg?a=uSD&ca=2&ug=999&isp=0&r=0.{token(UC, title, length=8)}"></script>
<link rel="stylesheet" href="/.s/src/ulightbox/ulightbox.min.css" />
<script src="/.s/src/ulightbox/ulightbox.min.js"></script>
<script>
/* --- UCOZ-JS-DATA --- */
window.uCoz = {{"country":"RU","language":"ru","layerType":7,"ssid":"{token(UC, 'ssid', length=20)}","site":{{"host":"asp-tambov.ucoz.ru","domain":null,"id":"2asptambov"}},"module":"news","sign":{{"7287":"Закрыть","5255":"Помощник","3125":"закрыть"}}}};
/* --- UCOZ-JS-CODE --- */
function uSocialLogin(t) {{ var params = {{"yandex":{{"width":870,"height":515}},"vkontakte":{{"width":790,"height":400}}}}; var ref = escape(location.protocol + '//' + ('asp-tambov.ucoz.ru' || location.hostname) + location.pathname); window.open('/' + t + '?ref=' + ref, 'uSocialLogin', 'status=0, menubar=0, width=' + params[t].width + ', height=' + params[t].height); return false; }}
/* --- UCOZ-JS-END --- */
</script>
<style type="text/css">.UhideBlock{{display:none; }}</style>
</head>
<body>
<div id="utbr8214" rel="s740"></div>
<!--U1AHEADER1Z--><div id="header"><div class="site-logo"><a href="/"><img src="/images/gerb.png" alt=""></a></div>
<div class="site-name"><a href="/">{e(UC_ORG)}</a></div><div class="site-slogan">Официальный сайт</div>
<div class="special-ver"><a href="javascript:;" class="bvi-open" onclick="return false;">Версия для слабовидящих</a></div></div><!--/-U1AHEADER1Z-->
<table class="main-table" border="0" cellpadding="0" cellspacing="0" width="100%"><tr>
<td class="side-column" valign="top" width="230">
<!--U1CLEFTER1Z-->
{uc_block(1, "Меню сайта", f'<div id="uMenuDiv1" class="uMenuV" style="position:relative;"><ul class="uMenuRoot">{menu}</ul></div>')}
{uc_block(2, "Категории раздела", f'<table border="0" cellspacing="1" cellpadding="0" width="100%" class="catsTable">{cats}</table>')}
{uc_block(3, "Календарь", uc_calendar())}
{uc_block(4, "Архив записей", f'<ul class="archUl">{archive}</ul>')}
{uc_block(5, "Последние новости", latest)}
{uc_block(6, "Форма входа", login)}
{uc_block(7, "Поиск", '<div class="searchForm"><form onsubmit="this.sfSbm.disabled=true" method="get" style="margin:0" action="/search/"><input type="text" name="q" maxlength="30" size="20" class="queryField"><input type="submit" class="searchSbmFl" name="sfSbm" value="Найти"></form></div>')}
{uc_block(8, "Полезные ссылки", friends)}
{uc_block(9, "Статистика", '<div class="tOnline" id="onl1">Онлайн всего: <b>1</b></div><div class="gOnline" id="onl2">Гостей: <b>1</b></div><div class="uOnline" id="onl3">Пользователей: <b>0</b></div>')}
<!--/-U1CLEFTER1Z-->
</td>
<td class="content-column" valign="top">
<!-- <middle> -->
<div class="module-title"><h2 class="module-name">{e(module_title)}</h2></div>
<!-- <body> -->
{body}
<!-- </body> -->
<!-- </middle> -->
</td></tr></table>
<!--U1BFOOTER1Z--><div id="footer"><!-- <copy> -->{e(UC_ORG)} &copy; 2026<!-- </copy> --> | 392000, г. Тамбов, ул. Интернациональная, д. 00
 | <!-- "' --><span class="pbnKtNVx"><a href="https://www.ucoz.ru/" title="Сайт создан в конструкторе сайтов uCoz" target="_blank" rel="nofollow">uCoz</a></span>
<div class="counters">{liveinternet()}</div></div><!--/-U1BFOOTER1Z-->
{metrika(45678123)}
</body>
</html>
"""


def uc_entry_row(story: Story) -> str:
    path = T.ucoz_path(story)
    cat_path, cat_name = UC_STORY_CATEGORY[story.id]
    return f"""<div id="entryID{story.id}"><table border="0" cellpadding="0" cellspacing="0" width="100%" class="eBlock"><tr><td style="padding:3px;">
<div class="eTitle" style="text-align:start;"><a href="{path}">{e(story.title)}</a></div>
<div class="eMessage" style="text-align:start;clear:both;padding-top:2px;padding-bottom:2px;"><p>{e(preview(story, 240))}</p>
<div style="clear:both"></div><div class="entryReadAll"><a class="entryReadAllLink" href="{path}">Читать дальше &raquo;</a></div></div>
<div class="eDetails" style="clear:both;"><span class="e-category"><span class="ed-title">Категория:</span> <span class="ed-value"><a href="{cat_path}">{e(cat_name)}</a></span></span><span class="ed-sep"> | </span>
<span class="e-reads"><span class="ed-title">Просмотров:</span> <span class="ed-value">{number(story.id, 'reads')}</span></span><span class="ed-sep"> | </span>
<span class="e-author"><span class="ed-title">Добавил:</span> <span class="ed-value"><a href="javascript:;" rel="nofollow" onclick="window.open('/index/8-1', 'up1', 'scrollbars=1,top=0,left=0,resizable=1,width=700,height=375'); return false;">admin</a></span></span><span class="ed-sep"> | </span>
<span class="e-date"><span class="ed-title">Дата:</span> <span class="ed-value" title="{hm(story.when)}">{dmy(story.when)}</span></span><span class="ed-sep"> | </span>
<a class="e-comments" href="{path}#comments">Комментарии (0)</a></div>
</td></tr></table><br /></div>"""


def uc_list(stories: tuple[Story, ...], page: int = 1, pages: int = 1) -> str:
    head = (f'<table border="0" cellpadding="0" cellspacing="0" width="100%"><tr><td width="60%" style="white-space: nowrap;">'
            f'Всего материалов: {len(stories) if pages == 1 else len(T.UCOZ_STORIES)}</td>'
            f'<td align="right" style="white-space: nowrap;">{f"Страница <b>{page}</b> из {pages}" if pages > 1 else ""}</td></tr></table><hr />')
    if not stories:
        return head + '<div align="center" class="archiveNoEntry">Нет материалов за данный период</div>'
    body = head + '<div id="allEntries">' + "\n".join(uc_entry_row(s) for s in stories) + "</div>"
    if pages > 1:
        links = []
        if page > 1:
            links.append(f'<a class="swchItem swchItem-prev" href="/news/?page{page - 1}" onclick="spages(\'{page - 1}\', \'\');return false;"><span>&laquo;</span></a>')
        for n in range(1, pages + 1):
            links.append(f'<b class="swchItemA"><span>{n}</span></b>' if n == page else
                         f'<a class="swchItem" href="/news/?page{n}" onclick="spages(\'{n}\', \'\');return false;"><span>{n}</span></a>')
        if page < pages:
            links.append(f'<a class="swchItem swchItem-next" href="/news/?page{page + 1}" onclick="spages(\'{page + 1}\', \'\');return false;"><span>&raquo;</span></a>')
        body += f'<div class="catPages1" id="pagesBlock1" style="clear:both;">{" ".join(links)}</div>'
    return body


def uc_entry(story: Story) -> str:
    path = T.ucoz_path(story)
    cat_path, cat_name = UC_STORY_CATEGORY[story.id]
    text = paragraphs_html(story)
    similar = [s for s in T.UCOZ_STORIES if s is not story and UC_STORY_CATEGORY[s.id] == UC_STORY_CATEGORY[story.id]][:3]
    similar_html = "".join(f'<li><a href="{T.ucoz_path(s)}">{e(s.title)}</a></li>' for s in similar)
    if story.slug == "sovet-starost-pervoe-zasedanie":
        # An old link kept after its entry was deleted: uCoz answers «Материал не найден» (200).
        similar_html += f'<li><a href="{T.UCOZ_SOFT_404}">Создана ассоциация сельских поселений области</a></li>'
    body = f"""<table border="0" width="100%" cellspacing="1" cellpadding="2" class="eBlock">
<tr><td class="eTitle" style="text-align:start;"><div style="float:right;font-size:9px;">{dmy(story.when)}, {hm(story.when)}</div><h1>{e(story.title)}</h1></td></tr>
<tr><td class="eMessage" style="text-align:start;clear:both;padding-top:2px;padding-bottom:2px;"><div id="nativeroll_video_cont" style="display:none;"></div>
{text}
</td></tr>
<tr><td class="eDetails" style="clear:both;"><span class="e-category"><span class="ed-title">Категория:</span> <span class="ed-value"><a href="{cat_path}">{e(cat_name)}</a></span></span> |
<span class="e-reads">Просмотров: {number(story.id, 'reads')}</span> | <span class="e-author">Добавил: <a href="/index/8-0-admin">admin</a></span> |
<span class="e-rating">Рейтинг: 0.0/0</span></td></tr></table>
<div class="similar-entries"><b>Похожие материалы:</b><ul class="uRelatedEntries">{similar_html}</ul></div>
<div class="share-block"><script src="https://yastatic.net/share2/share.js" async></script>
<div class="ya-share2" data-services="vkontakte,odnoklassniki,telegram" data-url="{{{{ORIGIN}}}}{path}"></div></div>
<table border="0" cellpadding="0" cellspacing="0" width="100%"><tr><td width="60%" height="25">Всего комментариев: 0</td><td align="right" height="25"></td></tr></table>
<a name="comments"></a>
<div align="center" class="commReg">Добавлять комментарии могут только зарегистрированные пользователи.<br />[ <a href="/index/3">Регистрация</a> | <a href="javascript:;" rel="nofollow" onclick="new _uWnd('LF', ' ', -250, -110, {{ closeonesc:1, resize:1 }}, {{ url:'/index/40' }});return false;">Вход</a> ]</div>"""
    y, m, d, *_ = story.when
    return uc_page(f"{story.title} - {d} {MONTHS_NOM[m - 1]} {y} - Новости ассоциации - {UC_ORG}", body)


def build_ucoz() -> None:
    stories = T.UCOZ_STORIES
    pages = T.chunks(stories, T.UCOZ_PER_PAGE, T.UCOZ_PER_PAGE)
    for n, chunk in enumerate(pages, 1):
        write(UC, "/news/" if n == 1 else f"/news/?page{n}",
              uc_page(f"Новости ассоциации{'' if n == 1 else f' - Страница {n}'} - {UC_ORG}", uc_list(chunk, n, len(pages))))
    for story in stories:
        write(UC, T.ucoz_path(story), uc_entry(story))
    days = sorted({T.ymd(s) for s in stories})
    for month in sorted({d[:7] for d in days} | {"2025-12"}):
        chosen = tuple(s for s in stories if T.ymd(s).startswith(month))
        name = f"{MONTHS_NOM[int(month[5:]) - 1]} {month[:4]}"
        write(UC, f"/news/{month}", uc_page(f"Новости за {name} - {UC_ORG}", uc_list(chosen),
                                             f"Новости за {name}"))
    for day in days:
        chosen = tuple(s for s in stories if T.ymd(s) == day)
        label = f"{day[8:]}.{day[5:7]}.{day[:4]}"
        write(UC, f"/news/{day}", uc_page(f"Новости за {label} - {UC_ORG}", uc_list(chosen), f"Новости за {label}"))
    for path, name in T.UCOZ_CATEGORIES:
        chosen = tuple(s for s in stories if UC_STORY_CATEGORY[s.id][0] == path)
        write(UC, path, uc_page(f"{name} - {UC_ORG}", uc_list(chosen), name))
    write(UC, "/news/0-0-1-0-16-1", uc_page(f"Новости ассоциации - {UC_ORG}", uc_list(stories[:6]), "Популярные материалы"))
    write(UC, T.UCOZ_SOFT_404, uc_page(f"Материал не найден - {UC_ORG}",
          '<div class="eBlock" style="text-align:center;padding:40px 0;"><h1>Материал не найден</h1>'
          '<p>Запрашиваемый материал не найден. Возможно, он был удалён или перемещён.</p>'
          '<p><a href="/news/">Перейти к списку новостей</a> | <a href="/">На главную страницу</a></p></div>'))
    write(UC, "/", uc_page(UC_ORG, '<div class="page-content-wrapper"><h1>Добро пожаловать!</h1><p>Ассоциация объединяет '
                                   'сельские поселения области и помогает им решать общие задачи.</p></div>'
                           + uc_list(stories[:3]), "Главная"))
    for path, title in T.SERVICE_PAGES[UC]:
        if path == "/news/0-0-0-0-1":
            body = '<div class="eBlock"><h1>Добавить новость</h1><p>Доступ запрещён. Для добавления материала необходимо войти на сайт.</p></div>'
        elif path == "/index/8-0-admin":
            body = ('<div class="user-profile"><h1>Пользователь admin</h1><table><tr><td>Группа:</td><td>Администраторы</td></tr>'
                    '<tr><td>Дата регистрации:</td><td>14.03.2015</td></tr><tr><td>Последний вход:</td><td>28.11.2025</td></tr>'
                    f'<tr><td>Материалов:</td><td>{len(stories)}</td></tr></table></div>')
        elif path == "/index/3":
            body = ('<h1>Регистрация на сайте</h1><form method="post" action="/index/sub/"><p>Логин: <input name="user"></p>'
                    '<p>Пароль: <input type="password" name="password"></p><p>E-mail: <input name="email"></p>'
                    '<input type="submit" value="Регистрация"></form>')
        else:
            body = f'<div class="page-content-wrapper"><h1>{e(title)}</h1>{service_text(title, UC_ORG)}</div>'
        write(UC, path, uc_page(f"{title} - {UC_ORG}", body, title))
    items = "".join(f"""<item><title>{e(s.title)}</title><description>{e(preview(s, 300))}</description>
<content:encoded>{e(paragraphs_html(s))}</content:encoded><link>{{{{ORIGIN}}}}{T.ucoz_path(s)}</link>
<category>{e(UC_STORY_CATEGORY[s.id][1])}</category><dc:creator>admin</dc:creator><guid>{{{{ORIGIN}}}}{T.ucoz_path(s)}</guid>
<pubDate>{rfc822(s.when, 'GMT', shift_hours=-3)}</pubDate></item>
""" for s in stories)
    write(UC, "/news/rss/", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>{e(UC_ORG)} - Новости ассоциации</title><link>{{{{ORIGIN}}}}/news/</link><description>Новости ассоциации</description>
<lastBuildDate>{rfc822(stories[0].when, 'GMT', shift_hours=-3)}</lastBuildDate><generator>uCoz Web-Service</generator>
{items}</channel></rss>
""")
    urls = "".join(f"<url><loc>{{{{ORIGIN}}}}{p}</loc></url>" for p in
                   ["/", "/news/", *(path for path, _ in T.SERVICE_PAGES[UC][:5]), *(T.ucoz_path(s) for s in stories)])
    write(UC, "/sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
    write(UC, "/robots.txt", "User-agent: *\n" + "".join(f"Disallow: {rule}\n" for rule in (
        "/a/", "/stat/", "/index/1", "/index/2", "/index/3", "/index/5", "/index/7", "/index/8", "/index/9",
        "/index/sub/", "/panel/", "/admin/", "/informer/", "/secure/", "/poll/", "/search/", "/abnl/",
        "/*_escaped_fragment_=", "/*-*-*-*-987$", "/shop/order/", "/?ssid="))
        + "\nSitemap: {{ORIGIN}}/sitemap.xml\n")
    write_json(UC, "_site.json", {"header_charset": "utf-8",
                                  "faults": {"/news/rss/": {"content_type": "application/rss+xml; charset=utf-8"}}})


# == drupal ==================================================================================

DR = "drupal"
DR_ORG = "Совет муниципальных образований Курганской области"
DR_MENU = (("/", "Главная"), ("/o-sovete", "О Совете"), ("/sostav-soveta", "Состав Совета"),
           ("/prezidium", "Президиум"), ("/news", "Новости"), ("/dokumenty", "Документы"),
           ("/proekty/starosty", "Старосты"), ("/proekty/tos", "ТОС"),
           ("/proekty/initsiativnoe-byudzhetirovanie", "Инициативное бюджетирование"), ("/kontakty", "Контакты"))
DR_TERMS = {s.id: (T.DRUPAL_TERMS[i % 5], T.DRUPAL_TERMS[(i + 3) % 5]) for i, s in enumerate(T.DRUPAL_STORIES)}
DR_WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")


def dr_time(story: Story) -> str:
    """Drupal's TimestampFormatter: the attribute in UTC, the text in the site's timezone."""
    y, m, d, *_ = story.when
    title = f"{DR_WEEKDAYS[weekday(story.when)]}, {MONTHS_NOM[m - 1]} {d}, {y} - {hm(story.when)}"
    return (f'<time datetime="{utc_iso(story.when, 5)}" title="{title}" class="datetime">'
            f'{dmy(story.when)} - {hm(story.when)}</time>')


def dr_page(title: str, content: str, *, node: Story | None = None, path_class: str = "path-frontpage",
            crumbs: tuple[tuple[str, str], ...] = (("/", "Главная"),), h1: bool = True) -> str:
    front = ' data-drupal-link-system-path="&lt;front&gt;"'
    menu = "".join(f'<li class="menu-item"><a href="{h}"{front if h == "/" else ""}>{e(t)}</a></li>' for h, t in DR_MENU)
    crumb_html = "".join(f'<li><a href="{h}">{e(t)}</a></li>' for h, t in crumbs)
    head_links = ""
    current = "node" if node is None else f"node/{node.id}"
    if node is not None:
        head_links = (f'<link rel="canonical" href="{{{{ORIGIN}}}}{T.drupal_path(node)}" />\n'
                      f'<link rel="shortlink" href="{{{{ORIGIN}}}}{T.drupal_node_path(node)}" />\n'
                      f'<meta property="og:type" content="article" />\n<meta property="og:title" content="{e(node.title)}" />\n'
                      f'<meta property="article:published_time" content="{utc_iso(node.when, 5)}" />')
    others = "".join(f'<li><div class="views-field views-field-title"><span class="field-content">'
                     f'<a href="{T.drupal_node_path(s)}" hreflang="ru">{e(s.title)}</a></span></div>'
                     f'<div class="views-field views-field-created"><span class="field-content">{dmy(s.when)}</span></div></li>'
                     for s in T.DRUPAL_STORIES[:5] if s is not node)
    terms = "".join(f'<li><a href="/taxonomy/term/{tid}" hreflang="ru">{e(name)}</a></li>' for tid, name in T.DRUPAL_TERMS)
    settings = json.dumps({"path": {"baseUrl": "/", "pathPrefix": "", "currentPath": current, "currentPathIsAdmin": False,
                                    "isFront": path_class == "path-frontpage", "currentLanguage": "ru"},
                           "pluralDelimiter": "\u0003", "suppressDeprecationErrors": True,
                           "ajaxPageState": {"libraries": token(DR, "libs", length=40), "theme": "smo", "theme_token": None},
                           "ajaxTrustedUrl": {"/search/node": True}, "user": {"uid": 0, "permissionsHash": token(DR, "perm", length=40)}})
    page_title = (f'<div id="block-smo-page-title" class="block block-core block-page-title-block"><h1 class="page-title">'
                  f'<span class="field field--name-title field--type-string field--label-hidden">{e(title)}</span></h1></div>') if h1 else ""
    return f"""<!DOCTYPE html>
<html lang="ru" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">
<head>
<meta charset="utf-8" />
{head_links}
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="HandheldFriendly" content="true" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<link rel="icon" href="/themes/custom/smo/favicon.ico" type="image/vnd.microsoft.icon" />
<link rel="alternate" type="application/rss+xml" title="" href="{{{{ORIGIN}}}}/rss.xml" />
<title>{e(title)} | {e(DR_ORG)}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{token(DR, 'css1', length=43)}.css?delta=0&amp;language=ru&amp;theme=smo&amp;include=eJxtjkEOwjAMBD8U8qTKTU0a1bEj2wX6e1qKBAdOK83O7NYpbR" />
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_{token(DR, 'css2', length=43)}.css?delta=1&amp;language=ru&amp;theme=smo&amp;include=eJxtjkEOwjAMBD8U8qTKTU0a1bEj2wX6e1qKBAdOK83O7NYpbR" />
<script type="application/json" data-drupal-selector="drupal-settings-json">{settings}</script>
<script src="/sites/default/files/js/js_{token(DR, 'js1', length=43)}.js?scope=header&amp;delta=0&amp;language=ru&amp;theme=smo&amp;include=eJxLzs8tyM9LzSvRT8rPzy4pSk0u0U_OzytJzSsBAHn3CXk"></script>
</head>
<body class="{path_class}{' page-node-type-article' if node else ''}">
<a href="#main-content" class="visually-hidden focusable skip-link">Перейти к основному содержанию</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div class="layout-container">
<header role="banner" class="site-header">
 <div class="region region-secondary-menu"><a href="#" class="bvi-open special-version">Версия для слабовидящих</a>
  <nav role="navigation" aria-labelledby="block-smo-account-menu-menu" id="block-smo-account-menu" class="block block-menu navigation menu--account">
  <h2 class="visually-hidden" id="block-smo-account-menu-menu">Меню учётной записи пользователя</h2>
  <ul class="menu"><li class="menu-item"><a href="/user/login" data-drupal-link-system-path="user/login">Войти</a></li></ul></nav></div>
 <div class="region region-header">
  <div id="block-smo-branding" class="block block-system block-system-branding-block">
   <a href="/" rel="home" class="site-logo"><img src="/themes/custom/smo/logo.svg" alt="Главная" fetchpriority="high" /></a>
   <div class="site-name"><a href="/" rel="home">{e(DR_ORG)}</a></div><div class="site-slogan">Ассоциация муниципальных образований Зауралья</div></div>
  <div class="search-block-form block block-search container-inline" data-drupal-selector="search-block-form" id="block-smo-search" role="search">
   <form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8">
   <div class="js-form-item form-item js-form-type-search form-type-search js-form-item-keys form-item-keys form-no-label">
   <label for="edit-keys" class="visually-hidden">Поиск</label><input title="Введите ключевые слова для поиска." data-drupal-selector="edit-keys" type="search" id="edit-keys" name="keys" value="" size="15" maxlength="128" class="form-search" /></div>
   <div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper" id="edit-actions"><input data-drupal-selector="edit-submit" type="submit" id="edit-submit" value="Поиск" class="button js-form-submit form-submit" /></div></form></div>
 </div>
 <div class="region region-primary-menu"><nav role="navigation" aria-labelledby="block-smo-main-menu-menu" id="block-smo-main-menu" class="block block-menu navigation menu--main">
  <h2 class="visually-hidden" id="block-smo-main-menu-menu">Основная навигация</h2><ul class="menu">{menu}</ul></nav></div>
</header>
<div class="region region-breadcrumb"><div id="block-smo-breadcrumbs" class="block block-system block-system-breadcrumb-block">
 <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">Строка навигации</h2><ol>{crumb_html}</ol></nav></div></div>
<div data-drupal-messages-fallback class="hidden"></div>
<main role="main">
 <a id="main-content" tabindex="-1"></a>
 <div class="layout-content"><div class="region region-content">
{page_title}
  <div id="block-smo-content" class="block block-system block-system-main-block">
{content}
  </div>
 </div></div>
 <aside class="layout-sidebar-first" role="complementary"><div class="region region-sidebar-first">
  <div class="views-element-container block block-views block-views-blockdrugie-novosti-block-1" id="block-smo-views-block-drugie-novosti">
   <h2>Другие новости</h2><div><div class="view view-drugie-novosti view-id-drugie_novosti view-display-id-block_1 js-view-dom-id-{token(DR, 'other', length=64)}">
   <div class="view-content"><div class="item-list"><ul>{others}</ul></div></div>
   <div class="more-link"><a href="/news">Все новости</a></div></div></div></div>
  <nav role="navigation" class="block block-taxonomy-menu" id="block-smo-rubriki"><h2>Рубрики</h2><ul class="menu">{terms}</ul></nav>
  <div class="block block-block-content" id="block-smo-partners"><h2>Партнёры</h2>
   <ul><li><a href="https://kurganobl.ru/">Правительство Курганской области</a></li><li><a href="https://www.kurganoblduma.ru/">Курганская областная Дума</a></li>
   <li><a href="https://okmo.news/">Общероссийский конгресс муниципальных образований</a></li></ul></div>
 </div></aside>
</main>
<footer role="contentinfo" class="site-footer"><div class="region region-footer">
 <nav role="navigation" aria-labelledby="block-smo-footer-menu" id="block-smo-footer" class="block block-menu navigation menu--footer">
  <h2 class="visually-hidden" id="block-smo-footer-menu">Нижний колонтитул</h2>
  <ul class="menu"><li class="menu-item"><a href="/o-sovete">О Совете</a></li><li class="menu-item"><a href="/kontakty">Контакты</a></li>
  <li class="menu-item"><a href="/contact" data-drupal-link-system-path="contact">Обратная связь</a></li></ul></nav>
 <div class="block block-block-content"><p>© 2009–2026 Ассоциация «{e(DR_ORG)}». 640000, г. Курган, ул. Гоголя, д. 00.</p></div>
 <a href="{{{{ORIGIN}}}}/rss.xml" class="feed-icon">Подписаться на {e(DR_ORG)}</a>
 <div id="block-smo-powered" class="block block-system block-system-powered-by-block"><span>Работает на <a href="https://www.drupal.org">Drupal</a></span></div>
</div></footer>
</div>
</div>
<script src="/core/assets/vendor/jquery/jquery.min.js?v=3.7.1"></script>
<script src="/sites/default/files/js/js_{token(DR, 'js2', length=43)}.js?scope=footer&amp;delta=1&amp;language=ru&amp;theme=smo&amp;include=eJxLzs8tyM9LzSvRT8rPzy4pSk0u0U_OzytJzSsBAHn3CXk"></script>
{metrika(67812345)}
</body>
</html>
"""


def dr_article(story: Story) -> str:
    tags = "".join(f'<div class="field__item"><a href="/taxonomy/term/{tid}" hreflang="ru">{e(name)}</a></div>'
                   for tid, name in DR_TERMS[story.id])
    form_build = token(DR, story.id, "form", length=43)
    content = f"""<article data-history-node-id="{story.id}" class="node node--type-article node--promoted node--view-mode-full">
 <footer class="node__meta"><div class="node__submitted">Опубликовано <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span>пресс-служба</span></span>
  <span class="field field--name-created field--type-created field--label-hidden">{dr_time(story)}</span></div></footer>
 <div class="node__content">
  <div class="field field--name-field-image field--type-image field--label-hidden field__item">
   <img loading="lazy" src="/sites/default/files/styles/large/public/{story.when[0]}-{story.when[1]:02d}/{token(story.slug)}.jpg?itok={token(story.id, 'itok', length=8)}" width="480" height="320" alt="" /></div>
  <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{paragraphs_html(story)}</div>
  <div class="field field--name-field-tags field--type-entity-reference field--label-above clearfix"><h3 class="field__label">Теги</h3>
   <ul class="links field__items">{tags.replace('<div class="field__item">', '<li>').replace('</a></div>', '</a></li>')}</ul></div>
  <div class="share-links">Поделиться: <a href="https://vk.com/share.php?url={{{{ORIGIN}}}}{T.drupal_path(story)}" target="_blank">ВКонтакте</a>
   <a href="https://connect.ok.ru/offer?url={{{{ORIGIN}}}}{T.drupal_path(story)}" target="_blank">Одноклассники</a>
   <a href="https://t.me/share/url?url={{{{ORIGIN}}}}{T.drupal_path(story)}" target="_blank">Telegram</a></div>
  <section class="comments">
   <h2 class="title comment-form__title">Добавить комментарий</h2>
   <form class="comment-comment-form comment-form" data-drupal-selector="comment-form" action="/comment/reply/node/{story.id}/comment" method="post" id="comment-form" accept-charset="UTF-8">
    <div class="js-form-item form-item js-form-type-textfield form-item-name js-form-item-name"><label for="edit-name">Ваше имя</label>
     <input data-drupal-default-value="Гость" data-drupal-selector="edit-name" type="text" id="edit-name" name="name" value="" size="30" maxlength="60" class="form-text" /></div>
    <div class="field--type-text-long field--name-comment-body field--widget-text-textarea js-form-wrapper form-wrapper" data-drupal-selector="edit-comment-body-wrapper" id="edit-comment-body-wrapper">
     <div class="js-form-item form-item js-form-type-textarea form-item-comment-body-0-value js-form-item-comment-body-0-value"><label for="edit-comment-body-0-value" class="js-form-required form-required">Комментарий</label>
     <div class="form-textarea-wrapper"><textarea class="js-text-full text-full form-textarea required" data-drupal-selector="edit-comment-body-0-value" id="edit-comment-body-0-value" name="comment_body[0][value]" rows="5" cols="60" required="required" aria-required="true"></textarea></div></div></div>
    <input autocomplete="off" data-drupal-selector="form-{form_build}" type="hidden" name="form_build_id" value="form-{form_build}" />
    <input data-drupal-selector="edit-comment-comment-form" type="hidden" name="form_id" value="comment_comment_form" />
    <div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper" id="edit-actions--2"><input data-drupal-selector="edit-submit" type="submit" id="edit-submit--2" name="op" value="Сохранить" class="button button--primary js-form-submit form-submit" />
    <input data-drupal-selector="edit-preview" type="submit" id="edit-preview" name="op" value="Предпросмотр" class="button js-form-submit form-submit" /></div>
   </form>
  </section>
 </div>
</article>"""
    return dr_page(story.title, content, node=story, path_class="path-node",
                   crumbs=(("/", "Главная"), ("/news", "Новости")))


def dr_row(story: Story) -> str:
    path = T.drupal_path(story)
    return f"""<div class="views-row">
 <div class="views-field views-field-created"><span class="field-content">{dr_time(story)}</span></div>
 <div class="views-field views-field-title"><span class="field-content"><a href="{path}" hreflang="ru">{e(story.title)}</a></span></div>
 <div class="views-field views-field-body"><div class="field-content"><p>{e(preview(story, 200))}</p></div></div>
 <div class="views-field views-field-view-node"><span class="field-content"><a href="{path}" hreflang="ru">Подробнее<span class="visually-hidden"> о {e(story.title)}</span></a></span></div>
</div>"""


def dr_pager(page: int, pages: int) -> str:
    """Drupal's full pager: zero-based ?page=N, relative hrefs, «‹‹ Первая» / «›› Последняя»."""
    items = []
    if page > 0:
        items.append('<li class="pager__item pager__item--first"><a href="?page=0" title="Перейти на первую страницу">'
                     '<span class="visually-hidden">Первая страница</span><span aria-hidden="true">‹‹ Первая</span></a></li>')
        items.append(f'<li class="pager__item pager__item--previous"><a href="?page={page - 1}" title="Перейти на предыдущую страницу" rel="prev">'
                     '<span class="visually-hidden">Предыдущая страница</span><span aria-hidden="true">‹ Предыдущая</span></a></li>')
    for n in range(pages):
        if n == page:
            items.append(f'<li class="pager__item is-active"><a href="?page={n}" title="Текущая страница" aria-current="page">'
                         f'<span class="visually-hidden">Текущая страница</span>{n + 1}</a></li>')
        else:
            items.append(f'<li class="pager__item"><a href="?page={n}" title="Перейти на страницу {n + 1}">'
                         f'<span class="visually-hidden">Страница</span>{n + 1}</a></li>')
    if page < pages - 1:
        items.append(f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" title="Перейти на следующую страницу" rel="next">'
                     '<span class="visually-hidden">Следующая страница</span><span aria-hidden="true">Следующая ›</span></a></li>')
        items.append(f'<li class="pager__item pager__item--last"><a href="?page={pages - 1}" title="Перейти на последнюю страницу">'
                     '<span class="visually-hidden">Последняя страница</span><span aria-hidden="true">›› Последняя</span></a></li>')
    return ('<nav class="pager" role="navigation" aria-labelledby="pagination-heading"><h4 id="pagination-heading" class="visually-hidden">'
            f'Постраничная навигация</h4><ul class="pager__items js-pager__items">{"".join(items)}</ul></nav>')


def dr_teaser(story: Story) -> str:
    path = T.drupal_path(story)
    return f"""<article data-history-node-id="{story.id}" class="node node--type-article node--promoted node--view-mode-teaser">
 <h2><a href="{path}" rel="bookmark"><span class="field field--name-title field--type-string field--label-hidden">{e(story.title)}</span></a></h2>
 <footer class="node__meta"><div class="node__submitted">Опубликовано <span>пресс-служба</span> <span class="field field--name-created field--type-created field--label-hidden">{dr_time(story)}</span></div></footer>
 <div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item"><p>{e(preview(story, 260))}</p></div>
 <ul class="links inline"><li class="node-readmore"><a href="{path}" rel="tag" title="{e(story.title)}" hreflang="ru">Подробнее<span class="visually-hidden"> о {e(story.title)}</span></a></li></ul></div>
</article>"""


def build_drupal() -> None:
    stories = T.DRUPAL_STORIES
    pages = T.chunks(stories, T.DRUPAL_PER_PAGE, T.DRUPAL_PER_PAGE)
    dom = token(DR, "news-view", length=64)
    for n, chunk in enumerate(pages):
        rows = "\n".join(dr_row(s) for s in chunk)
        view = (f'<div class="views-element-container"><div class="view view-news view-id-news view-display-id-page_1 js-view-dom-id-{dom}">'
                f'<div class="view-header"><p>Новости Ассоциации и муниципальных образований Курганской области</p></div>'
                f'<div class="view-content">\n{rows}\n</div>{dr_pager(n, len(pages))}'
                f'<div class="feed-icons"><a href="{{{{ORIGIN}}}}/rss.xml" class="feed-icon">Подписаться на Новости</a></div></div></div>')
        write(DR, "/news" if n == 0 else f"/news?page={n}", dr_page("Новости", view, path_class="path-news"))
    for story in stories:
        page = dr_article(story)
        write(DR, T.drupal_path(story), page)
        write(DR, T.drupal_node_path(story), page)  # Drupal answers the system path too (same page, same canonical)
    for tid, name in T.DRUPAL_TERMS:
        chosen = [s for s in stories if any(t == tid for t, _ in DR_TERMS[s.id])]
        content = (f'<div class="views-element-container"><div class="view view-taxonomy-term view-id-taxonomy_term view-display-id-page_1">'
                   f'<div class="view-header"><div id="taxonomy-term-{tid}" class="taxonomy-term vocabulary-tags"></div></div>'
                   f'<div class="view-content">{"".join(f"<div class=views-row>{dr_teaser(s)}</div>" for s in chosen)}</div></div></div>')
        write(DR, f"/taxonomy/term/{tid}", dr_page(name, content, path_class="path-taxonomy"))
    front = "".join(dr_teaser(s) for s in stories[:3]) + '<div class="more-link"><a href="/news">Все новости</a></div>'
    write(DR, "/", dr_page(DR_ORG, front, h1=False))
    for path, title in T.SERVICE_PAGES[DR]:
        if path in ("/user/login", "/contact", "/search/node"):
            content = (f'<form class="user-login-form" action="{path}" method="post"><label>Имя пользователя <input name="name"></label>'
                       '<label>Пароль <input type="password" name="pass"></label><input type="submit" value="Войти"></form>'
                       if path == "/user/login" else
                       f'<form action="{path}" method="{"get" if path == "/search/node" else "post"}"><label>Сообщение <textarea name="message[0][value]"></textarea></label>'
                       '<input type="submit" value="Отправить"></form>')
        else:
            content = (f'<article class="node node--type-page node--view-mode-full"><div class="node__content"><div class="clearfix text-formatted field '
                       f'field--name-body field--type-text-with-summary field--label-hidden field__item">{service_text(title, DR_ORG)}</div></div></article>')
        write(DR, path, dr_page(title, content, path_class="path-node page-node-type-page"))
    items = "".join(f"""  <item>
    <title>{e(s.title)}</title>
    <link>{{{{ORIGIN}}}}{T.drupal_path(s)}</link>
    <description>{e(paragraphs_html(s))}</description>
    <pubDate>{rfc822(s.when, '+0500')}</pubDate>
    <dc:creator>пресс-служба</dc:creator>
    <guid isPermaLink="false">{s.id} at {{{{ORIGIN}}}}</guid>
  </item>
""" for s in stories[:T.DRUPAL_FEED_SIZE])
    write(DR, "/rss.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xml:base="{{{{ORIGIN}}}}/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{e(DR_ORG)}</title>
    <link>{{{{ORIGIN}}}}/</link>
    <description></description>
    <language>ru</language>
{items}  </channel>
</rss>
""")
    write(DR, "/robots.txt", "#\n# robots.txt\n#\n# This file is to prevent the crawling and indexing of certain parts\n"
          "# of your site by web crawlers and spiders run by sites like Yahoo!\n# and Google.\n\nUser-agent: *\n"
          "# CSS, JS, Images\nAllow: /core/*.css$\nAllow: /core/*.css?\nAllow: /core/*.js$\nAllow: /core/*.js?\n"
          "Allow: /core/*.gif\nAllow: /core/*.jpg\nAllow: /core/*.png\nAllow: /core/*.svg\n# Directories\nDisallow: /core/\n"
          "Disallow: /profiles/\n# Files\nDisallow: /README.md\nDisallow: /web.config\n# Paths (clean URLs)\nDisallow: /admin/\n"
          "Disallow: /comment/reply/\nDisallow: /filter/tips\nDisallow: /node/add/\nDisallow: /search/\nDisallow: /user/register\n"
          "Disallow: /user/password\nDisallow: /user/login\nDisallow: /user/logout\nDisallow: /media/oembed\n"
          "# Paths (no clean URLs)\nDisallow: /index.php/admin/\nDisallow: /index.php/comment/reply/\nDisallow: /index.php/filter/tips\n"
          "Disallow: /index.php/node/add/\nDisallow: /index.php/search/\nDisallow: /index.php/user/password\n"
          "Disallow: /index.php/user/register\nDisallow: /index.php/user/login\nDisallow: /index.php/user/logout\n")
    write_json(DR, "_site.json", {"header_charset": "UTF-8",
                                  "faults": {"/rss.xml": {"content_type": "application/rss+xml; charset=utf-8"}}})


# == tilda ===================================================================================

TL = "tilda"
TL_ORG = "Совет муниципальных образований Самарской области"
TL_PROJECT = 7654321
TL_MENU = (("/", "Главная"), ("/about", "О Совете"), ("/members", "Члены Совета"), ("/news", "Новости"),
           ("/shkola-starost", "Школа старост"), ("/projects", "Проекты"), ("/documents", "Документы"),
           ("/contacts", "Контакты"))
TL_TAGS = ("Старосты", "ТОС", "Обучение", "Лучшие практики")


def tl_rec(kind: int, inner: str, key: str, pad: str = "t-rec_pt_30 t-rec_pb_30") -> str:
    rec = number(TL, key, low=600000000, high=699999999)
    return (f'<div id="rec{rec}" class="r t-rec {pad}" style=" " data-animationappear="off" data-record-type="{kind}">'
            f"\n{inner}\n</div>")


def tl_menu() -> str:
    items = "".join(f'<li class="t228__list_item" style="padding:0 15px;"><a class="t-menu__link-item" href="{h}" '
                    f'data-menu-submenu-hook="" data-menu-item-number="{i}">{e(t)}</a></li>'
                    for i, (h, t) in enumerate(TL_MENU, 1))
    return tl_rec(257, f"""<!-- T228 -->
<div id="nav{number(TL, 'nav', low=600000000, high=699999999)}marker"></div>
<div class="t228__mobile"><div class="t228__mobile_container"><div class="t228__mobile_text t-name t-name_md" field="menu_mob_title">&nbsp;</div>
<button type="button" class="t228__burger t-menuburger t-menuburger_first" aria-label="Навигационное меню" aria-expanded="false"><span></span><span></span><span></span><span></span></button></div></div>
<div id="nav" class="t228 t228__positionstatic" style="background-color: rgba(255,255,255,1); height:80px;" data-bgcolor-hex="#ffffff" data-navmarker="nav">
<div class="t228__maincontainer" style="height:80px;">
<div class="t228__padding40px"></div>
<div class="t228__leftside"><div class="t228__leftcontainer"><a href="/" class="t228__imgwrapper"><img class="t228__imglogo t228__imglogomobile" src="https://static.tildacdn.com/tild{token(TL, 'logo', length=4)}-{token(TL, 'logo2', length=4)}/logo.svg" imgfield="img" style="max-width: 160px; width: 160px; min-width: 160px; height: auto; display: block;" alt="{e(TL_ORG)}"></a></div></div>
<div class="t228__centerside"><nav class="t228__centercontainer"><ul role="list" class="t228__list t-menu__list t228__list_hidden">{items}</ul></nav></div>
<div class="t228__rightside"><div class="t228__rightcontainer">
<div class="t228__right_buttons"><div class="t228__right_buttons_wrap"><div class="t228__right_buttons_but"><a href="#bvi" target="" class="t-btn t-btn_md bvi-open" style="color:#ffffff;background-color:#1b4d8c;border-radius:5px;"><table role="presentation" style="width:100%; height:100%;"><tr><td>Версия для слабовидящих</td></tr></table></a></div></div></div>
<div class="t-sociallinks"><ul role="list" class="t-sociallinks__wrapper" aria-label="Соц. сети">
<li class="t-sociallinks__item t-sociallinks__item_vk"><a href="https://vk.com/smo_samara" target="_blank" rel="nofollow" aria-label="vk">VK</a></li>
<li class="t-sociallinks__item t-sociallinks__item_telegram"><a href="https://t.me/smo_samara" target="_blank" rel="nofollow" aria-label="telegram">Telegram</a></li>
<li class="t-sociallinks__item t-sociallinks__item_ok"><a href="https://ok.ru/smosamara" target="_blank" rel="nofollow" aria-label="ok">OK</a></li></ul></div>
</div></div>
<div class="t228__padding40px"></div>
</div></div>
<script type="text/javascript">t_onReady(function() {{ t_onFuncLoad('t228_setWidth', function () {{ t228_setWidth('nav'); }}); }});</script>""", "menu", "t-rec_pt_0 t-rec_pb_0")


def tl_footer() -> str:
    links = ('<a href="https://www.samregion.ru/" target="_blank">Правительство Самарской области</a> · '
             '<a href="https://www.samgd.ru/" target="_blank">Самарская Губернская Дума</a> · '
             '<a href="https://okmo.news/" target="_blank">ОКМО</a> · <a href="https://www.gosuslugi.ru/" target="_blank">Госуслуги</a>')
    footer = tl_rec(345, f"""<!-- T345 -->
<div class="t345" id="footer_{number(TL, 'footer', low=100000, high=999999)}">
<div class="t345-wrapper" style="height:120px; background-color:#1b4d8c;"><div class="t345-container t-container">
<div class="t345-col t-col t-col_12"><div class="t345-content"><div class="t345-text t-descr t-descr_xxs" field="text" style="color:#ffffff;">© 2026 {e(TL_ORG)}<br />443006, г. Самара, ул. Молодогвардейская, д. 00 · <a href="/about" style="color:#ffffff;">О Совете</a> · <a href="/contacts" style="color:#ffffff;">Контакты</a> · <a href="/documents" style="color:#ffffff;">Документы</a><br />{links}</div></div></div>
</div></div></div>""", "footer")
    cookie = tl_rec(657, """<!-- T657 -->
<div class="t657 t657__hidden" data-storage-item="t657cookiename">
<div class="t657__wrapper t-align_left" style="background-color:#ffffff;"><div class="t657__text t-descr t-descr_xxs" field="text">Мы используем файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь с <a href="/documents" style="color:#1b4d8c;">политикой обработки персональных данных</a>.</div>
<button class="t657__btn t-btn t-btn_sm" type="button" style="color:#ffffff;background-color:#1b4d8c;"><span class="t657__btn-text">Хорошо</span></button></div></div>
<script>t_onReady(function () { t_onFuncLoad('t657_init', function () { t657_init('657'); }); });</script>""", "cookie", "t-rec_pt_0 t-rec_pb_0")
    return footer + "\n" + cookie


def tl_page(title: str, records: str, alias: str, canonical: str = "", description: str = "") -> str:
    page_id = number(TL, alias, low=40000000, high=49999999)
    canonical_tag = f'<link rel="canonical" href="{{{{ORIGIN}}}}{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<!--metatextblock-->
<title>{e(title)}</title>
<meta name="description" content="{e(description or TL_ORG)}" />
<meta property="og:url" content="{{{{ORIGIN}}}}{canonical or '/' + alias}" />
<meta property="og:title" content="{e(title)}" />
<meta property="og:description" content="{e(description)}" />
<meta property="og:type" content="website" />
<meta property="og:image" content="https://static.tildacdn.com/tild{token(TL, alias, 'og', length=4)}-3530-4133-b035-{token(TL, alias, length=12)}/cover.jpg" />
{canonical_tag}
<!--/metatextblock-->
<meta name="format-detection" content="telephone=no" />
<meta http-equiv="x-dns-prefetch-control" content="on">
<link rel="dns-prefetch" href="https://ws.tildacdn.com">
<link rel="dns-prefetch" href="https://static.tildacdn.com">
<link rel="shortcut icon" href="https://static.tildacdn.com/tild6438-3563-4161-a339-{token(TL, 'fav', length=12)}/favicon.ico" type="image/x-icon" />
<!-- Assets -->
<script src="https://neo.tildacdn.com/js/tilda-fallback-1.0.min.js" async charset="utf-8"></script>
<link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-grid-3.0.min.css" type="text/css" media="all" onerror="this.loaderr='y';"/>
<link rel="stylesheet" href="https://static.tildacdn.com/ws/project{TL_PROJECT}/tilda-blocks-page{page_id}.min.css?t=1731571200" type="text/css" media="all" onerror="this.loaderr='y';" />
<link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-animation-2.0.min.css" type="text/css" media="all" onerror="this.loaderr='y';" />
<link rel="stylesheet" href="https://static.tildacdn.com/css/tilda-feed-1.0.min.css" type="text/css" media="all" onerror="this.loaderr='y';" />
<script nomodule src="https://static.tildacdn.com/js/tilda-polyfill-1.0.min.js" charset="utf-8"></script>
<script type="text/javascript">function t_onReady(func) {{if (document.readyState != 'loading') {{func();}} else {{document.addEventListener('DOMContentLoaded', func);}}}}
function t_onFuncLoad(funcName, okFunc, time) {{if (typeof window[funcName] === 'function') {{okFunc();}} else {{setTimeout(function() {{t_onFuncLoad(funcName, okFunc, time);}},(time || 100));}}}}</script>
<script src="https://static.tildacdn.com/js/tilda-scripts-3.0.min.js" charset="utf-8" defer onerror="this.loaderr='y';"></script>
<script src="https://static.tildacdn.com/ws/project{TL_PROJECT}/tilda-blocks-page{page_id}.min.js?t=1731571200" charset="utf-8" async onerror="this.loaderr='y';"></script>
<script src="https://static.tildacdn.com/js/tilda-feed-1.0.min.js" charset="utf-8" async onerror="this.loaderr='y';"></script>
<script src="https://static.tildacdn.com/js/tilda-menu-1.0.min.js" charset="utf-8" async onerror="this.loaderr='y';"></script>
<script type="text/javascript">window.dataLayer = window.dataLayer || [];</script>
</head>
<body class="t-body" style="margin:0;">
<!--allrecords-->
<div id="allrecords" class="t-records" data-hook="blocks-collection-content-node" data-tilda-project-id="{TL_PROJECT}" data-tilda-page-id="{page_id}" data-tilda-page-alias="{alias}" data-tilda-formskey="{token(TL, 'forms', length=32)}" data-tilda-lazy="yes" data-tilda-root-zone="com">
{tl_menu()}
{records}
{tl_footer()}
</div>
<!--/allrecords-->
<!-- Tilda copyright. Don't remove this line --><div class="t-tildalabel " id="tildacopy" data-tilda-sign="{TL_PROJECT}#{page_id}"><a href="https://tilda.cc/?upm={TL_PROJECT}" class="t-tildalabel__link"><div class="t-tildalabel__wrapper"><div class="t-tildalabel__txtleft">Made on </div><div class="t-tildalabel__wrapimg"><img src="https://static.tildacdn.com/img/tildacopy.png" class="t-tildalabel__img" fetchpriority="low" alt=""></div><div class="t-tildalabel__txtright">Tilda</div></div></a></div>
<!-- Stat -->
{metrika(78123456)}
<script type="text/javascript">if (! window.mainTracker) {{ window.mainTracker = 'tilda'; }} setTimeout(function(){{ (function (d, w, k, o, g) {{ var n=d.getElementsByTagName(o)[0],s=d.createElement(o),f=function(){{n.parentNode.insertBefore(s,n);}}; s.type = "text/javascript"; s.async = true; s.key = k; s.id = "tildastatscript"; s.src=g; if (w.opera=="[object Opera]") {{d.addEventListener("DOMContentLoaded", f, false);}} else {{ f(); }} }})(document, window, '{token(TL, 'stat', length=32)}','script','https://static.tildacdn.com/js/tilda-stat-1.0.min.js'); }}, 2000);</script>
</body>
</html>
"""


def tl_title_rec(title: str, descr: str, key: str) -> str:
    return tl_rec(30, f"""<!-- T030 -->
<div class="t030"><div class="t-container t-align_center"><div class="t-col t-col_10 t-prefix_1">
<div class="t030__title t-title t-title_xxs" field="title">{e(title)}</div>
<div class="t030__descr t-descr t-descr_md" field="descr">{e(descr)}</div>
</div></div></div>""", key)


def tl_text_rec(html: str, key: str) -> str:
    return tl_rec(106, f"""<!-- T004 -->
<div class="t004"><div class="t-container "><div class="t-col t-col_8 t-prefix_2">
<div field="text" class="t-text t-text_md ">{html}</div>
</div></div></div>""", key)


def tl_feed_item(story: Story, css: str = "t-feed__post t-item t-width t-feed__grid-col t-col t-col_4 t-align_left") -> str:
    uid = story.slug.split("-", 1)[0]
    return f"""<li class="{css} js-feed-post" data-post-uid="{uid}">
<div class="t-feed__col-grid__post-wrapper"><a class="t-feed__link" href="{{{{ORIGIN}}}}{T.tilda_path(story)}">
<div class="t-feed__post-imgwrapper t-feed__post-imgwrapper_beforeopen"><div class="t-feed__post-bgimg t-bgimg js-feed-post-image" data-original="https://static.tildacdn.com/tild{token(uid, length=4)}-6331-4035-b265-{token(uid, 'img', length=12)}/photo.jpg" style="background-image:url('https://thb.tildacdn.com/tild{token(uid, length=4)}-6331-4035-b265-{token(uid, 'img', length=12)}/-/resize/20x/photo.jpg');"></div></div>
<div class="t-feed__textwrapper">
<div class="t-feed__post-title t-name t-name_xs js-feed-post-title">{e(story.title)}</div>
<div class="t-feed__post-descr t-descr t-descr_xxs js-feed-post-descr">{e(preview(story, 140))}</div>
<div class="t-feed__post-parts-date-row"><span class="t-feed__post-date t-uptitle t-uptitle_xs js-feed-post-date">{dmy(story.when)}</span></div>
</div></a></div>
</li>"""


def tl_feed_rec(stories: tuple[Story, ...], key: str, show_more: bool) -> str:
    feed_uid = number(TL, "feeduid", low=100000000000, high=999999999999)
    rec = number(TL, key, low=600000000, high=699999999)
    items = "\n".join(tl_feed_item(s) for s in stories)
    more = ('<div class="t-feed__showmore-btn-wrapper"><button type="button" class="t-feed__showmore-btn t-btn t-btn_md js-feed-btn-show-more" '
            'style="color:#ffffff;background-color:#1b4d8c;border-radius:5px;">Загрузить ещё</button></div>') if show_more else ""
    return tl_rec(1003, f"""<!-- FD201 -->
<div class="t-feed" data-feed-grid-type="col" data-feed-uid="{feed_uid}" data-feed-recid="{rec}">
<div class="t-feed__container t-container js-feed-container" data-feed-show-count="{T.TILDA_SHOWN}" data-feed-show-slice="1">
<ul role="list" class="t-feed__container t-feed__grid-cont js-feed-container">
{items}
</ul>
{more}
</div></div>
<script type="text/javascript">t_onReady(function () {{ t_onFuncLoad('t_feed_init', function () {{
  t_feed_init('{rec}', {{"feeduid": "{feed_uid}", "previewmode": "yes", "align": "left", "amountOfPosts": "{T.TILDA_SHOWN}", "reverse": "desc",
   "blocksInRow": "3", "blocksClass": "t-feed__grid-col", "blocksWidth": "", "colClass": "", "prefixClass": "", "vindent": "",
   "dateFormat": "4", "timeFormat": "", "imageRatio": "75", "hasOriginalAspectRatio": false, "imageHeight": "", "imageWidth": "",
   "dateFilter": "all", "showPartAll": true, "showImage": true, "showShortDescr": true, "showParts": false, "showDate": true,
   "hideFeedParts": false, "parts_opts": {{"partsBgColor": "#ffffff", "partsBorderSize": "1px", "partsBorderColor": "#000000", "align": "center"}},
   "btnsAlign": false, "colWithBg": {{"paddingSize": "", "background": "", "borderRadius": "", "shadowSize": "", "shadowOpacity": "", "shadowSizeHover": "", "shadowOpacityHover": "", "shadowShiftyHover": ""}},
   "separator": {{"height": "", "color": "", "opacity": "", "hideSeparator": false}}, "btnAllPostsText": "Загрузить ещё",
   "popup_opts": {{"isPopup": false, "overlayBgColorRgba": "rgba(255,255,255,1)", "closeText": "", "iconColor": "#000000", "popupBgColor": "#ffffff", "popupStat": "", "titleColor": "", "textColor": "", "subtitleColor": "", "datePos": "aftertext", "partsPos": "aftertext", "imagePos": "aftertitle", "inTwoColumns": false, "zoom": false, "styleRelevants": "cols", "methodRelevants": "random", "titleRelevants": "Читайте также", "showRelevants": "cols", "titleFontFamily": "", "descrFontFamily": "", "subtitleFontFamily": "", "shareStyle": "t-feed__share_black-white", "shareBg": "", "isShare": true, "shareServices": "vkontakte,telegram,odnoklassniki", "shareFBToken": "", "showDate": true}},
   "gallery": {{"control": "", "arrowSize": "", "arrowBorderSize": "", "arrowColor": "", "arrowColorHover": "", "arrowBg": "", "arrowBgHover": "", "arrowBgOpacity": "", "arrowBgOpacityHover": "", "showBorder": "", "dotsWidth": "", "dotsBg": "", "dotsActiveBg": "", "dotsBorderSize": ""}},
   "amountOfSymbols": "", "bbtnStyle": "color:#ffffff;background-color:#1b4d8c;border-radius:5px;", "btnStyle": "color:#000000;border:1px solid #000000;", "btnTextColor": "#000000", "btnType": "", "btnSize": "sm", "btnText": "Подробнее", "btnReadMore": "", "isHorizOnMob": false, "itemsAnim": "", "datePosPs": "beforetitle", "partsPosPs": "beforetitle", "imagePosPs": "beforetitle", "datePos": "afterdescr", "partsPos": "onimage", "imagePos": "beforetitle"}});
}}); }});</script>""", key)


def tl_post(story: Story, index: int) -> str:
    stories = T.TILDA_STORIES
    uid = story.slug.split("-", 1)[0]
    lead, rest = story.paragraphs[0], story.paragraphs[1:]
    cut = story.subheading_at - 1
    before = "<br /><br />".join(e(p) for p in rest[:cut])
    after = "<br /><br />".join(e(p) for p in rest[cut:])
    relevants = [stories[(index + k) % len(stories)] for k in (1, 2)]
    rel_items = "\n".join(tl_feed_item(s, "t-feed__post-popup__relevants-item t-col t-col_4 t-item") for s in relevants)
    tag = TL_TAGS[index % len(TL_TAGS)]
    path = T.tilda_path(story)
    record = tl_rec(1017, f"""<!-- feed post -->
<div class="t-feed__post-popup t-popup t-popup_show t-feed__post-popup_static" data-feed-popup-postuid="{uid}">
<div class="t-feed__post-popup__container t-container t-popup__container t-popup__container-static" itemscope itemtype="https://schema.org/BlogPosting">
<div class="t-feed__post-popup__content-wrapper"><div class="t-feed__post-popup__content t-col t-col_8">
<div class="t-feed__post-popup__date-parts-wrapper t-feed__post-popup__date-parts-wrapper_beforetitle">
<span class="t-feed__post-popup__date-wrapper"><span class="js-feed-post-date t-feed__post-popup__date t-uptitle t-uptitle_sm">{dmy(story.when)}</span></span>
<span class="t-feed__post-popup__tag"><span class="t-uptitle t-uptitle_xs">{e(tag)}</span></span></div>
<h1 class="js-feed-post-title t-feed__post-popup__title t-title t-title_xs" itemprop="headline">{e(story.title)}</h1>
<div class="t-feed__post-popup__cover-wrapper t-feed__post-popup__cover-wrapper_aftertitle"><img src="https://static.tildacdn.com/tild{token(uid, length=4)}-6331-4035-b265-{token(uid, 'img', length=12)}/photo.jpg" class="js-feed-post-image t-feed__post-popup__img t-img" alt="" itemprop="image"></div>
<div class="t-feed__post-popup__descr-wrapper"><div class="js-feed-post-descr t-feed__post-popup__descr t-descr t-descr_md" itemprop="description">{e(lead)}</div></div>
<div id="feed-text" class="r t-feed__post-popup__text-wrapper" data-animationappear="off">
<div class="js-feed-post-text t-feed__post-popup__text t-text t-text_md" itemprop="articleBody"><section><div class="t-redactor__text">{before}</div><h2 class="t-redactor__h2">{e(story.subheading or "")}</h2><div class="t-redactor__text">{after}</div></section></div>
</div>
<div class="t-feed__share-container"><div class="t-feed__share t-feed__share_black-white t-feed__share_left">
<a class="t-feed__share-item t-feed__share-item_vk" href="https://vk.com/share.php?url={{{{ORIGIN}}}}{path}" target="_blank" rel="nofollow">ВКонтакте</a>
<a class="t-feed__share-item t-feed__share-item_telegram" href="https://t.me/share/url?url={{{{ORIGIN}}}}{path}" target="_blank" rel="nofollow">Telegram</a>
<a class="t-feed__share-item t-feed__share-item_ok" href="https://connect.ok.ru/offer?url={{{{ORIGIN}}}}{path}" target="_blank" rel="nofollow">Одноклассники</a></div></div>
</div></div>
<div class="t-feed__post-popup__relevants-wrapper"><div class="t-feed__post-popup__relevants-title t-name t-name_xl">Читайте также</div>
<ul role="list" class="t-feed__post-popup__relevants-container js-feed-relevants-container">
{rel_items}
</ul></div>
<div class="t-feed__post-popup__back"><a class="t-btn t-btn_sm" href="/news">Все новости</a></div>
</div></div>""", f"post-{uid}", "t-rec_pt_60 t-rec_pb_60")
    return tl_page(f"{story.title}", record, "tpost", canonical=path, description=preview(story, 200))


def build_tilda() -> None:
    stories = T.TILDA_STORIES
    news = (tl_title_rec("Новости", "Новости Совета муниципальных образований Самарской области", "news-title")
            + "\n" + tl_feed_rec(stories[:T.TILDA_SHOWN], "news-feed", show_more=True))
    write(TL, "/news", tl_page(f"Новости — {TL_ORG}", news, "news"))
    for i, story in enumerate(stories):
        write(TL, T.tilda_path(story), tl_post(story, i))
    home = (tl_rec(205, f"""<!-- T205 -->
<div class="t-cover" id="recorddiv" bgimgfield="img" style="height:60vh;"><div class="t-cover__carrier" data-content-cover-id="cover" style="height:60vh;background-position:center center;"></div>
<div class="t-container"><div class="t-width t-width_10"><div class="t205__title t-title t-title_lg" field="title">{e(TL_ORG)}</div>
<div class="t205__descr t-descr t-descr_xl" field="descr">Ассоциация муниципальных районов, городских округов и поселений Самарской области</div></div></div></div>""", "cover")
            + "\n" + tl_title_rec("Последние новости", "", "home-news") + "\n" + tl_feed_rec(stories[:3], "home-feed", show_more=False)
            + "\n" + tl_text_rec('<a href="/news" style="color:#1b4d8c;">Все новости →</a>', "home-more"))
    write(TL, "/", tl_page(TL_ORG, home, "index"))
    for path, title in T.SERVICE_PAGES[TL]:
        records = tl_title_rec(title, "", f"svc-{path}") + "\n" + tl_text_rec(
            service_text(title, TL_ORG).replace("<p>", "").replace("</p>\n", "<br /><br />").replace("</p>", ""), f"svc-text-{path}")
        write(TL, path, tl_page(f"{title} — {TL_ORG}", records, path.strip("/")))
    urls = [("/", "2025-11-14"), ("/news", "2025-11-14"), *((p, "2025-06-01") for p, _ in T.SERVICE_PAGES[TL]),
            *((T.tilda_path(s), T.ymd(s)) for s in stories)]
    body = "".join(f"<url><loc>{{{{ORIGIN}}}}{p}</loc><lastmod>{d}</lastmod></url>" for p, d in urls)
    write(TL, "/sitemap.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n')
    write(TL, "/robots.txt", "User-agent: *\nDisallow: /tilda/form1/\nDisallow: /tilda/popup/\nDisallow: /members/login\n"
          "Sitemap: {{ORIGIN}}/sitemap.xml\n")
    write_json(TL, "_site.json", {"header_charset": "utf-8", "faults": {}})


# == regional ================================================================================

RG = "regional"
RG_PORTAL = "Портал органов власти Челябинской области"
RG_SECTION = "Совет муниципальных образований Челябинской области"
RG_MINISTRIES = T.REGIONAL_MINISTRIES
RG_MUNICIPALITIES = T.REGIONAL_MUNICIPALITIES
RG_SECTION_MENU = (("/ministry/smo/", "О разделе"), ("/ministry/smo/about/", "О Совете"), ("/ministry/smo/members/", "Члены Совета"),
                   ("/ministry/smo/presidium/", "Президиум"), ("/ministry/smo/documents/", "Документы"),
                   ("/ministry/smo/news/", "Новости"), ("/ministry/smo/contacts/", "Контакты"))
RG_OLD_HOST = "http://old.gov74.example"


def rg_date(when: tuple[int, ...]) -> str:
    return f"{long_date(when)}, {hm(when)}"


def rg_naive(when: tuple[int, ...]) -> str:
    y, m, d, hh, mm = when
    return f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00"


def rg_page(title: str, body: str, crumbs: tuple[tuple[str, str], ...] = (), meta: str = "", section: bool = True) -> str:
    ministries = "".join(f'<li class="mega-menu__item"><a href="/ministry/{c}/">{e(n)}</a></li>' for c, n in RG_MINISTRIES)
    municipalities = "".join(f'<li class="mega-menu__item"><a href="/municipalities/{c}/">{e(n)}</a></li>' for c, n in RG_MUNICIPALITIES)
    section_menu = "".join(f'<li class="section-menu__item"><a class="section-menu__link" href="{h}">{e(t)}</a></li>'
                           for h, t in RG_SECTION_MENU)
    latest = "".join(f'<li class="aside-news__item"><span class="aside-news__date">{rg_date(s.when)}</span>'
                     f'<a class="aside-news__link" href="{T.regional_path(s.id)}">{e(s.title)}</a></li>' for s in T.REGIONAL_STORIES[:4])
    if section:
        crumb_html = "".join(f'<li class="breadcrumbs__item"><a href="{h}">{e(t)}</a></li>' for h, t in
                             (("/", "Главная"), ("/ministry/", "Органы власти"), ("/ministry/smo/", "Совет муниципальных образований"), *crumbs))
        section_html = (f'<div class="section-header"><div class="section-header__name"><a href="/ministry/smo/">{e(RG_SECTION)}</a></div>\n'
                        f'  <ul class="section-menu">{section_menu}</ul></div>')
        aside = (f'<aside class="layout__aside"><div class="aside-news"><div class="aside-news__title">Другие новости раздела</div>'
                 f'<ul class="aside-news__list">{latest}</ul>\n  <a class="aside-news__all" href="/ministry/smo/news/">Все новости</a></div>\n'
                 '  <div class="aside-banners"><a href="https://okmo.news/" target="_blank" rel="noopener">ОКМО</a>'
                 '<a href="https://pos.gosuslugi.ru/lkp/" target="_blank" rel="noopener">Решаем вместе</a></div></aside>')
        heading = f"{e(title)} — {e(RG_SECTION)} — {e(RG_PORTAL)}"
    else:
        crumb_html = '<li class="breadcrumbs__item"><a href="/">Главная</a></li>'
        section_html = aside = ""
        heading = f"{e(title)} — {e(RG_PORTAL)}"
    footer_ministries = " ".join(f'<a href="/ministry/{c}/">{e(n.replace("Министерство ", ""))}</a>' for c, n in RG_MINISTRIES[:16])
    return f"""<!DOCTYPE html>
<html lang="ru">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<meta name="robots" content="index, follow" />
<meta name="keywords" content="Челябинская область, органы власти, местное самоуправление" />
<meta name="description" content="{e(title)}" />
{meta}
<link href="/bitrix/cache/css/s1/portal/template_{token(RG, 'tpl', length=32)}/template_{token(RG, 'tpl2', length=32)}_v1.css?17315712001932841" type="text/css" rel="stylesheet" />
<script type="text/javascript">if(!window.BX)window.BX={{}};if(!window.BX.message)window.BX.message=function(mess){{if(typeof mess==='object'){{for(let i in mess) {{BX.message[i]=mess[i];}} return true;}}}};</script>
<script type="text/javascript">(window.BX||top.BX).message({{'LANGUAGE_ID':'ru','FORMAT_DATE':'DD.MM.YYYY','FORMAT_DATETIME':'DD.MM.YYYY HH:MI:SS','COOKIE_PREFIX':'BITRIX_SM','SERVER_TZ_OFFSET':'18000','SITE_ID':'s1','SITE_DIR':'/','USER_ID':'','SERVER_TIME':'1764142800','USER_TZ_OFFSET':'0','USER_TZ_AUTO':'Y','bitrix_sessid':'{token(RG, 'sessid', length=32)}'}});</script>
<script type="text/javascript" src="/bitrix/cache/js/s1/portal/kernel_main/kernel_main_v1.js?1731571200158483"></script>
<script type="text/javascript" src="/bitrix/cache/js/s1/portal/template_{token(RG, 'js', length=32)}/template_{token(RG, 'js2', length=32)}_v1.js?1731571200412583"></script>
</head>
<body class="page page--section">
<div class="page__top-line"><div class="container top-line">
 <a class="top-line__link bvi-open" href="#" title="Версия для слабовидящих">Версия для слабовидящих</a>
 <a class="top-line__link" href="https://www.gosuslugi.ru/" target="_blank" rel="noopener">Госуслуги</a>
 <a class="top-line__link" href="/appeals/">Обращения граждан</a>
 <a class="top-line__link" href="/en/">English</a>
</div></div>
<header class="header"><div class="container header__inner">
 <a class="header__logo" href="/"><img src="/local/templates/portal/images/gerb74.svg" alt="" width="54" height="64"><span class="header__title">{e(RG_PORTAL)}</span></a>
 <form class="header__search" action="/search/" method="get"><input type="text" name="q" placeholder="Поиск по порталу"><button type="submit">Найти</button></form>
</div>
<nav class="main-menu"><div class="container"><ul class="main-menu__list">
 <li class="main-menu__item"><a href="/governor/">Губернатор</a></li>
 <li class="main-menu__item"><a href="/government/">Правительство</a></li>
 <li class="main-menu__item main-menu__item--mega"><a href="/ministry/">Органы власти</a><div class="mega-menu"><ul class="mega-menu__list">{ministries}</ul></div></li>
 <li class="main-menu__item main-menu__item--mega"><a href="/municipalities/">Муниципалитеты</a><div class="mega-menu"><ul class="mega-menu__list">{municipalities}</ul></div></li>
 <li class="main-menu__item"><a href="/documents/">Документы</a></li>
 <li class="main-menu__item"><a href="/press/news/">Пресс-центр</a></li>
 <li class="main-menu__item"><a href="/region/">О регионе</a></li>
 <li class="main-menu__item"><a href="/contacts/">Контакты</a></li>
</ul></div></nav>
</header>
<div class="container page__body">
 {section_html}
 <ul class="breadcrumbs">{crumb_html}</ul>
 <div class="layout"><div class="layout__main">
{body}
 </div>
 {aside}
 </div>
</div>
<footer class="footer"><div class="container footer__inner">
 <div class="footer__col"><div class="footer__title">Органы власти</div><div class="footer__links">{footer_ministries}</div></div>
 <div class="footer__col"><div class="footer__title">Портал</div><a href="/about-portal/">О портале</a> <a href="/sitemap/">Карта портала</a>
  <a href="/personal-data/">Политика обработки персональных данных</a> <a href="/opendata/">Открытые данные</a></div>
 <div class="footer__col"><a href="https://vk.com/gov74" target="_blank" rel="noopener">ВКонтакте</a> <a href="https://t.me/gov74" target="_blank" rel="noopener">Telegram</a>
  <a href="https://ok.ru/gov74" target="_blank" rel="noopener">Одноклассники</a></div>
 <div class="footer__copy">© 2006–2026 {e(RG_PORTAL)}. При использовании материалов ссылка на портал обязательна.</div>
</div></footer>
<div class="cookie-notice" id="cookie-notice" style="display:none">Портал использует файлы cookie и сервис Яндекс.Метрика. <button type="button" onclick="document.cookie='cookie_ok=Y;path=/;max-age=31536000';this.parentNode.remove();">Принять</button></div>
<script>if (document.cookie.indexOf('cookie_ok=Y') < 0) {{ document.getElementById('cookie-notice').style.display = 'block'; }}</script>
{metrika(81234567)}
</body>
</html>
"""


def rg_listing(items: list[tuple[int, str, tuple[int, int, int, int, int], str]], page: int, pages: int) -> str:
    by_id = {s.id: s for s in T.REGIONAL_STORIES}
    rows = []
    for story_id, title, when, kind in items:
        if kind == "article":
            teaser = preview(by_id[story_id], 200)
        elif kind == "archive":
            teaser = "Материалы Совета прошлых лет доступны на прежней версии портала."
        else:
            teaser = "Срок приёма заявок на областной конкурс «Активный староста» продлён. Подробности — в положении о конкурсе."
        rows.append(f"""<div class="news-list__item">
 <div class="news-list__date">{rg_date(when)}</div>
 <a class="news-list__title" href="{T.regional_path(story_id)}">{e(title)}</a>
 <div class="news-list__preview">{e(teaser)}</div>
</div>""")
    per = T.REGIONAL_PER_PAGE

    def href(n: int) -> str:
        return "/ministry/smo/news/" if n == 1 else f"/ministry/smo/news/?start={(n - 1) * per}"

    nav = []
    if page > 1:
        nav.append(f'<li class="pagination__item pagination__item--prev"><a href="{href(page - 1)}">Предыдущая</a></li>')
    for n in range(1, pages + 1):
        nav.append(f'<li class="pagination__item pagination__item--active"><span>{n}</span></li>' if n == page else
                   f'<li class="pagination__item"><a href="{href(n)}">{n}</a></li>')
    if page < pages:
        nav.append(f'<li class="pagination__item pagination__item--next"><a href="{href(page + 1)}">Следующая</a></li>')
    return ('<h1 class="page-title">Новости</h1>\n<div class="news-list">\n' + "\n".join(rows) + "\n</div>\n"
            f'<div class="pagination"><ul class="pagination__list">{"".join(nav)}</ul></div>')


def rg_article(story: Story) -> str:
    path = T.regional_path(story.id)
    body = f"""<div class="news-detail">
 <h1 class="news-detail__title">{e(story.title)}</h1>
 <div class="news-detail__date">{rg_date(story.when)}</div>
 <div class="news-detail__image"><img src="/upload/iblock/{token(story.id, length=3)}/{token(story.id, 'photo', length=32)}.jpg" alt="" width="760" height="428"></div>
 <div class="news-detail__text">
{paragraphs_html(story)}
 </div>
 <div class="news-detail__source">Источник: пресс-служба Совета муниципальных образований</div>
 <div class="news-detail__share">Поделиться: <a href="https://vk.com/share.php?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">ВКонтакте</a>
  <a href="https://connect.ok.ru/offer?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">Одноклассники</a>
  <a href="https://t.me/share/url?url={{{{ORIGIN}}}}{path}" target="_blank" rel="noopener">Telegram</a>
  <a href="{path}?print=Y" rel="nofollow">Версия для печати</a></div>
 <a class="news-detail__back" href="/ministry/smo/news/">← Вернуться к списку новостей</a>
</div>"""
    meta = (f'<meta property="og:title" content="{e(story.title)}" />\n<meta property="og:type" content="article" />\n'
            f'<meta property="article:published_time" content="{rg_naive(story.when)}" />')
    return rg_page(story.title, body, (("/ministry/smo/news/", "Новости"),), meta)


def build_regional() -> None:
    items = T.regional_items()
    per = T.REGIONAL_PER_PAGE
    pages = -(-len(items) // per)
    for n in range(1, pages + 1):
        write(RG, "/ministry/smo/news/" if n == 1 else f"/ministry/smo/news/?start={(n - 1) * per}",
              rg_page("Новости", rg_listing(items[(n - 1) * per:n * per], n, pages), (("/ministry/smo/news/", "Новости"),)))
    for story in T.REGIONAL_STORIES:
        write(RG, T.regional_path(story.id), rg_article(story))
    removed_id = texts.REGIONAL_REMOVED[0]
    write(RG, T.regional_path(removed_id), rg_page("Страница не найдена", """<div class="error-page">
 <h1 class="page-title">Страница не найдена</h1>
 <p>Запрашиваемая страница не найдена. Возможно, она была удалена, перемещена или вы ошиблись при вводе адреса.</p>
 <p>Воспользуйтесь поиском по порталу или перейдите на <a href="/">главную страницу</a>.</p>
</div>"""))
    archive_id, archive_title, archive_when = texts.REGIONAL_ARCHIVE
    years = " | ".join(f'<a href="{RG_OLD_HOST}/smo/news/{y}/">{y}</a>' for y in range(2022, 2011, -1))
    old = "\n".join(f'<li><a href="{RG_OLD_HOST}/smo/news/{p}/">{e(t)}</a> <span class="date">{p[8:10]}.{p[5:7]}.{p[:4]}</span></li>'
                    for p, t in texts.REGIONAL_OLD_NEWS)
    write(RG, T.regional_path(archive_id), rg_page(archive_title, f"""<div class="news-detail">
 <h1 class="news-detail__title">{e(archive_title)}</h1>
 <div class="news-detail__date">{rg_date(archive_when)}</div>
 <div class="news-detail__text"><p>Новости Совета за 2012–2022 годы размещены на прежней версии портала. Выберите год:</p>
 <p class="archive-years">{years}</p>
 <ul class="archive-list">
{old}
 </ul></div>
</div>""", (("/ministry/smo/news/", "Новости"),)))
    for path, title in T.SERVICE_PAGES[RG]:
        write(RG, path, rg_page(title, f'<h1 class="page-title">{e(title)}</h1><div class="content">{service_text(title, RG_SECTION)}</div>'))
    for path, title in T.REGIONAL_PORTAL_PAGES:
        # The rest of the portal: other bodies' sections (never articles, never the association's).
        write(RG, path, rg_page(title, f'<h1 class="page-title">{e(title)}</h1><div class="content"><p>Раздел «{e(title)}» '
                                f'портала органов власти Челябинской области.</p></div>', section=False))
    write(RG, "/robots.txt", "User-agent: *\nDisallow: /bitrix/\nDisallow: /auth/\nDisallow: /search/\nDisallow: /personal/\n"
          "Disallow: /*?print=\nDisallow: /*&print=\nDisallow: /*special_version=\nDisallow: /*bitrix_*=\n")
    write_json(RG, "_site.json", {"header_charset": "UTF-8", "faults": {
        T.REGIONAL_RETRY_AFTER: {"fail_first": 1, "fail_status": 429, "retry_after": "1"}}})


# == main ======================================================================================

def main() -> None:
    shutil.rmtree(SITES, ignore_errors=True)
    build_gosweb()
    build_dle()
    build_ucoz()
    build_drupal()
    build_tilda()
    build_regional()


if __name__ == "__main__":
    main()
