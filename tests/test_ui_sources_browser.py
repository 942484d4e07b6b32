"""The Sources tab in headless Chromium: progress while a long upload is indexed, the table filter,
removal that asks to confirm, and old answers that then say "source removed".

One server (extractive answers over the seed articles) for the module; screenshots go to
test-artifacts/ui/ (10-… to 13-…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, app_page, served
from .test_ui_browser import SOURCE_ROWS, ask, record, shot
from .ui_server import Server

pytestmark = BROWSER_MARKS
TITLE = "Ferry log of the Marrow Creek crossing"
LIMIT_MB = 2  # small, so the over-size files are quick to make
LEAD = "The Marrow Creek ferry carried 48,215 passengers in its first year of service, the operator said."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {"ASSISTANT_MAX_FILE_MB": str(LIMIT_MB)}
    with served(tmp_path_factory.mktemp("ui-sources"), "server-sources.log", env) as s:
        yield s


@pytest.fixture(scope="module")
def page(server: Server) -> Iterator[Any]:
    """One page for the module: the tests follow one another (upload, filter, remove)."""
    with app_page(server.url) as pg:
        yield pg


def _long_article(folder: Path) -> Path:
    """An article of many short paragraphs: several seconds of embedding on this machine."""
    doc = folder / "ferry-log.md"
    days = [f"Day {i}: the crossing log notes {i * 7 % 31} sailings, wind from bearing {i * 13 % 360} "
            f"degrees and a tide of {i % 9} metres at the north slipway." for i in range(160)]  # fmt: skip
    front = f"---\ntitle: {TITLE}\noutlet: Estuary Gazette\ndate: 2026-07-14\n---\n"
    doc.write_text(front + LEAD + "\n\n" + "\n\n".join(days), encoding="utf-8")
    return doc


def test_upload_shows_its_progress_then_the_table_has_it(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    pg = page
    pg.click("#tab-sources-button")
    rows = pg.locator(SOURCE_ROWS)
    expect(rows).to_have_count(2, timeout=15_000)  # the 2 seed articles
    box = pg.locator("#upload-progress")
    expect(box).to_contain_text("progress shows here")
    record(pg, "#upload-progress", "#upload-progress")
    pg.set_input_files("#upload input[type='file']", [str(_long_article(tmp_path))])

    bar = box.locator("[role='progressbar']")
    expect(box).to_contain_text("Indexing ferry-log.md", timeout=10_000)
    assert bar.bounding_box()["height"] > 4 and box.bounding_box()["height"] > 30  # seen, not collapsed
    shot(pg, "10-upload-progress")
    expect(box).to_contain_text("Done: 1 file in", timeout=120_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    seen = pg.evaluate("window.__seen")
    running = [t for t in seen if "Indexing ferry-log.md" in t]
    assert len(set(running)) >= 2, seen  # it moved (time so far or chunks) while the file was indexed
    expect(pg.locator("#sources-status")).to_contain_text("Indexed ferry-log")
    expect(rows).to_have_count(3)
    expect(pg.locator("#sources-table")).to_contain_text(TITLE)


def test_the_size_limit_is_one_figure(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    pg = page
    expect(pg.locator("#upload")).to_contain_text(f"up to {LIMIT_MB} MB each")
    far = tmp_path / "far-over.txt"  # refused in the browser by Gradio's own check: a toast
    far.write_bytes(b"word " * int(LIMIT_MB * 1_300_000 / 5))
    pg.set_input_files("#upload input[type='file']", [str(far)])
    expect(pg.get_by_text(f"maximum allowed size of {LIMIT_MB}.0 Mb")).to_be_visible(timeout=10_000)
    just = tmp_path / "just-over.txt"  # over LIMIT_MB·10⁶ bytes, under Gradio's 1024² count: ours
    just.write_bytes(b"word " * int(LIMIT_MB * 1_020_000 / 5))
    pg.set_input_files("#upload input[type='file']", [str(just)])
    expect(pg.locator("#sources-status")).to_contain_text(f"larger than the {LIMIT_MB} MB limit",
                                                          timeout=30_000)  # fmt: skip


def test_the_filter_narrows_the_table(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    rows = pg.locator(SOURCE_ROWS)
    pg.fill("#sources-filter textarea, #sources-filter input", "marrow ESTUARY")
    expect(rows).to_have_count(1)
    expect(pg.locator("#sources-table")).to_contain_text(TITLE)
    shot(pg, "11-sources-filtered")
    pg.fill("#sources-filter textarea, #sources-filter input", "no-such-word-zq")
    expect(rows).to_have_count(0)
    expect(pg.locator("#sources-table")).to_contain_text("No indexed document matches the filter")
    pg.fill("#sources-filter textarea, #sources-filter input", "")
    expect(rows).to_have_count(3)


def test_remove_asks_to_confirm_and_old_answers_say_source_removed(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    pg.click("#tab-ask-button")
    bubble = ask(pg, "How many passengers did the Marrow Creek ferry carry in its first year?", 0)
    expect(bubble).to_contain_text("48,215")
    evidence = pg.locator("#evidence .ev-answer.ev-shown")
    expect(evidence).to_contain_text("Estuary Gazette")
    expect(evidence.locator(".ev-match").first).to_have_text(re.compile(r"^(strong|partial|weak) match$"))
    expect(evidence).not_to_contain_text("source removed")

    pg.click("#tab-sources-button")
    rows = pg.locator(SOURCE_ROWS)
    pg.click("#remove-id input")
    pg.locator("[role='option']", has_text=TITLE).first.click()
    pg.click("#remove-btn")
    confirm = pg.locator("#confirm-remove-btn")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(f"Confirm remove “{TITLE}”")
    expect(pg.locator("#sources-status")).to_contain_text("source removed")  # says what will follow
    shot(pg, "12-remove-confirm")
    pg.click("#cancel-remove-btn")  # cancel: nothing goes
    expect(confirm).to_be_hidden()
    expect(pg.locator("#sources-status")).not_to_contain_text("source removed")
    expect(rows).to_have_count(3)

    pg.click("#remove-btn")
    expect(confirm).to_be_visible()
    pg.click("#confirm-remove-btn")
    expect(pg.locator("#sources-status")).to_contain_text("Removed ferry-log", timeout=30_000)
    expect(rows).to_have_count(2)
    expect(confirm).to_be_hidden()

    pg.click("#tab-ask-button")
    expect(evidence.locator(".ev-removed").first).to_have_text("source removed", timeout=15_000)
    expect(evidence.locator("button.ev-open")).to_have_count(0)  # no article to open any more
    # The export says so too, as the panel does.
    pg.click("#export button, #export .label-wrap")
    expect(pg.locator("#export-md")).to_contain_text("characters ", timeout=10_000)
    expect(pg.locator("#export-md")).to_contain_text("— source removed")
    shot(pg, "13-source-removed")
