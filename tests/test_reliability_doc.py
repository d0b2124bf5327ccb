"""docs/reliability.md covers every case of the fault-injection run (1-43), and every test it
names exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "reliability.md"
CASES = range(1, 44)
TEST = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _rows() -> dict[int, str]:
    rows = {}
    for line in DOC.read_text("utf-8").splitlines():
        match = re.match(r"^\|\s*(\d+)\s*\|", line)
        if match:
            assert int(match.group(1)) not in rows, f"case {match.group(1)} twice"
            rows[int(match.group(1))] = line
    return rows


def test_every_case_has_a_row_with_a_test():
    rows = _rows()
    assert sorted(rows) == list(CASES)
    for number, line in rows.items():
        assert TEST.search(line), f"case {number} names no test"


def test_every_named_test_exists_and_mentions_its_case():
    missing, unmarked = [], []
    for number, line in _rows().items():
        for path, name in TEST.findall(line):
            source = REPO / path
            text = source.read_text("utf-8") if source.exists() else ""
            found = re.search(rf"^(?:async )?def {name}\(", text, re.M)
            if not found:
                missing.append(f"{path}::{name}")
                continue
            # The test (its docstring, or a comment just above it) names the case it covers.
            start = text.rfind("\n\n", 0, found.start())
            end = text.find("\n\n\n", found.end())
            window = text[start:end if end > 0 else len(text)]
            if not re.search(rf"[Rr]eliability cases? [\d, /–-]*\b{number}\b", window):
                unmarked.append(f"{path}::{name} (case {number})")
    assert not missing, missing
    assert not unmarked, unmarked
