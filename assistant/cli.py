"""Command line: ``assistant ask``, ``assistant sources ...``, ``assistant serve``, ``assistant eval``.

A thin adapter: it builds the settings once, calls the library, and turns domain errors into
messages (exit status 1) at this boundary only. A caller that runs it in its own process (click's
``cli.main(args, obj={"embedder": e})`` or ``CliRunner.invoke(..., obj=...)``) may hand it the
embedding model to use, so the commands do not load one of their own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from assistant import InputError
from assistant import file_errors as _file_errors
from assistant import friendly_errors as _friendly
from assistant.evals import eval_group
from assistant.llm import llm_group
from assistant.ui import serve


def _assistant(ctx: click.Context) -> Any:
    from assistant import Assistant

    if "assistant" not in ctx.obj:
        ctx.obj["assistant"] = Assistant(ctx.obj["settings"], embedder=ctx.obj.get("embedder"))
    return ctx.obj["assistant"]


# The commands that live beside the module they drive (each imports its heavy parts lazily) are
# declared with the group; the ones below join it through its decorators.
@click.group(commands=[serve, eval_group, llm_group])
@click.option("--data-dir", type=click.Path(path_type=Path), envvar="ASSISTANT_DATA_DIR",
              help="Index, caches and logs (default .data).")  # fmt: skip
@click.option("--sources-dir", type=click.Path(path_type=Path), envvar="ASSISTANT_SOURCES_DIR",
              help="Folder of articles to index (default sources).")  # fmt: skip
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, sources_dir: Path | None) -> None:
    """Cited answers from a news corpus. Every sentence carries a citation you can check."""
    from assistant import Settings

    overrides: dict[str, Any] = {}
    if data_dir:
        overrides["data_dir"] = data_dir
    if sources_dir:
        overrides["sources_dir"] = sources_dir
    ctx.ensure_object(dict)["settings"] = Settings(**overrides)  # beside a caller's "embedder"


# --- ask -------------------------------------------------------------------------------------


def _check_date(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A real calendar date (``--as-of``: a day), checked as the library checks it."""
    from assistant import check_date

    try:
        return check_date(value, "The", day=param.name == "as_of")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _questions(question: str) -> list[str]:
    """QUESTION, or with '-' the non-blank lines of stdin (undecodable bytes kept for the check)."""
    if question != "-":
        return [question]
    raw = sys.stdin.buffer.read()
    return [line.strip() for line in raw.decode("utf-8", "surrogateescape").splitlines() if line.strip()]


@cli.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@click.option("-k", "--top-k", type=int, help="How many passages to retrieve (1 to ASSISTANT_MAX_TOP_K).")
@click.option("--source", "sources", multiple=True, help="Only this source id (repeatable).")
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeatable).")
@click.option("--since", "date_from", default="", callback=_check_date,
              help="Only articles dated on/after (YYYY, YYYY-MM or YYYY-MM-DD).")  # fmt: skip
@click.option("--until", "date_to", default="", callback=_check_date,
              help="Only articles dated on/before (YYYY, YYYY-MM or YYYY-MM-DD).")  # fmt: skip
@click.option("--as-of", "as_of", default="", callback=_check_date,
              help="Answer as on this day (YYYY-MM-DD): later articles are not used.")  # fmt: skip
@click.pass_context
@_friendly
def ask(
    ctx: click.Context,
    question: str,
    as_json: bool,
    top_k: int | None,
    sources: tuple[str, ...],
    outlets: tuple[str, ...],
    date_from: str,
    date_to: str,
    as_of: str,
) -> None:
    """Answer QUESTION with citations. QUESTION '-' reads one question per line from stdin."""
    from assistant import check_request, make_filters

    filters = make_filters(outlets, sources, date_from, date_to)
    questions = _questions(question)
    settings = ctx.obj["settings"]
    for n, q in enumerate(questions, 1):  # every question is checked before the first is answered
        try:
            check_request(settings, q, None, filters, top_k, as_of)
        except InputError as exc:
            raise click.ClickException(f"stdin line {n}: {exc}" if question == "-" else str(exc)) from None
    if not questions:
        raise click.UsageError("No question on stdin: give one question per line.")
    assistant = _assistant(ctx)
    for q in questions:
        if as_json:
            answer = assistant.answer(q, filters=filters, k=top_k, as_of=as_of)
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
            continue
        _print_streamed(assistant, q, filters, top_k, as_of)


