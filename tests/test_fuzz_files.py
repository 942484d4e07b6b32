"""Hostile and careless files: each gets a clear error naming it (or a clean success), fast, with
bounded memory, and the index is left exactly as it was.

One indexed store per module (a small known document); the cases drive ``add_sources``, ``sync``
and the upload service directly, and a handful go through the CLI (in this process).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from assistant import Assistant, ConfigError, Settings, SourceError, SyncReport, load_document
from assistant.ui import UIService
from tests.conftest import NewAssistant, RunCli

KNOWN = """---
title: Brindle Bay bridge opens
outlet: Coastal Courier
date: 2026-03-02
---
The Brindle Bay bridge opened on Monday after four years of work.

The bridge is 1,340 metres long and carries two rail tracks beside the road.
"""
QUESTION = "How long is the Brindle Bay bridge?"
MAX_FILE_MB = 0.5  # small, so "too large" inputs stay cheap to write
CASE_SECONDS = 10.0  # bound on one hostile input
BOMB_PEAK_MB = 2.0  # memory bound on refusing a YAML alias bomb (loading one took 2-5 GB)
DEEP_HTML_PEAK_MB = 60.0  # memory bound on reading '<p>' * 20000 (a 60 kB file)


# --- the module's store ----------------------------------------------------------------------


@dataclass
class Store:
    assistant: Assistant
    settings: Settings
    incoming: Path  # where files to add come from (outside the sources folder)
    root: Path

    def snapshot(self) -> tuple[Any, ...]:
        records = sorted((r.source_id, r.version, r.path, r.chunks) for r in self.assistant.list_sources())
        answer = self.assistant.answer(QUESTION)
        return records, self.assistant.store.chunk_count(), answer.text, sorted(self.folder_listing())

    def folder_listing(self) -> list[str]:
        """Every entry in the sources folder (hidden staging copies included)."""
        return [str(p.relative_to(self.settings.sources_dir)) for p in self.settings.sources_dir.rglob("*")]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, new_assistant: NewAssistant) -> Store:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "sources").mkdir()
    (root / "sources" / "brindle-bay.md").write_text(KNOWN, encoding="utf-8")
    (root / "incoming").mkdir()
    settings = Settings(data_dir=root / "data", sources_dir=root / "sources", max_file_mb=MAX_FILE_MB)
    assistant = new_assistant(settings)
    assert assistant.sync().added == ["brindle-bay"]
    assert "1,340 metres" in assistant.answer(QUESTION).text
    return Store(assistant, settings, root / "incoming", root)


@pytest.fixture
def unchanged(store: Store) -> Iterator[Store]:
    """The store, checked to be exactly as before when the test ends."""
    before = store.snapshot()
    yield store
    assert store.snapshot() == before


# --- hostile contents ------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("The harbour ferry now sails every twenty minutes.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\nBody text of the article.\n"


def _fm(header: str, body: str = "Body text of the article.\n") -> bytes:
    return f"---\n{header}\n---\n{body}".encode()


BODY = b"A short article body that is fine.\n"
TEXT_SUFFIXES = (".txt", ".md", ".html")
ALL_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True)
class Bad:
    """A file content and what must be said about it (a regex on the reason; None = it is fine)."""

    id: str
    suffix: str
    content: Callable[[], bytes]
    reason: str | None


def _bad_contents() -> list[Bad]:
    cases: list[Bad] = []
    for sfx in ALL_SUFFIXES:
        cases.append(Bad(f"empty{sfx}", sfx, lambda: b"", "empty"))
        cases.append(Bad(f"huge{sfx}", sfx, lambda: b"x" * int(MAX_FILE_MB * 1e6 + 10), "too large"))
    for sfx in TEXT_SUFFIXES:
        cases += [
            Bad(f"blank{sfx}", sfx, lambda: b"  \n\n\t\n", "no text"),
            Bad(f"binary{sfx}", sfx, lambda: bytes(range(256)) * 4, "binary"),
            Bad(f"nul-late{sfx}", sfx, lambda: b"ok text " * 10 + b"\x00" + b"\xff\xfe", "UTF-8"),
            Bad(f"latin1{sfx}", sfx, lambda: "Café au lait, señor.".encode("latin-1"), "not valid UTF-8"),
            Bad(f"utf16-bom{sfx}", sfx, lambda: "Some text.".encode("utf-16"), "UTF-16"),
            Bad(f"utf16-le{sfx}", sfx, lambda: "Some text.".encode("utf-16-le"), "binary|UTF-16"),
            Bad(f"utf16-be{sfx}", sfx, lambda: "Some text.".encode("utf-16-be"), "binary|UTF-16"),
            Bad(f"lone-continuation{sfx}", sfx, lambda: b"abc \x80\x80 def", "not valid UTF-8"),
            Bad(f"truncated-utf8{sfx}", sfx, lambda: "naïve résumé".encode()[:-1], "not valid UTF-8"),
        ]
    for sfx in (".txt", ".md"):
        cases += [
            Bad(f"fm-unclosed{sfx}", sfx, lambda: b"---\ntitle: x\nBody with no end.\n", "no closing"),
            Bad(f"fm-list{sfx}", sfx, lambda: _fm("- a\n- b"), "must be a YAML mapping"),
            Bad(f"fm-scalar{sfx}", sfx, lambda: _fm("just words"), "must be a YAML mapping"),
            Bad(f"fm-invalid{sfx}", sfx, lambda: _fm("title: [unclosed"), "not valid YAML"),
            Bad(f"fm-tab{sfx}", sfx, lambda: _fm("title:\n\t- x"), "not valid YAML"),
            Bad(f"fm-bomb{sfx}", sfx, lambda: _billion_laughs().encode(), "anchors or aliases"),
            Bad(f"fm-self-alias{sfx}", sfx, lambda: _fm("loop: &x [*x]"), "anchors or aliases"),
            Bad(f"fm-self-map{sfx}", sfx, lambda: _fm("loop: &x {a: *x}"), "anchors or aliases"),
            Bad(f"fm-anchor{sfx}", sfx, lambda: _fm("title: &t Headline\noutlet: *t"), "anchors or aliases"),
            Bad(f"fm-merge{sfx}", sfx, lambda: _fm("base: &b {x: 1}\nmore:\n  <<: *b"), "anchors or aliases"),
            Bad(f"fm-python-tag{sfx}", sfx, lambda: _fm("x: !!python/object/apply:os.system ['true']"),
                "not valid YAML"),
            Bad(f"fm-huge{sfx}", sfx, lambda: _fm("title: " + "x" * 70_000), "longer than 64 kB"),
            Bad(f"fm-deep{sfx}", sfx, lambda: _fm("a: " + "[" * 20 + "]" * 20), "nested more than"),
            Bad(f"fm-very-deep{sfx}", sfx, lambda: _fm("a: " + "[" * 30000 + "]" * 30000),
                "nested more than|nesting depth"),
            Bad(f"fm-only{sfx}", sfx, lambda: _fm("title: Nothing else", ""), "no text"),
            Bad(f"fm-odd-values{sfx}", sfx, lambda: _fm("title: 12\ndate: no\nextra: {a: [1, 2]}"), None),
        ]
    cases += [
        Bad("pdf-garbage", ".pdf", lambda: b"%PDF-1.4\n garbage garbage", "PDF|could not be parsed"),
        Bad("pdf-text", ".pdf", lambda: b"this is plain text, not a PDF", "PDF|could not be parsed"),
        Bad("pdf-header-only", ".pdf", lambda: b"%PDF-1.7\n", "PDF|could not be parsed"),
        Bad("pdf-no-text", ".pdf", lambda: _pdf(""), "no text layer"),
        Bad("docx-text", ".docx", lambda: b"plain text pretending", "is not a .docx"),
        Bad("docx-zip-random", ".docx", lambda: _zip({"hello.txt": b"hi"}), "could not be parsed"),
        Bad("docx-zip-empty", ".docx", lambda: _zip({}), "could not be parsed as .docx"),
        Bad("docx-bad-xml", ".docx",
            lambda: _zip({"[Content_Types].xml": b"<not xml", "word/document.xml": b"<"}),
            "could not be parsed as .docx"),
        Bad("docx-truncated", ".docx", lambda: _docx()[:2000], "docx"),
        Bad("html-tag-flood", ".html", lambda: b"<p>" * 100_001 + b"text", "tags"),
        Bad("html-only-script", ".html", lambda: b"<script>alert(1)</script><style>p{}</style>", "no text"),
        Bad("html-only-comments", ".html", lambda: b"<!-- nothing --><!DOCTYPE html><b></b>", "no text"),
        Bad("html-deep-unclosed", ".html", lambda: b"<div>" * 20_000 + b"<p>Deep, fine text.", None),
        Bad("html-script-laden", ".html",
            lambda: b"<p>Visible text.</p>" + b"<script>document.write('x')</script>" * 200, None),
        Bad("html-unclosed-script", ".html", lambda: b"<p>Before.</p><script>never closed " * 3, None),
        Bad("docx-good", ".docx", _docx, None),
    ]
    for cut in (0.1, 0.3, 0.5, 0.7, 0.9, 0.97):
        cases.append(Bad(f"pdf-truncated-{cut}", ".pdf",
                         lambda cut=cut: (lambda b: b[: int(len(b) * cut)])(_pdf("Truncated text page.")),
                         "PDF|could not be parsed|no text"))  # fmt: skip
    return cases


BAD = _bad_contents()


def _check_error(report: SyncReport, name: str, reason: str) -> None:
    assert len(report.errors) == 1, report.summary()
    error = report.errors[0]
    assert error.path.name == name and str(error).startswith(name + ": ")
    assert re.search(reason, error.reason, flags=re.I), error.reason
    assert "Traceback" not in str(error) and not report.changed


def _timed(fn: Callable[[], SyncReport]) -> SyncReport:
    started = time.perf_counter()
    report = fn()
    assert time.perf_counter() - started < CASE_SECONDS
    return report


def _fine(store: Store, report: SyncReport, name: str, source_id: str) -> None:
    """A clean success: added and readable; then removed again, file included."""
    assert report.added == [source_id] and not report.errors, report.summary()
    text = load_document(Path(store.assistant.store.sources()[source_id].path), 10**7).text
    assert text and "document.write" not in text and "never closed" not in text  # scripts are not text
    store.assistant.remove_source(source_id)
    assert not (store.settings.sources_dir / name).exists()


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_add_a_hostile_file(unchanged: Store, case: Bad) -> None:
    name = f"fuzz-{case.id}{case.suffix}".replace(case.suffix + case.suffix, case.suffix)
    path = unchanged.incoming / name
    path.write_bytes(case.content())
    report = _timed(lambda: unchanged.assistant.add_sources([path]))
    if case.reason is None or (case.id.startswith("pdf-truncated") and report.added):
        _fine(unchanged, report, name, path.stem)
    else:
        _check_error(report, name, case.reason)


SYNC_CASES = [c for c in BAD if c.reason is not None and not c.id.startswith(("huge", "pdf-truncated"))]


@pytest.mark.parametrize("case", SYNC_CASES, ids=[c.id for c in SYNC_CASES])
def test_sync_a_hostile_file(unchanged: Store, case: Bad) -> None:
    """The same file dropped into the folder: that file's error, every other file still synced."""
    name = f"sync-{case.id}{case.suffix}"
    path = unchanged.settings.sources_dir / name
    path.write_bytes(case.content())
    try:
        report = _timed(unchanged.assistant.sync)
        assert report.unchanged == ["brindle-bay"]
        assert case.reason is not None
        _check_error(report, name, case.reason)
    finally:
        path.unlink()


