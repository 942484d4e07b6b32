"""The eval suite: question sets, metrics, runs, reports (``assistant eval``).

The metrics have their own face, :mod:`assistant.evals.metrics`, and so do the reports,
:mod:`assistant.evals.report`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.lazy import lazy_exports

if TYPE_CHECKING:
    from assistant.evals.attribution import accuracy, evaluate, load_labels, normalise_name
    from assistant.evals.baseline import SENTENCES, baseline_assistant
    from assistant.evals.cli import eval_group
    from assistant.evals.compare import compare_reports, format_markdown, format_table, load_report
    from assistant.evals.dataset import (
        KINDS,
        LABEL_SOURCES_ENV,
        LabelledPair,
        Question,
        default_label_files,
        label_sources_dir,
        load_labelled_pairs,
        load_questions,
    )
    from assistant.evals.fit import Example, question_weights, replay
    from assistant.evals.fit import fit as fit_answer_model
    from assistant.evals.judge_check import check_judge
    from assistant.evals.judges import CachedJudge, make_judge
    from assistant.evals.llm_judge import parse_reply
    from assistant.evals.negatives import (
        NEGATIVE_SUFFIX,
        WITHHELD_SUFFIX,
        Article,
        articles_of,
        as_unanswerable,
        as_withheld,
        filters_for,
    )
    from assistant.evals.ragas_export import COLUMNS, NOT_ANSWERED, write_ragas
    from assistant.evals.runner import Run, collect
    from assistant.evals.scoring import mean, old_news_wrong, question_set
    from assistant.evals.splits import breakdown, flat_keys, split_key
    from assistant.evals.suite import build_report, missed, run_suite, write_run
    from assistant.evals.sweep import Knob, SweepSet, best, current_value, parse_knob, sweep_table
    from assistant.evals.sweep import sweep as run_sweep
    from assistant.evals.thresholds import check_thresholds, load_budget, load_thresholds

if not TYPE_CHECKING:  # type checkers read the imports above
    __all__, __getattr__, __dir__ = lazy_exports(__name__, {
        ".attribution": ["accuracy", "evaluate", "load_labels", "normalise_name"],
        ".baseline": ["SENTENCES", "baseline_assistant"],
        ".cli": ["eval_group"],
        ".compare": ["compare_reports", "format_markdown", "format_table", "load_report"],
        ".dataset": [
            "KINDS", "LABEL_SOURCES_ENV", "LabelledPair", "Question", "default_label_files",
            "label_sources_dir", "load_labelled_pairs", "load_questions",
        ],
        ".fit": ["Example", "fit as fit_answer_model", "question_weights", "replay"],
        ".judge_check": ["check_judge"],
        ".judges": ["CachedJudge", "make_judge"],
        ".llm_judge": ["parse_reply"],
        ".negatives": [
            "NEGATIVE_SUFFIX", "WITHHELD_SUFFIX", "Article", "articles_of", "as_unanswerable", "as_withheld",
            "filters_for",
        ],
        ".ragas_export": ["COLUMNS", "NOT_ANSWERED", "write_ragas"],
        ".runner": ["Run", "collect"],
        ".scoring": ["mean", "old_news_wrong", "question_set"],
        ".splits": ["breakdown", "flat_keys", "split_key"],
        ".suite": ["build_report", "missed", "run_suite", "write_run"],
        ".sweep": [
            "Knob", "SweepSet", "best", "current_value", "parse_knob", "sweep as run_sweep", "sweep_table",
        ],
        ".thresholds": ["check_thresholds", "load_budget", "load_thresholds"],
    })
