"""Every loader on a real file, and every way a file can be bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import SourceError, load_document

LIMIT = 1_000_000


def test_markdown_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: T1\noutlet: Daily\ndate: 2025-03-04\nauthor: X\n---\nBody one.\n")
    doc = load_document(p, LIMIT)
    assert (doc.source_id, doc.title, doc.outlet, doc.date, doc.text) == (
        "a",
        "T1",
        "Daily",
        "2025-03-04",
        "Body one.",
    )
    assert doc.extra == {"author": "X"}


def test_txt_without_front_matter_uses_first_line(tmp_path: Path) -> None:
    p = tmp_path / "Some Story.txt"
    p.write_text("Headline here\n\nThe body.", encoding="utf-8")
    doc = load_document(p, LIMIT)
    assert doc.source_id == "some-story" and doc.title == "Headline here"


def test_html(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Ignored</title><meta property='og:title' content='Real title'>"
        "<meta property='og:site_name' content='The Outlet'>"
        "<meta property='article:published_time' content='2026-01-02T10:00:00Z'>"
        "<script>var x = 'no';</script></head><body><nav>Menu</nav><article>"
        "<h1>Real title</h1><p>First paragraph.</p><p>Second <b>bold</b> one.</p></article></body></html>"
    )
    doc = load_document(p, LIMIT)
    assert doc.title == "Real title" and doc.outlet == "The Outlet" and doc.date == "2026-01-02"
    assert doc.text == "Real title\nFirst paragraph.\nSecond bold one."


def test_html_meta_by_name_and_the_first_named_one_wins(tmp_path: Path) -> None:
    """``<meta name=...>`` counts as well as ``property``; of two kinds the earlier-listed one wins."""
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Page title</title><meta name='twitter:title' content='Card title'>"
        "<meta name='application-name' content='App Name'><meta name='publisher' content='The Publisher'>"
        "<meta name='date' content='2025-03-04'><meta property='og:title' content=''>"
        "</head><body><p>Body.</p></body></html>"
    )
    doc = load_document(p, LIMIT)
    assert (doc.title, doc.outlet, doc.date) == ("Card title", "The Publisher", "2025-03-04")


def test_html_text_a_reader_never_sees_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<html><body><article><p>Visible news.</p>"
        "<div style='display: none'><p>Hidden by style.</p></div><p hidden>Hidden attribute.</p>"
        "<p style='color:red; visibility:hidden'>Invisible.</p><span aria-hidden='true'>Icon</span>"
        "<p>More <span style='display:inline'>visible</span> news.</p></article></body></html>"
    )
    assert load_document(p, LIMIT).text == "Visible news.\nMore visible news."


def test_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    p = tmp_path / "paper.pdf"
    c = canvas.Canvas(str(p))
    c.setTitle("PDF title")
    c.drawString(72, 720, "The ministry announced a new policy on chips.")
    c.showPage()
    c.drawString(72, 720, "A second page follows.")
    c.save()
    doc = load_document(p, LIMIT)
    assert doc.title == "PDF title"
    assert "new policy on chips" in doc.text and "second page" in doc.text


def test_docx(tmp_path: Path) -> None:
    import docx

    p = tmp_path / "memo.docx"
    d = docx.Document()
    d.core_properties.title = "Memo title"
    d.add_paragraph("First paragraph of the memo.")
    d.add_paragraph("Second paragraph.")
    d.save(str(p))
    doc = load_document(p, LIMIT)
    assert doc.title == "Memo title"
    assert doc.text == "First paragraph of the memo.\nSecond paragraph."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n", "no text"),
        ("binary.txt", b"\x00\x01\x02abc", "binary"),
        ("latin.txt", "caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
        ("image.png", b"\x89PNG....", "unsupported file type"),
        ("noclose.md", b"---\ntitle: x\nbody", "no closing"),
        ("badyaml.md", b"---\ntitle: [unclosed\n---\nbody", "not valid YAML"),
        ("notpdf.pdf", b"hello, not a pdf at all", "PDF"),
        ("old.docx", b"not a zip", "not a .docx"),
        ("empty.html", b"<html><body><script>x</script></body></html>", "no text"),
    ],
)
def test_bad_files_get_clear_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load_document(p, LIMIT)
    assert name in str(info.value)
    assert reason.lower() in str(info.value).lower()


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(SourceError, match="too large.*ASSISTANT_MAX_FILE_MB"):
        load_document(p, 100)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        load_document(tmp_path / "nope.txt", LIMIT)
