"""Parsing YAML and JSON that comes from outside: files to import, uploads, request bodies.

Owns the limits: a size cap, a nesting depth cap, and YAML with no anchors or aliases (so a
few hundred bytes cannot expand into gigabytes). It only parses; it never validates entries.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

MAX_DEPTH = 20           # an entry nests 5 deep (list, entry, hours, weekly, slot, days)
MAX_YAML_CHARS = 10_000_000


class TooComplex(ValueError):
    """Input refused before or while parsing; the message says why, in plain words."""


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing anchors, aliases and nesting past MAX_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's own signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            line = event.start_mark.line + 1
            raise TooComplex(f"uses a YAML anchor or alias (& or *) on line {line}; "
                             "they are not allowed: write each value out in full")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TooComplex(f"is nested more than {MAX_DEPTH} levels deep "
                             f"(line {event.start_mark.line + 1})")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml(text: str) -> Any:
    """YAML data from untrusted text, or TooComplex (a ValueError) saying why not."""
    if len(text) > MAX_YAML_CHARS:
        raise TooComplex(f"is larger than {MAX_YAML_CHARS:,} characters; split it into smaller files")
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_json(text: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """JSON data from untrusted text, or TooComplex when it nests deeper than max_depth."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise TooComplex(f"is nested more than {max_depth} levels deep") from exc
    if depth(data) > max_depth:
        raise TooComplex(f"is nested more than {max_depth} levels deep")
    return data


def depth(value: Any) -> int:
    """How deeply lists and objects nest in parsed data (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest
