"""Faults at the network edge, against a real HTTP server on 127.0.0.1: retries, fallback, errors
that name the setting, and what is sent (max tokens both OpenAI and llama.cpp honour)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from assistant import Assistant, ConfigError, Settings, condense_question
from assistant.generation import ExtractiveGenerator, LLMGenerator, make_generator
from tests.llm_support import passages, run
from tests.scripted_server import Step, closed_port, scripted_server, sse, status

GAP = "As of March 2026, the leading US model held a narrow advantage of around 2.7 percent [2]."



def generator(url: str, **overrides: Any) -> LLMGenerator:
    values: dict[str, Any] = {"backend": "openai", "llm_base_url": url, "llm_model": "m", "llm_retries": 2,
                              "llm_timeout_s": 5.0, "llm_total_timeout_s": 20.0}  # fmt: skip
    return LLMGenerator(Settings(**{**values, **overrides}))


def test_answer_over_http_streams_and_sends_max_tokens_llama_cpp_honours(seeded: Assistant) -> None:
    with scripted_server(sse(GAP)) as server:
        deltas, a = run(generator(server.url, llm_max_tokens=123), passages(), seeded)
    assert a.backend == "openai (m)" and a.sentences_verified == 1 and deltas == [a.text]
    body = server.requests[0]["body"]
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert body["stream"] is True and body["model"] == "m" and body["temperature"] == 0.0
    assert body["max_tokens"] == 123 and "max_completion_tokens" not in body


def test_openai_itself_gets_max_completion_tokens(seeded: Assistant) -> None:
    with scripted_server(sse(GAP)) as server:
        run(generator(server.url, llm_max_tokens=77, llm_max_tokens_field="max_completion_tokens"),
            passages(), seeded)  # fmt: skip
    body = server.requests[0]["body"]
    assert body["max_completion_tokens"] == 77 and "max_tokens" not in body


def test_server_errors_are_retried_then_the_extractive_answer_is_labelled(seeded: Assistant) -> None:
    with scripted_server(status(500)) as server:
        started = time.monotonic()
        deltas, a = run(generator(server.url, llm_retries=2), passages(), seeded)
    assert len(server.requests) == 3  # one try and two retries
    assert time.monotonic() - started < 10
    assert a.backend == f"extractive (fallback: {server.url} failed with HTTP 500 after 3 attempts)"
    assert "The language model was not used" in a.notes[0]
    assert "".join(deltas).strip() == a.text.strip() and a.citations


def test_rate_limit_is_retried_after_its_retry_after(seeded: Assistant) -> None:
    with scripted_server(status(429, "slow down", retry_after="0"), sse(GAP)) as server:
        _, a = run(generator(server.url), passages(), seeded)
    assert len(server.requests) == 2
    assert a.backend == "openai (m)" and a.sentences_verified == 1


def test_a_hanging_server_times_out_within_the_bounds(seeded: Assistant) -> None:
    with scripted_server(Step("hang", seconds=5)) as server:
        started = time.monotonic()
        _, a = run(generator(server.url, llm_timeout_s=0.5, llm_retries=1), passages(), seeded)
        elapsed = time.monotonic() - started
    assert a.backend.startswith(f"extractive (fallback: {server.url} did not answer within 0.5 s")
    assert len(server.requests) == 2 and elapsed < 4


def test_total_time_bounds_the_retries(seeded: Assistant) -> None:
    with scripted_server(status(503)) as server:
        started = time.monotonic()
        _, a = run(generator(server.url, llm_retries=10, llm_total_timeout_s=2.0), passages(), seeded)
    assert time.monotonic() - started < 4
    assert 2 <= len(server.requests) < 6 and "fallback" in a.backend


def test_a_closed_port_falls_back_with_a_clear_label(seeded: Assistant) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    _, a = run(generator(url, llm_retries=1), passages(), seeded)
    assert a.backend == f"extractive (fallback: cannot reach {url} (ASSISTANT_LLM_BASE_URL) after 2 attempts)"
    assert "2.7 percent" in a.text


def test_after_a_failure_the_next_question_does_not_wait(seeded: Assistant) -> None:
    with scripted_server(status(502)) as server:
        gen = generator(server.url, llm_retries=0)
        run(gen, passages(), seeded)
        started = time.monotonic()
        _, a = run(gen, passages(), seeded)
    assert len(server.requests) == 1 and time.monotonic() - started < 2
    assert "not retried for" in a.backend


def test_a_stream_cut_off_before_a_sentence_completes_falls_back(seeded: Assistant) -> None:
    with scripted_server(Step("cut", text=GAP)) as server:
        _, a = run(generator(server.url, llm_retries=0), passages(), seeded)
    assert a.backend.startswith("extractive (fallback: the stream broke off")


def test_a_sentence_cut_by_the_token_limit_is_dropped(seeded: Assistant) -> None:
    with scripted_server(sse(f"{GAP} The leading US model", finish="length")) as server:
        _, a = run(generator(server.url), passages(), seeded)
    assert a.text == GAP.replace(" [2].", ". [1]") and a.sentences_total == 1
    assert any("token limit" in n for n in a.notes)


def test_a_malformed_event_stream_falls_back(seeded: Assistant) -> None:
    events = "data: {not json}\n\ndata: [DONE]\n\n"
    step = Step("raw", text=events, headers={"content-type": "text/event-stream"})
    with scripted_server(step) as server:
        _, a = run(generator(server.url, llm_retries=0), passages(), seeded)
    assert a.backend.startswith("extractive (fallback:")


def test_a_wrong_key_is_an_error_naming_the_setting(seeded: Assistant) -> None:
    with scripted_server(status(401, "Incorrect API key provided")) as server:
        gen = generator(server.url, llm_api_key="sk-wrong")
        with pytest.raises(ConfigError, match="rejected the API key.*ASSISTANT_LLM_API_KEY"):
            run(gen, passages(), seeded)
    assert server.requests[0]["auth"] == "Bearer sk-wrong" and len(server.requests) == 1


def test_a_wrong_key_from_openai_api_key_names_it(seeded: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    with scripted_server(status(401)) as server, pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        run(generator(server.url), passages(), seeded)


def test_a_wrong_url_path_is_an_error_naming_the_setting(seeded: Assistant) -> None:
    with scripted_server(status(404, "Not Found")) as server:
        gen = generator(server.url.removesuffix("/v1"))
        with pytest.raises(ConfigError, match="404.*ASSISTANT_LLM_BASE_URL"):
            run(gen, passages(), seeded)


def test_a_url_that_is_not_a_url_is_an_error_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_BASE_URL='localhost:8080' is not an http"):
        generator("localhost:8080")


def test_backend_choice() -> None:
    assert isinstance(make_generator(Settings()), ExtractiveGenerator)
    assert isinstance(make_generator(Settings(llm_base_url="http://127.0.0.1:1/v1")), LLMGenerator)
    explicit = Settings(backend="extractive", llm_base_url="http://x/v1")
    assert isinstance(make_generator(explicit), ExtractiveGenerator)
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_API_KEY.*ASSISTANT_LLM_BASE_URL"):
        make_generator(Settings(backend="openai"))


def test_follow_up_is_condensed_by_the_llm_and_never_shown(seeded: Assistant) -> None:
    history = [{"role": "user", "content": "What does Zhu Min say the US focuses on in AI?"},
               {"role": "assistant", "content": "Large models and massive computing power [1]."}]  # fmt: skip
    condensed = "What does Zhu Min say China focuses on in AI?"
    reply = "Zhu said China places greater weight on the benefits AI brings to manufacturing [1]."
    with scripted_server(sse(condensed), sse(reply)) as server:
        settings = seeded.settings.model_copy(update={"backend": "openai", "llm_base_url": server.url})
        a = Assistant(settings, LLMGenerator(settings), seeded.embedder.inner)
        stream = a.stream("And what about China?", history)
        deltas = list(stream)
    final = stream.answer()
    assert final.standalone_question == condensed
    assert condensed not in "".join(deltas) and "".join(deltas) == final.text
    prompt = server.requests[0]["body"]["messages"][0]["content"]
    assert "User: What does Zhu Min say the US focuses on in AI?" in prompt and "[1]" not in prompt
    answer_prompt = server.requests[1]["body"]["messages"][1]["content"]
    assert "Question: What does Zhu Min say China focuses on in AI?" in answer_prompt
    assert final.sentences_verified == 1


def test_condensing_falls_back_to_the_rules_when_the_llm_is_down(seeded: Assistant) -> None:
    history = [{"role": "user", "content": "What does Zhu Min say the US focuses on in AI?"},
               {"role": "assistant", "content": "Large models and massive computing power."}]  # fmt: skip
    with scripted_server(status(500)) as server:
        settings = seeded.settings.model_copy(
            update={"backend": "openai", "llm_base_url": server.url, "llm_retries": 0})
        a = Assistant(settings, LLMGenerator(settings), seeded.embedder.inner)
        final = a.answer("And what about China?", history)
    assert len(server.requests) == 1  # the answer did not wait for the endpoint again
    rule_based = condense_question("And what about China?", history)
    assert final.standalone_question == rule_based
    assert final.backend.startswith("extractive (fallback:")


def test_llm_check_reports_the_endpoint(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from assistant.cli import cli

    with scripted_server(sse("ready")) as server:
        env = {"ASSISTANT_LLM_BASE_URL": server.url, "ASSISTANT_LLM_MODEL": "m"}
        result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "llm", "check"], env=env)
    assert result.exit_code == 0, result.output
    assert f"{server.url} model 'm' answered in" in result.output and "'ready'" in result.output
    with scripted_server(status(401)) as server:
        env = {"ASSISTANT_LLM_BASE_URL": server.url, "ASSISTANT_LLM_API_KEY": "sk-bad"}
        result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "llm", "check"], env=env)
    assert result.exit_code == 1 and "ASSISTANT_LLM_API_KEY" in result.output
