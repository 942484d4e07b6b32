"""In headless Chromium: the Settings tab survives a reload (per browser), one "Settings" (no Gradio
footer panel) with a light/dark switch that is kept too, and starter questions that are in the page
at once. One server for the module; screenshots in test-artifacts/ui/ (prefs-…).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, chromium, served
from .test_ui_browser import shot
from .ui_server import Server

pytestmark = BROWSER_MARKS
KEY = "news-assistant-settings"  # app.SETTINGS_KEY
NOTE = "#filters-note"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-prefs"), "server-prefs.log") as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def open_page(browser: Any, server: Server, **options: Any) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, **options)
    pg = context.new_page()
    pg.goto(server.url)
    pg.wait_for_selector("#question textarea")
    pg.wait_for_selector(f"{NOTE}:has-text('Searching')")  # the page's load events have answered
    return pg


def saved(pg: Any, action: Callable[[], None]) -> None:
    """Do ``action``, wait until this browser's stored settings change, then until no save follows for
    a second (each save stores a new ciphertext: an earlier edit's save may be the first change seen).
    """
    before = pg.evaluate(f"localStorage.getItem('{KEY}')")
    action()
    pg.wait_for_function(f"(b) => localStorage.getItem('{KEY}') !== b", arg=before, timeout=10_000)
    pg.wait_for_function(f"""() => {{ const v = localStorage.getItem('{KEY}'), now = performance.now();
        if (window.__kept !== v) {{ window.__kept = v; window.__since = now; }}
        return now - window.__since > 1000; }}""", polling=100, timeout=15_000)  # fmt: skip


def field(pg: Any, elem_id: str) -> Any:
    return pg.locator(f"#{elem_id} textarea, #{elem_id} input").first


def test_settings_survive_a_reload_in_this_browser_only(browser: Any, server: Server) -> None:
    from playwright.sync_api import expect

    pg = open_page(browser, server)
    pg.click("#tab-settings-button")
    number = pg.locator("#top-k input[type='number']")
    number.fill("5")
    number.press("Enter")
    pg.click("#f-outlets input")
    pg.locator("[role='option']", has_text="Spike News").first.click()
    field(pg, "f-from").fill("2026-01")
    expected = "Searching outlets Spike News; dates 2026-01 to …; 5 passages per question"
    expect(pg.locator(NOTE)).to_contain_text(expected)
    saved(pg, lambda: field(pg, "f-as-of").fill("2026-06-30"))  # the last save holds all of them
    expected = "Searching outlets Spike News; dates 2026-01 to …; as of 2026-06-30; 5 passages per question"
    expect(pg.locator(NOTE)).to_contain_text(expected)

    pg.reload()
    pg.wait_for_selector("#question textarea")
    expect(pg.locator(NOTE)).to_contain_text(expected, timeout=15_000)  # applies to the next question
    pg.click("#tab-settings-button")
    expect(number).to_have_value("5")
    expect(field(pg, "f-from")).to_have_value("2026-01")
    expect(field(pg, "f-as-of")).to_have_value("2026-06-30")
    expect(field(pg, "f-to")).to_have_value("")
    expect(pg.locator("#f-outlets")).to_contain_text("Spike News")
    expect(pg.locator(".toast-wrap")).not_to_contain_text("Error")  # no handler failed on the restore
    shot(pg, "prefs-01-settings-after-reload")

    # The next question uses them: 5 passages, only that outlet.
    pg.click("#tab-ask-button")
    pg.fill("#question textarea", "Where did the Chain Expo open?")
    pg.press("#question textarea", "Enter")
    footer = pg.locator("#evidence .ev-footer").first
    expect(footer).to_contain_text("passages retrieved", timeout=30_000)
    assert int(footer.inner_text().split(" passage")[0].split("· ")[-1]) <= 5
    expect(pg.locator("#evidence .ev-outlet").first).to_have_text("Spike News")

    # Another browser has its own (the defaults).
    other = open_page(browser, server)
    expect(other.locator(NOTE)).to_contain_text("Searching all sources;", timeout=15_000)
    other.context.close()
    pg.context.close()


def test_one_settings_and_a_light_dark_switch_that_is_kept(browser: Any, server: Server) -> None:
    """The device prefers dark: "Light" must win over it after a reload, and "Dark" come back."""
    from playwright.sync_api import expect

    pg = open_page(browser, server, color_scheme="dark")
    footer = pg.locator("footer")
    expect(footer).to_be_visible()
    expect(footer).not_to_contain_text("Settings")  # Gradio's panel (with its PWA text) is not offered
    expect(pg.locator("#tab-settings-button")).to_have_count(1)
    body = pg.locator("body")
    expect(body).to_have_class("dark")  # "System" follows the device
    pg.click("#tab-settings-button")
    theme = pg.locator("#theme")
    expect(theme.locator("input[value='System']")).to_be_checked()
    theme.locator("label", has_text="Light").click()
    expect(body).not_to_have_class("dark")
    pg.wait_for_timeout(400)  # Gradio's colour transitions, for the screenshot
    shot(pg, "prefs-02-light")
    pg.reload()
    pg.wait_for_selector("#question textarea")
    pg.wait_for_timeout(500)  # Gradio applies the device's scheme as it mounts; ours must stay
    expect(body).not_to_have_class("dark")
    pg.click("#tab-settings-button")
    expect(theme.locator("input[value='Light']")).to_be_checked(timeout=10_000)
    theme.locator("label", has_text="Dark").click()
    expect(body).to_have_class("dark")
    pg.reload()
    pg.wait_for_selector("#question textarea")
    expect(body).to_have_class("dark")
    pg.click("#tab-settings-button")
    expect(theme.locator("input[value='Dark']")).to_be_checked(timeout=10_000)
    shot(pg, "prefs-03-dark-after-reload")
    pg.context.close()


def test_starter_questions_are_there_as_the_page_appears(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script("""new MutationObserver(() => {
        const t = performance.now();
        if (!window.__box && document.querySelector('#question textarea')) window.__box = t;
        if (!window.__starter && document.querySelector('#chat button.example')) window.__starter = t;
      }).observe(document, {childList: true, subtree: true});""")
    pg = context.new_page()
    pg.goto(server.url)
    pg.wait_for_function("window.__box && window.__starter", timeout=20_000)
    box, starter = pg.evaluate("[window.__box, window.__starter]")
    print(f"question box at {box:.0f} ms, first starter at {starter:.0f} ms")
    assert starter - box < 300, (box, starter)  # in the same render as the page, not after the load events
    assert pg.locator("#chat button.example").count() >= 2
    assert "pick one" not in pg.locator("#chat").inner_text()
    shot(pg, "prefs-04-starters")
    context.close()
