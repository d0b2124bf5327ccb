"""Which CMS family a site runs, from its start page: URL shapes and page furniture.

A heuristic for `munews sources check`, not a fingerprinting tool: each family has a few
signatures (generator tags, asset paths, script globals, link shapes such as ``?PAGEN_1=`` or
``/tpost/``), and the family with the most matches wins. Platforms come before engines: a
Gosweb site or a regional government portal often runs on Bitrix underneath, and what a
person fixing the registry wants to know is the platform (its URL scheme is shared by all
its sub-sites).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["FAMILIES", "detect_family"]

#: Government platforms, checked first: one match decides. (label, regex) pairs.
_PLATFORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "gosweb": (
        ("gosweb host", r"gosweb\.gosuslugi\.ru"), ("gosweb assets", r"/static/gosweb/"),
        ("GW_CONFIG", r"window\.GW_CONFIG"), ("gw- classes", r"class=\"gw-"),
        ("novosti-i-reportazhi", r"/dlya-zhiteley/novosti-i-reportazhi/"),
    ),
    "regional": (
        ("«портал органов власти»",
         r"портал\w*\s+(?:органов\s+)?(?:государственной\s+)?(?:исполнительной\s+)?власти"),
        ("«официальный портал»", r"официальный\s+портал\s+(?:правительства|органов)"),
        ("/index.htm/news/N.htm", r"/index\.htm/news/\d+\.htm"), ("/news/show/id/N", r"/news/show/id/\d+"),
    ),
}

#: Hosts of regional government platforms whose sub-sites councils live on.
_PLATFORM_HOSTS = ("tatarstan.ru", "cap.ru", "midural.ru", "admin-smolensk.ru", "yarregion.ru",
                   "sarmo.ru", "gov74.ru", "lenobl.ru", "gov.ru")

#: Engines: the most matches win (ties: the order here).
_ENGINES: dict[str, tuple[tuple[str, str], ...]] = {
    "bitrix": (
        ("/bitrix/ assets", r"/bitrix/(?:cache|templates|js|components)/"), ("PAGEN_N", r"[?&;]PAGEN_\d+="),
        ("BX.message", r"BX\.message"), ("bitrix_sessid", r"bitrix_sessid"),
        ("detail.php?ID=", r"detail\.php\?[^\"'>]*\bID=\d+"), ("ELEMENT_ID=", r"[?&]ELEMENT_ID=\d+"),
        ("«Возврат к списку»", r"Возврат к списку"),
    ),
    "joomla": (
        ("generator Joomla", r"content=\"Joomla!"), ("com_content", r"option=com_content"),
        ("/media/jui/", r"/media/(?:jui|system)/"), ("/components/com_", r"/components/com_"),
        ("index.php/<cat>/<id>-<alias>", r"index\.php/[\w-]+/\d+-[\w-]+"), ("K2 /item/<id>-", r"/item/\d+-"),
    ),
    "wordpress": (
        ("/wp-content/", r"/wp-content/"), ("/wp-includes/", r"/wp-includes/"),
        ("generator WordPress", r"content=\"WordPress"), ("/wp-json/", r"/wp-json/"),
        ("?p=N links", r"href=\"[^\"]*[?&]p=\d+\""),
        ("/YYYY/MM/DD/<slug>/ links", r"href=\"[^\"]*/\d{4}/\d{2}/\d{2}/[^\"/]+/\""),
        ("admin-bar skip link", r"Перейти к верхней панели"),
    ),
    "ucoz": (
        ("ucoz host", r"ucoz\.(?:net|ru|com)"), ("window.uCoz", r"window\.uCoz"), ("/.s/src/", r"/\.s/src/"),
        ("<!--U1…1Z-->", r"<!--U1\w+1Z-->"), ("?pageN pager", r"href=\"[^\"]*\?page\d+\""),
    ),
    "dle": (
        ("generator DataLife Engine", r"DataLife Engine"), ("/engine/classes/", r"/engine/classes/"),
        ("index.php?do=", r"index\.php\?do=(?:lastnews|search|register)"),
        ("dle_ globals", r"dle_(?:root|skin|login_hash)"),
    ),
    "drupal": (
        ("generator Drupal", r"content=\"Drupal"), ("data-drupal-", r"data-drupal-"),
        ("drupal-settings-json", r"drupal-settings-json"), ("/sites/default/files/", r"/sites/default/files/"),
        ("/node/N links", r"href=\"/node/\d+\""),
    ),
    "tilda": (
        ("tildacdn", r"tildacdn\.com"), ("/tpost/", r"/tpost/[\w-]+"), ("data-tilda-", r"data-tilda-"),
        ("t-records", r"t-records"), ("tilda-blocks", r"tilda-blocks"),
    ),
}

#: Every family name :func:`detect_family` can answer.
FAMILIES = (*_PLATFORMS, *_ENGINES)

_COMPILED = {name: [(label, re.compile(rx, re.IGNORECASE)) for label, rx in sigs]
             for name, sigs in (*_PLATFORMS.items(), *_ENGINES.items())}


def _host_is_platform(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == suffix or host.endswith("." + suffix) for suffix in _PLATFORM_HOSTS)


def detect_family(url: str, html: str) -> tuple[str | None, list[str]]:
    """(family or None, the signatures that matched) for the page `html` served at `url`."""
    text = html[:400_000]
    for name in _PLATFORMS:
        found = [label for label, rx in _COMPILED[name] if rx.search(text) or rx.search(url)]
        if name == "regional" and _host_is_platform(url):
            found.insert(0, "platform host")
        if found:
            return name, found
    best: tuple[int, str | None, list[str]] = (0, None, [])
    for name in _ENGINES:
        found = [label for label, rx in _COMPILED[name] if rx.search(text)]
        if len(found) > best[0]:
            best = (len(found), name, found)
    return best[1], best[2]
