"""How ``assistant serve`` launches: loopback by default, limits, auth, assets (no server started)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import ConfigError, Settings
from assistant.cli import cli
from assistant.ui import auth_pair, launch_options


def test_launch_options_from_settings() -> None:
    settings = Settings()
    options = launch_options(settings, settings.host, settings.port)
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == 7860
    assert options["auth"] is None and options["max_file_size"] == 20 * 1024 * 1024  # toast: "20.0 MB"
    assert ".ev-answer" in options["css"] and options["head"].startswith("<script>")
    assert 'a[href^="#ev-"]' in options["head"]  # the citation click handler


def test_auth_needs_both_user_and_password() -> None:
    assert auth_pair(Settings(auth_user="ann", auth_password="pw")) == ("ann", "pw")
    with pytest.raises(ConfigError, match="Set both ASSISTANT_AUTH_USER and ASSISTANT_AUTH_PASSWORD"):
        auth_pair(Settings(auth_user="ann"))


def test_serve_command_is_registered_and_stops_on_half_set_auth(tmp_path: Path) -> None:
    runner = CliRunner()
    help_text = runner.invoke(cli, ["serve", "--help"]).output
    assert "--host" in help_text and "--port" in help_text and "--no-sync" in help_text
    result = runner.invoke(cli, ["--data-dir", str(tmp_path), "serve"], env={"ASSISTANT_AUTH_USER": "ann"})
    assert result.exit_code == 1 and "Set both ASSISTANT_AUTH_USER" in result.output
    assert not (tmp_path / "chroma").exists()  # it stopped before indexing anything
