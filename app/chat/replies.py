"""The reviewed reply templates (directory_data/replies.yaml) and filling them in.

Owns loading and checking the templates. Placeholders are only ever filled with topic
labels, service names and filter words, never with what the person typed.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..reviewed_yaml import load_reviewed

REQUIRED = ("greeting", "signpost", "unclear", "greeting_reply", "off_topic", "restart",
            "refined", "helpful", "escalation", "quick_replies", "greetings", "next")


@dataclass(frozen=True)
class Replies:
    data: dict[str, Any]

    def text(self, path: str, **values: str) -> str:
        """The template at a dotted path, filled in."""
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return " ".join(str(node).split()).format(**values)

    def all_templates(self) -> dict[str, str]:
        """Every template string by dotted path, for reviewing and readability tests."""
        found: dict[str, str] = {}

        def walk(node: Any, path: str) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, f"{path}.{key}" if path else str(key))
            elif isinstance(node, str) and path not in ("version",) and not path.startswith("next.ways"):
                found[path] = " ".join(node.split())

        for key in REQUIRED:
            if key not in ("greetings", "quick_replies"):
                walk(self.data[key], key)
        return found

    def placeholders(self, path: str) -> set[str]:
        """The names a template expects."""
        return {name for _, name, _, _ in string.Formatter().parse(self.text_raw(path)) if name}

    def text_raw(self, path: str) -> str:
        """The template at a dotted path, unfilled."""
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return str(node)


@lru_cache(maxsize=8)
def load_replies(path: str | Path) -> Replies:
    """Load and check the templates file; raises ValueError naming anything missing."""
    data = load_reviewed(Path(path).read_text(encoding="utf-8"))
    missing = [key for key in REQUIRED if key not in (data or {})]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return Replies(data)
