"""Saved chats in headless Chromium: reload, reopen, rename, delete, regenerate, edit, copy, badges.

One server (extractive answers over the seed articles) for the module. Screenshots go to
test-artifacts/ui/ next to those of test_ui_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, chromium, served
from .test_ui_browser import BOT, ask, shot
from .ui_server import ARTIFACTS, Server, free_port, running_server

pytestmark = BROWSER_MARKS
CHATS = "#chat-list label"
USER = "#chat [data-testid='user']"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-chats"), "server-chats.log") as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    print(f"screenshots in {ARTIFACTS}")
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A new browser profile (its own localStorage, so its own chats) that may use the clipboard."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  permissions=["clipboard-read", "clipboard-write"])  # fmt: skip
    pg = context.new_page()
    pg.goto(server.url)
    pg.wait_for_selector("#question textarea")
    yield pg
    context.close()


def reload(pg: Any) -> None:
    pg.reload()
    pg.wait_for_selector("#question textarea")


def test_a_chat_survives_a_reload_with_its_evidence(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    ask(pg, "Where did the Chain Expo open?", 0)  # asked at once: before the page load has finished
    expect(pg.locator(CHATS)).to_have_count(1)  # saved all the same, under this browser's id
    ask(pg, "What does the EU AI Act require?", 1)
    expect(pg.locator(CHATS)).to_have_count(1)
    expect(pg.locator(CHATS).first).to_contain_text("Where did the Chain Expo open?")
    reload(pg)

    # The chat that was open is open again, with both answers' evidence.
    expect(pg.locator(BOT)).to_have_count(2, timeout=15_000)
    expect(pg.locator("#evidence .ev-answer")).to_have_count(2)
    expect(pg.locator(BOT).nth(1)).to_contain_text("No supported answer")
    name = pg.locator("#rename-box textarea, #rename-box input")
    expect(name).to_have_value("Where did the Chain Expo open?")
    shot(pg, "chats-01-after-reload")

    # A new chat does not lose the old one: it stays in the list and comes back, evidence and all.
    pg.click("#new-chat")
    expect(pg.locator(BOT)).to_have_count(0)
    ask(pg, "How large was the US model's lead in March 2026?", 0)
    expect(pg.locator(CHATS)).to_have_count(2)
    pg.locator(CHATS).filter(has_text="Chain Expo").click()
    expect(pg.locator(BOT)).to_have_count(2)
    expect(pg.locator(BOT).first).to_contain_text("Beijing")
    pg.locator(f"{BOT} a.cite").first.click()
    item = pg.locator("#evidence #ev-1-1")
    expect(item).to_have_class("ev-item ev-active")
    expect(item.locator("mark").first).to_contain_text("opened in Beijing")
    shot(pg, "chats-02-reopened")

    # The export is the whole conversation, not only the latest answer.
    pg.click("#export button, #export .label-wrap")
    code = pg.locator("#export-md")
    expect(code).to_contain_text("## 1. Where did the Chain Expo open?")
    expect(code).to_contain_text("## 2. What does the EU AI Act require?")

    # Accessibility: a named question box, an announced evidence panel, readable secondary text.
    expect(pg.get_by_role("textbox", name="Your question about the news")).to_be_visible()
    expect(pg.locator("#evidence")).to_have_attribute("aria-live", "polite")
    for selector in ("#evidence .ev-meta", "#evidence .ev-score", "#evidence .ev-footer", "#filters-note"):
        assert contrast(pg, selector) >= 4.5, selector


def contrast(pg: Any, selector: str) -> float:
    """WCAG contrast of an element's text colour on the first opaque background behind it."""
    return float(pg.locator(selector).first.evaluate("""(el) => {
        const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
        const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92
            : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
        let bg = el, color;
        while (bg) { color = rgb(getComputedStyle(bg).backgroundColor);
          if (color.length < 4 || color[3] > 0.9) break; bg = bg.parentElement; }
        if (!bg) color = [255, 255, 255];
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(color.slice(0, 3));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }"""))


