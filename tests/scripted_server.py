"""A real HTTP server on 127.0.0.1 that answers /v1/chat/completions from a script.

Each request takes the next step of the script (the last step repeats): an HTTP error, a hang, a
streamed (SSE) answer, a stream cut off mid-way, or any raw body.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    kind: str  # "status" | "hang" | "sse" | "cut" | "raw"
    status: int = 200
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0  # a hang's length; for "sse", the pause before each word (a slow stream)
    finish: str = "stop"


def status(code: int, message: str = "error", **headers: str) -> Step:
    body = json.dumps({"error": {"message": message, "type": "error", "code": None}})
    return Step("status", code, body, {k.replace("_", "-"): v for k, v in headers.items()})


def sse(text: str, finish: str = "stop", delay: float = 0.0) -> Step:
    return Step("sse", text=text, finish=finish, seconds=delay)


def chunk(content: str, finish: str | None = None) -> bytes:
    body = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
            "choices": [{"index": 0, "delta": {"content": content} if content else {},
                         "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


class ScriptedServer:
    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append({"path": self.path, "body": body,
                                            "auth": self.headers.get("authorization", "")})  # fmt: skip
                    step = server.steps[min(len(server.requests) - 1, len(server.steps) - 1)]
                server.serve(self, step, bool(body.get("stream")))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def serve(self, handler: BaseHTTPRequestHandler, step: Step, streaming: bool = True) -> None:
        if step.kind == "sse" and not streaming:  # a plain chat.completion
            message = {"role": "assistant", "content": step.text}
            body = {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                    "choices": [{"index": 0, "message": message, "finish_reason": step.finish}]}
            step = Step("raw", text=json.dumps(body))
        if step.kind == "hang":
            time.sleep(step.seconds)
            return
        if step.kind in {"status", "raw"}:
            data = step.text.encode()
            handler.send_response(step.status)
            handler.send_header("content-type", step.headers.pop("content-type", "application/json"))
            for k, v in step.headers.items():
                handler.send_header(k, v)
            handler.send_header("content-length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
            return
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.end_headers()
        words = step.text.split(" ")
        for i, word in enumerate(words):
            if step.kind == "cut" and i == len(words) // 2:
                handler.wfile.write(b"data: {\"id\": \"x\", \"cho")  # half an event, then the socket closes
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
            if step.seconds:
                time.sleep(step.seconds)
            handler.wfile.write(chunk(word + (" " if i < len(words) - 1 else "")))
            handler.wfile.flush()
        handler.wfile.write(chunk("", step.finish) + b"data: [DONE]\n\n")

    def __enter__(self) -> ScriptedServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def scripted_server(*steps: Step) -> Iterator[ScriptedServer]:
    with ScriptedServer(list(steps)) as server:
        yield server


def closed_port() -> int:
    """A port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
