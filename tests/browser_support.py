"""What the browser tests share: Debian's Chromium, its launch flags, and a served app whose log
is kept beside the screenshots."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .ui_server import ARTIFACTS, Server, running_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install chromium); Playwright's own browser downloads fail offline"),
]  # fmt: skip


@contextmanager
def served(root: Path, log_name: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """``running_server`` whose output is copied to the artifacts folder as ``log_name``."""
    with running_server(root, env) as server:
        yield server
    if ARTIFACTS.exists():
        shutil.copy(server.log, ARTIFACTS / log_name)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (skips when Playwright is not installed)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def app_page(url: str) -> Iterator[Any]:
    """A desktop-size page of the app at ``url``, loaded (the question box is there)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector("#question textarea")
        yield page
