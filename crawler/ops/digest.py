"""The digest: new best-practice publications grouped by region, as text, Markdown or e-mail.

"New" means first seen by the crawler in the period (``articles.first_seen_at``), not published
in it: an old article discovered today has not been shown to anyone yet. Everything in an article
is crawled from the web and untrusted: HTML output is autoescaped by Jinja, Markdown output
escapes the characters that would make links or markup, and only http(s) links are emitted.
The digest itself is in Russian, like the web page: it is read by the associations' staff.
"""

from __future__ import annotations

import html
import re
import smtplib
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING

from jinja2 import Environment

# The store query and the grouping live in indexer/, shared with the web page's digest.
from indexer.digest_query import LEAD_CHARS, NO_REGION, Digest, DigestItem, build_digest
from indexer.russian import plural

if TYPE_CHECKING:
    from indexer.config import Config

__all__ = [
    "LEAD_CHARS",
    "NO_REGION",
    "Digest",
    "DigestError",
    "DigestItem",
    "build_digest",
    "build_email",
    "parse_since",
    "render",
    "send_email",
]

FORMATS = ("text", "markdown", "html")


class DigestError(RuntimeError):
    """The digest could not be built or sent; the message says why."""


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """'7d', '12h', '2w' back from now, or an ISO date/datetime; always timezone-aware UTC."""
    now = now or datetime.now(timezone.utc)
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", value)
    if match:
        hours = int(match.group(1)) * {"h": 1, "d": 24, "w": 168}[match.group(2)]
        return now - timedelta(hours=hours)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise DigestError(f"bad --since {value!r}: use e.g. 7d, 24h, 2w or 2024-05-01") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def _date(value: str | None) -> str:
    if not value:
        return "дата не указана"
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%d.%m.%Y")
    except ValueError:
        return value[:10]


def _others(item: DigestItem) -> str:
    """« (и ещё в 2 источниках)» after a story republished by other sources of the digest."""
    if not item.others:
        return ""
    return f" (и ещё {plural(item.others, 'источник', 'источника', 'источников')})"


def _heading(digest: Digest) -> str:
    return (f"Новые публикации о лучших практиках с {digest.since:%d.%m.%Y} "
            f"по {digest.until:%d.%m.%Y}: {digest.total}")


def render_text(digest: Digest) -> str:
    """Plain text (also the text part of the e-mail)."""
    lines = [_heading(digest), ""]
    if not digest.total:
        lines.append("За этот период новых публикаций нет.")
    for region, items in digest.regions.items():
        lines += [f"{region} ({len(items)})", "=" * len(f"{region} ({len(items)})")]
        for item in items:
            lines.append(f"* {item.title}")
            lines.append(f"  {item.source_name}, {_date(item.published_at)}{_others(item)}")
            if item.topics:
                lines.append(f"  Темы: {', '.join(item.topics)}")
            if item.lead:
                lines.append(f"  {item.lead}")
            lines.append(f"  {item.url}")
        lines.append("")
    if digest.public_url:
        lines.append(f"Поиск по всем публикациям: {digest.public_url}")
    return "\n".join(lines).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~])")


def _md(text: str) -> str:
    """Escape Markdown syntax and HTML so crawled text stays text."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C") \
        .replace(">", "%3E")


def render_markdown(digest: Digest) -> str:
    """Markdown with every crawled string escaped."""
    lines = [f"# {_heading(digest)}", ""]
    if not digest.total:
        lines.append("За этот период новых публикаций нет.")
    for region, items in digest.regions.items():
        lines += [f"## {_md(region)} ({len(items)})", ""]
        for item in items:
            lines.append(f"- [{_md(item.title)}]({_md_url(item.url)}) — "
                         f"{_md(item.source_name)}, {_date(item.published_at)}{_md(_others(item))}")
            if item.topics:
                lines.append(f"  Темы: {_md(', '.join(item.topics))}")
            if item.lead:
                lines.append(f"  {_md(item.lead)}")
        lines.append("")
    if digest.public_url:
        lines.append(f"[Поиск по всем публикациям]({_md_url(digest.public_url)})")
    return "\n".join(lines).rstrip() + "\n"


_HTML = Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{{ heading }}</title></head>
<body style="font-family: Arial, sans-serif; max-width: 720px">
<h1 style="font-size: 20px">{{ heading }}</h1>
{% if not digest.total %}<p>За этот период новых публикаций нет.</p>{% endif %}
{% for region, items in digest.regions.items() %}
<h2 style="font-size: 17px" class="region">{{ region }} ({{ items|length }})</h2>
<ul>
{% for item in items %}  <li style="margin-bottom: 10px"><a href="{{ item.url }}">{{ item.title }}</a>
    <br><small>{{ item.source_name }}, {{ date(item.published_at) }}{{ others(item) }}</small>
    {% if item.topics %}<br><small>Темы: {{ item.topics|join(", ") }}</small>{% endif %}
    {% if item.lead %}<br>{{ item.lead }}{% endif %}</li>
{% endfor %}</ul>
{% endfor %}
{% if digest.public_url %}<p><a href="{{ digest.public_url }}">Поиск по всем публикациям</a></p>{% endif %}
</body></html>
""")


def render_html(digest: Digest) -> str:
    """An HTML page (the e-mail's HTML part); crawled text autoescaped."""
    return _HTML.render(digest=digest, heading=_heading(digest), date=_date, others=_others)


def render(digest: Digest, fmt: str) -> str:
    """Render in one of FORMATS."""
    renderers = {"text": render_text, "markdown": render_markdown, "html": render_html}
    if fmt not in renderers:
        raise DigestError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderers[fmt](digest)


def build_email(digest: Digest, sender: str, recipients: list[str]) -> EmailMessage:
    """A multipart/alternative message: the text version first, the HTML version preferred."""
    message = EmailMessage()
    message["Subject"] = (f"munews: лучшие практики с {digest.since:%d.%m.%Y} "
                          f"— новых публикаций: {digest.total}")
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message


def send_email(message: EmailMessage, config: Config) -> None:
    """Send through the configured SMTP server; DigestError with the reason on failure."""
    if not config.smtp_host:
        raise DigestError("Config 'SMTP_HOST' is missing: set it in .env to send digests")
    try:
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DigestError(f"cannot send the digest via {config.smtp_host}:{config.smtp_port}: "
                          f"{exc}") from exc
