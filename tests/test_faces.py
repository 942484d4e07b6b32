"""The layers import one way: the consumers reach the core only through package faces.

Read from the sources (nothing is imported), see the rule in ``assistant/__init__.py``.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONSUMERS = ("assistant/ui", "assistant/evals", "assistant/cli.py", "tests", "benchmarks")
# modules that are faces too: the CLI adapter's entry point (``cli``, ``main``), and how faces are made
MODULE_FACES = frozenset({"assistant.cli", "assistant.lazy"})
# (file, module) -> why that file needs the module itself, not a face (none now: add a seam instead)
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _is_package(module: str, root: Path) -> bool:
    return (root / module.replace(".", "/") / "__init__.py").is_file()


def _is_module(module: str, root: Path) -> bool:
    return (root / (module.replace(".", "/") + ".py")).is_file()


def face_of(module: str, root: Path = ROOT) -> str:
    """The nearest package face above ``module``."""
    while not _is_package(module, root):
        module = module.rpartition(".")[0]
    return module


def own_package(path: str) -> str | None:
    """The consumer package a file belongs to (``assistant.ui`` for ``assistant/ui/app.py``)."""
    parts = Path(path).parts
    return f"assistant.{parts[1]}" if parts[0] == "assistant" and len(parts) > 2 else None


def violations(source: str, path: str, root: Path = ROOT) -> list[str]:
    """Each import in ``source`` (the file ``path``) that reaches past a face, with the face to use."""
    own = own_package(path)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            targets = [(node.module, alias.name) for alias in node.names]
        else:
            continue
        for module, name in targets:
            excepted = {(path, module), (path, f"{module}.{name}")} & EXCEPTIONS.keys()
            if module.split(".")[0] != "assistant" or excepted:
                continue
            if own and (module == own or module.startswith(own + ".")):
                continue  # inside its own package a consumer imports what it likes
            if module not in MODULE_FACES and not _is_package(module, root):
                face = face_of(module, root)
                found.append(f"{path}:{node.lineno}: {module} is a module; import from {face}")
                break  # one line per statement
            elif name and _is_module(f"{module}.{name}", root):
                found.append(f"{path}:{node.lineno}: {module}.{name} is a module; import from {module}")
    return found


def _consumer_files() -> list[Path]:
    files: list[Path] = []
    for entry in CONSUMERS:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def test_the_check_finds_imports_past_a_face() -> None:
    source = ("from assistant import Settings\n"
              "from assistant.generation.extractive import decide\n"
              "import assistant.settings\n"
              "from assistant.ui import render, UIService\n"
              "from assistant.ui.render import chat_markdown\n"
              "from assistant.evals.metrics import percentile\n")  # fmt: skip
    assert violations(source, "tests/test_x.py") == [
        "tests/test_x.py:2: assistant.generation.extractive is a module; import from assistant.generation",
        "tests/test_x.py:3: assistant.settings is a module; import from assistant",
        "tests/test_x.py:4: assistant.ui.render is a module; import from assistant.ui",
        "tests/test_x.py:5: assistant.ui.render is a module; import from assistant.ui",
    ]
    inside_ui = violations(source, "assistant/ui/x.py")  # its own package's modules are its own
    assert [v.split(":")[1] for v in inside_ui] == ["2", "3"]


def test_consumers_import_only_faces() -> None:
    found = []
    for path in _consumer_files():
        found += violations(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert not found, "\n".join(found)


def test_every_exception_is_still_needed() -> None:
    used = set()
    for path in _consumer_files():
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            used |= {(rel, m) for m in modules if (rel, m) in EXCEPTIONS}
    assert used == set(EXCEPTIONS)


def test_every_face_name_resolves_and_none_is_a_module_name() -> None:
    inits = (ROOT / "assistant").rglob("__init__.py")
    faces = sorted(".".join(p.parent.relative_to(ROOT).parts) for p in inits)
    for face in faces:
        module = importlib.import_module(face)
        names = getattr(module, "__all__", [])
        shadowed = [n for n in names if _is_module(f"{face}.{n}", ROOT) or _is_package(f"{face}.{n}", ROOT)]
        assert not shadowed, f"{face} exports {shadowed}, the names of its modules"
        for name in names:
            assert getattr(module, name) is not None, f"{face}.{name}"
