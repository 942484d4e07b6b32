"""The chat model behind the ``openai`` backend, and what its errors mean.

:func:`make_chat_model` builds LangChain's ``ChatOpenAI`` from the settings. :func:`classify`
sorts an exception from it into a setting to fix (raised as :class:`ConfigError`) or a fault: a
transient one (connection refused, timeout, 429, 5xx) is worth retrying, the others are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from assistant.errors import ConfigError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

OPENAI_HOST = "api.openai.com"
# Local servers (llama.cpp, Ollama, vLLM) accept any key; the openai client insists on one.
PLACEHOLDER_KEY = "not-needed"


def endpoint_label(settings: Settings) -> str:
    return settings.resolved_llm_base_url() or f"https://{OPENAI_HOST}/v1"


def max_tokens_field(settings: Settings) -> str:
    """``max_tokens`` or ``max_completion_tokens``: servers honour one and may reject both.

    OpenAI wants ``max_completion_tokens`` (and refuses both at once); llama.cpp's server ignores
    it and honours only ``max_tokens``, which Ollama and vLLM accept too.
    """
    if settings.llm_max_tokens_field != "auto":
        return settings.llm_max_tokens_field
    host = urlparse(endpoint_label(settings)).hostname or ""
    return "max_completion_tokens" if host == OPENAI_HOST else "max_tokens"


def make_chat_model(settings: Settings, max_tokens: int | None = None) -> BaseChatModel:
    """``ChatOpenAI`` for the configured endpoint; retries are ours, so the client's are off."""
    base_url = settings.resolved_llm_base_url()
    key = settings.resolved_llm_key()
    if base_url:
        parsed = urlparse(base_url)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ConfigError(
                f"{settings.llm_base_url_setting()}={base_url!r} is not an http(s) URL; "
                "use the server's OpenAI API root, e.g. http://127.0.0.1:8080/v1"
            )
    elif not key:
        raise ConfigError(
            "No LLM endpoint configured: set ASSISTANT_LLM_API_KEY (or OPENAI_API_KEY) for OpenAI, "
            "or ASSISTANT_LLM_BASE_URL for an OpenAI-compatible server"
        )
    from langchain_openai import ChatOpenAI

    limit = max_tokens or settings.llm_max_tokens
    limits: dict[str, object] = {}
    if max_tokens_field(settings) == "max_completion_tokens":
        limits["max_tokens"] = limit  # ChatOpenAI sends this as max_completion_tokens
    else:
        limits["extra_body"] = {"max_tokens": limit}
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=base_url,
        api_key=key or PLACEHOLDER_KEY,  # type: ignore[arg-type]
        temperature=settings.llm_temperature,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        **limits,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Fault:
    """Why a call to the model failed, and whether trying again could help."""

    reason: str
    transient: bool
    retry_after: float | None = None


def classify(exc: BaseException, settings: Settings) -> Fault:
    """Sort an exception from the chat model; raise :class:`ConfigError` for a setting to fix."""
    import httpx
    import openai

    url = endpoint_label(settings)
    url_setting = settings.llm_base_url_setting()
    if isinstance(exc, openai.AuthenticationError):
        raise ConfigError(
            f"The LLM endpoint {url} rejected the API key (401): check {settings.llm_key_setting()}"
        ) from exc
    if isinstance(exc, openai.PermissionDeniedError):
        raise ConfigError(
            f"The LLM endpoint {url} refused access (403) to model {settings.llm_model!r}: check "
            f"{settings.llm_key_setting()} and ASSISTANT_LLM_MODEL"
        ) from exc
    if isinstance(exc, openai.NotFoundError):
        raise ConfigError(
            f"The LLM endpoint {url} answered 404 for model {settings.llm_model!r}: check {url_setting} "
            "(the OpenAI API root, usually ending in /v1) and ASSISTANT_LLM_MODEL"
        ) from exc
    if isinstance(exc, openai.APIResponseValidationError):
        raise ConfigError(
            f"{url} did not answer like an OpenAI-compatible API: check {url_setting}"
        ) from exc
    if isinstance(exc, openai.APITimeoutError):
        return Fault(f"{url} did not answer within {settings.llm_timeout_s:g} s", True)
    if isinstance(exc, openai.APIConnectionError):
        return Fault(f"cannot reach {url} ({url_setting})", True)
    if isinstance(exc, openai.RateLimitError):
        if getattr(exc, "code", None) == "insufficient_quota":
            return Fault(f"{url}: the account has no quota left (429 insufficient_quota)", False)
        return Fault(f"{url} is rate limiting (429)", True, _retry_after(exc.response))
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500 or status in {408, 409}:
            return Fault(f"{url} failed with HTTP {status}", True, _retry_after(exc.response))
        return Fault(f"{url} refused the request (HTTP {status}): {_short(exc.message)}", False)
    if isinstance(exc, (openai.APIError, httpx.HTTPError)):
        return Fault(f"the connection to {url} broke: {_short(str(exc))}", True)
    if isinstance(exc, ValueError):  # an unparsable body, or a stream without a single chunk
        return Fault(f"{url} sent a malformed response: {_short(str(exc))}", False)
    raise exc


def _retry_after(response: object) -> float | None:
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
