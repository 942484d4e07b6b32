"""The UI's named API endpoints through gradio_client, against a real ``assistant serve``."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import marker_numbers

from .ui_server import Server, running_server

pytestmark = pytest.mark.server

SPIKE = "spike-news-us-china-ai-convergence-or-competition"
ZH = "zh-china-daily-us-china-ai-cooperation"
LIGHTHOUSE = """---
title: Kettle Island lighthouse reopens after restoration
outlet: Harbour Gazette
date: 2026-07-01
---
The Zorbian lighthouse on Kettle Island reopened on 30 June 2026 after a two-year restoration.

The restoration cost 4.2 million crowns and was paid for by the Kettle Island Preservation Trust.
"""


AUTH = ("reader", "correct horse battery staple")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """This server requires a login (ASSISTANT_AUTH_USER/PASSWORD), as a shared deployment would."""
    env = {"ASSISTANT_AUTH_USER": AUTH[0], "ASSISTANT_AUTH_PASSWORD": AUTH[1]}
    with running_server(tmp_path_factory.mktemp("ui-api"), env) as s:
        yield s


@pytest.fixture(scope="module")
def client(server: Server) -> Any:
    from gradio_client import Client

    return Client(server.url, auth=AUTH, verbose=False)


def test_a_login_is_required(server: Server) -> None:
    from gradio_client import Client

    with pytest.raises(ValueError, match="Could not login"):
        Client(server.url, auth=("reader", "wrong"), verbose=False)
    with pytest.raises(Exception, match="credentials were not provided"):
        Client(server.url, verbose=False)
    with urllib.request.urlopen(server.url, timeout=5) as page:  # the login page, not the app
        assert page.status == 200
    with pytest.raises(urllib.error.HTTPError, match="401"):
        urllib.request.urlopen(server.url + "gradio_api/info", timeout=5)


def _check_cited(result: dict[str, Any]) -> None:
    assert result["done"] is True and not result["abstained"], result["answer"]
    numbers = set(marker_numbers(result["answer"]))
    assert numbers and numbers == {c["n"] for c in result["citations"]}
    for c in result["citations"]:
        assert c["quote"] and c["title"] and c["outlet"] and c["end"] > c["start"]


def _upload(client: Any, *paths: Path) -> dict[str, Any]:
    from gradio_client import handle_file

    return client.predict([handle_file(str(p)) for p in paths], api_name="/upload")  # type: ignore[no-any-return]


def test_only_the_documented_endpoints_are_public(client: Any) -> None:
    info = client.view_api(return_format="dict", print_info=False)
    assert set(info["named_endpoints"]) == {"/ask", "/upload", "/list_sources", "/remove_source", "/speakers"}
    assert not info["unnamed_endpoints"]


def test_ask_streams_a_cited_answer(client: Any) -> None:
    job = client.submit("Where did the Chain Expo open?", api_name="/ask")
    items = list(job)
    assert [i["done"] for i in items][-1] is True and not any(i["done"] for i in items[:-1])
    assert len(items) >= 2  # at least one partial text before the final answer
    final = items[-1]
    _check_cited(final)
    assert "Beijing" in final["answer"]
    assert SPIKE in {c["source_id"] for c in final["citations"]}
    assert final["backend"] == "extractive" and final["passages"]


def test_follow_up_uses_the_history(client: Any) -> None:
    first = client.predict("Where did the Chain Expo open?", api_name="/ask")
    history = [{"role": "user", "content": first["question"]},
               {"role": "assistant", "content": first["answer"]}]  # fmt: skip
    follow = client.predict("And what did it set up?", history=history, api_name="/ask")
    assert "Chain Expo" in follow["standalone_question"]


def test_filters_restrict_the_sources(client: Any) -> None:
    result = client.predict("What do experts say about AI governance?", outlets=["ZH"], api_name="/ask")
    assert result["passages"] and {p["outlet"] for p in result["passages"]} == {"ZH"}
    with pytest.raises(Exception, match="is not a date"):
        client.predict("Anything?", date_from="May 2026", api_name="/ask")


def test_abstains_with_closest_passages(client: Any) -> None:
    result = client.predict("What does the EU AI Act require?", api_name="/ask")
    assert result["abstained"] and not result["citations"] and result["passages"]


def test_upload_then_ask_about_it(client: Any, server: Server, tmp_path: Path) -> None:
    doc = tmp_path / "kettle-island.md"
    doc.write_text(LIGHTHOUSE, encoding="utf-8")
    report = _upload(client, doc)
    assert report["added"] == ["kettle-island"] and not report["errors"], report
    assert report["sources"] == 3 and (server.sources_dir / "kettle-island.md").exists()
    listed = {s["source_id"]: s for s in client.predict(api_name="/list_sources")}
    assert listed["kettle-island"]["outlet"] == "Harbour Gazette" and listed["kettle-island"]["chunks"] >= 1

    result = client.predict("How much did the Kettle Island lighthouse restoration cost?", api_name="/ask")
    _check_cited(result)
    assert "4.2 million crowns" in result["answer"]
    assert "kettle-island" in {c["source_id"] for c in result["citations"]}


def test_bad_files_are_reported_and_the_index_is_intact(client: Any, tmp_path: Path) -> None:
    before = client.predict(api_name="/list_sources")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    wrong = tmp_path / "table.csv"
    wrong.write_text("a,b\n1,2\n")
    report = _upload(client, empty, binary, wrong)
    errors = {e["file"]: e["reason"] for e in report["errors"]}
    assert set(errors) == {"empty.txt", "binary.txt", "table.csv"}, report
    assert "empty" in errors["empty.txt"] and "unsupported file type" in errors["table.csv"]
    assert not report["added"] and report["sources"] == len(before)
    assert client.predict(api_name="/list_sources") == before
    _check_cited(client.predict("Where did the Chain Expo open?", api_name="/ask"))


def test_remove_a_source(client: Any, tmp_path: Path) -> None:
    doc = tmp_path / "short-lived.md"
    doc.write_text("---\ntitle: Short-lived note\noutlet: Test\ndate: 2026-01-02\n---\n"
                   "The Quillmarsh ferry carried 812 passengers on its first day.\n")  # fmt: skip
    assert _upload(client, doc)["added"] == ["short-lived"]
    removed = client.predict("short-lived", api_name="/remove_source")
    assert removed["source_id"] == "short-lived" and removed["title"] == "Short-lived note"
    assert "short-lived" not in {s["source_id"] for s in client.predict(api_name="/list_sources")}
    result = client.predict("How many passengers did the Quillmarsh ferry carry?", api_name="/ask")
    assert "short-lived" not in {c["source_id"] for c in result["citations"]}
    with pytest.raises(Exception, match="No indexed source has the id"):
        client.predict("no-such-source", api_name="/remove_source")


def test_the_whole_article_is_behind_the_login(server: Server) -> None:
    """The article view's event (what "Read the whole article" calls) refuses a caller without the
    login, and answers the logged-in one with the document, the quote marked."""
    import http.cookiejar
    import json
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": AUTH[0], "password": AUTH[1]}).encode()
    browser.open(server.url + "login", form, timeout=10)
    with browser.open(server.url + "config", timeout=10) as response:
        config = json.load(response)
    button = next(c["id"] for c in config["components"]
                  if c.get("props", {}).get("elem_id") == "article-open-btn")  # fmt: skip
    event = next(d for d in config["dependencies"] if [button, "click"] in d["targets"])
    quote = "Chain Expo"
    body = {"data": [json.dumps({"source": SPIKE, "start": 0, "end": 0, "quote": quote})], "event_data": None,
            "fn_index": event["id"], "trigger_id": button, "session_hash": "articletest1"}  # fmt: skip

    def join(opener: Any) -> Any:
        request = urllib.request.Request(server.url + "gradio_api/queue/join", json.dumps(body).encode(),
                                         {"Content-Type": "application/json"})  # fmt: skip
        return opener.open(request, timeout=10)

    with pytest.raises(urllib.error.HTTPError, match="401"):
        join(urllib.request.build_opener())  # no login cookie
    join(browser).close()
    with browser.open(server.url + "gradio_api/queue/data?session_hash=articletest1", timeout=30) as stream:
        for line in stream:
            message = json.loads(line[5:]) if line.startswith(b"data:") else {}
            if message.get("msg") == "process_completed":
                break
    html = message["output"]["data"][1]
    assert f"<mark>{quote}</mark>" in html and "Spike News" in html, html[:300]
