"""Which files are sources: one rule for ``sources add``, uploads and ``sources sync``.

A source is a regular file with a supported suffix whose name (and every folder name below the
sources folder) does not start with ``.``, and, when it is a link, whose target stays inside the
sources folder. A sync skips hidden and unsupported files quietly (a folder holds such files
for good reasons) but reports links that leave the folder; an add or an upload reports them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True)
class Refusal:
    """Why a file is not a source; ``quiet`` ones are skipped without a report by a folder scan."""

    reason: str
    quiet: bool = False


def name_refusal(name: str) -> Refusal | None:
    """Why ``name`` cannot be a source file's name (None when it can)."""
    if name in ("", ".", ".."):
        return Refusal(f"{name!r} is not a file name")
    if "\x00" in name:
        return Refusal(f"the name {name!r} contains a NUL byte")
    if "/" in name or "\\" in name:
        return Refusal(f"the name {name!r} contains a path separator")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return Refusal(f"the name {name!r} contains control characters")
    size = len(name.encode("utf-8", "surrogateescape"))
    if size > _name_max():
        return Refusal(f"the name is too long ({size} bytes; file names are limited to {_name_max()})")
    if name.startswith("."):
        return Refusal("is a hidden file (its name starts with '.'); sources are never hidden "
                       "files, so rename it", quiet=True)  # fmt: skip
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Refusal(f"unsupported file type {suffix or '(none)'!r}; supported: "
                       + ", ".join(SUPPORTED_SUFFIXES), quiet=True)  # fmt: skip
    return None


def source_refusal(path: Path, folder: Path) -> Refusal | None:
    """Why ``path``, a file under the sources ``folder``, is not a source (None when it is)."""
    folder = Path(os.path.abspath(folder))
    path = Path(os.path.abspath(path))
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return Refusal(f"is not inside the sources folder {folder}")
    for part in parts[:-1]:
        if part.startswith("."):
            return Refusal(f"is inside the hidden folder {part!r}; sources are never in hidden folders",
                           quiet=True)  # fmt: skip
    refusal = name_refusal(path.name)
    if refusal:
        return refusal
    outside = _link_refusal(path, folder)
    if outside:
        return outside
    if not path.exists():
        return Refusal("is a broken link" if path.is_symlink() else "file not found")
    if not path.is_file():
        return Refusal("is not a regular file (a folder?)", quiet=True)
    return None


def _link_refusal(path: Path, folder: Path) -> Refusal | None:
    """A refusal when ``path`` (or a folder on its way) is a link that leaves ``folder`` or loops."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        return Refusal("is a link loop (a link that leads back to itself)")
    try:
        target.relative_to(folder.resolve())
    except ValueError:
        return Refusal(f"is a link to {target}, outside the sources folder; links must point "
                       "inside it (copy the file in instead)")  # fmt: skip
    return None


def _name_max() -> int:
    """The file system's limit on one name, in bytes (255 on common file systems)."""
    try:
        return int(os.pathconf(".", "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return 255


def folder_refusal(path: Path, folder: Path) -> Refusal | None:
    """Why a sync does not look inside ``path``, a folder (or a link) under ``folder``."""
    if path.name.startswith("."):
        return Refusal("is a hidden folder", quiet=True)
    if path.is_symlink():
        outside = _link_refusal(path, folder)
        if outside:
            return outside
        return Refusal("is a link to a folder inside the sources folder (scanned there)", quiet=True)
    return None


def scan_sources(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The sources in ``folder`` (sorted), and (path, reason) for each entry refused loudly.

    Links to folders are not followed; hidden folders are not entered.
    """
    root = Path(os.path.abspath(folder))
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            refusal = folder_refusal(here / name, root)
            if refusal is None:
                kept.append(name)
            elif not refusal.quiet:
                refused.append((here / name, refusal.reason))
        dirnames[:] = kept
        for name in filenames:
            refusal = source_refusal(here / name, root)
            if refusal is None:
                files.append(here / name)
            elif not refusal.quiet:
                refused.append((here / name, refusal.reason))
    return sorted(files), sorted(refused)
