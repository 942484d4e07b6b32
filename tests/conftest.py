"""Shared fixtures: real embedded Chroma in temp folders, the real packaged embedder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(var, None)
for var in [v for v in os.environ if v.startswith("ASSISTANT_")]:
    os.environ.pop(var)

from assistant import Assistant  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

SOURCES = PROJECT_ROOT / "sources"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir and a copy of the seed sources."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    return Settings(data_dir=tmp_path / "data", sources_dir=sources)


@pytest.fixture
def assistant(settings: Settings) -> Assistant:
    return Assistant(settings)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """One indexed assistant over the seed articles, shared by read-only tests."""
    root = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SOURCES, root / "sources")
    a = Assistant(Settings(data_dir=root / "data", sources_dir=root / "sources"))
    a.sync()
    yield a


def source_text(assistant: Assistant, source_id: str) -> str:
    """The document text a citation's offsets point into."""
    from assistant import load_document

    record = assistant.store.sources()[source_id]
    return load_document(Path(record.path), 10**8).text
