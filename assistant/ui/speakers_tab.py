"""The Speakers tab: everyone quoted in the indexed articles, with their role, how often, in which
articles, and their attributed sentences, each with the passage it is in.

``speakers_html`` is a plain function (no Gradio) so it is cheap to test; ``build`` lays out the tab
inside the Blocks being built and wires its events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import gradio as gr

from assistant import Assistant, SourceRecord, Speaker

SPEAKERS_EMPTY = (
    '<div class="sp-root"><p class="sp-empty">No one is quoted in the indexed articles.</p></div>'
)
REF_STYLE = "font-size: 0.85em; margin-bottom: 0.4em"  # inline: ui.css belongs to the app
MAX_SENTENCES_SHOWN = 50  # per speaker found by name; the CLI and the API give all of them
MAX_SENTENCES_LISTED = 10  # per speaker in the list of everyone
# Speakers listed, most quoted first: the 1,748-article real-news set quotes 7,053, 12 MB of HTML.
MAX_SPEAKERS_SHOWN = 200
MAX_TITLES_SHOWN = 10  # article titles under a speaker's name


def speakers_html(speakers: Sequence[Speaker], records: Mapping[str, SourceRecord], query: str = "") -> str:
    """One entry per speaker (name, role, count, articles) with their sentences folded under it."""
    if not speakers:
        if query.strip():
            nobody = f"No one named “{escape(query)}” is quoted."
            return f'<div class="sp-root"><p class="sp-empty">{nobody}</p></div>'
        return SPEAKERS_EMPTY
    items = []
    typed = bool(query.strip())
    if len(speakers) > MAX_SPEAKERS_SHOWN:
        whom = "match that name" if typed else "are quoted in the indexed articles"
        note = (f"{len(speakers):,} people and organisations {whom}; the {MAX_SPEAKERS_SHOWN} quoted most "
                "are listed. Type a name to find anyone else.")
        items.append(f'<p class="sp-more">{note}</p>')
    shown = MAX_SENTENCES_SHOWN if typed else MAX_SENTENCES_LISTED
    for sp in speakers[:MAX_SPEAKERS_SHOWN]:
        role = f' <span class="sp-role">({escape(sp.role)})</span>' if sp.role else ""
        titles = [records[s].title if s in records else s for s in sp.articles]
        count = (f"{sp.count} sentence{'s' * (sp.count != 1)} in {len(titles)} "
                 f"article{'s' * (len(titles) != 1)}")  # fmt: skip
        if len(titles) > MAX_TITLES_SHOWN:
            titles = [*titles[:MAX_TITLES_SHOWN], f"and {len(titles) - MAX_TITLES_SHOWN} more"]
        sentences = "".join(
            f'<li class="sp-sentence"><span class="sp-text">{escape(s.text)}</span>'
            f'<div class="sp-ref" style="{REF_STYLE}">{escape(s.outlet)} · {escape(s.title)} · '
            f"{escape(s.source_id)}, chars {s.start}–{s.end}"
            f"{' · ' + escape(s.via) if s.via else ''}</div></li>"
            for s in sp.sentences[:shown]
        )
        if sp.count > shown:
            more = f"assistant speakers '{sp.name}' lists all" if typed else "type the name to see more"
            sentences += f'<li class="sp-more">… {sp.count - shown} more ({escape(more)})</li>'
        items.append(
            f'<details class="sp-speaker"><summary><b class="sp-name">{escape(sp.name)}</b>{role} · '
            f'<span class="sp-count">{escape(count)}</span><div class="sp-articles">'
            f"{escape('; '.join(titles))}</div></summary><ol>{sentences}</ol></details>"
        )
    return f'<div class="sp-root">{"".join(items)}</div>'


def build(assistant: Assistant, tab: gr.Tab) -> None:
    """The tab's components and events (call inside ``with gr.Tab(...) as tab``); it fills in when
    the tab is opened, so the index is read only by those who look.
    """

    def show(query: str) -> str:
        records = dict(assistant.snapshot().records)
        return speakers_html(assistant.speakers.speakers(records, query), records, query)

    query = gr.Textbox("", label="Find a speaker", placeholder="A name, or part of one", max_lines=1,
                       elem_id="speakers-filter")  # fmt: skip
    refresh = gr.Button("Refresh", size="sm", elem_id="speakers-refresh")
    listing = gr.HTML(SPEAKERS_EMPTY, elem_id="speakers")
    private = {"api_visibility": "private"}
    gr.on([tab.select, query.submit, query.change, refresh.click], show, query, listing, **private)
