"""Our chunker against LangChain's ``RecursiveCharacterTextSplitter`` on the same documents.

``python -m benchmarks.splitters [--sample N] [--seed S] [FOLDER ...]`` (default: ``sources/`` and a
sample of the RealTime QA 2024 sources in ../shared) prints, per chunker, how many chunks it made,
the share of chunks whose offsets are exact (``text[start:start+len(chunk)] == chunk``), the share
that end at a sentence end of :func:`split_sentences` and the share that end in sentence
punctuation (a check that does not use our segmenter), and the mean and largest chunk length.
``langchain-text-splitters`` is not a dependency (this comparison is why): install it to run this.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from pathlib import Path

from assistant import PROJECT_ROOT, Document, Settings, chunk_document, load_document
from assistant.text import split_sentences

REALTIMEQA = PROJECT_ROOT.parent / "shared" / "data" / "realtimeqa-2024" / "full" / "sources"
_PUNCT_END = re.compile(r"[.!?][\"'”’)\]]*$")

Chunker = Callable[[Document], list[tuple[int, str]]]  # (start offset, chunk text)


def ours(size: int) -> Chunker:
    return lambda doc: [(c.start, c.text) for c in chunk_document(doc, size)]


def recursive(size: int, overlap: int) -> Chunker:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap, add_start_index=True)

    def chunk(doc: Document) -> list[tuple[int, str]]:
        documents = splitter.create_documents([doc.text])
        return [(int(d.metadata["start_index"]), d.page_content) for d in documents]

    return chunk


def measure(docs: list[Document], chunker: Chunker) -> dict[str, float]:
    chunks = exact = at_sentence = at_punct = longest = total = 0
    for doc in docs:
        ends = {s.end for s in split_sentences(doc.text)}
        for start, text in chunker(doc):
            chunks += 1
            end = start + len(text)
            exact += start >= 0 and doc.text[start:end] == text
            at_sentence += end in ends
            at_punct += bool(_PUNCT_END.search(text.rstrip()))
            longest = max(longest, len(text))
            total += len(text)
    return {"chunks": chunks, "exact_offsets": exact / chunks, "end_at_sentence": at_sentence / chunks,
            "end_in_punctuation": at_punct / chunks, "mean_chars": total / chunks,
            "max_chars": longest}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=300, help="documents drawn from each folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    folders = args.folders or [PROJECT_ROOT / "sources", REALTIMEQA]
    size = Settings().chunk_chars
    rng = random.Random(args.seed)
    for folder in folders:
        files = sorted(p for p in folder.iterdir() if p.suffix in {".md", ".txt", ".html"})
        picked = sorted(rng.sample(files, min(args.sample, len(files))))
        docs = [load_document(p, 10**8) for p in picked]
        print(f"{folder} ({len(docs)} documents, chunk size {size}):")
        for name, chunker in [("ours", ours(size)), ("recursive, overlap 0", recursive(size, 0)),
                              (f"recursive, overlap {size // 8}", recursive(size, size // 8))]:  # fmt: skip
            m = measure(docs, chunker)
            print(f"  {name:22} {m['chunks']:5} chunks  exact offsets {m['exact_offsets']:.1%}  "
                  f"end at a sentence end {m['end_at_sentence']:.1%}  end in punctuation "
                  f"{m['end_in_punctuation']:.1%}  mean {m['mean_chars']:.0f} / max {m['max_chars']} chars")


if __name__ == "__main__":
    main()
