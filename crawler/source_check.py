"""What `munews sources check` finds out about one source, and the verdict it gives.

The check spider (:mod:`spiders.check`) fetches each start URL (robots.txt obeyed, a few
requests per source) and fills one :class:`StartPage` per start URL; :func:`decide` turns
them into the source's verdict:

- ``moved``: a start URL answers a redirect to another host (301/308: permanent; the new
  URL is suggested; a temporary 302/303/307 off the site says so in the detail);
- ``blocked``: robots.txt disallows the start page, or robots.txt cannot be read (RFC 9309:
  then nothing may be fetched), or the site answers 401/403/451;
- ``unreachable``: no answer (refused, no such host, timeout) or an HTTP error (404, 5xx);
- ``no-articles``: the page is there but shows no story link, is not HTML, or none of the
  stories fetched could be read as an article;
- ``ok``: the start page links stories and the first one reads as an article.

Worst first, over several start URLs: one moved start URL makes the source ``moved``; a
single good start page makes it ``ok`` or ``no-articles``; else ``blocked`` before
``unreachable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["VERDICTS", "CheckResult", "StartPage", "decide", "render_table"]

VERDICTS = ("ok", "moved", "no-articles", "unreachable", "blocked")

#: Statuses that say "you may not", not "there is nothing".
BLOCKED_STATUSES = (401, 403, 451)
PERMANENT_REDIRECTS = (301, 308)


@dataclass
class StartPage:
    """One start URL as the check saw it."""

    url: str
    status: int | None = None  # of the last answer (after same-site redirects)
    final_url: str = ""
    redirects: list[str] = field(default_factory=list)  # "301 https://new/" per hop
    error: str = ""  # network failure, robots refusal (no answer)
    blocked: str = ""  # why the site may not be read, when it may not
    moved_to: str = ""  # the other host's URL a start URL redirects to
    moved_permanently: bool = False
    html: bool = False  # an HTML page was read
    story_links: int = 0


@dataclass
class CheckResult:
    """The outcome of checking one source: the row of the report and of ``source_checks``."""

    source_id: str
    verdict: str = "unreachable"
    detail: str = ""
    status: int | None = None
    final_url: str = ""
    redirects: list[str] = field(default_factory=list)
    family: str | None = None
    family_evidence: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    story_links: int = 0
    story_url: str = ""
    story_title: str = ""
    story_date: str = ""
    story_error: str = ""
    suggested_start_urls: list[str] = field(default_factory=list)
    requests: int = 0
    checked_at: str = ""

    @property
    def final_host(self) -> str:
        parts = urlsplit(self.final_url)
        return parts.netloc if parts.netloc else "-"


def decide(pages: list[StartPage], *, story_ok: bool, story_error: str = "") -> tuple[str, str]:
    """(verdict, detail) of a source from its start pages and whether a story was read."""
    moved = [page for page in pages if page.moved_to]
    if moved:
        page = moved[0]
        kind = "permanently" if page.moved_permanently else "temporarily (check by hand)"
        return "moved", f"{page.url} redirects {kind} to {page.moved_to}"
    good = [page for page in pages if page.html]
    if good:
        links = sum(page.story_links for page in good)
        if not links:
            return "no-articles", f"no story link found on {good[0].final_url or good[0].url}"
        if not story_ok:
            return "no-articles", (f"{links} story links, but no story fetched read as an article"
                                   + (f" ({story_error})" if story_error else ""))
        return "ok", f"{links} story links"
    blocked = [page for page in pages if page.blocked]
    if blocked:
        return "blocked", blocked[0].blocked
    answered = [page for page in pages if page.status is not None]
    if answered:
        page = answered[0]
        if page.status is not None and page.status < 400:
            return "no-articles", f"{page.final_url or page.url} is not an HTML page (HTTP {page.status})"
        return "unreachable", f"{page.final_url or page.url} answers HTTP {page.status}"
    first = pages[0] if pages else None
    return "unreachable", (f"{first.url}: {first.error}" if first else "no start URL checked")


def _cell(value: str, width: int) -> str:
    return value if len(value) <= width else value[:width - 1] + "…"


def render_table(results: list[CheckResult]) -> str:
    """A plain-text table, one row per source (in registry order), with the first story and
    the verdict's detail on indented lines below it."""
    header = ("SOURCE", "VERDICT", "HTTP", "FINAL HOST", "CMS", "FEEDS", "SITEMAPS", "STORIES", "FIRST STORY DATE")
    rows = []
    for result in results:
        rows.append((result.source_id, result.verdict, str(result.status or "-"), result.final_host,
                     result.family or "-", str(len(result.feeds)), str(len(result.sitemaps)),
                     str(result.story_links), result.story_date or "-"))
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) if rows else len(header[i])
              for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths)).rstrip()]
    for row, result in zip(rows, results):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if result.story_title:
            lines.append(f"    story: {_cell(result.story_title, 100)}  <{result.story_url}>")
        for hop in result.redirects:
            lines.append(f"    redirect: {hop}")
        if result.detail and result.verdict != "ok":
            lines.append(f"    {result.verdict}: {result.detail}")
        if result.suggested_start_urls:
            lines.append(f"    suggested start_urls: {', '.join(result.suggested_start_urls)}")
    counts = {verdict: sum(r.verdict == verdict for r in results) for verdict in VERDICTS}
    lines.append(", ".join(f"{count} {verdict}" for verdict, count in counts.items() if count)
                 or "no source checked")
    return "\n".join(lines)
