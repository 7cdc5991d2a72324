"""The reviewed mapping from a feed's taxonomy terms and eligibility to topics, ages and groupings.

Owns reading and checking directory_data/openreferral_mapping.yaml and turning one Open
Referral UK service into plain entry data (validation comes later). It invents nothing: a
default it had to use is named in the review reason, and a service whose terms map to no topic
keeps no topics, so validation leaves it out.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..reviewed_yaml import load_reviewed
from . import openreferral, openreferral_in
from .entry import GROUPINGS

LONG_AREA = 60  # a service area "name" longer than this is a sentence, not a place


@dataclass(frozen=True)
class Rule:
    match: frozenset[str]
    topics: tuple[str, ...] = ()
    grouping: str | None = None
    ages: tuple[int, int] | None = None


@dataclass(frozen=True)
class Mapping:
    terms: tuple[Rule, ...] = ()
    eligibility: tuple[Rule, ...] = ()
    default_grouping: str | None = None
    default_topics: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), repr=False)


def load_mapping(path: str | Path, topics: tuple[str, ...]) -> Mapping:
    """Read and check the mapping file; `problems` lists every mistake (empty when sound)."""
    try:
        data = load_reviewed(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return Mapping(problems=(f"{path} cannot be read: {exc}",))
    return check_mapping(data, topics)


def check_mapping(data: Any, topics: tuple[str, ...]) -> Mapping:
    """A Mapping from plain data, with every problem in it listed."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return Mapping(problems=("the mapping must be a YAML mapping",))
    for key in sorted(set(data) - {"version", "default_grouping", "default_topics", "terms",
                                   "eligibility"}):
        problems.append(f"'{key}' is not a known setting")
    grouping = data.get("default_grouping")
    if grouping is not None and grouping not in GROUPINGS:
        problems.append(f"default_grouping '{grouping}' is not one of {', '.join(GROUPINGS)}")
    defaults = _topics(data.get("default_topics") or [], topics, "default_topics", problems)
    terms = [_rule(item, topics, f"terms[{i}]", problems, ages=False)
             for i, item in enumerate(_list(data, "terms", problems))]
    eligibility = [_rule(item, topics, f"eligibility[{i}]", problems, ages=True)
                   for i, item in enumerate(_list(data, "eligibility", problems))]
    seen: dict[str, str] = {}
    for kind, rules in (("terms", terms), ("eligibility", eligibility)):
        for i, rule in enumerate(rules):
            for word in sorted(rule.match):
                where = f"{kind}[{i}]"
                if (kind, word) in seen:
                    problems.append(f"{where}: '{word}' is already matched by {seen[(kind, word)]}")
                seen[(kind, word)] = where
    return Mapping(tuple(terms), tuple(eligibility), grouping, defaults, tuple(problems))


def _list(data: dict, key: str, problems: list[str]) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        problems.append(f"{key} must be a list")
        return []
    return value


