"""Turn an :class:`Answer` into what the UI shows: chat Markdown with clickable [n], the evidence
panel's HTML (each quoted span highlighted inside its paragraph) and a Markdown export.

Plain functions over plain data: no Gradio import, so they are cheap to test.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from assistant import CITATION_MARKER, Answer, Citation, Passage, SourceRecord, SyncReport, marker_numbers
from assistant.ui.service import UploadProgress

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~<>])")
_MD_BULLET = re.compile(r"^(\s*)([-+])(\s)", re.M)
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])(\s)", re.M)
_PARAGRAPH = re.compile(r"[^\n]+")

# How a passage's retrieval is said in words (one rule, on its rank among the retrieved passages and
# its dense, i.e. embedding cosine, similarity to the question):
#   strong  — among the first MATCH_STRONG_RANK and dense >= MATCH_STRONG_DENSE;
#   weak    — dense < MATCH_WEAK_DENSE, or no dense score and ranked after MATCH_STRONG_RANK;
#   partial — everything between.
# Measured with the default MiniLM embedder over the 104 questions of evals/dev.jsonl on the seed
# articles: cited passages' dense similarity has quartiles 0.40 / 0.52 / 0.62, the uncited retrieved
# ones' 0.26 / 0.45 / 0.55; so "strong" is about the top quarter of cited passages and "weak" is
# below nine in ten of them. Another embedder (OpenAI's) has other ranges: re-measure before trusting.
MATCH_STRONG_RANK = 3
MATCH_STRONG_DENSE = 0.6
MATCH_WEAK_DENSE = 0.35

EVIDENCE_EMPTY = (
    '<div class="ev-root"><p class="ev-empty">Ask a question: the passage behind each cited sentence '
    "appears here, with the quoted words highlighted. Click a <b>[n]</b> in an answer to jump to it."
    "</p></div>"
)


def anchor(turn: int, n: int | None = None) -> str:
    """The element id of an answer's evidence section, or of one citation in it."""
    return f"ev-{turn}" if n is None else f"ev-{turn}-{n}"


def md_escape(text: str) -> str:
    """Escape Markdown and HTML so source text shows literally in a chat bubble."""
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    text = _MD_BULLET.sub(r"\1\\\2\3", text)
    return _MD_NUMBERED.sub(r"\1\\\2\3", text)


def status_label(answer: Answer) -> str:
    if answer.abstained:
        return "No supported answer"
    if answer.premise_corrected:
        return "Premise corrected"
    return ""


def old_news_label(answer: Answer) -> str:
    """"Old news: DATE" when every article the answer quotes is long before the days it asks about."""
    return f"Old news: the newest article quoted is dated {answer.old_news}" if answer.old_news else ""


def verified_label(answer: Answer) -> str:
    """"n of m sentences verified" for a generated answer (an extractive one quotes verbatim)."""
    if answer.backend == "extractive" or not answer.sentences_total:
        return ""
    return f"{answer.sentences_verified} of {answer.sentences_total} sentences verified"


def answer_marker(turn: int) -> str:
    """An HTML comment ending a chat answer: it shows nothing, and tells ui.js which answer a copy is."""
    return f"<!-- answer {turn} -->"


def _badges(answer: Answer) -> str:
    badges = []
    if answer.abstained:
        badges.append(("badge-abstain", status_label(answer)))
    elif answer.premise_corrected:
        badges.append(("badge-premise", status_label(answer)))
    if answer.old_news:
        badges.append(("badge-old", old_news_label(answer)))
    verified = verified_label(answer)
    if verified:
        partly = answer.sentences_verified < answer.sentences_total
        badges.append(("badge-partial" if partly else "badge-verified", verified))
    return "".join(f'<span class="badge {kind}">{escape(text)}</span> ' for kind, text in badges)


def _cite_link(turn: int, c: Citation) -> str:
    tip = escape(f"{c.outlet} — {c.title}" if c.outlet else c.title)
    return f'<a href="#{anchor(turn, c.n)}" class="cite" title="{tip}">[{c.n}]</a>'


