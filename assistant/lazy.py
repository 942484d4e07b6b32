"""Lazy exports for the package faces (:pep:`562`): a name's module is imported on its first use."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(
    package: str, modules: Mapping[str, Iterable[str]]
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for the face ``package``.

    ``modules`` maps each module (``".name"`` is relative to ``package``) to the names the face
    takes from it. ``"attribute as name"`` renames one: a face never exports a name its package
    also uses for a module, since Python binds the module over it when the module is first imported.
    """
    where: dict[str, tuple[str, str]] = {}
    for module, entries in modules.items():
        absolute = package + module if module.startswith(".") else module
        for entry in entries:
            attribute, _, name = entry.partition(" as ")
            where[name or attribute] = (absolute, attribute)

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = where[name]
        value = getattr(importlib.import_module(module), attribute)
        setattr(sys.modules[package], name, value)  # the next lookup is a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return sorted(where), __getattr__, __dir__
