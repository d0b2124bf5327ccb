"""Render an article's body blocks in the markup styles real CMS editors produce."""

from __future__ import annotations

import re
from itertools import pairwise

from articles import Block
from kit import Ctx, esc, nbsp

_ENTITIES = {"«": "&laquo;", "»": "&raquo;", "—": "&mdash;", "–": "&ndash;"}
_WORD_P = ('<p class="MsoNormal" style="text-align: justify; text-indent: 35.4pt;"><span style="font-size: '
           '14.0pt; font-family: \'Times New Roman\', serif;">{}</span></p>')


_QUOTED = re.compile(r"«([^«»<>&]{3,60})»")
_AMOUNT = re.compile(r"\b(\d[\d ,]*) (процент\w*|млн рублей|млрд рублей|рублей|заяв\w+|человек|проект\w*)")
_CYRILLIC_PAIR = re.compile(r"(?<=[а-яё])(?=[а-яё])")


def _text(ctx: Ctx, text: str, entities: bool, inline: bool = False) -> str:
    out = nbsp(esc(text), ctx.rng)
    if inline:
        out = _inline(ctx, out)
    if entities:
        for char, entity in _ENTITIES.items():
            out = out.replace(char, entity)
    return out


def _inline(ctx: Ctx, out: str) -> str:
    """Editors link project names and bold figures: link text must stay in the body."""
    if ctx.rng.random() < 0.3:
        out = _QUOTED.sub(lambda m: f'«<a href="/projects/{ctx.rng.randrange(100, 999)}/">{m.group(1)}</a>»', out, 1)
    if ctx.rng.random() < 0.25:
        out = _AMOUNT.sub(r"<strong>\1 \2</strong>", out, 1)
    return out


def _word_split(ctx: Ctx, out: str) -> str:
    """MS Word pastes split words across spans; no space may appear between them."""
    cuts = [m.start() for m in _CYRILLIC_PAIR.finditer(out)]
    if not cuts or ctx.rng.random() < 0.5:
        return out
    cut = ctx.rng.choice(cuts)
    ctx.feature("word-split-spans")
    return out[:cut] + '</span><span lang="RU" style="font-size: 14.0pt;">' + out[cut:]


def _list(ctx: Ctx, block: Block, entities: bool, word: bool) -> str:
    tag = "ol" if block.kind == "ol" else "ul"
    span = '<span style="font-size: 14.0pt;">{}</span>' if word else "{}"
    items = "".join(f"\n<li>{span.format(_text(ctx, line, entities))}</li>" for line in block.lines)
    return f"<{tag}>{items}\n</{tag}>"


def _table(ctx: Ctx, block: Block, entities: bool, word: bool) -> str:
    cls = ' class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0"' if word else ' class="table"'
    rows = []
    for i, row in enumerate(block.rows):
        cell = "th" if i == 0 and not word and ctx.rng.random() < 0.5 else "td"
        cells = "".join(f"<{cell}>{_text(ctx, c, entities)}</{cell}>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    ctx.feature("table")
    return f"<table{cls}><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def _block(ctx: Ctx, block: Block, style: str, entities: bool) -> str:
    word = style == "word"
    if block.kind in ("ul", "ol"):
        ctx.feature("list")
        return _list(ctx, block, entities, word)
    if block.kind == "table":
        return _table(ctx, block, entities, word)
    text = _text(ctx, block.lines[0], entities, inline=block.kind == "p")
    if block.kind == "h":
        return f"<b>{text}</b>" if style == "br" else f"<h3>{text}</h3>"
    if block.kind == "quote":
        return f"<i>{text}</i>" if style == "br" else f"<blockquote><p>{text}</p></blockquote>"
    if style == "word":
        return _WORD_P.format(_word_split(ctx, text))
    if style == "div":
        return f"<div>{text}</div>"
    if style == "br":
        return text
    return f"<p>{text}</p>"


def photo(ctx: Ctx, how: str) -> str:
    """An inline photo; its caption is registered as a trap (captions are off by default)."""
    src = f"/upload/medialibrary/{ctx.rng.randrange(16**6):06x}.jpg"
    ctx.feature("photo-caption" if how != "bare" else "photo")
    if how == "bare":
        return f'<p><img src="{src}" alt="" width="800" height="533"></p>'
    caption = ctx.t("caption", ctx.caption())
    if how == "figure":
        return (f'<figure class="wp-block-image size-large"><img src="{src}" alt="" loading="lazy">'
                f'<figcaption class="wp-element-caption">{caption}</figcaption></figure>')
    return f'<p style="text-align: center;"><img src="{src}" alt=""></p>\n<p style="text-align: center;"><em>{caption}</em></p>'


def body_html(ctx: Ctx, style: str = "p", photos: int = 0, photo_how: str = "figure",
              lead_bold: bool = False, entities: bool = False, read_also: bool = False) -> str:
    """The article body in a given markup style, with optional photos between paragraphs."""
    blocks = ctx.article.blocks
    parts = [_block(ctx, b, style, entities) for b in blocks]
    if read_also and len(parts) > 2:
        parts.insert(len(parts) // 2, _read_also(ctx, style))
    if lead_bold and blocks[0].kind == "p" and style in ("p", "div"):
        lead = _text(ctx, blocks[0].lines[0], entities)
        parts[0] = f"<p><strong>{lead}</strong></p>" if style == "p" else f"<div><b>{lead}</b></div>"
    slots = sorted(ctx.rng.sample(range(1, len(parts)), min(photos, len(parts) - 1))) if len(parts) > 1 else []
    for offset, slot in enumerate(slots):
        parts.insert(slot + offset, photo(ctx, photo_how))
    sep = "\n"
    if style == "br":
        return _join_br(parts)
    if style == "div" and ctx.rng.random() < 0.5:
        sep = "\n<div>&nbsp;</div>\n"
    if style in ("p", "word") and ctx.rng.random() < 0.3:
        sep = "\n<p>&nbsp;</p>\n"  # editors' empty paragraphs as spacing
    return sep.join(parts)


def _join_br(parts: list[str]) -> str:
    """Join inline paragraphs with <br><br>; block elements need no extra breaks."""
    block_starts = ("<ul", "<ol", "<table", "<p", "<figure")
    out = parts[0]
    for prev, part in pairwise(parts):
        inline = not prev.startswith(block_starts) and not part.startswith(block_starts)
        out += ("<br />\n<br />\n" if inline else "\n") + part
    return out


def _read_also(ctx: Ctx, style: str) -> str:
    """An editor's «Читайте также:» link to an unrelated story, inside the article text."""
    item = ctx.headlines(1)[0]
    ctx.feature("read-also-inside-body")
    link = f'<b>Читайте также:</b> <a href="{item.url}">{ctx.t("read-also", item.title)}</a>'
    return link if style == "br" else f"<p>{link}</p>"
