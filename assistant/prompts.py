"""Prompt templates: files in ``prompts/`` with YAML front matter naming their variables.

A template is rendered with ``str.format``-style ``{name}`` fields; a missing or unexpected
variable is an error, so a typo in a prompt file fails loudly instead of sending a broken prompt.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import ConfigError


@dataclass(frozen=True)
class Prompt:
    """One template and the variables it declares."""

    name: str
    template: str
    variables: frozenset[str]
    description: str = ""

    def render(self, **values: object) -> str:
        missing = self.variables - values.keys()
        extra = values.keys() - self.variables
        if missing or extra:
            raise ConfigError(
                f"Prompt {self.name!r}: missing variables {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self.template.format(**values)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def parse_prompt(name: str, text: str) -> Prompt:
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise ConfigError(f"Prompt {name!r} needs YAML front matter with a 'variables' list")
    header, body = text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(header) or {}
    declared = set(meta.get("variables") or [])
    used = _fields(body)
    if declared != used:
        raise ConfigError(f"Prompt {name!r} declares {sorted(declared)} but its text uses {sorted(used)}")
    return Prompt(name, body.strip("\n"), frozenset(declared), str(meta.get("description", "")))


@lru_cache(maxsize=64)
def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    """Load ``prompts_dir/name.md``."""
    path = Path(prompts_dir) / f"{name}.md"
    if not path.exists():
        raise ConfigError(f"Prompt file {path} is missing (ASSISTANT_PROMPTS_DIR={prompts_dir})")
    return parse_prompt(name, path.read_text(encoding="utf-8"))


def all_prompts(prompts_dir: Path) -> list[Prompt]:
    return [load_prompt(prompts_dir, p.stem) for p in sorted(Path(prompts_dir).glob("*.md"))]