# --- names -----------------------------------------------------------------------------------

BAD_NAMES = {
    "empty": ("", "not a file name"),
    "dot": (".", "not a file name"),
    "dotdot": ("..", "not a file name"),
    "nul": ("a\x00b.md", "NUL byte"),
    "slash": ("a/b.md", "path separator"),
    "traversal": ("../../etc/passwd.md", "path separator"),
    "backslash": ("..\\evil.md", "path separator"),
    "absolute": ("/etc/evil.md", "path separator"),
    "newline": ("a\nb.md", "control characters"),
    "tab": ("a\tb.md", "control characters"),
    "escape": ("a\x1b[31m.md", "control characters"),
    "long-ascii": ("x" * 300 + ".md", "too long"),
    "long-utf8": ("é" * 130 + ".md", "too long"),
    "hidden": (".hidden.md", "hidden file"),
    "hidden-dots": ("...md", "hidden file"),
    "exe": ("tool.exe", "unsupported file type '.exe'"),
    "no-suffix": ("README", "unsupported file type '\\(none\\)'"),
    "double-suffix": ("article.md.exe", "unsupported file type"),
    "csv": ("table.csv", "unsupported file type"),
}


@pytest.mark.parametrize("key", sorted(BAD_NAMES))
def test_upload_a_hostile_name(unchanged: Store, key: str) -> None:
    name, reason = BAD_NAMES[key]
    upload = unchanged.incoming / "upload.md"
    upload.write_bytes(BODY)
    good = unchanged.incoming / "other.md"
    good.write_bytes(KNOWN.encode())  # same bytes as the known article: unchanged, not an error
    service = UIService(unchanged.assistant)
    report = _timed(lambda: service.add_uploads([(upload, name), (good, "brindle-bay.md")]))
    assert report.unchanged == ["brindle-bay"] and not report.added
    assert len(report.errors) == 1 and re.search(reason, report.errors[0].reason), report.errors
    assert "Traceback" not in str(report.errors[0]) and "\x00" not in str(report.errors[0].path)


