"""The reviewed risk rules file (directory_data/risk_rules.yaml): loading and strict validation.

Owns the rules' shape (terms, concepts, spellings, idioms, rules with examples) and compiling
them; a file with any problem is rejected whole, listing every problem. Must not match messages
(that is app.chat.risk).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from ..reviewed_yaml import load_reviewed
from .normalise import normalise
from .soundalike import Soundalikes, pattern_words
from .vocabulary import VOCABULARY

CATEGORIES = ("immediate-danger", "suicidal-thoughts", "self-harm", "abuse",
              "online-exploitation")
ABOUT = ("self", "someone-else", "either")
LEVELS = ("urgent", "check-in")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TERM = re.compile(r"\{([a-z_]+)\}")
_TOP_KEYS = {"version", "terms", "concepts", "frames", "spellings", "fuzzy_words", "idioms",
             "rules"}
_RULE_KEYS = {"id", "category", "about", "level", "patterns", "phrases", "all_of", "none_of",
              "within", "also_needs", "earlier", "must_match", "must_not_match", "note"}
_CONCEPT_KEYS = {"source", "terms", "note"}
_IDIOM_KEYS = {"id", "patterns", "phrases", "examples", "note"}


@dataclass(frozen=True)
class Pattern:
    """A pattern as written in the rules file, and its compiled, word-bounded form."""
    source: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Rule:
    """A reviewed risk rule."""
    id: str
    category: str
    about: str
    patterns: tuple[Pattern, ...]
    also_needs: tuple[str, ...]
    must_match: tuple[str, ...]
    must_not_match: tuple[str, ...]
    level: str = "urgent"
    # Concept combination: every slot (a tuple of alternative concepts) must occur, in one
    # message or (within == "sentence") in one sentence.
    all_of: tuple[tuple[str, ...], ...] = ()
    within: str = "message"
    none_of: tuple[str, ...] = ()  # concepts that, anywhere in the message, stop the rule
    # Concepts of which one must be in this message or an earlier turn of the conversation
    # ("the multistorey, top floor" then "to jump"): the rest of the rule reads this message.
    earlier: tuple[str, ...] = ()


@dataclass(frozen=True)
class Idiom:
    """An everyday phrase whose span is neutralised before the rules run."""
    id: str
    patterns: tuple[Pattern, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class RiskRules:
    """Loaded, compiled rules; `spellings` maps a misspelt token to the word it stands for."""
    rules: tuple[Rule, ...]
    idioms: tuple[Idiom, ...]
    spellings: Mapping[str, str]
    fuzzy_words: tuple[str, ...]
    concepts: Mapping[str, Pattern] = field(default_factory=lambda: MappingProxyType({}))
    frames: tuple[str, ...] = ()  # concept names that mark schoolwork, media or hyperbole
    # Sound-spelt words ("secrit", "bruther") read as the rules' own words.
    soundalikes: Soundalikes = field(default_factory=lambda: Soundalikes(()))
    # Every concept some rule may find in an earlier turn: what a conversation carries forward.
    cue_names: frozenset[str] = frozenset()


def load_rules(path: str | Path) -> RiskRules:
    """Load and compile the rules file; raise ValueError listing every problem found."""
    try:
        data = load_reviewed(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"cannot read risk rules {path}: {error}") from error
    if not isinstance(data, dict):
        raise ValueError(f"risk rules {path}: the file must be a mapping")
    problems = [f"unknown top-level key '{k}'" for k in sorted(set(data) - _TOP_KEYS)]
    terms = _terms(data.get("terms") or {}, problems)
    concepts = _concepts(data.get("concepts") or {}, terms, problems)
    frames = data.get("frames") or []
    if not isinstance(frames, list) or not all(f in concepts for f in frames):
        problems.append("frames: must be a list of concept names")
        frames = []
    spellings = _spellings(data.get("spellings") or {}, problems)
    fuzzy = data.get("fuzzy_words") or []
    if not isinstance(fuzzy, list) or not all(isinstance(w, str) and w.isalpha() for w in fuzzy):
        problems.append("fuzzy_words: must be a list of single words")
        fuzzy = []
    seen: set[str] = set()
    idioms = tuple(_idiom(i, item, terms, seen, problems)
                   for i, item in enumerate(_items(data, "idioms", problems, required=False)))
    rules = tuple(_rule(i, item, terms, concepts, seen, problems)
                  for i, item in enumerate(_items(data, "rules", problems)))
    plain = {r.id for r in rules if not r.also_needs}
    problems += [f"rules ({r.id}): also_needs '{n}' is not a rule without also_needs"
                 for r in rules for n in r.also_needs if n not in plain]
    if problems:
        raise ValueError(f"risk rules {path} has {len(problems)} problem(s):\n- "
                         + "\n- ".join(problems))
    sources = [p.regex.pattern for p in concepts.values()]
    sources += [p.regex.pattern for rule in rules for p in rule.patterns]
    words = pattern_words(sources) | {w for key in spellings.values() for w in key.split()}
    return RiskRules(rules, idioms, MappingProxyType(spellings), tuple(fuzzy),
                     MappingProxyType(concepts), tuple(frames), Soundalikes(words),
                     frozenset(n for rule in rules for n in rule.earlier))


def _items(data: dict, key: str, problems: list[str], required: bool = True) -> list[dict]:
    """The mappings listed under key; anything else is a problem."""
    items = data.get(key, None if required else [])
    if not isinstance(items, list) or (required and not items):
        problems.append(f"{key}: must be a non-empty list")
        return []
    problems += [f"{key}[{i}]: must be a mapping" for i, x in enumerate(items)
                 if not isinstance(x, dict)]
    return [item for item in items if isinstance(item, dict)]


def _terms(raw: object, problems: list[str]) -> dict[str, str]:
    """Named regex fragments, written {name} in patterns; a term may use earlier terms."""
    terms: dict[str, str] = {}
    for name, value in (raw.items() if isinstance(raw, dict) else [("", None)]):
        if not (isinstance(name, str) and re.fullmatch(r"[a-z_]+", name) and isinstance(value, str)):
            problems.append(f"terms.{name}: must map a-z_ names to regex strings")
        else:
            terms[name] = _expand(value, terms, f"terms.{name}", problems)
    return terms


def _concepts(raw: object, terms: dict[str, str], problems: list[str]) -> dict[str, Pattern]:
    """Named lexicons for one idea, each citing its source; usable as {name} in patterns too."""
    concepts: dict[str, Pattern] = {}
    for name, item in (raw.items() if isinstance(raw, dict) else [("", None)]):
        where = f"concepts.{name}"
        if not (isinstance(name, str) and re.fullmatch(r"[a-z_]+", name) and isinstance(item, dict)):
            problems.append(f"{where}: must map a-z_ names to a mapping with source and terms")
            continue
        problems += [f"{where}: unknown key '{k}'" for k in sorted(set(item) - _CONCEPT_KEYS)]
        if not (isinstance(item.get("source"), str) and item["source"].strip()):
            problems.append(f"{where}: needs a source (the published guidance it comes from)")
        words = item.get("terms")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            problems.append(f"{where}: terms must be a non-empty list of regex strings")
            continue
        if name in terms:
            problems.append(f"{where}: the name is already a term")
        expanded = "|".join(_expand(w, terms, where, problems) for w in words)
        try:
            concepts[name] = Pattern(name, re.compile(rf"(?<!\w)(?:{expanded})(?!\w)"))
            terms[name] = expanded
        except re.error as error:
            problems.append(f"{where}: bad term: {error}")
    return concepts


def _spellings(raw: object, problems: list[str]) -> dict[str, str]:
    """Map each listed misspelling to its word; every misspelling is one lower-case token."""
    variants: dict[str, str] = {}
    for word, typos in (raw.items() if isinstance(raw, dict) else [("", None)]):
        if not isinstance(typos, list) or not typos:
            problems.append(f"spellings.{word}: must map a word to a list of misspellings")
            continue
        for typo in typos:
            if not (isinstance(typo, str) and re.fullmatch(r"[a-z]+", typo)) or typo == word:
                problems.append(f"spellings.{word}: '{typo}' must be one lower-case word")
            elif typo in variants or typo in VOCABULARY:
                problems.append(f"spellings.{word}: '{typo}' is listed twice or is a real word")
            else:
                variants[typo] = str(word)
    return variants


def _expand(source: str, terms: dict[str, str], where: str, problems: list[str]) -> str:
    """Replace each {term} with its regex, reporting unknown terms."""
    unknown = sorted(set(_TERM.findall(source)) - set(terms))
    if unknown:
        problems.append(f"{where}: unknown term(s) {', '.join(unknown)}")
    return _TERM.sub(lambda m: f"(?:{terms.get(m.group(1), '')})", source)


def _compile(item: dict, terms: dict[str, str], where: str,
             problems: list[str]) -> tuple[Pattern, ...]:
    """Compile patterns and phrases, word-bounded; phrases must be in normalised form."""
    patterns, phrases = item.get("patterns") or [], item.get("phrases") or []
    if not (patterns or phrases) and item.get("all_of"):
        return ()
    if not isinstance(patterns, list) or not isinstance(phrases, list) or not (patterns or phrases):
        problems.append(f"{where}: needs a non-empty list of patterns or phrases")
        return ()
    compiled = []
    for phrase in phrases:
        fixed = normalise(phrase).text if isinstance(phrase, str) else ""
        if fixed != phrase:
            problems.append(f"{where}: phrase {phrase!r} is not normalised (write {fixed!r})")
        else:
            compiled.append(Pattern(phrase, re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")))
    for source in patterns:
        try:
            expanded = _expand(source, terms, where, problems)
            compiled.append(Pattern(source, re.compile(rf"(?<!\w)(?:{expanded})(?!\w)")))
        except (re.error, TypeError) as error:
            problems.append(f"{where}: bad pattern {source!r}: {error}")
    return tuple(compiled)


def _strings(item: dict, key: str, least: int, where: str, problems: list[str]) -> tuple:
    """A list of at least `least` non-empty example strings."""
    values = item.get(key)
    if not isinstance(values, list) or len(values) < least or not all(
            isinstance(v, str) and v.strip() for v in values):
        problems.append(f"{where}: {key} needs at least {least} non-empty examples")
        return ()
    return tuple(values)


def _check_item(kind: str, index: int, item: dict, seen: set, problems: list[str]) -> str:
    """Check an idiom's or rule's id and keys; return where it is, for messages."""
    item_id = item.get("id")
    where = f"{kind}[{index}] ({item_id})"
    keys = _RULE_KEYS if kind == "rules" else _IDIOM_KEYS
    problems += [f"{where}: unknown key '{k}'" for k in sorted(set(item) - keys)]
    if not isinstance(item_id, str) or not _ID.match(item_id):
        problems.append(f"{where}: id must be kebab-case")
    elif item_id in seen:
        problems.append(f"{where}: duplicate id")
    seen.add(str(item_id))
    return where


def _idiom(index: int, item: dict, terms: dict, seen: set, problems: list[str]) -> Idiom:
    where = _check_item("idioms", index, item, seen, problems)
    return Idiom(str(item.get("id")), _compile(item, terms, where, problems),
                 _strings(item, "examples", 2, where, problems))


def _rule(index: int, item: dict, terms: dict, concepts: dict, seen: set,
          problems: list[str]) -> Rule:
    where = _check_item("rules", index, item, seen, problems)
    level, within = item.get("level", "urgent"), item.get("within", "message")
    if level not in LEVELS:
        problems.append(f"{where}: level must be one of {', '.join(LEVELS)}")
    if within not in ("message", "sentence"):
        problems.append(f"{where}: within must be message or sentence")
    slots = _slots(item.get("all_of"), concepts, where, problems)
    none_of = item.get("none_of") or []
    if not isinstance(none_of, list) or not all(n in concepts for n in none_of):
        problems.append(f"{where}: none_of must list concept names")
        none_of = []
    if item.get("category") not in CATEGORIES:
        problems.append(f"{where}: category must be one of {', '.join(CATEGORIES)}")
    if item.get("about") not in ABOUT:
        problems.append(f"{where}: about must be one of {', '.join(ABOUT)}")
    earlier = item.get("earlier") or []
    if not isinstance(earlier, list) or not all(n in concepts for n in earlier):
        problems.append(f"{where}: earlier must list concept names")
        earlier = []
    needs = item.get("also_needs") or []
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        problems.append(f"{where}: also_needs must be a list of rule ids")
        needs = []
    return Rule(str(item.get("id")), str(item.get("category")), str(item.get("about")),
                _compile(item, terms, where, problems), tuple(needs),
                _strings(item, "must_match", 3, where, problems),
                _strings(item, "must_not_match", 2, where, problems),
                str(level), slots, str(within), tuple(none_of), tuple(earlier))


def _slots(raw: object, concepts: dict, where: str, problems: list[str]) -> tuple[tuple[str, ...], ...]:
    """all_of: a list of concept names, each slot may offer alternatives as "a|b"."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) < 2 or not all(isinstance(s, str) for s in raw):
        problems.append(f"{where}: all_of must list at least two concept names")
        return ()
    slots = tuple(tuple(name.strip() for name in slot.split("|")) for slot in raw)
    problems += [f"{where}: all_of names unknown concept '{n}'" for slot in slots for n in slot
                 if n not in concepts]
    return slots
