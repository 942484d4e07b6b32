"""One settings object, read from ``ASSISTANT_*`` environment variables and an optional TOML file.

The file is ``assistant.toml`` in the working directory, or the path in ``ASSISTANT_CONFIG``.
Environment variables win over the file; constructor arguments win over both (tests use those).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGED_PROMPTS = Path(__file__).resolve().parent / "_prompts"  # where the wheel puts prompts/


def default_prompts_dir() -> Path:
    """The checkout's ``prompts/`` when running from one (edits apply at once), else the copy the
    wheel installed with the package.
    """
    checkout = PROJECT_ROOT / "prompts"
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return PACKAGED_PROMPTS


def _config_file() -> Path:
    return Path(os.environ.get("ASSISTANT_CONFIG", "assistant.toml"))


class Settings(BaseSettings):
    """Everything configurable, in one place."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    # Where things live.
    data_dir: Path = Field(default=Path(".data"), description="Index, caches and logs.")
    sources_dir: Path = Field(default=Path("sources"), description="Articles to index.")
    prompts_dir: Path = Field(default_factory=default_prompts_dir, description="Prompt templates.")

    # Chroma: embedded (persistent folder under data_dir) unless a server host is given.
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_timeout_s: float = 10.0
    collection: str = "news"

    # Embeddings.
    embedding_backend: Literal["minilm", "openai"] = "minilm"
    embedding_model: str = "text-embedding-3-small"
    embedding_batch_size: int = 32
    # Texts an answer embeds that indexing did not (questions, LLM sentences) are kept in memory only,
    # for the last this many; a vector costs 1.5 kB (384 float32s), so this is ~3 MB. What indexing
    # embeds is cached on disk (embedding-cache.sqlite).
    embedding_memo_texts: int = Field(default=2048, ge=0)
    # Indexing also embeds what answers embed for each chunk (its candidate sentences, the names in
    # them, the title) into that cache: an answer then embeds only its question, at the price of
    # a longer first sync (benchmarks/README.md, "Real news: indexing and answer latency").
    embed_sentences_at_index: bool = True

    # Ingest.
    chunk_chars: int = Field(default=800, ge=200, le=8000)
    max_file_mb: float = Field(default=20.0, gt=0)
    # YAML front matter is a few lines of metadata; these bounds keep a hostile header (huge or
    # deeply nested) cheap to refuse. Anchors and aliases are always refused ("billion laughs").
    max_front_matter_kb: float = Field(default=64.0, gt=0)
    max_front_matter_depth: int = Field(default=8, ge=1)
    # An HTML page's parse tree costs ~1.4 kB per tag; a long article page has a few thousand tags,
    # so this bound (~140 MB of tree) refuses only tag floods.
    max_html_tags: int = Field(default=100_000, ge=1)
    # Chunks of many documents are embedded together in waves of about this many chunks.
    index_batch_chunks: int = Field(default=1024, ge=1)
    # After each committed write, hand the heap Chroma freed back to the OS (glibc's malloc_trim);
    # measured in one process, 200 upload/remove cycles grew RSS 9.1 MB without it, 7.6 MB per 500
    # with it (benchmarks/README.md, "Where the memory goes").
    trim_memory_after_writes: bool = True
    # ``assistant serve`` lets glibc's malloc use at most this many arenas (0: glibc's 8 per core);
    # fewer arenas keep fewer freed pages (benchmarks/README.md, "Where the memory goes").
    malloc_arenas: int = Field(default=2, ge=0)
    # An index write (sync, add, remove) waits this long for another process's write to finish
    # (the lock file ``write.lock`` in data_dir), then fails naming that file; nothing is changed.
    write_lock_wait_s: float = Field(default=300.0, gt=0)
    # A vector search that meets rows another process deleted (this process's in-memory vector
    # index still holds them) asks again for more, up to this many rows, to fill its top n.
    max_query_rows: int = Field(default=20_000, ge=1)

    # Retrieval.
    top_k: int = Field(default=6, ge=1, le=50)
    candidates: int = Field(default=30, ge=5, le=500)
    rrf_k: int = 60
    # With an as-of date, the rankings of the articles from the days before it join the fusion:
    # news questions are mostly about that week. The weight was chosen on tune questions (a grid
    # of eval runs: 0 / 0.5 / 1 / 2 gave 0.389 / 0.417 / 0.417 / 0.370 correct, the
    # answer in the passages for 82 / 86 / 83 / 64 of 108); 0 turns it off. The same days are the
    # week's news a "this week" question is answered from (``recent_lead``).
    recent_days: int = Field(default=7, ge=1)
    recent_weight: float = Field(default=0.5, ge=0)
    # A comparison of named parties also retrieves this many passages for each side (its name and
    # what is asked of it), after the question's own: one side's evidence often ranks below the
    # other's in the question's ranking. Chosen on tune questions (eval runs of 0 / 3 / 5 / 6 / 8
    # gave every side cited 0.6 / 0.6 / 0.6 / 0.6 / 0.5 on real news, 0.4 / 0.4 / 0.4 / 0.6 / 0.6
    # on the seeds); 0 turns it off.
    comparison_side_k: int = Field(default=6, ge=0, le=50)

    # Limits on what a question comes with (the CLI, the UI and the API alike). A question is a
    # sentence or two; a history turn is a question or an answer (answers are a few sentences,
    # LLM ones up to llm_max_tokens). Far above those, a 100 kB question or a 10 MB turn only
    # costs memory and time (measured: 0.7 GB peak for either).
    max_question_chars: int = Field(default=2000, ge=1)
    max_history_turns: int = Field(default=200, ge=0, description="Turns (a question or an answer each).")
    max_history_turn_chars: int = Field(default=20_000, ge=1)
    max_history_chars: int = Field(default=200_000, ge=1)
    max_top_k: int = Field(default=50, ge=1, le=500, description="The most passages a question may ask for.")

    # Answers.
    backend: Literal["auto", "extractive", "openai"] = "auto"
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_max_tokens: int = 600
    llm_temperature: float = 0.0
    llm_timeout_s: float = Field(default=60.0, gt=0, description="Per request (and per streamed chunk).")
    llm_retries: int = Field(default=3, ge=0, description="Retries on 429/5xx/timeouts/connection errors.")
    llm_total_timeout_s: float = Field(default=120.0, gt=0, description="Bound on all attempts together.")
    llm_cooldown_s: float = Field(default=30.0, ge=0, description="After giving up, skip the LLM this long.")
    llm_max_tokens_field: Literal["auto", "max_tokens", "max_completion_tokens"] = Field(
        default="auto",
        description="auto: max_completion_tokens for api.openai.com, max_tokens for other servers.",
    )
    llm_condense: bool = Field(default=True, description="Rewrite follow-ups with the LLM.")
    llm_answerability_gate: bool = Field(
        default=True,
        description="Abstain without asking the model when the extractive checks find the passages "
        "do not answer (names or things never mentioned, no figure/date/person of the asked kind).",
    )
    # The extractive answer chooses its sentences from this many retrieved passages (at least
    # top_k); one beyond top_k is shown only when the answer cites it. None: the depth that
    # ``assistant eval fit`` chose on tune questions (``passages`` in answer_model.json).
    answer_passages: int | None = Field(default=None, ge=1, le=50)
    unsupported_sentences: Literal["remove", "mark"] = "remove"
    max_answer_sentences: int = Field(default=4, ge=1, le=12)

    # Serving.
    host: str = "127.0.0.1"
    port: int = 7860
    auth_user: str | None = None
    auth_password: SecretStr | None = None
    concurrency: int = 4
    # A client (by address) with this many failed logins within the window is refused (HTTP 429)
    # until the window has passed: guessing passwords takes days, not seconds; a typo is harmless.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_s: float = Field(default=60.0, gt=0)
    starter_questions: list[str] = Field(
        default_factory=list, description="Suggested questions for an empty chat (JSON list in the env var)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml, file_secret_settings)

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    @property
    def index_name(self) -> str:
        """Names this data dir's index among others it may hold (a collection, embedded or served)."""
        return f"{'server-' if self.server_mode else ''}{self.collection}"

    def resolved_llm_key(self) -> str | None:
        if self.llm_api_key is not None:
            return self.llm_api_key.get_secret_value()
        return os.environ.get("OPENAI_API_KEY")

    def resolved_llm_base_url(self) -> str | None:
        return self.llm_base_url or os.environ.get("OPENAI_BASE_URL")

    def llm_key_setting(self) -> str:
        """The name of the setting the API key came from (for error messages)."""
        if self.llm_api_key is not None or not os.environ.get("OPENAI_API_KEY"):
            return "ASSISTANT_LLM_API_KEY"
        return "OPENAI_API_KEY"

    def llm_base_url_setting(self) -> str:
        """The name of the setting the base URL came from (for error messages)."""
        if self.llm_base_url or not os.environ.get("OPENAI_BASE_URL"):
            return "ASSISTANT_LLM_BASE_URL"
        return "OPENAI_BASE_URL"

    def llm_configured(self) -> bool:
        """An LLM endpoint is configured when a base URL or an API key is given."""
        return bool(self.resolved_llm_base_url() or self.resolved_llm_key())