def chat_markdown(answer: Answer, turn: int) -> str:
    """The answer for the chat bubble: each known [n] links to its evidence entry; a comparison
    answer is a side-by-side table (:func:`comparison_table`).
    """
    by_n = {c.n: c for c in answer.citations}
    if answer.sections:
        return _badges(answer) + comparison_table(answer, turn) + answer_marker(turn)
    pieces: list[str] = []
    last = 0
    for match in CITATION_MARKER.finditer(answer.text):
        pieces.append(md_escape(answer.text[last : match.start()]))
        numbers = marker_numbers(match.group(0))
        c = by_n.get(numbers[0]) if len(numbers) == 1 else None  # answers carry one number a bracket
        pieces.append(md_escape(match.group(0)) if c is None else _cite_link(turn, c))
        last = match.end()
    pieces.append(md_escape(answer.text[last:]))
    return _badges(answer) + "".join(pieces) + answer_marker(turn)


def comparison_table(answer: Answer, turn: int) -> str:
    """A comparison answer side by side: a column per side; a row per aspect the sides share
    (named in its first cell; no aspect column when none is named), then rows of the remaining
    sentences; each sentence with its [n].
    """
    by_n = {c.n: c for c in answer.citations}
    sections = answer.sections

    def cell(items: list[tuple[str, int]]) -> str:
        return " ".join(f"{escape(text)} {_cite_link(turn, by_n[n]) if n in by_n else f'[{n}]'}"
                        for text, n in items)  # fmt: skip

    columns = [list(zip(s.sentences, s.citations, s.aspects or [""] * len(s.sentences))) for s in sections]
    aspects = list(dict.fromkeys(a for col in columns for _, _, a in col if a))
    rows: list[tuple[str, list[str]]] = []
    for aspect in aspects:
        rows.append((aspect, [cell([(t, n) for t, n, a in col if a == aspect]) for col in columns]))
    rest = [[(t, n) for t, n, a in col if not a] for col in columns]
    for i in range(max((len(r) for r in rest), default=0)):
        rows.append(("", [cell(r[i : i + 1]) for r in rest]))
    head = "".join(f'<th scope="col">{escape(s.label)}</th>' for s in sections)
    corner = '<th scope="col" style="min-width:7em">Aspect</th>' if aspects else ""

    def row(aspect: str, cells: list[str]) -> str:
        first = f'<th scope="row">{escape(aspect)}</th>' if aspects else ""
        return f"<tr>{first}{''.join(f'<td>{c}</td>' for c in cells)}</tr>"

    body = "".join(row(aspect, cells) for aspect, cells in rows)
    return (f'<table class="comparison"><thead><tr>{corner}{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")  # fmt: skip


def pending_markdown(text: str) -> str:
    """A partial answer while it streams (citations become links when it is complete)."""
    return md_escape(text) if text.strip() else "_Searching the articles…_"


# --- evidence panel -----------------------------------------------------------------------------


def _quote_span(c: Citation, p: Passage) -> tuple[int, int] | None:
    """Where the quote sits in the passage text (offsets are document offsets)."""
    local = c.start - p.start
    if 0 <= local and p.text[local : local + len(c.quote)] == c.quote:
        return local, local + len(c.quote)
    found = p.text.find(c.quote) if c.quote else -1
    return (found, found + len(c.quote)) if found >= 0 else None


def highlighted_paragraphs(text: str, span: tuple[int, int] | None) -> str:
    """The paragraph(s) of ``text`` holding ``span``, with the span wrapped in <mark>."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    if span is None:
        return "".join(f"<p>{escape(text[s:e])}</p>" for s, e in paragraphs)
    start, end = span
    shown = [(s, e) for s, e in paragraphs if s < end and e > start] or paragraphs
    out: list[str] = []
    if shown[0] != paragraphs[0]:
        out.append('<p class="ev-more">…</p>')
    out += [_marked_paragraph(text, s, e, span) for s, e in shown]
    if shown[-1] != paragraphs[-1]:
        out.append('<p class="ev-more">…</p>')
    return "".join(out)


def _marked_paragraph(text: str, s: int, e: int, span: tuple[int, int] | None) -> str:
    """``text[s:e]`` as a <p>, the part of it inside ``span`` wrapped in <mark>."""
    a, b = (max(s, span[0]), min(e, span[1])) if span else (e, e)
    if a < b:
        return f"<p>{escape(text[s:a])}<mark>{escape(text[a:b])}</mark>{escape(text[b:e])}</p>"
    return f"<p>{escape(text[s:e])}</p>"


def excerpt_paragraphs(text: str, limit: int = 500) -> str:
    """The first paragraphs of ``text``, up to about ``limit`` characters (closest passages)."""
    out: list[str] = []
    used = 0
    for m in _PARAGRAPH.finditer(text):
        if used >= limit:
            out.append('<p class="ev-more">…</p>')
            break
        para = m.group().strip()
        if para:
            shown = para if used + len(para) <= limit + 100 else para[: max(limit - used, 80)].rstrip() + "…"
            out.append(f"<p>{escape(shown)}</p>")
            used += len(shown)
    return "".join(out)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def match_words(p: Passage | None) -> str:
    """"strong match", "partial match" or "weak match" by the rule above (MATCH_* constants)."""
    if p is None:
        return "match unknown"
    if p.dense_score is None:
        return "partial match" if p.rank <= MATCH_STRONG_RANK else "weak match"
    if p.dense_score < MATCH_WEAK_DENSE:
        return "weak match"
    if p.rank <= MATCH_STRONG_RANK and p.dense_score >= MATCH_STRONG_DENSE:
        return "strong match"
    return "partial match"


def _score_line(p: Passage | None) -> str:
    if p is None:
        return "retrieval score: n/a (passage not among those retrieved)"
    parts = [f"rank {p.rank}", f"score {p.score:.4f}"]
    if p.dense_score is not None:
        parts.append(f"dense {p.dense_score:.2f}")
    if p.bm25_score is not None:
        parts.append(f"BM25 {p.bm25_score:.2f}")
    return "retrieval " + " · ".join(parts)


def _match(p: Passage | None, where: str) -> str:
    """The match in words, with the raw figures in a details line under it."""
    kind = match_words(p).split()[0]
    return (
        f'<details class="ev-score"><summary><span class="ev-match ev-match-{kind}">{escape(match_words(p))}'
        f"</span></summary>{escape(_score_line(p))} · {escape(where)}</details>"
    )


Sources = Mapping[str, SourceRecord]  # the indexed documents by source id (None: not known)


def date_label(date: str, source_id: str, sources: Sources | None) -> str:
    """The date as shown: "undated", or marked "(inferred)" when the source's front matter says so."""
    record = sources.get(source_id) if sources is not None else None
    inferred = record is not None and record.extra.get("date_inferred") is True
    return f"{date} (inferred)" if date and inferred else date or "undated"


def _meta(label: str, outlet: str, title: str, date: str, removed: bool = False) -> str:
    gone = ' <span class="ev-removed">source removed</span>' if removed else ""
    return (
        f'<div class="ev-meta"><span class="ev-n">{escape(label)}</span> '
        f'<span class="ev-outlet">{escape(outlet or "unknown outlet")}</span> · '
        f'<span class="ev-date">{escape(date)}</span>{gone}</div>'
        f'<div class="ev-title">{escape(title)}</div>'
    )


def speaker_line(c: Citation) -> str:
    """Who speaks in a cited passage, as one HTML line: "Name (role) · via · outlet"; "" if unknown."""
    if not c.speaker:
        return ""
    who = f"{c.speaker} ({c.speaker_role})" if c.speaker_role else c.speaker
    parts = [who, *([c.via] if c.via else []), *([c.outlet] if c.outlet and c.outlet != c.speaker else [])]
    return f'<div class="ev-speaker">{escape(" · ".join(parts))}</div>'


def _citation_item(turn: int, c: Citation, passages: dict[str, Passage], sources: Sources | None) -> str:
    p = passages.get(c.chunk_id)
    if p is None:  # the backend cited something outside the retrieved passages: show the quote alone
        body = f"<p><mark>{escape(c.quote)}</mark></p>"
    else:
        body = highlighted_paragraphs(p.text, _quote_span(c, p))
    removed = sources is not None and c.source_id not in sources
    date = date_label(c.date, c.source_id, sources)
    return (
        f'<li class="ev-item{" ev-gone" if removed else ""}" id="{anchor(turn, c.n)}">'
        f"{_meta(f'[{c.n}]', c.outlet, c.title, date, removed)}{speaker_line(c)}"
        f'<blockquote class="ev-passage">{body}</blockquote>'
        f"{_match(p, f'{c.source_id}, chars {c.start}–{c.end}')}"
        f"{article_button(c, removed)}</li>"
    )


def _closest_item(turn: int, p: Passage, sources: Sources | None) -> str:
    removed = sources is not None and p.source_id not in sources
    date = date_label(p.date, p.source_id, sources)
    return (
        f'<li class="ev-item ev-closest{" ev-gone" if removed else ""}" id="{anchor(turn)}-p{p.rank}">'
        f"{_meta(f'#{p.rank}', p.outlet, p.title, date, removed)}"
        f'<blockquote class="ev-passage">{excerpt_paragraphs(p.text)}</blockquote>'
        f"{_match(p, p.source_id)}</li>"
    )


def _answer_section(turn: int, answer: Answer, shown: bool, sources: Sources | None) -> str:
    passages = {p.chunk_id: p for p in answer.passages}
    if answer.abstained:
        status = ("ev-abstain", "Not answered by the sources. The closest passages:")
        items = [_closest_item(turn, p, sources) for p in answer.passages[:3]]
    else:
        kind = "ev-premise" if answer.premise_corrected else "ev-ok"
        lead = "Premise corrected. " if answer.premise_corrected else ""
        status = (kind, f"{lead}{_plural(len(answer.citations), 'cited passage')}:")
        items = [_citation_item(turn, c, passages, sources) for c in answer.citations]
    verified = f"{answer.sentences_verified}/{answer.sentences_total} sentences verified · " if (
        answer.sentences_total) else ""  # fmt: skip
    total = answer.timings_ms.get("total")
    footer = f"backend {answer.backend} · {verified}{_plural(len(answer.passages), 'passage')} retrieved" + (
        f" · {total:.0f} ms" if total is not None else "")  # fmt: skip
    notes = "".join(f'<div class="ev-note">{escape(n)}</div>' for n in answer.notes)
    return (
        f'<section class="ev-answer{" ev-shown" if shown else ""}" id="{anchor(turn)}">'
        f'<div class="ev-q">Answer {turn}: {escape(answer.question)}</div>'
        f'<div class="ev-status {status[0]}">{escape(status[1])}</div>'
        f'<ol class="ev-list">{"".join(items)}</ol>{notes}'
        f'<div class="ev-footer">{escape(footer)}</div>'
        f'<div class="ev-copy" hidden>{escape(answer_markdown(answer, sources))}</div></section>'
    )


def evidence_html(answers: Sequence[Answer], selected: int | None = None, keep: int = 20,
                  sources: Sources | None = None) -> str:  # fmt: skip
    """The evidence panel for a chat: one section per answer, the selected one (1-based) shown.
    With ``sources`` (the indexed documents), a citation of one no longer there says "source
    removed" and a date the source's front matter marks as inferred says so.
    """
    if not answers:
        return EVIDENCE_EMPTY
    selected = selected or len(answers)
    first = max(1, len(answers) - keep + 1)  # older answers drop out of the panel, not the chat
    turns = range(first, len(answers) + 1)
    nav = "".join(
        f'<a href="#{anchor(t)}" class="ev-tab{" ev-current" if t == selected else ""}">{t}</a>'
        for t in turns
    )
    sections = "".join(_answer_section(t, answers[t - 1], t == selected, sources) for t in turns)
    return f'<div class="ev-root"><nav class="ev-nav">Evidence for answer {nav}</nav>{sections}</div>'


# --- export, sources, starters ------------------------------------------------------------------


def _source_note(source_id: str, date: str, sources: Sources | None) -> tuple[str, str]:
    """The date as the export says it ("(inferred)" when so) and " — source removed" when it is gone."""
    gone = " — source removed" if sources is not None and source_id not in sources else ""
    return date_label(date, source_id, sources), gone


def answer_markdown(answer: Answer, sources: Sources | None = None) -> str:
    """The answer with [n] markers and its numbered sources below: what the copy button gives.
    With ``sources``, dates are marked "(inferred)" and citations of removed documents "source removed",
    as in the evidence panel.
    """
    lines: list[str] = []
    for label in (status_label(answer), old_news_label(answer)):
        if label:
            lines += [f"_{label}._", ""]
    lines += [answer.text, ""]
    if answer.citations:
        lines += ["**Sources**", ""]
        for c in answer.citations:
            where = f"{c.outlet}, " if c.outlet else ""
            date, gone = _source_note(c.source_id, c.date, sources)
            lines.append(f"[{c.n}] {where}“{c.title}” ({date}) — `{c.source_id}`, "
                         f"characters {c.start}–{c.end}{gone}")  # fmt: skip
            lines += ["", *(f"> {line}" for line in c.quote.splitlines() if line.strip()), ""]
    elif answer.passages:
        lines += ["**Closest passages**", ""]
        for p in answer.passages[:3]:
            snippet = " ".join(p.text.split())[:300]
            date, gone = _source_note(p.source_id, p.date, sources)
            lines.append(f"- {p.outlet} “{p.title}” ({date}){gone}: {snippet}…")
        lines.append("")
    verified = verified_label(answer)
    lines.append(f"_Answered by the {answer.backend} backend{'; ' + verified if verified else ''}._")
    return "\n".join(lines)


def export_markdown(answer: Answer, sources: Sources | None = None) -> str:
    """One answer with its question and sources, as Markdown to copy or save."""
    return f"**Question:** {answer.question}\n\n{answer_markdown(answer, sources)}"


def conversation_markdown(title: str, answers: Sequence[Answer], sources: Sources | None = None) -> str:
    """The whole conversation: every answered question with its sources, in order (``sources`` as in
    :func:`answer_markdown`).
    """
    parts = [f"# {title or 'News Assistant chat'}"]
    parts += [f"## {i}. {a.question}\n\n{answer_markdown(a, sources)}" for i, a in enumerate(answers, 1)]
    return "\n\n".join(parts) + "\n"


SOURCE_HEADERS = ["Title", "Outlet", "Date", "Chunks", "Id"]
UPLOAD_IDLE = (
    '<div class="up-box up-idle">An upload\'s progress shows here: the file being indexed, its chunks '
    "and the time left.</div>"
)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


def upload_progress(state: UploadProgress, now: float | None = None) -> str:
    """The live upload box: a bar over all files, the current file, its chunks and the time left."""
    files = state.files_total
    if state.finished:
        share, line = 1.0, f"Done: {_plural(files, 'file')} in {_duration(time.monotonic() - state.started)}."
    else:
        part = state.chunks_done / state.chunks_total if state.chunks_total else 0.0
        share = (state.files_done + part) / files if files else 0.0
        which = f" (file {state.files_done + 1} of {files})" if files > 1 else ""
        line = f"Indexing <b>{escape(state.file)}</b>{which}: "
        if not state.chunks_total:  # the indexer reports chunks after each embedding call, not before
            elapsed = (time.monotonic() if now is None else now) - state.file_started
            line += f"reading, splitting and embedding it… {_duration(elapsed)} so far"
        else:
            line += f"{state.chunks_done} of {_plural(state.chunks_total, 'chunk')} embedded"
            left = state.seconds_left(now)
            line += f" · about {_duration(left)} left" if left is not None else " · estimating time left…"
    percent = round(100 * share)
    busy = not state.finished and not state.chunks_total  # no count yet: a moving stripe, no figure
    value = "" if busy else f' aria-valuenow="{percent}"'
    fill = '<span class="up-busy"></span>' if busy else f'<span style="width:{percent}%"></span>'
    return (
        f'<div class="up-box"><div class="up-line">{line}</div>'
        f'<div class="up-bar" role="progressbar" aria-label="Upload progress" aria-valuemin="0" '
        f'aria-valuemax="100"{value}>{fill}</div></div>'
    )


def upload_status(report: SyncReport) -> str:
    """What an upload did, one line per outcome; errors say that nothing else changed."""
    lines = []
    done = report.added + report.updated
    if done:
        ids = ", ".join(f"`{s}`" for s in done)
        lines.append(f"Indexed {ids} ({_plural(report.chunks_indexed, 'chunk')}). You can ask about it now.")
    if report.unchanged:
        lines.append(f"Already indexed, unchanged: {', '.join(f'`{s}`' for s in report.unchanged)}.")
    for e in report.errors:
        lines.append(f"**Not indexed — {md_escape(e.path.name)}:** {md_escape(e.reason.rstrip('.'))}.")
    if report.errors:
        lines.append("Nothing already indexed was changed.")
    return "\n\n".join(lines) or "No files received."


def source_rows(records: Iterable[SourceRecord], query: str = "") -> list[list[str | int]]:
    """The Sources table's rows; with a ``query``, only those whose every word appears (any case)
    in the title, outlet, date or id.
    """
    words = query.casefold().split()
    rows: list[list[str | int]] = []
    for r in records:
        date = date_label(r.date, r.source_id, {r.source_id: r})
        row: list[str | int] = [r.title, r.outlet, date, r.chunks, r.source_id]
        text = " ".join(str(cell) for cell in row).casefold()
        if all(w in text for w in words):
            rows.append(row)
    return rows


def starter_questions(records: Sequence[SourceRecord], configured: Sequence[str] = (),
                      limit: int = 4) -> list[str]:  # fmt: skip
    """Configured questions first, then one per most recent source, made from its title."""
    questions = [q for q in configured if q.strip()]
    for r in records:
        if len(questions) >= limit:
            break
        title = r.title.strip().rstrip(".")
        if not title:
            continue
        q = f"What does {r.outlet} report in “{title}”?" if r.outlet else f"What does “{title}” report?"
        if q not in questions:
            questions.append(q)
    return questions[: max(limit, len(configured))]


# --- the Sources table as HTML (a table on a wide screen, one card per document on a phone) ----------


def sources_table_html(rows: Sequence[Sequence[str | int]], total: int) -> str:
    """The rows of :func:`source_rows` as a table whose cells name their column (a phone stacks each
    row as a card, the column names beside the values: see ui.css); ``total`` is the unfiltered count.
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in SOURCE_HEADERS)
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{escape(h)}">{escape(str(cell))}</td>'
                         for h, cell in zip(SOURCE_HEADERS, row, strict=True)) + "</tr>"
        for row in rows
    )  # fmt: skip
    documents = _plural(total, "document")
    shown = documents if len(rows) == total else f"{len(rows)} of {documents}"
    empty = '<p class="src-none">No indexed document matches the filter.</p>' if total and not rows else ""
    return (
        f'<div class="src-wrap"><p class="src-count">{escape(shown)} indexed</p>'
        f'<table class="src-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{empty}</div>'
    )


# --- the whole article, opened from a citation ---------------------------------------------------


def article_button(c: Citation, removed: bool = False) -> str:
    """The evidence item's "Read the whole article" button (ui.js opens the article view); none for a
    removed source.
    """
    if removed:
        return ""
    return (
        f'<button type="button" class="ev-open" data-source="{escape(c.source_id)}" data-start="{c.start}" '
        f'data-end="{c.end}" data-quote="{escape(c.quote)}">Read the whole article</button>'
    )


def quote_in_text(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where the cited quote is in the document: at its offsets when they still hold it, else its
    first occurrence (the file changed since), else None.
    """
    if quote and 0 <= start <= end <= len(text) and text[start:end] == quote:
        return start, end
    found = text.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


def article_html(record: SourceRecord, text: str, span: tuple[int, int] | None) -> str:
    """The whole document, every paragraph, with ``span`` marked (ui.js scrolls it into view)."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    body = "".join(_marked_paragraph(text, s, e, span) for s, e in paragraphs)
    missing = "" if span else '<p class="art-note">The quoted words are no longer in this document.</p>'
    date = date_label(record.date, record.source_id, {record.source_id: record})
    return (
        f'<article class="art-root" aria-label="{escape(record.title)}">'
        f"{_meta('Article', record.outlet, record.title, date)}"
        f'<div class="art-id">{escape(record.source_id)}</div>{missing}'
        f'<div class="art-body">{body}</div></article>'
    )
