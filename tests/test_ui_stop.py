"""Stop a streaming answer in headless Chromium, then get a verified one (the openai backend on a
scripted, slow OpenAI-compatible server on 127.0.0.1)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, app_page, served
from .scripted_server import ScriptedServer, scripted_server, sse
from .test_ui_browser import BOT, shot
from .ui_server import Server

pytestmark = BROWSER_MARKS
# A verbatim sentence of the seed article about the Chain Expo, cited, then a long sentence that
# streams slowly. The chat shows an LLM answer sentence by sentence, once each is checked.
CITED = "The Fourth China International Supply Chain Promotion Fair (Chain Expo) opened in Beijing [1]."
SLOW = CITED + " " + " ".join(f"word{i}" for i in range(60)) + " [1]."
WORD_DELAY_S = 0.25  # 60+ words: about 16 s unless stopped


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedServer]:
    with scripted_server(sse(SLOW, delay=WORD_DELAY_S), sse(CITED)) as server:  # the last step repeats
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, llm: ScriptedServer) -> Iterator[Server]:
    env = {"ASSISTANT_BACKEND": "openai", "ASSISTANT_LLM_BASE_URL": llm.url,
           "ASSISTANT_LLM_MODEL": "scripted",
           "ASSISTANT_LLM_API_KEY": "test", "ASSISTANT_LLM_RETRIES": "0",
           "ASSISTANT_LLM_CONDENSE": "false"}  # fmt: skip
    with served(tmp_path_factory.mktemp("ui-stop"), "server-stop.log", env) as s:
        yield s


@pytest.fixture
def page(server: Server) -> Iterator[Any]:
    with app_page(server.url) as pg:
        yield pg


def test_stop_a_streaming_answer_then_regenerate_it(page: Any, llm: ScriptedServer) -> None:
    from playwright.sync_api import expect

    pg = page
    expect(pg.locator("#stop-btn")).to_be_hidden()
    pg.fill("#question textarea", "Where did the Chain Expo open?")
    pg.press("#question textarea", "Enter")
    bubble = pg.locator(BOT).first
    expect(bubble).to_contain_text("opened in Beijing", timeout=30_000)  # the first sentence is in
    expect(pg.locator("#ask-btn")).to_be_hidden()
    assert bubble.locator(".badge").count() == 0  # not finished: the second sentence is still coming
    pg.click("#stop-btn")
    expect(bubble).to_contain_text("Stopped.", timeout=10_000)
    expect(pg.locator("#ask-btn")).to_be_visible()
    expect(pg.locator("#stop-btn")).to_be_hidden()
    shown = bubble.inner_text()
    time.sleep(WORD_DELAY_S * 8)  # a late chunk or the finished answer would show by now
    assert bubble.inner_text() == shown and "opened in Beijing" in shown
    assert bubble.locator(".badge").count() == 0
    expect(pg.locator("#evidence .ev-empty")).to_be_visible()  # a stopped reply has no evidence
    expect(pg.locator("#chat-list label")).to_have_count(1)  # and it is saved
    shot(pg, "stop-01-stopped")

    pg.reload()
    pg.wait_for_selector("#question textarea")
    expect(pg.locator(BOT).first).to_contain_text("Stopped.", timeout=15_000)  # saved as it was

    # Regenerate asks the same question again: the scripted server now answers at once.
    pg.click("#regenerate-btn")
    answer = pg.locator(BOT).first
    expect(answer.locator("a.cite")).to_have_count(1, timeout=30_000)
    expect(pg.locator(BOT)).to_have_count(1)
    expect(answer).not_to_contain_text("Stopped.")
    expect(answer.locator(".badge-verified")).to_have_text("1 of 1 sentences verified")
    expect(pg.locator("#evidence .ev-answer")).to_have_count(1)
    assert len(llm.requests) >= 2
    shot(pg, "stop-02-regenerated")
