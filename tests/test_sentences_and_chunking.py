from assistant import Document, chunk_document, load_document
from assistant.text import split_sentences

from .conftest import SOURCES


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "The U.S. Department of Commerce acts. Dr. Smith agreed.\nA heading\nIt rose 2.7 percent. Done!"
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "The U.S. Department of Commerce acts.",
        "Dr. Smith agreed.",
        "A heading",
        "It rose 2.7 percent.",
        "Done!",
    ]
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_chunks_are_verbatim_and_end_on_sentences() -> None:
    for path in SOURCES.iterdir():
        doc = load_document(path, 10**7)
        chunks = chunk_document(doc, 800)
        assert chunks, path
        ends = {s.end for s in split_sentences(doc.text)}
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text
            assert c.end in ends
            assert len(c.text) <= 1200
        covered = "".join(doc.text[c.start : c.end] for c in chunks)
        assert len(covered) >= 0.95 * len(doc.text.replace("\n", ""))


def test_long_paragraph_is_split_with_overlap() -> None:
    sentence = "This is sentence number {} about the economy and trade. "
    text = "".join(sentence.format(i) for i in range(40)).strip()
    doc = Document("long", text, "Long")
    chunks = chunk_document(doc, 300)
    assert len(chunks) > 5
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(chunks[i].start < chunks[i - 1].end for i in range(1, len(chunks)))  # overlap


def test_chunk_ids_change_with_content() -> None:
    a = chunk_document(Document("x", "One fact. Two facts.", "T"))
    b = chunk_document(Document("x", "One fact. Three facts.", "T"))
    assert a[0].chunk_id != b[0].chunk_id