def _topics(value: Any, topics: tuple[str, ...], where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(f"{where} must be a list of topic slugs")
        return ()
    for slug in value:
        if slug not in topics:
            problems.append(f"{where}: '{slug}' is not a topic in taxonomy.yaml")
    return tuple(s for s in value if s in topics)


def _rule(item: Any, topics: tuple[str, ...], where: str, problems: list[str], *, ages: bool) -> Rule:
    if not isinstance(item, dict):
        problems.append(f"{where} must have match and {'ages' if ages else 'topics'}")
        return Rule(frozenset())
    allowed = {"match", "ages"} if ages else {"match", "topics", "grouping"}
    for key in sorted(set(item) - allowed):
        problems.append(f"{where}: '{key}' is not a known setting")
    match = item.get("match")
    if not isinstance(match, list) or not match or not all(isinstance(m, str) for m in match):
        problems.append(f"{where}: match must be a list of feed terms")
        match = []
    if ages:
        span = item.get("ages")
        if (not isinstance(span, list) or len(span) != 2
                or not all(isinstance(a, int) and not isinstance(a, bool) and 0 <= a <= 120 for a in span)
                or span[0] > span[1]):
            problems.append(f"{where}: ages must be [youngest, oldest], whole years from 0 to 120")
            return Rule(frozenset(_norm(m) for m in match))
        return Rule(frozenset(_norm(m) for m in match), ages=(span[0], span[1]))
    grouping = item.get("grouping")
    if grouping is not None and grouping not in GROUPINGS:
        problems.append(f"{where}: grouping '{grouping}' is not one of {', '.join(GROUPINGS)}")
    found = _topics(item.get("topics"), topics, f"{where}.topics", problems)
    if not found and not grouping:
        problems.append(f"{where}: needs topics or a grouping")
    return Rule(frozenset(_norm(m) for m in match), found, grouping)


def _norm(text: Any) -> str:
    return " ".join(str(text).lower().split())


# -- one service -> entry data -----------------------------------------------------------------
def feed_terms(service: dict) -> set[str]:
    """Every name a service's taxonomy terms go by, normalised for matching."""
    terms = [a.get("taxonomy_term") for a in _dicts(service.get("attributes"))]
    terms += _dicts(service.get("taxonomy_terms"))
    terms += [t.get("taxonomy") for t in _dicts(service.get("service_taxonomys"))]
    names = set()
    for term in terms:
        if isinstance(term, dict):
            names.update(_norm(term[k]) for k in ("term", "name", "code", "id")
                         if isinstance(term.get(k), str) and term[k].strip())
    for item in _dicts(service.get("eligibilitys")):
        if isinstance(item.get("eligibility"), str):
            names.add(_norm(item["eligibility"]))
    return names


def entry_id(service_id: str, feed_url: str) -> str:
    """The entry id: the service's own when it is a uuid, else one derived from feed and id."""
    try:
        return str(uuid.UUID(service_id))
    except ValueError:
        return openreferral.derived_id("openreferral-feed", feed_url, service_id)


def map_service(service: dict, mapping: Mapping, *, feed_url: str, area: str | None,
                today: dt.date) -> dict:
    """Entry data for one feed service, with the reasons it needs a person's review."""
    data = openreferral_in.from_service(service)
    data.pop("version", None)
    names = feed_terms(service)
    reasons = []
    topics = [t for t in data.get("topics") or [] if isinstance(t, str)]
    grouping = data.get("grouping")
    for rule in mapping.terms:
        if rule.match & names:
            topics += [t for t in rule.topics if t not in topics]
            grouping = grouping or rule.grouping
    if not topics:
        topics = list(mapping.default_topics)
    if grouping is None and mapping.default_grouping:
        grouping = mapping.default_grouping
        reasons.append(f"The feed gave no THRIVE grouping; '{GROUPINGS[grouping]}' is a default.")
    data.update(topics=topics, grouping=grouping)
    _ages(data, service, mapping, names, reasons)
    data["coverage"] = _coverage(data.get("coverage") or {}, area)
    sid = str(service.get("id"))
    data["id"] = entry_id(sid, feed_url)
    data["source_url"] = f"{feed_url}/{urllib.parse.quote(sid, safe='')}"
    data["last_verified"] = _verified(data.get("last_verified"), service.get("last_modified"), today)
    data["status"] = data.get("status") or "active"
    if reasons:
        data["needs_review"] = True
        data["review_reason"] = " ".join(reasons)
    return data


def _ages(data: dict, service: dict, mapping: Mapping, names: set[str], reasons: list[str]) -> None:
    if data.get("min_age") is not None or data.get("max_age") is not None:
        return
    for item in _dicts(service.get("eligibilitys")):
        lo, hi = item.get("minimum_age"), item.get("maximum_age")
        if lo is not None or hi is not None:
            data["min_age"], data["max_age"] = openreferral_in.age(lo), openreferral_in.age(hi)
            return
    for rule in mapping.eligibility:
        if rule.ages and rule.match & names:
            data["min_age"], data["max_age"] = rule.ages
            return


def _coverage(found: dict, area: str | None) -> dict:
    places = [n for n in found.get("local_authorities") or [] if len(n) <= LONG_AREA]
    return {"national": bool(found.get("national")),
            "local_authorities": [area] if area else places,
            "postcodes": list(found.get("postcodes") or [])}


def _verified(assured: Any, modified: Any, today: dt.date) -> str | None:
    """The feed's own assured date, else its last-modified date; never a future date."""
    for value in (assured, modified):
        try:
            day = dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
        if day <= today:
            return day.isoformat()
    return None


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
