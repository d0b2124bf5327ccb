"""The one-pass block table agrees, element by element, with the per-element functions it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.archive_site import article_page, listing_page
from crawler.cleaning.blocks import page_blocks
from crawler.cleaning.template import is_linky, walk
from crawler.cleaning.tree import link_density, node_text, parse_html

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted([*REPO.glob("tests/**/*.html"), *REPO.glob("crawler/demo/sites/**/*.html"),
                *REPO.glob("tests/sites/**/*@*")])


def _pages() -> list[tuple[str, str | bytes]]:
    pages: list[tuple[str, str | bytes]] = [(str(p.relative_to(REPO)), p.read_bytes()) for p in PAGES
                                             if b"<" in p.read_bytes()[:2000]]
    pages += [(f"archive article {i}", article_page(i, 3000)) for i in (0, 1, 2045, 2999)]
    listing = listing_page(7, 3000)
    assert listing is not None
    pages.append(("archive listing", listing))
    pages.append(("nested links and tails", "<html><body><div>a <a href='x'>первая ссылка на новость <b>жирно</b>"
                                            "</a> хвост <a href='y'><a href='z'>вложенная</a></a></div>"
                                            "<p>  </p><p>текст<br>после</p></body></html>"))
    return pages


@pytest.mark.parametrize(("name", "page"), _pages(), ids=lambda value: value if isinstance(value, str) else "")
def test_blocks_match_per_element_functions(name: str, page: str | bytes) -> None:
    tree = parse_html(page)
    body = tree.find(".//body")
    assert body is not None
    expected = list(walk(body))
    blocks = page_blocks(body)
    assert [b.element for b in blocks] == [node for node, _ in expected], name
    for block, (node, path) in zip(blocks, expected):
        text = node_text(node)
        assert block.path == path
        assert block.text == text
        assert block.linky == is_linky(node, text), (name, path, text[:80])
        if text:
            assert min(1.0, block.linked / len(text)) == pytest.approx(link_density(node))


def test_block_end_skips_exactly_the_descendants() -> None:
    tree = parse_html("<html><body><div><p>один <b>два</b></p><p>три</p></div><span>четыре</span></body></html>")
    blocks = page_blocks(tree.find(".//body"))
    tags = [b.element.tag for b in blocks]
    assert tags == ["div", "p", "b", "p", "span"]
    assert [blocks[i].end for i in range(len(blocks))] == [4, 3, 3, 4, 5]
