"""HTML pages: visible text, one block per line, with title/outlet/date from common meta tags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from .common import RawDocument, read_text_file, tidy_extracted

_BLOCKS = "p h1 h2 h3 h4 h5 h6 li blockquote pre figcaption tr dt dd".split()


def _meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content"):
            return str(tag["content"]).strip()
    return ""


def load(path: Path) -> RawDocument:
    soup = BeautifulSoup(read_text_file(path), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "footer", "form"]):
        tag.decompose()
    meta: dict[str, Any] = {}
    title = _meta(soup, "og:title", "twitter:title") or (
        soup.title.get_text(strip=True) if soup.title else ""
    )
    if title:
        meta["title"] = title
    outlet = _meta(soup, "og:site_name", "publisher", "application-name")
    if outlet:
        meta["outlet"] = outlet
    time_tag = soup.find("time")
    date = _meta(soup, "article:published_time", "date", "pubdate", "dc.date") or (
        str(time_tag.get("datetime", "")) if time_tag else ""
    )
    if date:
        meta["date"] = date
    root = soup.find("article") or soup.body or soup
    blocks = root.find_all(_BLOCKS)
    if blocks:
        lines = [b.get_text(" ", strip=True) for b in blocks if not b.find(_BLOCKS)]
        text = "\n".join(lines)
    else:
        text = root.get_text("\n")
    return RawDocument(tidy_extracted(text), meta)
