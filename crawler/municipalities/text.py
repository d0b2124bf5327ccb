"""Tokens of an article and the small tests made on them, shared by the finders."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+(?:-[А-ЯЁа-яёA-Za-z0-9]+)*|\S")
_SENTENCE_END = frozenset(".!?…:;\n")


@dataclass
class Mention:
    """A municipality found at [start, end) of the text; `region` is set when the text names it."""

    start: int
    end: int
    name: str
    type: str
    region: str = ""


class Tokens:
    """The words and punctuation of a text, with their offsets, to look left and right of a match."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
        self.starts = [start for start, _ in found]
        self.ends = [end for _, end in found]
        self.words = [text[start:end] for start, end in found]

    def __len__(self) -> int:
        return len(self.words)

    def index_at(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect_left(self.starts, offset)

    def index_ending_before(self, offset: int) -> int:
        """Index of the last token ending at or before `offset` (-1 if none)."""
        return bisect_left(self.ends, offset + 1) - 1

    def sentence_initial(self, index: int) -> bool:
        """Whether token `index` starts a sentence (or the text, or a quotation)."""
        before = self.text[: self.starts[index]].rstrip(" \t«\"„“(")
        return not before or before[-1] in _SENTENCE_END

    def capitalised(self, index: int) -> bool:
        return 0 <= index < len(self.words) and self.words[index][:1].isupper()

    def adjacent(self, left: int, right: int) -> bool:
        """Whether only spaces (no newline) lie between tokens `left` and `right`."""
        gap = self.text[self.ends[left]: self.starts[right]]
        return not gap.strip() and "\n" not in gap


def quoted_after(text: str, offset: int) -> tuple[str, int] | None:
    """The «quoted name» starting at `offset` (after spaces): its inside and the offset past it."""
    position = offset
    while position < len(text) and text[position] in " \u00a0":
        position += 1
    if position >= len(text) or text[position] not in "«\"„“":
        return None
    closing = {"«": "»", "„": "“", "“": "”"}.get(text[position], '"')
    end = text.find(closing, position + 1)
    if end < 0 or end - position > 60:  # a name, not a quoted sentence
        return None
    inside = " ".join(text[position + 1: end].split())
    return (inside, end + 1) if inside[:1].isupper() else None


def normal_key(name: str) -> str:
    """How two spellings of a name are told the same: case, «ё», quotes and spaces aside."""
    folded = name.casefold().replace("ё", "е")
    return " ".join(re.sub(r"[«»\"„“”]", " ", folded).split())