def test_upload_names_non_latin_different_and_same(unchanged: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the service's copies go
    service = UIService(unchanged.assistant)
    files = {}
    for name, body in (("新闻.md", "The tram line reached the port in May."),
                       ("体育.md", "The rowing club won its third regatta."),
                       ("Новости.md", "The library opens until midnight now.")):  # fmt: skip
        files[name] = tmp_path / f"u{len(files)}.md"
        files[name].write_text(body, encoding="utf-8")
    report = service.add_uploads([(path, name) for name, path in files.items()])
    assert sorted(report.added) == sorted(["新闻", "体育", "новости"]) and not report.errors
    # A different document under an existing article's name gets a free name; same bytes: unchanged.
    other = tmp_path / "x.md"
    other.write_text("A different story: the ferry timetable changed.", encoding="utf-8")
    again = service.add_uploads([(other, "brindle-bay.md"), (files["新闻.md"], "新闻.md")])
    assert again.added == ["brindle-bay-2"] and again.unchanged == ["新闻"], again.summary()
    assert (unchanged.settings.sources_dir / "brindle-bay.md").read_text(encoding="utf-8") == KNOWN
    assert not list(temp.iterdir())  # every temporary copy was removed
    for source_id in ("新闻", "体育", "новости", "brindle-bay-2"):
        unchanged.assistant.remove_source(source_id)


# --- the folder: hidden files, directories, links --------------------------------------------


def _make(store: Store, kind: str) -> tuple[Path, str | None]:
    """Something hostile inside the sources folder, and the reason a sync must report (None: skip quietly)."""
    src = store.settings.sources_dir
    outside = store.root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text("The secret code is 4417.\n")
    if kind == "hidden-file":
        (src / ".hidden.md").write_text("Hidden text.\n")
        return src / ".hidden.md", None
    if kind == "hidden-dir":
        (src / ".drafts").mkdir()
        (src / ".drafts" / "draft.md").write_text("Draft text.\n")
        return src / ".drafts", None
    if kind == "dir-named-like-file":
        (src / "folder.md").mkdir()
        return src / "folder.md", None
    if kind == "unsupported":
        (src / "notes.csv").write_text("a,b\n")
        return src / "notes.csv", None
    if kind == "link-etc":
        (src / "passwd.txt").symlink_to("/etc/passwd")
        return src / "passwd.txt", "outside the sources folder"
    if kind == "link-outside-file":
        (src / "secret.md").symlink_to(outside / "secret.md")
        return src / "secret.md", "outside the sources folder"
    if kind == "link-outside-dir":
        (src / "elsewhere").symlink_to(outside, target_is_directory=True)
        return src / "elsewhere", "outside the sources folder"
    if kind == "link-relative-escape":
        (src / "up.md").symlink_to(Path("..") / "outside" / "secret.md")
        return src / "up.md", "outside the sources folder"
    if kind == "link-broken":
        (src / "gone.md").symlink_to(src / "nothing-here.md")
        return src / "gone.md", "broken link"
    if kind == "link-loop":
        (src / "loop-a.md").symlink_to(src / "loop-b.md")
        (src / "loop-b.md").symlink_to(src / "loop-a.md")
        return src / "loop-a.md", "link loop"
    raise AssertionError(kind)


def _unmake(path: Path) -> None:
    for p in [path, path.with_name("loop-b.md")] if path.name == "loop-a.md" else [path]:
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.is_dir():
            for child in p.iterdir():
                child.unlink()
            p.rmdir()


FOLDER_KINDS = ["hidden-file", "hidden-dir", "dir-named-like-file", "unsupported", "link-etc",
                "link-outside-file", "link-outside-dir", "link-relative-escape", "link-broken",
                "link-loop"]  # fmt: skip


@pytest.mark.parametrize("kind", FOLDER_KINDS)
def test_folder_entries_sync(unchanged: Store, kind: str) -> None:
    path, reason = _make(unchanged, kind)
    try:
        report = _timed(unchanged.assistant.sync)
        assert report.unchanged == ["brindle-bay"] and not report.changed
        if reason is None:
            assert not report.errors
        elif kind == "link-loop":  # both links of the loop are named
            assert sorted(e.path.name for e in report.errors) == ["loop-a.md", "loop-b.md"]
            assert all(reason in e.reason for e in report.errors)
        else:
            _check_error(report, path.name, reason)
    finally:
        _unmake(path)


@pytest.mark.parametrize("kind", FOLDER_KINDS)
def test_folder_entries_add(unchanged: Store, kind: str) -> None:
    """``sources add`` of the same entry names it and says why: never "1 added"."""
    path, _ = _make(unchanged, kind)
    try:
        report = _timed(lambda: unchanged.assistant.add_sources([path]))
        assert len(report.errors) == 1 and not report.changed, report.summary()
        assert report.errors[0].path.name == path.name and report.errors[0].reason
    finally:
        _unmake(path)


OUTSIDE_ADDS = {
    "hidden": (".secret.md", "hidden file"),
    "missing": ("not-there.md", "file not found"),
    "directory": ("a-folder.md", "not a regular file"),
    "unsupported": ("sheet.xlsx", "unsupported file type"),
}


@pytest.mark.parametrize("key", sorted(OUTSIDE_ADDS))
def test_add_refusals_from_outside(unchanged: Store, key: str) -> None:
    name, reason = OUTSIDE_ADDS[key]
    path = unchanged.incoming / name
    if key == "directory":
        path.mkdir(exist_ok=True)
    elif key != "missing":
        path.write_bytes(BODY)
    report = unchanged.assistant.add_sources([path])
    _check_error(report, name, reason)


def test_a_file_turned_into_an_outside_link_is_dropped_and_removable(store: Store) -> None:
    src = store.settings.sources_dir
    (src / "tide.md").write_text("The tide table is printed each week.\n")
    assert store.assistant.sync().added == ["tide"]
    (src / "tide.md").unlink()
    (src / "tide.md").symlink_to("/etc/passwd")
    store.assistant.remove_source("tide")  # the link itself goes; its target stays
    assert not os.path.lexists(src / "tide.md") and Path("/etc/passwd").exists()
    assert "tide" not in {r.source_id for r in store.assistant.list_sources()}
    (src / "tide.md").symlink_to("/etc/passwd")  # put back: the next sync refuses it
    try:
        report = store.assistant.sync()
        assert report.errors and "outside the sources folder" in report.errors[0].reason
        assert "tide" not in {r.source_id for r in store.assistant.list_sources()}
    finally:
        (src / "tide.md").unlink()


# --- failed adds leave nothing ---------------------------------------------------------------


def test_an_interrupted_add_leaves_no_file_and_no_rows(unchanged: Store) -> None:
    """Stopped part-way (here by the progress callback, as Ctrl-C would), an add leaves nothing."""
    first, second = unchanged.incoming / "kelp-farm.md", unchanged.incoming / "salt-works.md"
    first.write_text("The kelp farm shipped its first harvest in June.\n")
    second.write_text("The salt works closed after ninety years.\n")

    def stop(done: int, total: int, current: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        unchanged.assistant.add_sources([first, second], on_progress=stop)
    assert not any(".adding-" in p or p.endswith(("kelp-farm.md", "salt-works.md"))
                   for p in unchanged.folder_listing())  # fmt: skip


# --- bounded memory and linear time ----------------------------------------------------------


def _peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
    except SourceError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return peak


def test_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.md"
    bomb.write_text(_billion_laughs(levels=12))
    (tmp_path / "warm.md").write_bytes(BODY)
    load_document(tmp_path / "warm.md", 10**7)  # parsers imported before measuring
    started = time.perf_counter()
    peak = _peak_mb(lambda: load_document(bomb, 10**7))
    assert peak < BOMB_PEAK_MB and time.perf_counter() - started < 1.0, peak
    with pytest.raises(SourceError, match="anchors or aliases"):
        load_document(bomb, 10**7)


def test_deep_html_is_linear_and_bounded(tmp_path: Path) -> None:
    def read(n: int) -> float:
        page = tmp_path / f"deep{n}.html"
        page.write_text("<p>" * n + "Deep text.")
        started = time.perf_counter()
        assert load_document(page, 10**7).text == "Deep text."
        return time.perf_counter() - started

    # Interleaved, best of three each: a load spike on a shared machine slows one reading, not all.
    pairs = [(read(2000), read(20_000)) for _ in range(3)]
    small, large = min(p[0] for p in pairs), min(p[1] for p in pairs)
    # 10x the tags: measured ~15x (the parser), quadratic would be ~100x (before: 10k tags took 6 s).
    assert large < 40 * max(small, 0.01), (small, large)
    page = tmp_path / "deep20000.html"
    assert _peak_mb(lambda: load_document(page, 10**7)) < DEEP_HTML_PEAK_MB


# --- paths relative to the sources folder ----------------------------------------------------


def test_paths_are_stored_relative_to_the_sources_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        new_assistant: NewAssistant) -> None:  # fmt: skip
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "brindle-bay.md").write_text(KNOWN, encoding="utf-8")
    monkeypatch.chdir(project)
    first = new_assistant(Settings(data_dir=Path("data"), sources_dir=Path("sources")))
    first.sync()
    assert Path(first.list_sources()[0].path) == project / "sources" / "brindle-bay.md"
    del first

    monkeypatch.chdir(tmp_path)  # elsewhere, with absolute folders: nothing is removed
    settings = Settings(data_dir=project / "data", sources_dir=project / "sources")
    again = new_assistant(settings)
    report = again.sync()
    assert report.unchanged == ["brindle-bay"] and not report.removed
    stored = json.loads(again.store.registry.get(include=["metadatas"])["metadatas"][0]["record"])
    assert stored["rel"] == "brindle-bay.md" and "path" not in stored
    with pytest.raises(ConfigError, match="does not exist"):  # a relative folder missing here
        new_assistant(Settings(data_dir=project / "data", sources_dir=Path("sources"))).sync()
    assert [r.source_id for r in again.list_sources()] == ["brindle-bay"]