def _print_streamed(assistant: Any, question: str, filters: Any, k: int | None, as_of: str = "") -> None:
    stream = assistant.stream(question, filters=filters, k=k, as_of=as_of)
    for delta in stream:
        click.echo(delta, nl=False)
    answer = stream.answer()
    click.echo()
    if answer.citations:
        click.secho("Sources", bold=True)
        for c in answer.citations:
            click.echo(f"[{c.n}] {c.outlet} — {c.title} ({c.date or 'undated'}), "
                       f"chars {c.start}-{c.end}:")  # fmt: skip
            click.echo(f"    “{c.quote}”")
    if answer.abstained and answer.passages:
        click.secho("Closest passages", bold=True)
        for p in answer.passages[:3]:
            snippet = " ".join(p.text.split())[:240]
            click.echo(f"- {p.outlet} — {p.title} ({p.date or 'undated'}): {snippet}…")
    for note in answer.notes:  # what verification removed or repaired, why the LLM was not used, old news
        click.secho(f"note: {note}", dim=True)
    click.secho(f"({answer.backend}, {answer.timings_ms.get('total', 0):.0f} ms)", dim=True)


# --- sources ---------------------------------------------------------------------------------


@cli.group()
def sources() -> None:
    """Add, list, remove and sync the indexed articles."""


def _report(report: Any) -> None:
    for error in report.errors:
        click.secho(f"error: {error}", fg="red", err=True)
    click.echo(report.summary())
    if report.errors:
        raise SystemExit(1)


@sources.command("sync")
@click.pass_context
@_friendly
@_file_errors
def sources_sync(ctx: click.Context) -> None:
    """Index new or changed files in the sources folder; drop deleted ones."""
    _report(_assistant(ctx).sync(progress=True))


@sources.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
@_friendly
@_file_errors
def sources_add(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Copy PATHS into the sources folder and index them."""
    _report(_assistant(ctx).add_sources(list(paths), progress=True))


@sources.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@_friendly
def sources_list(ctx: click.Context, as_json: bool) -> None:
    """List indexed documents."""
    records = _assistant(ctx).list_sources()
    if as_json:
        click.echo(json.dumps([r.__dict__ for r in records], ensure_ascii=False, default=str))
        return
    if not records:
        click.echo("No sources indexed. Put files in the sources folder and run 'sources sync'.")
    for r in records:
        click.echo(f"{r.source_id}  {r.date or 'undated':10}  {r.outlet:14}  {r.chunks:4} chunks  {r.title}")


@sources.command("remove")
@click.argument("source_id")
@click.pass_context
@_friendly
@_file_errors
def sources_remove(ctx: click.Context, source_id: str) -> None:
    """Remove SOURCE_ID from the index (and its file from the sources folder)."""
    record = _assistant(ctx).remove_source(source_id)
    click.echo(f"Removed {record.source_id} ({record.title}).")


# --- speakers --------------------------------------------------------------------------------


@cli.command("speakers")
@click.argument("name", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the speakers as one JSON list.")
@click.option("--sentences", "shown", type=click.IntRange(min=0), default=None,
              help="Sentences shown per speaker (default: all with NAME, 3 without).")  # fmt: skip
@click.pass_context
@_friendly
def speakers_command(ctx: click.Context, name: str, as_json: bool, shown: int | None) -> None:
    """Everyone quoted in the indexed articles (or those named NAME): role, how often, in which
    articles, and their attributed sentences with the passage each is in.
    """
    assistant = _assistant(ctx)
    found = assistant.speakers.speakers(dict(assistant.snapshot().records), name)
    if name and not found:
        raise click.ClickException(f"No one named {name!r} is quoted in the indexed articles; run "
                                   "'assistant speakers' to list everyone who is.")  # fmt: skip
    if as_json:
        click.echo(json.dumps([sp.to_dict() for sp in found], ensure_ascii=False))
        return
    if not found:
        click.echo("No one is quoted in the indexed articles.")
    limit = shown if shown is not None else (None if name else 3)
    for sp in found:
        role = f" ({sp.role})" if sp.role else ""
        articles = len(sp.articles)
        click.secho(f"{sp.name}{role}: {sp.count} sentence{'s' * (sp.count != 1)} in {articles} "
                    f"article{'s' * (articles != 1)}", bold=True)  # fmt: skip
        for s in sp.sentences[:limit]:
            click.echo(f"  {s.source_id}, chars {s.start}-{s.end}: “{s.text}”")
        if limit is not None and sp.count > limit:
            click.secho(f"  … {sp.count - limit} more (assistant speakers {sp.name!r})", dim=True)


def main() -> None:
    cli(prog_name="assistant")


if __name__ == "__main__":
    main()
