"""``assistant serve``: index the sources folder, then serve the chat UI."""

from __future__ import annotations

import threading

import click

from assistant import AssistantError


@click.command()
@click.option("--host", default=None, help="Address to bind (default ASSISTANT_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default ASSISTANT_PORT or 7860).")
@click.option("--no-sync", is_flag=True, help="Serve the index as it is, without syncing sources/ first.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, no_sync: bool) -> None:
    """Index new or changed files in the sources folder, then serve the chat UI in the browser."""
    settings = ctx.obj["settings"]
    from assistant import limit_arenas

    limit_arenas(settings.malloc_arenas)  # before the server's threads start (assistant.memory)
    host = host or settings.host
    port = port or settings.port
    try:
        from assistant.ui.server import LOOPBACK, auth_pair
        from assistant.ui.server import serve as serve_app

        login = auth_pair(settings)  # a half-set login stops here, before anything is indexed
        if host not in LOOPBACK and login is None:
            click.secho(f"warning: serving on {host} without a login; set ASSISTANT_AUTH_USER and "
                        "ASSISTANT_AUTH_PASSWORD to require one.", fg="yellow", err=True)  # fmt: skip
        from assistant import Assistant

        assistant = Assistant(settings)
        if not no_sync:
            report = assistant.sync(progress=True)
            for error in report.errors:
                click.secho(f"warning: not indexed: {error}", fg="yellow", err=True)
            click.echo(f"Sources: {report.summary()}")
        assistant.embedder.embed([""])  # load the model now (it loads on first use), not at the first ask
        threading.Thread(target=assistant.warm_speakers, name="speakers-warm-up", daemon=True).start()
        click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
        serve_app(assistant, host, port)
    except AssistantError as exc:
        raise click.ClickException(str(exc)) from exc
