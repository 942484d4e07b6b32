"""Who speaks, in headless Chromium against a real ``assistant serve`` over the seed articles: the
evidence panel's speaker line, the Speakers tab and its filter, and the ``/speakers`` endpoint.

Screenshots go to test-artifacts/ui/ (30-… and 31-…).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser_support import BROWSER_MARKS, app_page, served
from .test_ui_browser import ask, shot
from .test_ui_chats import contrast
from .ui_server import Server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-speakers"), "server-speakers.log") as s:
        yield s


@pytest.fixture(scope="module")
def page(server: Server) -> Iterator[Any]:
    with app_page(server.url) as pg:
        yield pg


def test_the_evidence_panel_says_who_speaks(page: Any) -> None:
    from playwright.sync_api import expect

    ask(page, "What does Zhu Min say the United States focuses on?", 0)
    line = page.locator("#evidence .ev-item .ev-speaker").first
    expect(line).to_have_text("Zhu Min (former IMF deputy managing director) · quoted by China Daily · ZH")
    assert contrast(page, "#evidence .ev-speaker") >= 4.5
    shot(page, "30-evidence-speaker")


def test_the_speakers_tab_lists_everyone_quoted_and_filters_by_name(page: Any) -> None:
    from playwright.sync_api import expect

    page.click("#tab-speakers-button")
    names = page.locator("#speakers .sp-name")
    expect(names.first).to_be_visible(timeout=15_000)
    shown = names.all_inner_texts()
    assert {"Zhu Min", "Michael Spence", "Foreign Policy"} <= set(shown)
    assert "ZH" not in shown and "Spike News" not in shown
    page.fill("#speakers-filter textarea, #speakers-filter input", "Spence")
    expect(names).to_have_count(1, timeout=10_000)
    expect(names.first).to_have_text("Michael Spence")
    page.locator("#speakers .sp-speaker summary").first.click()
    first = page.locator("#speakers .sp-sentence").first
    expect(first).to_contain_text("zh-china-daily-us-china-ai-cooperation, chars")
    assert contrast(page, "#speakers .sp-ref") >= 4.5
    shot(page, "31-speakers-tab")


def test_the_speakers_endpoint_gives_roles_counts_and_passage_references(server: Server) -> None:
    from gradio_client import Client

    data = Client(server.url, verbose=False).predict("Zhu", api_name="/speakers")
    assert [sp["name"] for sp in data] == ["Zhu Min"]
    zhu = data[0]
    assert zhu["role"] == "former IMF deputy managing director" and zhu["count"] == len(zhu["sentences"]) >= 5
    assert all(s["chunk_id"].startswith("zh-china-daily-us-china-ai-cooperation:") for s in zhu["sentences"])