# --- through the CLI -------------------------------------------------------------------------


def _cli(store: Store, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, *args: str,
         cwd: Path | None = None) -> Result:  # fmt: skip
    """``assistant ARGS`` over the module's store, in this process, run from ``cwd``."""
    monkeypatch.chdir(cwd or store.root)
    return run_cli(store.settings, *args, env={"ASSISTANT_MAX_FILE_MB": str(MAX_FILE_MB)})


CLI_CASES = {
    ".hidden.md": (b"Hidden body.\n", "hidden file"),
    "bomb.md": (_billion_laughs().encode(), "anchors or aliases"),
    "loop.md": (_fm("loop: &x [*x]"), "anchors or aliases"),
    "deep-fm.txt": (_fm("a: " + "[" * 5000 + "]" * 5000), "nested more than|nesting depth"),
}


def test_cli_add_refuses_cleanly(unchanged: Store, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    """One ``sources add`` of every CLI case: each file named with its reason, nothing added."""
    paths = []
    for name, (content, _) in CLI_CASES.items():
        paths.append(unchanged.incoming / name)
        paths[-1].write_bytes(content)
    done = _cli(unchanged, run_cli, monkeypatch, "sources", "add", *map(str, paths))
    assert done.exit_code == 1 and "Traceback" not in done.stderr + done.stdout
    for name, (_, reason) in CLI_CASES.items():
        line = next(line for line in done.stderr.splitlines() if line.startswith(f"error: {name}: "))
        assert re.search(reason, line), line
    assert "0 added" in done.stdout and f"{len(CLI_CASES)} failed" in done.stdout


def test_cli_sync_from_another_directory_removes_nothing(
    unchanged: Store, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (unchanged.settings.sources_dir / "sync-loop.md").write_bytes(_fm("loop: &x [*x]"))
    try:
        done = _cli(unchanged, run_cli, monkeypatch, "sources", "sync", cwd=tmp_path)
    finally:
        (unchanged.settings.sources_dir / "sync-loop.md").unlink()
    assert done.exit_code == 1 and "Traceback" not in done.stderr + done.stdout
    assert "sync-loop.md: the front matter uses YAML anchors" in done.stderr
    assert "0 removed, 1 unchanged" in done.stdout


# --- one bad file among good ones ------------------------------------------------------------

UPLOADED = {"fm-self-alias.md", "fm-bomb.md", "binary.html", "docx-zip-random", "pdf-truncated-0.5",
            "utf16-bom.txt", "html-tag-flood"}  # fmt: skip
UPLOAD_CONTENTS = [c for c in BAD if c.id in UPLOADED]


@pytest.mark.parametrize("case", UPLOAD_CONTENTS, ids=[c.id for c in UPLOAD_CONTENTS])
def test_upload_errors_name_the_uploaded_file(unchanged: Store, case: Bad) -> None:
    upload = unchanged.incoming / "gradio-temp-name.bin"
    upload.write_bytes(case.content())
    name = f"Reader upload {case.id}{case.suffix}"
    report = UIService(unchanged.assistant).add_uploads([(upload, name)])
    if report.added:  # a truncated PDF pypdf can still read is fine
        _fine(unchanged, report, name, report.added[0])
        return
    assert case.reason is not None
    _check_error(report, name, case.reason)


def test_a_self_referential_alias_does_not_stop_the_sync(unchanged: Store) -> None:
    src = unchanged.settings.sources_dir
    (src / "loop.md").write_bytes(_fm("loop: &x [*x]"))
    (src / "quay.md").write_text("The new quay can berth three ships at once.\n")
    try:
        report = unchanged.assistant.sync()
        assert report.added == ["quay"] and [e.path.name for e in report.errors] == ["loop.md"]
        assert "anchors or aliases" in report.errors[0].reason
        answer = unchanged.assistant.answer("How many ships can the quay berth?")
        assert "quay" in {p.source_id for p in answer.passages}
    finally:
        (src / "loop.md").unlink()
        unchanged.assistant.remove_source("quay")


def test_sync_removes_copies_staged_by_killed_adds_only(unchanged: Store) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    dead = unchanged.settings.sources_dir / f".adding-{gone.stdout.strip()}-abc.md"
    live = unchanged.settings.sources_dir / f".adding-{os.getpid()}-def.md"
    dead.write_bytes(BODY)
    live.write_bytes(BODY)
    try:
        report = unchanged.assistant.sync()
        assert not report.changed and not report.errors
        assert not dead.exists() and live.exists()  # a running add's copy is left alone
    finally:
        live.unlink()
