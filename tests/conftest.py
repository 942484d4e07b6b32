"""Shared fixtures: real embedded Chroma in temp folders, the real packaged embedder (loaded once)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
    os.environ.pop(var, None)
for var in [v for v in os.environ if v.startswith("ASSISTANT_")]:
    os.environ.pop(var)

from assistant import PROJECT_ROOT, Assistant, Settings  # noqa: E402
from assistant.embedding import CachedEmbedder, OnnxMiniLM  # noqa: E402

SOURCES = PROJECT_ROOT / "sources"
SESSION_MEMO_TEXTS = 200_000  # more than the suite embeds (1.5 kB a vector)
NewAssistant = Callable[..., Assistant]  # the type of the ``new_assistant`` fixture
RunCli = Callable[..., Result]  # the type of the ``run_cli`` fixture


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> CachedEmbedder:
    """The packaged MiniLM, loaded once per session; a text an earlier test embedded is not
    embedded again. Every assistant still wraps it in its own cache in its own data dir, so the
    cache counts and the calls its ``inner`` sees are those of a fresh model."""
    path = tmp_path_factory.mktemp("embedder") / "embedding-cache.sqlite"
    return CachedEmbedder(OnnxMiniLM(batch_size=Settings().embedding_batch_size), path, SESSION_MEMO_TEXTS)


@pytest.fixture(scope="session")
def new_assistant(embedder: CachedEmbedder) -> NewAssistant:
    """``Assistant(settings, generator=None)`` sharing the session's embedder."""
    return partial(Assistant, embedder=embedder)


@pytest.fixture(scope="session")
def run_cli(embedder: CachedEmbedder) -> RunCli:
    """``run_cli(settings, *args, input=None, env=None)``: ``assistant --data-dir D --sources-dir S
    ARGS`` in this process (click's runner) on the session's embedder, for tests of what a command
    prints and exits with; a Python start-up and a model load per call are what the few
    ``subprocess`` tests per entry point pay for. An exception the CLI does not turn into a message
    is raised here (a traceback the user would see), not returned.
    """
    from assistant.cli import cli

    def run(settings: Settings, *args: str, input: str | bytes | None = None,
            env: dict[str, Any] | None = None) -> Result:  # fmt: skip
        where = ["--data-dir", str(settings.data_dir), "--sources-dir", str(settings.sources_dir)]
        return CliRunner().invoke(cli, [*where, *args], input=input, env=env, obj={"embedder": embedder},
                                  catch_exceptions=False)  # fmt: skip

    return run


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh data dir and a copy of the seed sources."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    return Settings(data_dir=tmp_path / "data", sources_dir=sources)


@pytest.fixture
def assistant(settings: Settings, new_assistant: NewAssistant) -> Assistant:
    return new_assistant(settings)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory,
           new_assistant: NewAssistant) -> Iterator[Assistant]:  # fmt: skip
    """One indexed assistant over the seed articles, shared by read-only tests."""
    root = tmp_path_factory.mktemp("seeded")
    shutil.copytree(SOURCES, root / "sources")
    a = new_assistant(Settings(data_dir=root / "data", sources_dir=root / "sources"))
    a.sync()
    yield a


@pytest.fixture(scope="session")
def cli_seed_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a data dir the seed articles were indexed into by a real ``assistant sources sync``
    subprocess, its sources folder), for the tests of other processes' writes: copy both, never
    write to them."""
    import subprocess

    from tests.kill_helpers import assistant_cmd, cli_env

    root = tmp_path_factory.mktemp("cli-seed-index")
    data, sources = root / "data", root / "sources"
    shutil.copytree(SOURCES, sources)
    done = subprocess.run(assistant_cmd(data, sources, "sources", "sync"), env=cli_env(),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return data, sources


def source_text(assistant: Assistant, source_id: str) -> str:
    """The document text a citation's offsets point into."""
    from assistant import load_document

    record = assistant.store.sources()[source_id]
    return load_document(Path(record.path), 10**8).text


def write_articles(folder: Path, articles: dict[str, str], title: str, outlet: str,
                   date: str = "2024-03-01") -> Path:  # fmt: skip
    """Invented articles as Markdown files with front matter, one per ``{source_id: text}``, titled
    ``"{title} {source_id}"``; returns ``folder`` (created).
    """
    folder.mkdir()
    for source_id, text in articles.items():
        front = f"id: {source_id}\ntitle: {title} {source_id}\noutlet: {outlet}\ndate: {date}"
        (folder / f"{source_id}.md").write_text(f"---\n{front}\n---\n\n{text}\n", encoding="utf-8")
    return folder
