"""The conversation store on a real SQLite file: save, list per owner, rename, delete, reopen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.ui import (
    STOPPED,
    ChatSession,
    ConversationStore,
    Turn,
    browser_owner_id,
    browser_secret,
    evidence_html,
    make_title,
)

ANN, BOB = "user:ann", "browser:bob"


def _session(seeded: Assistant, *questions: str) -> ChatSession:
    session = ChatSession()
    for q in questions:
        session.start(q)
        session.finish(seeded.answer(q, session.history()))
    return session


def test_a_saved_chat_comes_back_with_its_evidence_after_reopening(seeded: Assistant, tmp_path: Path) -> None:
    session = _session(seeded, "Where did the Chain Expo open?", "What does the EU AI Act require?")
    store = ConversationStore.in_dir(tmp_path)
    cid = store.save(ANN, "", session.turns)
    before = evidence_html(session.answers)

    reopened = ConversationStore.in_dir(tmp_path)  # a new process would open the file like this
    [summary] = reopened.list(ANN)
    assert summary.id == cid and summary.title == "Where did the Chain Expo open?"
    restored = ChatSession.restore(reopened.load(ANN, cid))
    assert restored.answers == session.answers  # every citation and passage, field for field
    assert restored.messages == session.messages and restored.history() == session.history()
    assert evidence_html(restored.answers) == before and "<mark>" in before
    assert restored.answers[1].abstained and restored.conversation_id == cid


def test_chats_are_kept_per_owner(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    first = store.save(ANN, "", [Turn("Who won?", "an answer")])
    store.save(ANN, "", [Turn("And then what happened next in the long story that goes on " * 3, "x")])
    store.save(BOB, "", [Turn("Bob's question", "y")])
    assert [s.title for s in store.list(BOB)] == ["Bob's question"]
    titles = [s.title for s in store.list(ANN)]
    assert len(titles) == 2 and titles[1] == "Who won?"  # newest first
    assert titles[0].endswith("…") and len(titles[0]) <= 81
    with pytest.raises(KeyError, match="No conversation"):
        store.load(BOB, first)  # another owner's chat is not found
    with pytest.raises(KeyError, match="No conversation"):
        store.save(BOB, first, [Turn("overwrite", "z")])
    with pytest.raises(ValueError, match="needs an owner"):
        store.list("")
    assert store.load(ANN, first).turns[0].question == "Who won?"  # nothing was overwritten


def test_update_rename_and_delete(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    cid = store.save(ANN, "", [Turn("First question", "one")])
    assert store.save(ANN, cid, [Turn("First question", "one"), Turn("Second", "two")]) == cid
    assert [t.reply for t in store.load(ANN, cid).turns] == ["one", "two"]
    assert store.rename(ANN, cid, "  My   chat\n") == "My chat"
    assert store.load(ANN, cid).title == "My chat"
    store.save(ANN, cid, [Turn("First question", "one")])
    assert store.load(ANN, cid).title == "My chat"  # an update keeps the name
    with pytest.raises(ValueError, match="Type a new name"):
        store.rename(ANN, cid, "   ")
    with pytest.raises(KeyError):
        store.rename(BOB, cid, "stolen")
    with pytest.raises(KeyError):
        store.delete(BOB, cid)
    store.delete(ANN, cid)
    assert store.list(ANN) == []
    with pytest.raises(KeyError):
        store.delete(ANN, cid)
    rows = sqlite3.connect(tmp_path / "c.sqlite3").execute("SELECT count(*) FROM conversations").fetchone()
    assert rows == (0,)


def test_a_stopped_reply_is_kept_and_later_chunks_do_not_change_it(seeded: Assistant) -> None:
    session = ChatSession()
    session.start("Where did the Chain Expo open?")
    assert session.update("The expo opened")
    assert session.stop() and session.messages[-1]["content"] == f"{STOPPED} The expo opened"
    assert not session.update("The expo opened in Beijing")  # a chunk that arrives after Stop
    assert session.finish(seeded.answer("Where did the Chain Expo open?")) == 0
    assert session.answers == [] and not session.stop()  # stopping twice changes nothing
    assert session.cut(0) == "Where did the Chain Expo open?" and session.turns == []
    with pytest.raises(ValueError, match="no question 1"):
        session.cut(0)


def test_titles_ids_and_the_browser_secret(tmp_path: Path) -> None:
    assert make_title("  Where   did\nit open? ") == "Where did it open?"
    assert make_title("") == "Untitled chat"
    secret = browser_secret(tmp_path / "data")
    first = browser_owner_id(secret, "session-a")
    assert first == browser_owner_id(secret, "session-a") and first.startswith("browser:")
    assert first != browser_owner_id(secret, "session-b") != browser_owner_id("other", "session-b")
    assert len(secret) >= 24 and browser_secret(tmp_path / "data") == secret  # stable across restarts
    assert (tmp_path / "data" / "ui-browser-secret").stat().st_mode & 0o077 == 0


def test_chats_belong_to_the_login_when_there_is_one(seeded: Assistant, tmp_path: Path) -> None:
    import gradio as gr

    from assistant.ui import Handlers, UIService

    store = ConversationStore.in_dir(tmp_path)
    h = Handlers(UIService(seeded), store, "secret")
    assert h.owner(gr.Request(username="ann", session_hash="s1"), "browser:x") == "user:ann"
    assert h.owner(gr.Request(session_hash="s1"), "browser:x") == "browser:x"
    assert h.owner(gr.Request(session_hash="s1"), "") == browser_owner_id("secret", "s1")
    assert h.owner(gr.Request(session_hash="s1"), "user:ann") == browser_owner_id("secret", "s1")
    # The same login in two browsers sees one list; another browser without a login sees none of it.
    session = _session(seeded, "Where did the Chain Expo open?")
    store.save(h.owner(gr.Request(username="ann"), "browser:x"), "", session.turns)
    assert len(store.list(h.owner(gr.Request(username="ann"), "browser:y"))) == 1
    assert store.list(h.owner(gr.Request(session_hash="s2"), "browser:x")) == []
