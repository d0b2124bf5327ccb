"""The snippet fast path returns exactly what the full sanitiser would, for any input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search_api.snippets import rebuild_snippet, safe_snippet

# Pieces that exercise every branch: marks in both cases, entities canonical and not, markup,
# quotes and control characters, mixed with ordinary Cyrillic text.
PIECES = st.sampled_from([
    "<mark>", "</mark>", "<MARK>", "</Mark>", "&amp;", "&lt;", "&gt;", "&quot;", "&#x27;",
    "&#39;", "&amp", "&", "<", ">", '"', "'", "\x00", "\x0b", "<script>", "<b>", " ",
    "совещание", "a",
])
SNIPPETS = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(SNIPPETS)
def test_fast_path_agrees_with_the_full_sanitiser(snippet):
    assert safe_snippet(snippet) == rebuild_snippet(snippet)


@settings(max_examples=200, deadline=None)
@given(SNIPPETS)
def test_only_lowercase_marks_survive_as_markup(snippet):
    out = safe_snippet(snippet)
    assert re.sub(r"</?mark>", "", out).count("<") == 0
    assert out.count("<mark>") == out.count("</mark>")


def test_an_already_escaped_snippet_is_returned_as_it_is():
    snippet = "Совет &quot;МО&quot; провёл <mark>съезд</mark> &amp; форум"
    assert safe_snippet(snippet) is snippet


def test_a_long_hostile_snippet_is_still_handled_quickly():
    # Guards against catastrophic regex backtracking: this must return, not hang.
    snippet = "а" * 50_000 + "&amp;" * 5_000 + "<mark>" * 3 + "<"
    assert safe_snippet(snippet).endswith("&lt;</mark>")
