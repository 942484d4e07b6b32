"""The UI in headless Chromium (Debian's package, driven by Playwright): ask, cite, upload.

Screenshots go to test-artifacts/ui/ so a person can look at what the browser showed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, chromium, served
from .ui_server import ARTIFACTS, Server

pytestmark = BROWSER_MARKS
BOT = "#chat [data-testid='bot']"
SOURCE_ROWS = "#sources-table tbody tr"  # one per indexed document shown


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-browser"), "server.log") as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh browser session on the app; fails the test if anything leaves 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: r.url.startswith(("http", "ws")) and not r.url.startswith(
        (server.url, server.url.replace("http", "ws"))) and outside.append(r.url))  # fmt: skip
    pg.goto(server.url)
    pg.wait_for_selector("#question textarea")
    yield pg
    context.close()
    assert not outside, f"requests left the machine: {outside}"


def shot(pg: Any, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def record(pg: Any, root: str, target: str) -> None:
    """Collect in ``window.__seen`` every distinct text ``target`` shows while ``root`` changes."""
    pg.evaluate("""([root, target]) => { window.__seen = [];
        new MutationObserver(() => { const el = document.querySelector(target);
          const t = el ? el.innerText : ""; if (window.__seen.at(-1) !== t) window.__seen.push(t); })
        .observe(document.querySelector(root), {subtree: true, childList: true, characterData: true}); }""",
                [root, target])  # fmt: skip


def ask(pg: Any, question: str, answers_before: int) -> Any:
    """Type a question, press Enter, wait for the finished answer; returns its bubble."""
    from playwright.sync_api import expect

    pg.fill("#question textarea", question)
    pg.press("#question textarea", "Enter")
    expect(pg.locator(BOT)).to_have_count(answers_before + 1, timeout=30_000)
    expect(pg.locator("#evidence .ev-answer")).to_have_count(answers_before + 1, timeout=30_000)
    # The stream has ended (Ask is back instead of Stop): the export and its file are final.
    expect(pg.locator("#stop-btn")).to_be_hidden(timeout=30_000)
    expect(pg.locator("#ask-btn")).to_be_visible()
    return pg.locator(BOT).nth(answers_before)


def click_download(pg: Any, selector: str, within_s: float = 30.0) -> Any:
    """Click a DownloadButton until it downloads: the button is shown before the browser has applied
    its file (Gradio's button does nothing while its value is empty), so one click can fall in between.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + within_s
    while True:
        try:
            with pg.expect_download(timeout=2_000) as download:
                pg.click(selector)
            return download.value
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def test_ask_cite_and_see_the_highlighted_passage(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    starters = pg.locator("#chat button.example")
    expect(starters.first).to_contain_text("What does", timeout=15_000)  # made from source titles
    shot(pg, "01-loaded")

    # Record every text the answer bubble shows, to see it stream (a placeholder, then the answer).
    record(pg, "#chat", f"{BOT}:last-of-type")
    bubble = ask(pg, "Where did the Chain Expo open?", 0)
    expect(bubble).to_contain_text("Beijing")
    seen = pg.evaluate("window.__seen")
    assert len(seen) >= 2 and "Beijing" in seen[-1], seen  # shown before it was complete
    cite = bubble.locator("a.cite").first
    expect(cite).to_have_text("[1]")
    assert pg.input_value("#question textarea") == ""
    shot(pg, "02-answer")

    cite.click()
    item = pg.locator("#evidence #ev-1-1")
    expect(item).to_have_class("ev-item ev-active")
    expect(item.locator("mark").first).to_contain_text("opened in Beijing")
    expect(item).to_contain_text("Spike News")
    expect(item).to_contain_text("retrieval rank")
    in_view = "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight }"
    assert item.evaluate(in_view)
    shot(pg, "03-evidence")

    # A follow-up the articles do not answer: shown as such, with the closest passages.
    second = ask(pg, "What does the EU AI Act require?", 1)
    expect(second).to_contain_text("No supported answer")
    shown = pg.locator("#evidence .ev-answer.ev-shown")
    expect(shown).to_have_attribute("id", "ev-2")
    expect(shown.locator(".ev-abstain")).to_contain_text("Not answered by the sources")
    assert shown.locator(".ev-closest").count() >= 1
    shot(pg, "04-abstained")

    # Clicking a citation of the first answer brings its evidence back.
    cite.click()
    expect(shown).to_have_attribute("id", "ev-1")

    # Export the conversation as Markdown (the box shows its start; the file has all of it).
    ask(pg, "How large was the US model's lead in March 2026?", 2)
    pg.click("#export button, #export .label-wrap")
    code = pg.locator("#export-md")
    expect(code).to_contain_text("**Sources**")
    expect(code).to_contain_text("## 1. Where did the Chain Expo open?")
    download = click_download(pg, "#download-md")
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert download.suggested_filename == "conversation.md" and "2.7 percent" in saved
    assert "(inferred)) — `" in saved  # the seed articles' dates are inferred: said, as in the panel
    assert saved.index("## 1. Where did") < saved.index("## 2. What does") < saved.index("## 3. How large")
    shot(pg, "05-export")

    pg.click("#new-chat")
    expect(pg.locator(BOT)).to_have_count(0)
    expect(pg.locator("#evidence .ev-empty")).to_be_visible()
    expect(pg.locator("#chat button.example").first).to_be_visible()  # the starters are back


def test_chats_do_not_leak_between_sessions(browser: Any, page: Any, server: Server) -> None:
    """Two people asking at once each see only their own chat, evidence and follow-up context."""
    from playwright.sync_api import expect

    ask(page, "Where did the Chain Expo open?", 0)
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(server.url)
    other.wait_for_selector("#question textarea")
    expect(other.locator(BOT)).to_have_count(0)
    other.locator("#chat button.example").first.click()  # a starter question is asked at once
    expect(other.locator(f"{BOT} a.cite").first).to_be_visible(timeout=30_000)
    expect(other.locator("#evidence .ev-answer")).to_have_count(1)  # a shared state would show two
    expect(other.locator(BOT)).not_to_contain_text("Beijing")
    ask(page, "What does the EU AI Act require?", 1)
    expect(page.locator(BOT)).to_have_count(2)
    expect(page.locator("#chat")).not_to_contain_text("report in")  # the other person's starter
    other.context.close()


def test_upload_in_the_sources_tab_then_ask(page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    pg = page
    pg.click("#tab-sources-button")
    rows = pg.locator(SOURCE_ROWS)
    expect(rows).to_have_count(2, timeout=15_000)

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pg.set_input_files("#upload input[type='file']", [str(empty)])
    status = pg.locator("#sources-status")
    expect(status).to_contain_text("Not indexed — empty.txt: the file is empty", timeout=30_000)
    expect(status).to_contain_text("Nothing already indexed was changed")
    expect(rows).to_have_count(2)
    shot(pg, "06-bad-upload")

    doc = tmp_path / "tern-count.md"
    filler = [f"Section {i}: the warden's notes on weather, tides and visitors for week {i} of the season, "
              "kept as usual in the logbook at the hide." for i in range(30)]  # fmt: skip
    front = "---\ntitle: Record tern count on Pellow Spit\noutlet: Coastal Courier\ndate: 2026-08-03\n---\n"
    lead = ("Volunteers counted 1,337 Arctic terns nesting on Pellow Spit this summer, the highest number "
            "since records began in 1951.")  # fmt: skip
    doc.write_text(front + lead + "\n\n" + "\n\n".join(filler), encoding="utf-8")
    record(pg, "#upload-progress", "#upload-progress")
    pg.set_input_files("#upload input[type='file']", [str(doc)])
    expect(status).to_contain_text("Indexed tern-count", timeout=60_000)
    assert any("Indexing tern-count.md" in t for t in pg.evaluate("window.__seen"))  # the progress box
    expect(rows).to_have_count(3)
    expect(pg.locator("#sources-table")).to_contain_text("Record tern count on Pellow Spit")
    shot(pg, "07-uploaded")

    pg.click("#tab-ask-button")
    bubble = ask(pg, "How many Arctic terns nested on Pellow Spit?", 0)
    expect(bubble).to_contain_text("1,337")
    bubble.locator("a.cite").first.click()
    expect(pg.locator("#evidence .ev-item.ev-active")).to_contain_text("Coastal Courier")
    # The passage highlights every quote the answer takes from it; the clicked one holds the figure.
    marks = pg.locator("#evidence .ev-item.ev-active mark")
    expect(marks.filter(has_text="1,337 Arctic terns")).to_have_count(1)
    shot(pg, "08-uploaded-answer")

    # Asked about "this week" a year later, the same answer is marked old news, with its date.
    pg.click("#tab-settings-button")
    pg.locator("#f-as-of textarea, #f-as-of input").first.fill("2027-09-01")
    pg.click("#tab-ask-button")
    bubble = ask(pg, "How many Arctic terns nested on Pellow Spit this week?", 1)
    expect(bubble).to_contain_text("1,337")
    old_news = "Old news: the newest article quoted is dated 2026-08-03"
    expect(bubble.locator(".badge-old")).to_have_text(old_news)
    note = pg.locator("#evidence .ev-answer").nth(1).locator(".ev-note")
    expect(note).to_contain_text("no article from the days before 2027-09-01")
    shot(pg, "09-old-news")
