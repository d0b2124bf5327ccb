"""Parse the hand-written article texts (articles_*.txt) into Article records and gold bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Block:
    """One body block: p (paragraph), h (subheading), quote, ul, ol or table."""

    kind: str
    lines: list[str]

    @property
    def rows(self) -> list[list[str]]:
        """Table cells (only for kind == 'table')."""
        return [[cell.strip() for cell in line.split("|")] for line in self.lines]


@dataclass
class Article:
    """A hand-written news text: title, publication date and body blocks."""

    key: str
    title: str
    date: datetime  # local (Moscow) time of publication
    has_time: bool
    region: str
    tags: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """Plain paragraphs only (for teasers and snippets)."""
        return [b.lines[0] for b in self.blocks if b.kind == "p"]


def gold_body(blocks: list[Block]) -> str:
    """The gold body text: blocks separated by blank lines, list items and table rows as lines."""
    parts = []
    for block in blocks:
        if block.kind == "table":
            parts.append("\n".join(" | ".join(row) for row in block.rows))
        else:
            parts.append("\n".join(block.lines))
    return "\n\n".join(parts)


def _parse_block(text: str) -> Block:
    lines = [line.strip() for line in text.strip().splitlines()]
    if all(line.startswith("- ") for line in lines):
        return Block("ul", [line[2:].strip() for line in lines])
    if all(re.match(r"\d+\. ", line) for line in lines):
        return Block("ol", [line.split(". ", 1)[1].strip() for line in lines])
    if all(line.startswith("| ") for line in lines):
        return Block("table", [line[2:].strip() for line in lines])
    if len(lines) != 1:
        raise ValueError(f"mixed block: {text[:60]!r}")
    if lines[0].startswith("## "):
        return Block("h", [lines[0][3:].strip()])
    if lines[0].startswith("> "):
        return Block("quote", [lines[0][2:].strip()])
    return Block("p", lines)


def _parse_article(chunk: str) -> Article:
    head, _, body = chunk.partition("\n---\n")
    key, *meta_lines = head.strip().splitlines()
    meta = dict(line.split(": ", 1) for line in meta_lines)
    raw_date = meta["date"].strip()
    has_time = " " in raw_date
    date = datetime.strptime(raw_date, "%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
    blocks = [_parse_block(b) for b in re.split(r"\n\s*\n", body.strip()) if b.strip()]
    tags = [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]
    return Article(key.strip(), meta["title"].strip(), date, has_time, meta["region"].strip(),
                   tags, blocks)


def load_articles(root: Path = HERE) -> list[Article]:
    """All articles of all articles_*.txt files, in file order."""
    articles: list[Article] = []
    for path in sorted(root.glob("articles_*.txt")):
        text = "\n".join(line for line in path.read_text("utf-8").splitlines() if not line.startswith("# "))
        for chunk in text.split("=== ")[1:]:
            articles.append(_parse_article(chunk))
    keys = [a.key for a in articles]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ValueError(f"duplicate article keys: {sorted(dupes)}")
    return articles
