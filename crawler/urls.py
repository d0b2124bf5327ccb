"""URL canonicalisation and site membership: one article, one URL.

Russian municipal sites link the same article in many shapes: with ``utm_*`` tags from
newsletters, Bitrix ``?print=Y``, Joomla ``?tmpl=component&print=1``, WordPress ``/print/``,
session ids in the query or the path, ``index.php`` left in the path. :func:`canonicalize`
folds those variants onto one URL and leaves everything else alone, because two different
query strings on a Bitrix ``detail.php?ID=…`` are two different articles.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

__all__ = ["canonicalize", "host_of", "in_domains"]

# Tracking and session parameters: they never select content.
_DROP_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|yclid|gclid|dclid|msclkid|_openstat|etext|ysclid|"
    r"phpsessid|sid|sessid|session_?id|jsessionid|clear_cache|sphrase_id|"
    r"back_url_admin|bitrix_include_areas|replytocom)$",
    re.IGNORECASE,
)
# Parameters that switch an article to its print/text-only rendering (Bitrix print=Y,
# Joomla tmpl=component&print=1, DLE ?do=print handled below, generic version=print).
_PRINT_PARAMS = {"print", "printable", "print_version", "tmpl", "printmode"}
_PRINT_VALUES = {"print", "printable", "print_version", "printversion", "pdaversion"}
_PRINT_SEGMENTS = {"print", "printable", "print-version", "print_version", "version-print"}
# Index documents that a server returns for the bare directory anyway.
_INDEX_PAGES = re.compile(r"/(index|default)\.(php|html?|aspx?|shtml)$", re.IGNORECASE)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str) -> str:
    """The canonical form of `url`: tracking, session and print variants removed."""
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path) or "/"
    path = _strip_print_segments(path)
    path = _INDEX_PAGES.sub("/", path)
    query = _clean_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _strip_print_segments(path: str) -> str:
    segments = path.split("/")
    kept = [segment for segment in segments if segment.lower() not in _PRINT_SEGMENTS]
    if len(kept) == len(segments):
        return path
    result = "/".join(kept)
    # "/news/123/print/" -> "/news/123/": keep the trailing slash the article URL had.
    if path.endswith("/") and not result.endswith("/"):
        result += "/"
    return result or "/"


def _clean_query(query: str) -> str:
    # Bare keys (uCoz ``?page2``) stay bare: ``?page2=`` may be another page to the server.
    bare = {part for part in query.split("&") if part and "=" not in part}
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = []
    for key, value in pairs:
        lowered_key, lowered_value = key.lower(), value.lower()
        if _DROP_PARAMS.match(key):
            continue
        if lowered_key in _PRINT_PARAMS:
            continue
        if lowered_value in _PRINT_VALUES and lowered_key in {"version", "type", "do", "mode", "view"}:
            continue
        kept.append((key, value))
    # Sorted: the same parameters in another order are the same page on every CMS we know.
    kept.sort()
    return "&".join(quote(key, safe="") if key in bare and not value else urlencode([(key, value)])
                    for key, value in kept)


def host_of(url: str) -> str:
    """Lower-case host of `url` without a leading ``www.``."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def in_domains(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """True when `url` is http(s) on one of `domains` or a subdomain of one, on its port.

    A domain entry ``host:port`` admits that port only; a bare ``host`` admits the scheme's
    default port only: another port of the same host is another origin (another server).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    host = host_of(url)
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return False  # a port out of range or not a number
    default = port == _DEFAULT_PORTS[parts.scheme]
    for domain in domains:
        name, _, wanted = domain.partition(":")
        on_port = int(wanted) == port if wanted.isdigit() else default
        if on_port and (host == name or host.endswith("." + name)):
            return True
    return False


def hosts_of(domains: tuple[str, ...] | list[str]) -> list[str]:
    """The host names of domain entries (``host`` or ``host:port``): what Scrapy accepts."""
    return list(dict.fromkeys(domain.partition(":")[0] for domain in domains))
