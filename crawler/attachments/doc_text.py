"""Word 97-2003 (.doc) by Debian's antiword, or catdoc, when one of them is on PATH.

Without either the document is "not-extracted", which a later crawl on a better equipped
machine can retry. The tool runs on a temporary copy, inside the worker (so under its memory
limit) and with the budget's soft time as its timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time

from crawler.attachments.limits import Budget
from crawler.attachments.result import NO_TEXT, NOT_EXTRACTED, DocumentError, Extracted
from crawler.attachments.text import TextBuilder, inline, row_line


def doc_command() -> list[str] | None:
    """The command that prints a .doc as UTF-8 text (the file name follows), or None."""
    if shutil.which("antiword"):
        return ["antiword", "-m", "UTF-8.txt", "-w", "0"]
    if shutil.which("catdoc"):
        return ["catdoc", "-d", "utf-8", "-w"]
    return None


def extract_doc(data: bytes, budget: Budget) -> Extracted:
    command = doc_command()
    if command is None:
        return Extracted("", status=NOT_EXTRACTED)
    with tempfile.TemporaryDirectory(prefix="munews-doc-") as folder:
        path = os.path.join(folder, "document.doc")
        with open(path, "wb") as file:
            file.write(data)
        try:
            done = subprocess.run([*command, path], capture_output=True, timeout=_seconds_left(budget),
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as error:
            raise DocumentError("timeout") from error
    output = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 and not output.strip():
        message = done.stderr.decode("utf-8", errors="replace").replace(path, "").lower()
        raise DocumentError("encrypted" if "encrypt" in message else f"corrupt: {command[0]} failed")
    return _paragraphs(output, budget)


def _seconds_left(budget: Budget) -> float:
    if budget.deadline is None:
        return max(budget.soft_seconds, 1.0)
    return max(budget.deadline - time.monotonic(), 0.5)


def _paragraphs(output: str, budget: Budget) -> Extracted:
    """antiword -w 0 prints a paragraph a line, a blank line between them; table rows as |a|b|."""
    builder = TextBuilder(budget)
    table: list[str] = []
    for line in output.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table.append(row_line(stripped.strip("|").split("|")))
            continue
        if table:
            builder.add_lines(table)
            table = []
        builder.add(inline(line))
    builder.add_lines(table)
    text = builder.text()
    return Extracted(text, status="ok" if text else NO_TEXT, truncated=builder.truncated)
