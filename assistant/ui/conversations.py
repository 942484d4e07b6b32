"""Saved chats: one SQLite file in the data directory, one row per conversation, kept per owner.

An owner is a login name when the UI requires one and a random browser id otherwise. A row keeps
each turn: the question, the reply as shown and the full answer (citations and passages), so a
restored chat has its evidence back. Every call names the owner; another owner's conversation is "not found".
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import Answer, Citation, Passage

DB_NAME = "conversations.sqlite3"
SECRET_NAME = "ui-browser-secret"  # keeps the browser id readable across server restarts
TITLE_CHARS = 80  # a conversation's title is its first question, cut to this length
_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    turns TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_owner ON conversations (owner, updated);
"""


@dataclass
class Turn:
    """One question and its reply; ``answer`` is None when it failed or was stopped."""

    question: str
    reply: str
    answer: Answer | None = None


@dataclass(frozen=True)
class Summary:
    """A conversation as the sidebar lists it."""

    id: str
    title: str
    updated: float


@dataclass
class Conversation:
    """A whole saved chat."""

    id: str
    title: str
    created: float
    updated: float
    turns: list[Turn]


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """Every field of the answer, citations and passages included (a lossless round trip)."""
    return dataclasses.asdict(answer)


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}  # rows from another version keep loading


def answer_from_dict(data: dict[str, Any]) -> Answer:
    fields = _known(Answer, data)
    fields["citations"] = [Citation(**_known(Citation, c)) for c in data.get("citations", [])]
    fields["passages"] = [Passage(**_known(Passage, p)) for p in data.get("passages", [])]
    return Answer(**fields)


def _turns_json(turns: Sequence[Turn]) -> str:
    return json.dumps([{"question": t.question, "reply": t.reply,
                        "answer": answer_to_dict(t.answer) if t.answer else None}
                       for t in turns])  # fmt: skip


def _turns(text: str) -> list[Turn]:
    return [Turn(t["question"], t["reply"], answer_from_dict(t["answer"]) if t.get("answer") else None)
            for t in json.loads(text)]  # fmt: skip


def make_title(question: str) -> str:
    """The first question on one line, cut at a word near :data:`TITLE_CHARS`."""
    title = " ".join(question.split())
    if len(title) <= TITLE_CHARS:
        return title or "Untitled chat"
    return title[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def browser_secret(data_dir: Path) -> str:
    """A random secret made once per data directory (the key of the browser id in localStorage)."""
    path = data_dir / SECRET_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def browser_owner_id(secret: str, session_hash: str) -> str:
    """A new browser's id, made from its first page session: every event of that session (the page
    load that stores the id, a question asked before the load finished) gets the same one, and no
    one without the server's secret can derive it.
    """
    digest = hmac.new(secret.encode(), session_hash.encode(), hashlib.sha256).hexdigest()
    return "browser:" + digest[:32]


class ConversationStore:
    """Save, list, load, rename and delete conversations in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def in_dir(cls, data_dir: Path) -> ConversationStore:
        return cls(data_dir / DB_NAME)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)  # one short connection per call: safe across threads
        try:
            with db:  # commits, or rolls back on an error
                yield db
        finally:
            db.close()

    @staticmethod
    def _owner(owner: str) -> str:
        if not owner or not owner.strip():
            raise ValueError("A conversation needs an owner (a login or a browser id); got an empty one.")
        return owner

    def save(self, owner: str, conversation_id: str, turns: Sequence[Turn], title: str = "") -> str:
        """Create or update a conversation; returns its id (a new one when ``conversation_id`` is "")."""
        owner = self._owner(owner)
        now = time.time()
        body = _turns_json(turns)
        with self._db() as db:
            if conversation_id:
                row = db.execute("SELECT owner FROM conversations WHERE id = ?",
                                 (conversation_id,)).fetchone()  # fmt: skip
                if row is not None:
                    if row[0] != owner:
                        raise KeyError(f"No conversation {conversation_id!r} for this user.")
                    db.execute("UPDATE conversations SET turns = ?, updated = ? WHERE id = ?",
                               (body, now, conversation_id))  # fmt: skip
                    return conversation_id
            conversation_id = conversation_id or uuid.uuid4().hex
            first = turns[0].question if turns else ""
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?, ?)",
                       (conversation_id, owner, title or make_title(first), now, now, body))  # fmt: skip
        return conversation_id

    def list(self, owner: str, limit: int = 200) -> list[Summary]:
        """The owner's conversations, most recently updated first."""
        with self._db() as db:
            rows = db.execute("SELECT id, title, updated FROM conversations WHERE owner = ? "
                              "ORDER BY updated DESC LIMIT ?",
                              (self._owner(owner), limit)).fetchall()  # fmt: skip
        return [Summary(*row) for row in rows]

    def load(self, owner: str, conversation_id: str) -> Conversation:
        """The whole conversation; KeyError when it does not exist or belongs to someone else."""
        with self._db() as db:
            row = db.execute("SELECT id, title, created, updated, turns FROM conversations "
                             "WHERE id = ? AND owner = ?",
                             (conversation_id, self._owner(owner))).fetchone()  # fmt: skip
        if row is None:
            raise KeyError(f"No conversation {conversation_id!r} for this user.")
        return Conversation(row[0], row[1], row[2], row[3], _turns(row[4]))

    def rename(self, owner: str, conversation_id: str, title: str) -> str:
        """Give a conversation a new title (one line); returns the title stored."""
        title = " ".join((title or "").split())[: TITLE_CHARS * 2]
        if not title:
            raise ValueError("Type a new name for the chat first.")
        with self._db() as db:
            done = db.execute("UPDATE conversations SET title = ? WHERE id = ? AND owner = ?",
                              (title, conversation_id, self._owner(owner))).rowcount  # fmt: skip
        if not done:
            raise KeyError(f"No conversation {conversation_id!r} for this user.")
        return title

    def delete(self, owner: str, conversation_id: str) -> None:
        with self._db() as db:
            done = db.execute("DELETE FROM conversations WHERE id = ? AND owner = ?",
                              (conversation_id, self._owner(owner))).rowcount  # fmt: skip
        if not done:
            raise KeyError(f"No conversation {conversation_id!r} for this user.")
