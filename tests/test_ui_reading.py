"""Reading the evidence in headless Chromium: on a phone (390×844) a tapped [n] opens its passage in a
sheet where the reader is and the Sources table is one card per document; anywhere, a citation opens
the whole article with the quote marked and scrolled into view. Screenshots: test-artifacts/ui/read-….
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, chromium, served
from .test_ui_browser import SOURCE_ROWS, ask, shot
from .ui_server import ARTIFACTS, Server

pytestmark = BROWSER_MARKS
PHONE = {"width": 390, "height": 844}
QUESTION = "Where did the Chain Expo open?"
IN_VIEW = ("e => { const r = e.getBoundingClientRect(); "
           "return r.top >= 0 && r.bottom <= innerHeight && r.height > 0 }")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-reading"), "server-reading.log") as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def open_page(browser: Any, server: Server, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, has_touch=viewport == PHONE)
    pg = context.new_page()
    pg.goto(server.url)
    pg.wait_for_selector("#question textarea")
    return pg


def view_shot(pg: Any, name: str) -> None:
    """What the screen shows (a full-page shot would misplace the fixed sheet and article view)."""
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_on_a_phone_a_tapped_citation_opens_where_the_reader_is(browser: Any, server: Server) -> None:
    from playwright.sync_api import expect

    pg = open_page(browser, server, PHONE)
    bubble = ask(pg, QUESTION, 0)
    cite = bubble.locator("a.cite").first
    cite.scroll_into_view_if_needed()
    before = pg.evaluate("scrollY")
    cite.tap()
    sheet = pg.locator("#cite-sheet")
    expect(sheet).to_be_visible()
    expect(sheet.locator("mark").first).to_contain_text("opened in Beijing")
    expect(sheet).to_contain_text("Spike News")
    assert sheet.evaluate(IN_VIEW), sheet.bounding_box()
    assert pg.evaluate("scrollY") == before  # not scrolled to the panel ~1,200 px below
    assert cite.evaluate(IN_VIEW)  # the sentence read is still on screen above the sheet
    view_shot(pg, "read-01-phone-sheet")
    pg.locator("#cite-sheet .sheet-close").tap()
    expect(sheet).to_have_count(0)

    # From the sheet, the whole article (the same view as on a desktop, fitted to the phone).
    cite.tap()
    sheet.locator("button.ev-open").tap()
    view = pg.locator("#article-view")
    expect(view).to_be_visible(timeout=15_000)
    expect(sheet).to_have_count(0)
    mark = view.locator("#article-html mark").first
    expect(mark).to_contain_text("opened in Beijing")
    view_shot(pg, "read-02-phone-article")
    pg.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('#article-html mark'))", timeout=5_000)
    box = view.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    view_shot(pg, "read-02-phone-article")
    pg.locator("#article-close").tap()
    expect(view).to_be_hidden()
    pg.context.close()


def test_on_a_phone_the_sources_table_is_cards(browser: Any, server: Server) -> None:
    from playwright.sync_api import expect

    pg = open_page(browser, server, PHONE)
    pg.click("#chats button[aria-label='Toggle Sidebar']") if pg.locator("#chats.open").count() else None
    pg.click("#tab-sources-button")
    rows = pg.locator(SOURCE_ROWS)
    expect(rows).to_have_count(2, timeout=15_000)
    for i in range(rows.count()):
        row = rows.nth(i)
        row.scroll_into_view_if_needed()
        card = row.bounding_box()
        assert card["width"] > 0.7 * PHONE["width"], card
        assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"], card
        for label in ("Title", "Outlet", "Date", "Chunks", "Id"):
            cell = row.locator(f"td[data-label='{label}']")
            assert cell.bounding_box()["width"] > 0.65 * PHONE["width"], label  # no letter-per-line column
        date = row.locator("td[data-label='Date']")
        assert date.bounding_box()["height"] < 40, date.inner_text()  # "2026-06 (inferred)" on one line
        chunks = row.locator("td[data-label='Chunks']")
        before = chunks.evaluate("e => getComputedStyle(e, '::before').content")
        assert before == '"Chunks"'  # each value says its column
    table = pg.locator("#sources-table")
    clipped = table.evaluate("e => [...e.querySelectorAll('*'), e].filter(x => x.tagName !== 'THEAD' "
                             "&& x.scrollHeight > x.clientHeight + 1 "
                             "&& getComputedStyle(x).overflowY !== 'visible')"
                             ".map(x => x.tagName + '.' + x.className)")  # (THEAD: for screen readers only)
    assert not clipped, clipped  # no inner scroll hides rows
    shot(pg, "read-03-phone-sources")
    pg.context.close()


def test_a_citation_opens_the_whole_article_at_the_quote(browser: Any, server: Server) -> None:
    from playwright.sync_api import expect

    pg = open_page(browser, server, {"width": 1400, "height": 900})
    bubble = ask(pg, QUESTION, 0)
    bubble.locator("a.cite").first.click()
    item = pg.locator("#evidence #ev-1-1")
    quote = item.locator("mark").first.inner_text()
    item.locator("button.ev-open").click()
    view = pg.locator("#article-view")
    expect(view).to_be_visible(timeout=15_000)
    article = pg.locator("#article-html")
    expect(article.locator(".ev-title")).to_have_text("US-China AI Development: Convergence or Competition?")
    expect(article.locator(".ev-date")).to_have_text("2026-06 (inferred)")
    expect(article.locator("mark")).to_have_count(1)
    assert quote in article.locator("mark").inner_text()
    assert article.locator(".art-body p").count() > item.locator(".ev-passage p").count()  # all of it
    pg.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('#article-html mark'))", timeout=5_000)
    assert view.evaluate("e => e.scrollTop") > 0  # scrolled to the quote, not left at the top
    expect(view).to_have_attribute("role", "dialog")
    view_shot(pg, "read-04-article")
    pg.keyboard.press("Escape")
    expect(view).to_be_hidden()
    pg.context.close()
