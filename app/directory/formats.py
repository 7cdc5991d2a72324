"""Reading and writing directory files: YAML (one file per entry), CSV and Open Referral UK.

Readers turn files into `Record`s (where each came from, plus plain data) and report files
they cannot parse as `Problem`s; they never validate entries or write to the store. CSV cells
a spreadsheet would run as a formula are written with a leading ' and read back without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import untrusted
from .entry import Entry
from .validate import Problem

FIELD_ORDER = (
    "id", "name", "organisation", "summary", "description", "website", "email", "contacts",
    "grouping", "topics", "min_age", "max_age", "who_for", "coverage", "hours", "cost",
    "referral", "confidentiality", "languages", "accessibility", "status", "status_note",
    "source_url", "last_verified", "review_due", "needs_review", "review_reason", "example",
)
LIST_FIELDS = ("topics", "referral", "languages")
JSON_FIELDS = ("contacts", "coverage", "hours", "cost")
INT_FIELDS = ("min_age", "max_age")
BOOL_FIELDS = ("needs_review", "example", "published")
CSV_COLUMNS = (*FIELD_ORDER, "published")   # drafts stay drafts when an export is loaded back
# A cell starting with one of these is a formula to a spreadsheet (CWE-1236), so it is written
# with a ' in front; a leading ' is doubled, so reading drops exactly one and loses nothing.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
FORMATS = ("yaml", "csv", "openreferral")
# The other reviewed files in directory_data/: not entries, so a folder load skips them.
REVIEWED_DATA = {"taxonomy.yaml", "risk_rules.yaml", "replies.yaml", "escalation.yaml",
                 "crisis_contacts.yaml", "postcode_areas.yaml", "places.yaml",
                 "openreferral_mapping.yaml"}


@dataclass(frozen=True)
class Record:
    file: str
    row: int | None
    data: Any


def read_paths(paths: Iterable[str | Path], *, include_demo: bool = False
               ) -> tuple[list[Record], list[Problem]]:
    """Every record in these files or folders, and every file that could not be read."""
    records: list[Record] = []
    problems: list[Problem] = []
    for path in paths:
        for file in _files(Path(path), include_demo):
            try:
                records.extend(read_file(file))
            except (OSError, ValueError, yaml.YAMLError, csv.Error, UnicodeDecodeError) as exc:
                problems.append(Problem(str(file), None, "(file)", f"cannot be read: {exc}"))
    return records, problems


def _files(path: Path, include_demo: bool) -> list[Path]:
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    if path.is_file():
        return [path]
    found = []
    for file in sorted(path.rglob("*")):
        if file.suffix not in (".yaml", ".yml", ".csv", ".json") or not file.is_file():
            continue
        relative = file.relative_to(path).parts
        if file.name in REVIEWED_DATA:
            continue
        if "demo" in relative[:-1] and not include_demo:
            continue
        found.append(file)
    return found


def read_file(file: Path) -> list[Record]:
    """Records from one file, by its extension."""
    text = file.read_text(encoding="utf-8")
    return read_text(text, file.suffix.lstrip("."), str(file))


def read_text(text: str, kind: str, name: str) -> list[Record]:
    """Records from file contents of a kind: yaml, yml, csv or json (Open Referral UK)."""
    if kind in ("yaml", "yml"):
        data = untrusted.load_yaml(text)
        if isinstance(data, list):
            return [Record(name, i, _plain(d)) for i, d in enumerate(data, start=1)]
        return [Record(name, None, _plain(data))]
    if kind == "csv":
        return [Record(name, i, row) for i, row in enumerate(from_csv(text), start=2)]
    if kind == "json":
        from . import openreferral_in  # imported here: it builds on this module's records

        services = openreferral_in.read(untrusted.load_json(text))
        return [Record(name, i, d) for i, d in enumerate(services, start=1)]
    raise ValueError(f"unknown file type '{kind}': use .yaml, .csv or .json")


def _plain(data: Any) -> Any:
    """YAML dates become ISO strings, as every other format gives them."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


# -- CSV -------------------------------------------------------------------------------
def from_csv(text: str) -> list[dict]:
    """Rows of a CSV export as plain entry data (cells that do not parse are kept as text)."""
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {}
        for key, value in raw.items():
            if key is None:
                row["(extra columns)"] = value
                continue
            raw = value or ""
            # A neutralised cell is read exactly (its ' dropped); any other cell is trimmed.
            text = unneutralise(raw) if unneutralise(raw) != raw else unneutralise(raw.strip())
            row[key] = _cell(key, text)
        rows.append(row)
    return rows


def _cell(key: str, value: str) -> Any:
    if value == "":
        return [] if key in LIST_FIELDS else None
    if key in LIST_FIELDS:
        return [v.strip() for v in value.split(";") if v.strip()]
    if key in JSON_FIELDS:
        try:
            return untrusted.load_json(value)
        except ValueError:  # not JSON, or nested too deep: validation reports it as text
            return value
    if key in INT_FIELDS:
        return int(value) if value.isascii() and value.lstrip("-").isdigit() else value
    if key in BOOL_FIELDS:
        return {"true": True, "false": False, "yes": True, "no": False}.get(value.lower(), value)
    return value


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text: "+44 800" becomes "'+44 800"."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """The value behind a neutralised cell: "'+44 800" is "+44 800"; "'hello" stays as it is."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def to_csv(entries: Iterable[Entry], drafts: Iterable[str] = ()) -> str:
    """The entries as CSV, one row each, in the loader's column order; `drafts` are ids unpublished."""
    hidden = set(drafts)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")  # RFC 4180; quotes a lone CR
    writer.writeheader()
    for entry in entries:
        data = entry.to_dict()
        data["published"] = entry.id not in hidden
        row = {}
        for key in CSV_COLUMNS:
            value = data[key]
            if key in LIST_FIELDS:
                row[key] = "; ".join(value)
            elif key in JSON_FIELDS:
                row[key] = json.dumps(value, ensure_ascii=False)
            elif key in BOOL_FIELDS:
                row[key] = "true" if value else "false"
            else:
                row[key] = "" if value is None else str(value)
            row[key] = neutralise(row[key])
        writer.writerow(row)
    return out.getvalue()


# -- YAML ------------------------------------------------------------------------------
def to_yaml(entry: Entry) -> str:
    """One entry as a YAML document in the curated files' key order."""
    data = entry.to_dict()
    ordered = {key: data[key] for key in FIELD_ORDER}
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)


def to_yaml_list(entries: Iterable[Entry], drafts: Iterable[str] = ()) -> str:
    """Many entries as one YAML list (a file the loader reads back); drafts say published: false."""
    hidden = set(drafts)
    docs = [{k: e.to_dict()[k] for k in FIELD_ORDER} | ({"published": False} if e.id in hidden else {})
            for e in entries]
    return yaml.safe_dump(docs, sort_keys=False, allow_unicode=True, width=100)


def draft_ids(records: Iterable[Record]) -> set[str]:
    """Ids of the records that say published: false (new entries from them stay drafts)."""
    return {r.data["id"] for r in records
            if isinstance(r.data, dict) and r.data.get("published") is False
            and isinstance(r.data.get("id"), str)}


def slug_for(entry: Entry) -> str:
    """A file name for an entry's YAML file."""
    cleaned = "".join(c if c.isalnum() else "-" for c in entry.name.lower())
    return "-".join(p for p in cleaned.split("-") if p)[:60] or entry.id
