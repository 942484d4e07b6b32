"""HTML pages: visible text, one block per line, with title/outlet/date from common meta tags.

The text is gathered in one walk over the tree (an explicit stack, no recursion), so a page's
cost is linear in its size however deeply its tags nest (``'<p>' * 100000`` included); the number
of tags, which the tree's memory grows with, is bounded (``max_html_tags``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from assistant.errors import SourceError

from .common import Limits, RawDocument, read_text_file, tidy_extracted

_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre figcaption tr dt dd".split())
_START_TAG = re.compile(r"<[A-Za-z]")
_TEXT_TYPES = (NavigableString, CData)  # what get_text() keeps: not comments or doctypes
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _Metas:
    """A page's ``<meta>`` contents by ``property`` and by ``name`` (the first of each), read in one pass."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.by: dict[str, dict[str, str]] = {"property": {}, "name": {}}
        for tag in soup.find_all("meta"):
            for attr, found in self.by.items():
                key = tag.get(attr)
                if isinstance(key, str) and key not in found:
                    found[key] = str(tag.get("content") or "").strip()

    def first(self, *names: str) -> str:
        """The content of the first of ``names`` a tag has (a property before a name), else ""."""
        for name in names:
            content = self.by["property"].get(name) or self.by["name"].get(name)
            if content:
                return content
        return ""


def load(path: Path, limits: Limits) -> RawDocument:
    markup = read_text_file(path)
    tags = len(_START_TAG.findall(markup))
    if tags > limits.html_tags:
        raise SourceError(path, f"the page has {tags} tags (the limit is {limits.html_tags}, "
                          "ASSISTANT_MAX_HTML_TAGS); save the article's text instead")  # fmt: skip
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "footer", "form"]):
        tag.decompose()
    for tag in [t for t in soup.find_all(True) if _is_hidden(t)]:
        if not tag.decomposed:  # not already gone with a hidden ancestor
            tag.decompose()
    meta: dict[str, Any] = {}
    metas = _Metas(soup)
    title = metas.first("og:title", "twitter:title") or (
        soup.title.get_text(strip=True) if soup.title else ""
    )
    if title:
        meta["title"] = title
    outlet = metas.first("og:site_name", "publisher", "application-name")
    if outlet:
        meta["outlet"] = outlet
    time_tag = soup.find("time")
    date = metas.first("article:published_time", "date", "pubdate", "dc.date") or (
        str(time_tag.get("datetime", "")) if time_tag else ""
    )
    if date:
        meta["date"] = date
    root = soup.find("article") or soup.body or soup
    lines = _leaf_block_lines(root)
    text = "\n".join(lines) if lines is not None else root.get_text("\n")
    return RawDocument(tidy_extracted(text), meta)


def _is_hidden(tag: Tag) -> bool:
    """Text a reader never sees (``hidden``, ``aria-hidden``, ``display: none``) is not the article."""
    return (
        tag.has_attr("hidden")
        or str(tag.get("aria-hidden", "")).lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))
    )


def _leaf_block_lines(root: Tag) -> list[str] | None:
    """One line per block that holds no other block (its strings joined by spaces), in document
    order; None when there are no blocks. Text outside such blocks is page furniture and dropped.
    """
    lines: list[str] = []
    any_block = False
    open_blocks: list[tuple[list[str], list[bool]]] = []  # (strings, [is a leaf]), innermost last
    frames: list[tuple[Iterator[object], bool]] = [(iter(root.children), False)]
    while frames:
        children, is_block = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            if is_block:
                parts, leaf = open_blocks.pop()
                if leaf[0]:
                    lines.append(" ".join(parts))
        elif isinstance(child, Tag):
            block = child.name in _BLOCKS
            if block:
                any_block = True
                if open_blocks:
                    open_blocks[-1][1][0] = False
                open_blocks.append(([], [True]))
            frames.append((iter(child.children), block))
        elif open_blocks and type(child) in _TEXT_TYPES:
            text = str(child).strip()
            if text:
                open_blocks[-1][0].append(text)
    return lines if any_block else None