def test_rename_and_delete(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    ask(pg, "Where did the Chain Expo open?", 0)
    box = pg.locator("#rename-box textarea, #rename-box input")
    box.fill("Expo notes")
    pg.click("#rename-btn")
    expect(pg.locator(CHATS)).to_have_count(1)
    expect(pg.locator(CHATS).first).to_contain_text("Expo notes")
    reload(pg)
    expect(pg.locator(CHATS).first).to_contain_text("Expo notes", timeout=15_000)
    expect(box).to_have_value("Expo notes")
    shot(pg, "chats-03-renamed")

    # Delete asks first, naming the chat; cancel keeps it.
    pg.click("#delete-btn")
    confirm = pg.locator("#confirm-delete-btn")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Confirm delete “Expo notes”")
    shot(pg, "chats-03b-delete-confirm")
    pg.click("#cancel-delete-btn")
    expect(confirm).to_be_hidden()
    expect(pg.locator(CHATS)).to_have_count(1)
    expect(pg.locator(BOT)).to_have_count(1)
    pg.click("#delete-btn")
    pg.click("#confirm-delete-btn")
    expect(confirm).to_be_hidden()
    expect(pg.locator(CHATS)).to_have_count(0)
    expect(pg.locator(BOT)).to_have_count(0)
    expect(pg.locator("#evidence .ev-empty")).to_be_visible()
    reload(pg)
    expect(pg.locator("#chat button.example").first).to_be_visible(timeout=15_000)
    expect(pg.locator(CHATS)).to_have_count(0)  # gone on the server too
    expect(pg.locator(BOT)).to_have_count(0)


def test_regenerate_and_edit_the_question(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    ask(pg, "Where did the Chain Expo open?", 0)
    pg.click("#tab-settings-button")
    pg.locator("#top-k input[type='number']").fill("2")
    pg.locator("#top-k input[type='number']").press("Enter")
    pg.click("#tab-ask-button")
    expect(pg.locator("#filters-note")).to_contain_text("2 passages per question")
    pg.click("#regenerate-btn")
    # Asked again with the new setting: still one question and one answer, now over 2 passages.
    expect(pg.locator("#evidence .ev-footer").first).to_contain_text("2 passages retrieved", timeout=30_000)
    expect(pg.locator(BOT)).to_have_count(1)
    expect(pg.locator(USER)).to_have_count(1)
    expect(pg.locator(BOT).first).to_contain_text("Beijing")

    # Edit the question: the new one is asked and replaces the old turn.
    pg.locator(USER).first.hover()
    pg.locator("#chat button[aria-label='Edit']").first.click()
    editor = pg.locator("#chat textarea").first
    editor.fill("What does the EU AI Act require?")
    shot(pg, "chats-04-editing")
    pg.locator("#chat button[aria-label='Submit']").first.click()
    expect(pg.locator(BOT).first).to_contain_text("No supported answer", timeout=30_000)
    expect(pg.locator(USER)).to_have_count(1)
    expect(pg.locator(USER).first).to_contain_text("EU AI Act")
    expect(pg.locator("#evidence .ev-answer")).to_have_count(1)
    shot(pg, "chats-05-edited")


def test_copy_gives_clean_text_and_badges_mark_the_status(page: Any) -> None:
    from playwright.sync_api import expect

    pg = page
    bubble = ask(pg, "Where did the Chain Expo open?", 0)
    bubble.hover()
    pg.locator("#chat .message-buttons-left button[aria-label='Copy message']").first.click()  # the answer's
    copied = pg.evaluate("navigator.clipboard.readText()")
    assert "<a" not in copied and "href" not in copied and "<!--" not in copied, copied
    assert "opened in Beijing. [1]" in copied and "**Sources**" in copied, copied
    assert "[1] Spike News, “" in copied and "characters " in copied
    expected = pg.locator("#evidence #ev-1 .ev-copy").text_content()
    assert copied == expected  # the same text as the Markdown export of this answer

    abstained = ask(pg, "What does the EU AI Act require?", 1)
    expect(abstained.locator(".badge-abstain")).to_have_text("No supported answer")
    expect(abstained).to_contain_text("shown with this answer")
    expect(abstained).not_to_contain_text("below")
    corrected = ask(pg, "Why is the US lead over China 12 percent, as of March 2026?", 2)
    expect(corrected.locator(".badge-premise")).to_have_text("Premise corrected")
    assert pg.locator(f"{BOT} .badge").count() == 2  # a plain cited answer has none
    shot(pg, "chats-06-badges")


def test_a_chat_survives_a_server_restart(browser: Any, tmp_path: Path) -> None:
    """The same data directory and address: the browser's id and its chat are still good."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    port = free_port()
    with running_server(tmp_path, port=port) as first:
        pg.goto(first.url)
        pg.wait_for_selector("#question textarea")
        ask(pg, "Where did the Chain Expo open?", 0)
        expect(pg.locator(CHATS)).to_have_count(1)
    with running_server(tmp_path, port=port) as second:
        pg.goto(second.url)
        pg.wait_for_selector("#question textarea")
        expect(pg.locator(BOT)).to_have_count(1, timeout=15_000)
        expect(pg.locator(BOT).first).to_contain_text("Beijing")
        expect(pg.locator(CHATS)).to_have_count(1)
        expect(pg.locator("#evidence #ev-1-1 mark").first).to_contain_text("opened in Beijing")
        shot(pg, "chats-07-after-restart")
    context.close()


def test_on_a_phone_the_chat_list_starts_closed(browser: Any, server: Server) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(server.url)
    expect(pg.locator("#chats")).not_to_have_class(re.compile(r"\bopen\b"), timeout=15_000)
    expect(pg.locator("#question textarea")).to_be_in_viewport()
    shot(pg, "chats-08-phone")
    pg.click("#chats button[aria-label='Toggle Sidebar']")  # one tap opens it
    expect(pg.locator("#chats")).to_have_class(re.compile(r"\bopen\b"))
    expect(pg.locator("#new-chat")).to_be_in_viewport(timeout=15_000)  # the sidebar slides in
    context.close()
