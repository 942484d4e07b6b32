"""A limit on failed logins per client: after ``max_failures`` within ``window_s`` seconds, the
client's next logins are refused with HTTP 429 until its oldest failure leaves the window.

An ASGI middleware in front of Gradio's ``POST /login`` (Gradio's own auth check does not see the
client's address); a failure is Gradio's answer 400 ("Incorrect credentials").
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from typing import Any

Scope = dict[str, Any]
Receive = Any
Send = Any


class LoginLimit:
    """Counts failed ``/login`` posts per client address in a sliding window."""

    def __init__(self, app: Any, max_failures: int, window_s: float) -> None:
        self.app = app
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).rstrip("/")
        if scope.get("type") != "http" or scope.get("method") != "POST" or not path.endswith("/login"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown",))[0]
        wait = self._wait(client)
        if wait > 0:
            await _refuse(send, wait, self.max_failures, self.window_s)
            return
        status = 0

        async def watch(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status == 400:
            with self._lock:
                self._failures.setdefault(client, deque()).append(time.monotonic())

    def _wait(self, client: str) -> float:
        """Seconds until ``client`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            failures = self._failures.get(client)
            if not failures:
                return 0.0
            while failures and now - failures[0] >= self.window_s:
                failures.popleft()
            if not failures:
                del self._failures[client]
                return 0.0
            if len(failures) < self.max_failures:
                return 0.0
            return self.window_s - (now - failures[0])


async def _refuse(send: Send, wait: float, limit: int, window: float) -> None:
    body = json.dumps({"detail": f"Too many failed logins ({limit} within {window:g} s, settings "
                       "ASSISTANT_LOGIN_MAX_FAILURES / ASSISTANT_LOGIN_WINDOW_S): try again in "
                       f"{wait:.0f} s."}).encode()  # fmt: skip
    headers = [(b"content-type", b"application/json"), (b"retry-after", str(int(wait) + 1).encode()),
               (b"content-length", str(len(body)).encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
