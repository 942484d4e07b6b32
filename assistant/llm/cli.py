"""``assistant llm serve`` (a packaged model on llama.cpp's server) and ``assistant llm check``."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

import click

from assistant.errors import AssistantError

from .models import MODELS


@click.group("llm")
def llm_group() -> None:
    """The LLM answer backend: serve a packaged local model, check the configured endpoint."""


@llm_group.command("serve")
@click.option("--model", "key", type=click.Choice(sorted(MODELS)), default="qwen", show_default=True,
              help="qwen: Qwen2.5-Coder-1.5B (answers); smollm2: SmolLM2-135M (tests).")  # fmt: skip
@click.option("--port", type=int, default=8080, show_default=True, envvar="ASSISTANT_LLM_PORT")
@click.option("--threads", type=int, default=2, show_default=True, help="CPU threads for generation.")
@click.option("--verbose", is_flag=True, help="Show llama.cpp's own log.")
@click.pass_context
def serve(ctx: click.Context, key: str, port: int, threads: int, verbose: bool) -> None:
    """Serve a packaged model with llama.cpp's OpenAI-compatible server on 127.0.0.1.

    The first start of qwen joins its 22 packaged parts (1.1 GB, checked against pinned hashes)
    into the data directory: about 10-30 s, once. Loading the model then takes a few seconds
    (smollm2) to about half a minute (qwen) on 2 cores. Stop it with Ctrl-C.
    """
    from .models import model_path
    from .server import base_url, require_llama_cpp, start_server, stop, wait_ready

    settings = ctx.obj["settings"]
    model = MODELS[key]
    try:
        require_llama_cpp()
        started = time.monotonic()
        path = model_path(key, settings.data_dir / "models", progress=click.echo)
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc
    prepared = time.monotonic() - started
    url = base_url(port)
    log_path = settings.data_dir / "logs" / f"llama-server-{key}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    click.echo(f"Starting llama.cpp's server with {model.description} on {url} …")
    # A SIGTERM must stop the server too, not leave it running without us.
    signal.signal(signal.SIGTERM, _interrupt)
    with open(log_path, "ab") as log:
        process = start_server(path, model.alias, port, threads, None if verbose else log)
        try:
            loaded = wait_ready(url, process)
            click.echo(f"Ready after {prepared + loaded:.0f} s (model file {prepared:.0f} s, "
                       f"loading {loaded:.0f} s). Log: {log_path}")  # fmt: skip
            click.echo("Point the assistant at it (Ctrl-C stops the server):")
            click.echo(f"  export ASSISTANT_LLM_BASE_URL={url}")
            click.echo(f"  export ASSISTANT_LLM_MODEL={model.alias}")
            process.wait()
        except KeyboardInterrupt:
            click.echo("Stopping the server.")
        except AssistantError as exc:
            raise click.ClickException(f"{exc}; see {log_path}") from exc
        finally:
            stop(process)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@llm_group.command("check")
@click.pass_context
def check(ctx: click.Context) -> None:
    """Send one short request to the configured endpoint and report what happened."""
    from assistant.generation.chat import classify, endpoint_label, make_chat_model

    settings = ctx.obj["settings"]
    try:
        chat: Any = make_chat_model(settings, max_tokens=8)
        started = time.monotonic()
        try:
            reply = chat.invoke([("user", "Reply with the single word: ready")])
        except Exception as exc:  # classify() raises ConfigError for a setting to fix
            fault = classify(exc, settings)
            raise click.ClickException(f"The LLM endpoint failed: {fault.reason}") from exc
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{endpoint_label(settings)} model {settings.llm_model!r} answered in "
               f"{time.monotonic() - started:.1f} s: {str(reply.content).strip()[:80]!r}")  # fmt: skip
