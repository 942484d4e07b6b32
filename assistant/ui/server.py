"""Launch the UI: queue, limits, auth and the page assets, all from the one settings object."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from assistant import ConfigError, Settings

if TYPE_CHECKING:
    from assistant import Assistant

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _asset(name: str) -> str:
    return resources.files("assistant.ui").joinpath("assets", name).read_text(encoding="utf-8")


def auth_pair(settings: Settings) -> tuple[str, str] | None:
    """(user, password) when both are set; an error when only one is."""
    user = settings.auth_user
    password = settings.auth_password.get_secret_value() if settings.auth_password else None
    if bool(user) != bool(password):
        raise ConfigError("Set both ASSISTANT_AUTH_USER and ASSISTANT_AUTH_PASSWORD to require a login "
                          "(or neither for none).")  # fmt: skip
    return (user, password) if user and password else None


def launch_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    """Keyword arguments for ``Blocks.launch``."""
    return {
        "server_name": host,
        "server_port": port,
        "auth": auth_pair(settings),
        "auth_message": "News Assistant: sign in with the username and password you were given.",
        # Gradio's "exceed the maximum allowed size of N MB" toast divides by 1024²: so sized, it says
        # the same figure as the upload label (a file just over max_file_mb·10⁶ bytes is then refused
        # by UIService.check_upload, with that figure too).
        "max_file_size": int(settings.max_file_mb * 1024 * 1024),
        "css": _asset("ui.css"),
        "head": f"<script>{_asset('ui.js')}</script>",
        "show_error": True,
        "quiet": True,  # our own "Serving on" line says where; no advice about public share links
        "footer_links": ["api"],  # no Gradio "Settings" panel: the app has one (with the light/dark switch)
        "app_kwargs": {"middleware": [login_limit(settings)]},
    }


def login_limit(settings: Settings) -> Any:
    """The middleware that refuses a client after too many failed logins (see ``login_limit``)."""
    from starlette.middleware import Middleware

    from assistant.ui.login_limit import LoginLimit

    return Middleware(LoginLimit, max_failures=settings.login_max_failures,
                      window_s=settings.login_window_s)  # fmt: skip


def serve(assistant: Assistant, host: str, port: int, block: bool = True) -> Any:
    """Build the app over ``assistant`` and serve it; returns the Blocks."""
    from assistant.ui.app import build_app

    settings = assistant.settings
    options = launch_options(settings, host, port)
    demo = build_app(assistant)
    demo.queue(default_concurrency_limit=settings.concurrency)
    demo.launch(prevent_thread_lock=not block, **options)
    return demo
