"""YAML for the reviewed data files in directory_data/: a key given twice is an error.

PyYAML keeps the last of two equal keys in a mapping and drops the first without a word, so a
second `spellings: 'do not'` or a second concept of the same name would silently delete reviewed
safety data. This loader refuses the file instead, naming the key and both lines.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing a mapping that names the same key twice."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201 - PyYAML's own signature
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                continue
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' is given twice (lines {seen[key]} and {line}); "
                    "merge them into one", key_node.start_mark)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_reviewed(text: str) -> Any:
    """The data in a reviewed YAML file; yaml.YAMLError if it is malformed or repeats a key."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
