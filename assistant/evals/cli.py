"""``assistant eval run | judge | attribution | compare | fit | sweep``, over ``assistant.evals``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from assistant import PROJECT_ROOT
from assistant import friendly_errors as _friendly

EVALS = PROJECT_ROOT / "evals"


def _settings(ctx: click.Context, backend: str | None) -> Any:
    from pydantic import ValidationError

    from assistant import ConfigError

    settings = ctx.obj["settings"]
    if not backend:
        return settings
    try:
        return type(settings).model_validate({**settings.model_dump(), "backend": backend})
    except ValidationError as exc:
        raise ConfigError(
            f"--backend {backend!r} is not a backend this version knows: {exc.errors()[0]['msg']}"
        ) from exc


def _label_files(given: tuple[Path, ...]) -> list[Path]:
    from assistant.evals.dataset import default_label_files

    return list(given) if given else default_label_files(EVALS)


_judge_option = click.option(
    "--judge",
    "judge_name",
    type=click.Choice(["deterministic", "llm"]),
    default="deterministic",
    show_default=True,
    envvar="ASSISTANT_EVAL_JUDGE",
    help="Who decides whether a passage supports a sentence; llm needs an LLM endpoint.",
)


@click.group("eval")
def eval_group() -> None:
    """Measure answer quality on question sets: run, check the judge, compare runs."""


@eval_group.command("run")
@click.option(
    "--questions",
    "question_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="JSON-lines question file (repeatable; default evals/dev.jsonl).",
)
@click.option(
    "--unanswerable-from",
    "negative_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Question file (repeatable) whose questions are also asked as unanswerable: those whose "
    "expected answers no article of the sources folder holds.",
)
@click.option(
    "--unanswerable-withheld",
    "withheld_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Question file (repeatable) whose questions are also asked as unanswerable over the sources "
    "without the articles that hold their answers (the same topic and week, no answer).",
)
@click.option("--backend", help="Answer backend (sets ASSISTANT_BACKEND for this run).")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Where to write the reports (default eval-out/<timestamp>).",
)
@_judge_option
@click.option(
    "--labels",
    "label_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Labelled judge pairs to check the judge on (default evals/judge_labels.jsonl "
    "and evals/judge_holdout.jsonl when present).",
)
@click.option(
    "--thresholds",
    "thresholds_file",
    type=click.Path(path_type=Path),
    default=EVALS / "thresholds.toml",
    show_default=True,
    help="Thresholds to gate on.",
)
@click.option("--no-thresholds", is_flag=True, help="Report only; never fail on thresholds.")
@click.option(
    "--baseline",
    type=click.Choice(["naive"]),
    help="Also answer every question with this baseline and report ours against it.",
)
@click.option("--progress/--no-progress", default=True, help="Show a progress bar (stderr).")
@click.pass_context
@_friendly
def run(
    ctx: click.Context,
    question_files: tuple[Path, ...],
    negative_files: tuple[Path, ...],
    withheld_files: tuple[Path, ...],
    backend: str | None,
    out_dir: Path | None,
    judge_name: str,
    label_files: tuple[Path, ...],
    thresholds_file: Path,
    no_thresholds: bool,
    baseline: str | None,
    progress: bool,
) -> None:
    """Answer every question, score it, write report.json/.md/.html and the ragas export.

    Each question is answered as of its date. The length budgets of a correct answer come from the
    thresholds file's [budget] table (also with --no-thresholds, when the file exists). Exits with
    status 1 when a metric misses its threshold, naming it.
    """
    from assistant import Assistant, EvalError
    from assistant.evals.baseline import baseline_assistant
    from assistant.evals.dataset import load_questions
    from assistant.evals.judges import make_judge
    from assistant.evals.negatives import articles_of, as_unanswerable, as_withheld
    from assistant.evals.suite import missed, run_suite, write_run
    from assistant.evals.thresholds import load_budget, load_thresholds

    settings = _settings(ctx, backend)
    files = list(question_files) or ([] if negative_files or withheld_files else [EVALS / "dev.jsonl"])
    questions = load_questions(files) if files else []
    if negative_files:
        negatives = as_unanswerable(load_questions(negative_files), settings.sources_dir)
        if not negatives:
            raise EvalError(f"no question of {', '.join(map(str, negative_files))} lacks its answer "
                            f"in {settings.sources_dir}: nothing to ask as unanswerable")  # fmt: skip
        questions += negatives
        files += list(negative_files)
    to_withhold = load_questions(withheld_files) if withheld_files else []  # a bad file fails before indexing
    thresholds = [] if no_thresholds else load_thresholds(thresholds_file)
    budget = load_budget(thresholds_file if thresholds_file.is_file() or not no_thresholds else None)
    labels = _label_files(label_files)
    assistant = Assistant(settings, embedder=ctx.obj.get("embedder"))
    judge = make_judge(judge_name, settings, assistant.embedder.embed)
    sync = assistant.sync(progress=progress)
    for error in sync.errors:
        click.secho(f"warning: {error}", fg="yellow", err=True)
    if withheld_files:
        withheld = as_withheld(to_withhold, articles_of(assistant))
        if not withheld:
            raise EvalError(f"no question of {', '.join(map(str, withheld_files))} has an answer to "
                            f"withhold and articles left in {settings.sources_dir}")  # fmt: skip
        questions += withheld
        files += list(withheld_files)
    report = run_suite(
        assistant,
        questions,
        judge,
        question_files=files,
        label_files=labels,
        thresholds=thresholds,
        budget=budget,
        baseline=baseline_assistant(assistant, baseline) if baseline else None,
        progress=progress,
    )
    out = out_dir or Path("eval-out") / datetime.now().strftime("%Y%m%d-%H%M%S")
    paths = write_run(report, out)
    _print_summary(report)
    click.echo("\nWrote " + ", ".join(str(p) for p in paths))
    failures = missed(report)
    if failures:
        click.secho(f"\n{len(failures)} threshold(s) missed:", fg="red", bold=True, err=True)
        for t in failures:
            sign = ">=" if t["op"] == "min" else "<="
            click.secho(
                f"  {t['metric']} = {t['value']:.4g}, needs {sign} {t['limit']:g}", fg="red", err=True
            )
    if report["thresholds"]:
        # Last, the plain "N passed, N failed" line that CI logs recognise.
        passed = len(report["thresholds"]) - len(failures)
        click.echo(f"\nthresholds: {passed} passed, {len(failures)} failed")
    if failures:
        ctx.exit(1)


def _print_summary(report: dict[str, Any]) -> None:
    from assistant.evals.report import DISPLAY_NAMES, fmt
    from assistant.evals.report.tables import split_lines
    from assistant.evals.splits import split_key

    meta = report["meta"]
    limits = {t["metric"]: t for t in report["thresholds"]}
    click.echo(
        f"\n{meta['questions']} questions · backend {', '.join(meta['backends'])} · judge {meta['judge']}"
    )
    for key, value in report["summary"].items():
        t = limits.get(key)
        if split_key(key)[1] and t is None:  # per split or file: in the table below
            continue
        mark = (
            "" if t is None else ("  (skipped)" if t["skipped"] else ("  ok" if t["passed"] else "  MISSED"))
        )
        click.echo(f"  {DISPLAY_NAMES.get(key, key):32} {fmt(key, value):>8}{mark}")
    for line in split_lines(report):
        click.echo(line)
    for j in report["judge_check"]:
        click.echo(
            f"  judge on {j['file']}{' (held out)' if j['held_out'] else ''}: "
            f"{j['correct']}/{j['pairs']} = {j['accuracy']:.3f}"
        )


@eval_group.command("judge")
@click.option(
    "--labels",
    "label_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Labelled pairs (default evals/judge_labels.jsonl and evals/judge_holdout.jsonl).",
)
@_judge_option
@click.pass_context
@_friendly
def judge(ctx: click.Context, label_files: tuple[Path, ...], judge_name: str) -> None:
    """Check the support judge against labelled sentence/passage pairs."""
    from assistant import make_embedder
    from assistant.evals.judge_check import check_files
    from assistant.evals.judges import make_judge

    settings = ctx.obj["settings"]
    files = _label_files(label_files)
    if not files:
        raise click.ClickException("No labelled pairs: give --labels FILE")
    embedder = ctx.obj.get("embedder") or make_embedder(settings)
    the_judge = make_judge(judge_name, settings, embedder.embed)
    for j in check_files(the_judge, files):
        note = "held out" if j.held_out else "the judge was tuned on these"
        click.secho(f"{j.file} ({note}), judge {the_judge.name}", bold=True)
        click.echo(
            f"  accuracy {j.correct}/{j.pairs} = {j.accuracy:.3f}; unsupported detection: "
            f"precision {j.unsupported_precision:.3f}, recall {j.unsupported_recall:.3f}"
        )
        for cat, v in j.by_category.items():
            click.echo(f"  {cat:16} {int(v['correct'])}/{int(v['pairs'])}")
        for m in j.mistakes:
            click.echo(
                f"  wrong on {m['id']} ({m['category']}): labelled "
                f"{'supported' if m['labelled'] else 'unsupported'} — {m['sentence']}"
            )


@eval_group.command("attribution")
@click.option("--labels", "labels_file", type=click.Path(path_type=Path),
              help="Labelled sentences (default evals/attribution.jsonl).")  # fmt: skip
@click.option("--show-check", is_flag=True, help="Also list the check sentences it gets wrong.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@_friendly
def attribution(labels_file: Path | None, show_check: bool, as_json: bool) -> None:
    """Speaker attribution accuracy on labelled sentences, per split (tune mistakes listed)."""
    import json

    from assistant.evals.attribution import LABELS, accuracy, evaluate, load_labels

    outcomes = evaluate(load_labels(labels_file or LABELS))
    report = accuracy(outcomes)
    if as_json:
        click.echo(json.dumps(report))
        return
    for split, entry in report.items():
        kinds = ", ".join(f"{k.split('.', 1)[1]} {v:.2f}" for k, v in entry.items()
                          if "." in k and v is not None)  # fmt: skip
        acc = entry["accuracy"]
        shown = "n/a" if acc is None else f"{acc:.3f}"
        click.echo(f"{split:6} {entry['sentences']:4} sentences  accuracy {shown}"
                   f"  ({kinds})")  # fmt: skip
    for o in outcomes:
        if not o.correct and (o.label.split == "tune" or show_check):
            click.echo(f"  wrong ({o.label.split}, {o.label.kind}) {o.label.file}#{o.label.index}: "
                       f"labelled {o.label.speaker!r}, got {o.predicted!r} — {o.sentence[:120]}")  # fmt: skip


@eval_group.command("compare")
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option(
    "--md", "md_file", type=click.Path(path_type=Path), help="Also write the comparison as Markdown."
)
@_friendly
def compare(a: Path, b: Path, md_file: Path | None) -> None:
    """What changed from run A to run B (report.json files or run directories)."""
    from assistant.evals.compare import compare_reports, format_markdown, format_table, load_report

    result = compare_reports(load_report(a), load_report(b), str(a), str(b))
    click.echo(format_table(result))
    if md_file:
        md_file.write_text(format_markdown(result), encoding="utf-8")
        click.echo(f"\nWrote {md_file}")


def _depths(value: str) -> list[int]:
    try:
        depths = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        depths = []
    if not depths or min(depths) < 1:
        raise click.BadParameter(f"{value!r}: write whole numbers of passages, e.g. 6,8,10",
                                 param_hint="--depths")  # fmt: skip
    return depths


def _question_set(value: str, negatives: bool = False, withheld: bool = False) -> Any:
    from assistant.evals.fit import QuestionSet

    name, _, rest = value.partition("=")
    questions, _, sources = rest.partition(":")
    if not (name and questions and sources):
        raise click.BadParameter(f"{value!r}: write {_SET_SPEC}")
    return QuestionSet(name, Path(questions), Path(sources), negatives, withheld)


_SET_SPEC = "NAME=QUESTIONS.jsonl:SOURCES_DIR"


def _question_set_options(command: Any) -> Any:
    """``--set``, ``--negatives`` and ``--withheld``: the question sets ``eval fit`` and ``eval sweep``
    ask their tune questions of.
    """
    for option in reversed([
        click.option("--set", "set_specs", multiple=True, required=True,
                     help=f"{_SET_SPEC} (repeatable): tune questions and the articles they are asked over. "
                     "Each set is indexed in its own folder under the data directory."),
        click.option("--negatives", "negative_specs", multiple=True,
                     help=f"{_SET_SPEC} (repeatable): tune questions asked as unanswerable over articles "
                     "none of which holds their answers; they set where the model abstains."),
        click.option("--withheld", "withheld_specs", multiple=True,
                     help=f"{_SET_SPEC} (repeatable): tune questions asked as unanswerable over those "
                     "articles without the ones that hold their answers (same topic and week, no answer)."),
    ]):  # fmt: skip
        command = option(command)
    return command


def _question_sets(set_specs: tuple[str, ...], negative_specs: tuple[str, ...],
                   withheld_specs: tuple[str, ...]) -> list[Any]:  # fmt: skip
    return [
        *(_question_set(s) for s in set_specs),
        *(_question_set(s, negatives=True) for s in negative_specs),
        *(_question_set(s, withheld=True) for s in withheld_specs),
    ]


@eval_group.command("fit")
@_question_set_options
@click.option(
    "--depths",
    help="Comma-separated numbers of retrieved passages to fit the model at (e.g. 6,8,10,12); the "
    "best on tune is kept (default: DEPTHS in assistant/evals/fit.py, the shown top_k only).",
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path),
    help="Where to write the model (default: the packaged one).",
)
@click.option("--progress/--no-progress", default=True, help="Show progress bars (stderr).")
@click.pass_context
@_friendly
def fit_command(
    ctx: click.Context,
    set_specs: tuple[str, ...],
    negative_specs: tuple[str, ...],
    withheld_specs: tuple[str, ...],
    depths: str | None,
    out_file: Path | None,
    progress: bool,
) -> None:
    """Fit the answer model's weights and decision points on the tune split of each set."""
    from assistant.evals.fit import DEPTHS, fit_depth
    from assistant.generation import MODEL_FILE

    sets = _question_sets(set_specs, negative_specs, withheld_specs)
    model = fit_depth(sets, ctx.obj["settings"], _depths(depths) if depths else DEPTHS, progress=progress)
    path = out_file or MODEL_FILE
    model.save(path)
    data = model.to_dict()
    fitted = data["fitted"]
    click.echo(f"Fitted on {fitted['questions']} tune questions, {fitted['sentences']} sentences")
    for name, weight in sorted(data["weights"].items(), key=lambda kv: -abs(kv[1])):
        click.echo(f"  {name:18} {weight:+.3f}")
    for name, weight in (data["gate"] or {}).get("weights", {}).items():
        click.echo(f"  gate: {name:12} {weight:+.3f}")
    click.echo(f"  abstain below {data['abstain_below']:.3f}; second sentence at {data['second_share']:.2f}")
    click.echo(f"  replay on tune: {data['fitted']['replay_on_tune']}")
    click.echo(f"  by set: {data['fitted']['replay_by_set']}")
    click.echo(f"  passages read: {data['passages']} (replay by depth: {data['fitted']['by_depth']})")
    click.echo(f"Wrote {path}")


@eval_group.command("sweep")
@_question_set_options
@click.option(
    "--try",
    "knob_specs",
    multiple=True,
    required=True,
    help="NAME=V1,V2,… (repeatable): a setting (recent_weight) or a module constant under the "
    "package (generation.extractive.RECENT_SHARE) and the values to try; every combination runs.",
)
@click.option(
    "--thresholds",
    "thresholds_file",
    type=click.Path(path_type=Path),
    default=EVALS / "thresholds.toml",
    show_default=True,
    help="Where the length budgets of a correct answer are read ([budget]).",
)
@click.option(
    "--out", "md_file", type=click.Path(path_type=Path), help="Also write the table here (Markdown)."
)
@click.option("--progress/--no-progress", default=True, help="Show progress bars (stderr).")
@click.pass_context
@_friendly
def sweep_command(
    ctx: click.Context,
    set_specs: tuple[str, ...],
    negative_specs: tuple[str, ...],
    withheld_specs: tuple[str, ...],
    knob_specs: tuple[str, ...],
    thresholds_file: Path,
    md_file: Path | None,
    progress: bool,
) -> None:  # fmt: skip
    """Try values of hand-set constants on the tune questions of each set; print what each scored
    and the best (check questions are never asked).
    """
    from assistant import Assistant
    from assistant.evals.fit import set_settings, tune_questions
    from assistant.evals.sweep import SweepSet, best, parse_knob, sweep, sweep_table
    from assistant.evals.thresholds import load_budget

    settings = ctx.obj["settings"]
    knobs = [parse_knob(spec, settings) for spec in knob_specs]  # a bad name fails before indexing
    specs = _question_sets(set_specs, negative_specs, withheld_specs)
    budget = load_budget(thresholds_file if thresholds_file.is_file() else None)
    sets = []
    for spec in specs:
        assistant = Assistant(set_settings(spec, settings), embedder=ctx.obj.get("embedder"))
        assistant.sync(progress=progress)
        sets.append(SweepSet(spec.name, assistant, tune_questions(spec, assistant)))
    points = sweep(sets, knobs, budget, progress=progress)
    table = sweep_table(knobs, points)
    click.echo(table)
    chosen = best(points)
    click.echo("\nChosen: " + ", ".join(f"{k.name}={v}" for k, v in zip(knobs, chosen.values)))
    if md_file:
        md_file.write_text(table + "\n", encoding="utf-8")
        click.echo(f"Wrote {md_file}")
