"""Plain text out of any format: characters cleaned, whitespace normalised, a bounded builder.

`TextBuilder` collects the blocks (paragraphs, tables) of one document, joined by blank lines,
and stops at max_chars or the soft deadline; a format asks `builder.open` before each block.
"""

from __future__ import annotations

import re
import unicodedata

from crawler.attachments.limits import Budget, Clock

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"
_DROPPED = (
    [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)]
    + list(range(0x7F, 0xA0))
    + [0xFFFD, 0xFEFF, 0x200B, 0x200C, 0x200D, 0x2060, 0xFFFE, 0xFFFF]
)
_TABLE: dict[int, str | None] = {**dict.fromkeys(map(ord, _SPACES), " "), **dict.fromkeys(_DROPPED)}
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]+")
_MOJIBAKE = re.compile("[\u00c0-\u00ff]")
_WORD_TITLE = re.compile(r"^(?:microsoft\s+(?:word|excel)\s+-\s+)", re.IGNORECASE)
_OFFICE_EXTENSION = re.compile(r"\.(?:docx?|rtf|odt|xlsx?|ods|pdf)$", re.IGNORECASE)
_PLACEHOLDER_TITLES = {"untitled", "без названия", "документ", "document", "title", "заголовок"}


def clean(text: str) -> str:
    """Line breaks kept as "\\n"; controls, U+FFFD, zero-width and private-use glyphs dropped;
    every other space is " ". Soft hyphens stay (dehyphenation reads them), see `inline`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TABLE)
    return _PRIVATE_USE.sub("", unicodedata.normalize("NFC", text))


def inline(text: str) -> str:
    """One paragraph's text on one line: whitespace runs are one space, soft hyphens gone."""
    return " ".join(clean(text).replace("\u00ad", "").split())


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def repair_mojibake(text: str) -> str:
    """A PDF font without a Unicode map shows cp1251 bytes as Latin-1 ("Ðåøåíèå" for «Решение»):
    decoded back when most letters are Latin-1 accented and none is Cyrillic."""
    accented = len(_MOJIBAKE.findall(text))
    if accented < 10 or accented < 0.5 * letters(text) or any("\u0400" <= ch <= "\u04ff" for ch in text):
        return text
    try:
        return text.encode("cp1252").decode("cp1251")
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            return text.encode("latin-1").decode("cp1251")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text


def clean_title(title: object) -> str | None:
    """A metadata title worth showing: "Microsoft Word - 14.docx" is "14"; "Untitled" is None."""
    if not isinstance(title, str):
        return None
    title = inline(title)
    title = _OFFICE_EXTENSION.sub("", _WORD_TITLE.sub("", title)).strip()
    if len(title) < 2 or title.lower() in _PLACEHOLDER_TITLES or letters(title) == 0:
        return None
    return title[:500]


def row_line(cells: list[str]) -> str:
    """One table row: its non-empty cells, each on one line, joined by " | "."""
    return " | ".join(c for c in (inline(cell) for cell in cells) if c)


class TextBuilder:
    """The blocks of one document, bounded by the budget's characters and soft deadline."""

    def __init__(self, budget: Budget) -> None:
        self.max_chars = budget.max_chars
        self.clock = Clock(budget)
        self.blocks: list[str] = []
        self.chars = 0
        self.truncated = False

    @property
    def open(self) -> bool:
        """May another block come? False (and truncated) once the text is full or time is up."""
        if not self.truncated and (self.chars >= self.max_chars or self.clock.expired()):
            self.truncated = True
        return not self.truncated

    def room(self) -> int:
        return max(0, self.max_chars - self.chars - (2 if self.blocks else 0))

    def add(self, block: str) -> bool:
        """Add one block (a paragraph, a table's rows); returns `open` after it."""
        block = block.strip()
        if block:  # what was read before the deadline still counts; only the characters bound it
            room = self.room()
            if len(block) > room:
                block = _cut(block, room)
                self.truncated = True
            if block:
                self.chars += len(block) + (2 if self.blocks else 0)
                self.blocks.append(block)
        return self.open

    def add_lines(self, lines: list[str]) -> bool:
        """A table: its rows one a line, as one block."""
        return self.add("\n".join(line for line in lines if line))

    def text(self) -> str:
        return "\n\n".join(self.blocks)


def _cut(block: str, room: int) -> str:
    """The block cut to `room` characters, at a space when one is near the end."""
    if room <= 0:
        return ""
    cut = block[:room]
    space = cut.rfind(" ")
    return (cut[:space] if space > room * 0.8 else cut).rstrip()
