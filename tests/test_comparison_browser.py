"""A comparison answer in headless Chromium against a real ``assistant serve`` over the seed
articles: a side-by-side table with a column per side, each cell's [n] linking to its evidence.

Screenshot: test-artifacts/ui/40-comparison-table.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browser_support import BROWSER_MARKS, chromium, served
from .test_ui_browser import ask, shot
from .ui_server import Server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with served(tmp_path_factory.mktemp("ui-comparison"), "server-comparison.log") as s:
        yield s


def test_a_comparison_answer_is_a_side_by_side_table(server: Server) -> None:
    from playwright.sync_api import expect

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url)
        page.wait_for_selector("#question textarea")
        bubble = ask(page, "Compare the US and China on AI models.", 0)
        table = bubble.locator("table.comparison")
        expect(table).to_be_visible()
        assert table.locator("thead th").all_inner_texts() == ["Aspect", "US", "China"]
        cells = table.locator("tbody td")
        assert cells.count() >= 2
        first_row = table.locator("tbody tr").first
        assert first_row.locator("th").inner_text() == "AI models"
        links = table.locator("a.cite")
        assert links.count() >= 2 and all(t.startswith("[") for t in links.all_inner_texts())
        boxes = [c.bounding_box() for c in first_row.locator("td").all()]
        assert boxes[0] and boxes[1] and boxes[0]["x"] < boxes[1]["x"]  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2
        second = links.nth(1)
        n = second.inner_text().strip("[]")
        second.click()
        expect(page.locator(f"#evidence #ev-1-{n}")).to_have_class("ev-item ev-active")
        shot(page, "40-comparison-table")
