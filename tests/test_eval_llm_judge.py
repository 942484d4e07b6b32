"""The LLM judge against a real OpenAI-compatible HTTP server on loopback (scripted replies)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant import BackendError, ConfigError, Settings
from assistant.evals import make_judge, parse_reply

SEEN: list[dict[str, Any]] = []


class _Chat(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        SEEN.append(body)
        prompt = body["messages"][0]["content"]
        sentence = prompt.split("Sentence:\n", 1)[1].split("\n", 1)[0]
        reply = "SUPPORTED\nsame figure" if "2.7" in sentence else "UNSUPPORTED\nwrong figure"
        data = json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": reply}}
                ],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Chat)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _embed(texts: list[str]) -> list[list[float]]:
    raise AssertionError("the LLM judge must not embed")


def test_llm_judge_asks_the_endpoint(server: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, llm_base_url=server, llm_model="judge-model", llm_retries=0)
    judge = make_judge("llm", settings, _embed)
    assert judge.name == "llm:judge-model"
    passage = "The leading US model held a narrow advantage of around 2.7 percent."
    assert judge.judge("The US led by 2.7 percent. [1]", [passage]).supported
    verdict = judge.judge("The US led by 12 percent.", [passage])
    assert not verdict.supported and verdict.reasons == ["wrong figure"]
    assert SEEN[-1]["temperature"] == 0 and passage in SEEN[-1]["messages"][0]["content"]
    assert "[1]" not in SEEN[0]["messages"][0]["content"].split("Sentence:\n", 1)[1]
    assert not judge.judge("Anything.", []).supported


def test_llm_judge_needs_an_endpoint_and_reports_failures(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_BASE_URL"):
        make_judge("llm", Settings(data_dir=tmp_path), _embed)
    with pytest.raises(ConfigError, match="Unknown judge"):
        make_judge("oracle", Settings(data_dir=tmp_path), _embed)
    dead = Settings(data_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_retries=0, llm_timeout_s=2)
    with pytest.raises(BackendError, match="LLM judge at http://127.0.0.1:9/v1"):
        make_judge("llm", dead, _embed).judge("A.", ["A."])


def test_parse_reply() -> None:
    assert parse_reply("**SUPPORTED**\nok").supported
    assert not parse_reply("UNSUPPORTED: no").supported
    assert not parse_reply("Not supported.").supported
    odd = parse_reply("Maybe?")
    assert not odd.supported and "not understood" in odd.reasons[0]
