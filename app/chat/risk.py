"""Risk detection: spots messages that need urgent help, using the reviewed risk_rules.yaml.

Owns loading and strictly validating the rules, matching them against a message (its raw,
normalised, sentence-by-sentence and corrected forms), deciding whether a statement is about
the writer or someone else, and failing closed. Must not log or keep what people type, and must
never let negation suppress a risk statement: only a reviewed idiom span is ever neutralised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from .normalise import VOCABULARY, as_typed, by_sentence, normalise, respell

CATEGORIES = ("immediate-danger", "suicidal-thoughts", "self-harm", "abuse",
              "online-exploitation")
ABOUT = ("self", "someone-else", "either")
FUZZY_CUTOFF = 89  # rapidfuzz ratio: "sucide" scores 92 against "suicide"; "overdone" 87.5
FUZZY_MIN_LENGTH = 5

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TERM = re.compile(r"\{([a-z_]+)\}")
_TOP_KEYS = {"version", "terms", "spellings", "fuzzy_words", "idioms", "rules"}
_RULE_KEYS = {"id", "category", "about", "patterns", "phrases", "also_needs", "must_match",
              "must_not_match", "note"}
_IDIOM_KEYS = {"id", "patterns", "phrases", "examples", "note"}
_NEUTRAL = " ~ "
_FIRST_IN_SPAN = re.compile(r"\b(?:i|im|ive|me|myself|my self|meself|mine|us|we)\b")
# People a young person may be worried about. In abuse and online exploitation "he", "she",
# "they", a partner or a parent is usually the one doing harm, so only these nouns count there.
_AT_RISK = (r"(?:(?:friend|mate|bestie|best friend|sister|brother|sibling|cousin|son|daughter|"
            r"kid|pupil|student|learner|classmate|niece|nephew|grandson|granddaughter|"
            r"teenager|(?:\d+ )?(?:year|yr) old)s?|bff|child|children|young person)")
_OTHER_NOUN = rf"(?:{_AT_RISK}|boyfriend|girlfriend|partner|mum|dad|parents?|stepdad|stepmum|" \
              r"girl|boy|person)"
_OWNER = r"(?:my|our|a|an|one of my|this|his|her|their|the) (?:\w+ ){0,3}"
# "a boy in my class", "a girl in year 9": a child the writer knows, even without "my".
_CLASSMATE = (r"(?:(?:a|one|this|another|some|the|other) )?(?:boys?|girls?|lads?|kids?|child|children) "
              r"(?:in|from|at) (?:my|our|her|his|year|the year|(?:\w+ )?school|class|form)")
_AT_RISK_MARKER = re.compile(rf"\b(?:someone i know|somebody i know|{_CLASSMATE}|"
                             rf"{_OWNER}{_AT_RISK})\b")
_OTHER = re.compile(r"\b(?:he|she|they|hes|shes|theyre|theyve|theyll|him|her|them|his|their|"
                    r"herself|himself|themselves|"
                    rf"themself|someone i know|somebody i know|{_OWNER}{_OTHER_NOUN})\b")
_VICTIM_PRONOUN = re.compile(r"\b(?:her|him|them|herself|himself|themselves)\b")
_DONE_TO = ("abuse", "online-exploitation")
_FIRST_SUBJECT = re.compile(r"\b(?:i|im|ive|me)\b")
# "told me", "disclosed to me": the writer is only the listener, not the subject.
_LISTENER = re.compile(r"\b(?:told|tells|telling|showed|shows|asked|messaged|texted|said to|says to|"
                       r"disclosed to|disclosed it to|confided in|admitted to|opened up to|came to|"
                       r"come to) me\b")
_SENT_ME = re.compile(r"\b(?:sent|sends|texted|texts|messaged|messages|showed|shows) me\b")
# The writer's own body: "carved his name into my arm" is still about the writer.
_MY_BODY = re.compile(r"\b(?:into|in|on|onto|across|over|up) my (?:left |right |upper |lower |inner )?"
                      r"(?:arms?|wrists?|legs?|thighs?|skin|stomach|tummy|belly|hips?|chest|body|"
                      r"ankles?|forearms?|shoulders?|hands?|face)\b|\bmy (?:fresh |old |new )?"
                      r"(?:cuts|scars|marks|burns|wounds)\b")
_POSSESSIVE_END = re.compile(r"\b(?:my|our|his|her|their)$")
# Who a thing was done to, just after the words matched: "a deepfake (nude) of me / my sister".
_TO_ME_AFTER = re.compile(r"^\s*(?:(?:\w+ )?(?:of|to|at|on|with|for|about) )?(?:me|myself)\b")
_TO_OTHER_AFTER = re.compile(rf"^\s*(?:(?:\w+ )?(?:of|to|at|on|with|for|about) )?"
                             rf"(?:{_OWNER}{_AT_RISK}|{_CLASSMATE})\b")


@dataclass(frozen=True)
class RiskMatch:
    """One rule that fired: its id, category, who it is about, and the pattern that fired."""
    rule_id: str
    category: str
    about: str
    matched: str


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


def load_rules(path: str | Path) -> RiskRules:
    """Load and compile the rules file; raise ValueError listing every problem found."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"cannot read risk rules {path}: {error}") from error
    if not isinstance(data, dict):
        raise ValueError(f"risk rules {path}: the file must be a mapping")
    problems = [f"unknown top-level key '{k}'" for k in sorted(set(data) - _TOP_KEYS)]
    terms = _terms(data.get("terms") or {}, problems)
    spellings = _spellings(data.get("spellings") or {}, problems)
    fuzzy = data.get("fuzzy_words") or []
    if not isinstance(fuzzy, list) or not all(isinstance(w, str) and w.isalpha() for w in fuzzy):
        problems.append("fuzzy_words: must be a list of single words")
        fuzzy = []
    seen: set[str] = set()
    idioms = tuple(_idiom(i, item, terms, seen, problems)
                   for i, item in enumerate(_items(data, "idioms", problems, required=False)))
    rules = tuple(_rule(i, item, terms, seen, problems)
                  for i, item in enumerate(_items(data, "rules", problems)))
    plain = {r.id for r in rules if not r.also_needs}
    problems += [f"rules ({r.id}): also_needs '{n}' is not a rule without also_needs"
                 for r in rules for n in r.also_needs if n not in plain]
    if problems:
        raise ValueError(f"risk rules {path} has {len(problems)} problem(s):\n- "
                         + "\n- ".join(problems))
    return RiskRules(rules, idioms, MappingProxyType(spellings), tuple(fuzzy))


def assess(text: str, rules: RiskRules, *, corrected: str | None = None) -> tuple[RiskMatch, ...]:
    """Every rule that fires on the message, most urgent first."""
    forms = [_neutralise(f, rules.idioms) for f in _forms(text, rules, corrected)]
    found: dict[tuple[str, str], RiskMatch] = {}
    for rule in rules.rules:
        if not rule.also_needs:
            for form in forms:
                _match(rule, form, found, None)
    for rule in rules.rules:
        needed = [m for m in found.values() if m.rule_id in rule.also_needs]
        if needed:
            about = "self" if any(m.about == "self" for m in needed) else "someone-else"
            for form in forms:
                _match(rule, form, found, about)
    return tuple(sorted(found.values(), key=_rank))


def fail_closed_match() -> RiskMatch:
    """The match shown when the rules cannot run: suicidal thoughts, about the writer.

    The reply then leads with the 24/7 contacts (and 999 if in danger) without telling someone
    who may be fine that they are in immediate danger.
    """
    return RiskMatch("fail-closed", "suicidal-thoughts", "self", "")


def assess_safely(text: str, rules: RiskRules | None, *,
                  corrected: str | None = None) -> tuple[tuple[RiskMatch, ...], bool]:
    """Like `assess`, but never raises: returns (matches, failed), failing closed."""
    try:
        return assess(text, rules, corrected=corrected), False  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - any failure must still show urgent help
        return (fail_closed_match(),), True


def primary(matches: Iterable[RiskMatch]) -> RiskMatch | None:
    """The match to show first: by category priority, then "self" before "someone-else"."""
    return min(matches, key=_rank, default=None)


def about_for(text: str, span: tuple[int, int] | None = None, category: str = "") -> str:
    """Whether a statement (the span of text) is about the writer or someone else."""
    start, end = span or (len(text), len(text))
    inside = text[start:end] if span else ""
    if _POSSESSIVE_END.search(inside):  # "nudes of my" + "sister": read on to whose
        inside += " " + " ".join(text[end:].split()[:4])
    done_to = category in _DONE_TO
    if _AT_RISK_MARKER.search(inside) and not _FIRST_IN_SPAN.search(
            _AT_RISK_MARKER.sub(" ", inside)):
        return "someone-else"
    if not done_to:  # "my friend sent me a goodbye text": the writer only received it
        inside = _SENT_ME.sub(" ", inside)
    if _FIRST_IN_SPAN.search(inside) or _MY_BODY.search(inside):
        return "self"
    if _AT_RISK_MARKER.search(inside) or (_VICTIM_PRONOUN.search(inside) if category == "abuse"
                                          else not done_to and _OTHER.search(inside)):
        return "someone-else"
    if span and done_to and _TO_ME_AFTER.search(text[end:]):
        return "self"
    if span and done_to and _TO_OTHER_AFTER.search(text[end:]):
        return "someone-else"
    before = text[:start].split()
    if before and before[-1] in ("my", "mine"):
        return "self"
    if before and before[-1] in ("his", "her", "their"):
        return "someone-else"
    prefix = _LISTENER.sub(lambda m: m.group()[:-2] + "  ", text[:start] if span else text)
    others = _AT_RISK_MARKER if done_to else _OTHER
    last_self = max((m.start() for m in _FIRST_SUBJECT.finditer(prefix)), default=-1)
    last_other = max((m.start() for m in others.finditer(prefix)), default=-1)
    return "someone-else" if last_other > last_self else "self"


def _rank(match: RiskMatch) -> tuple[int, int]:
    """Sort key: category priority, then the writer before someone else."""
    return CATEGORIES.index(match.category), 0 if match.about == "self" else 1


def _match(rule: Rule, form: str, found: dict, about: str | None) -> None:
    """Record each (rule, about) the form fires once, keeping the first pattern seen."""
    for pattern in rule.patterns:
        for hit in pattern.regex.finditer(form):
            who = rule.about if rule.about != "either" else about or about_for(
                form, hit.span(), rule.category)
            found.setdefault((rule.id, who), RiskMatch(rule.id, rule.category, who,
                                                       pattern.source))


def _forms(text: str, rules: RiskRules, corrected: str | None) -> list[str]:
    """The forms of a message the rules run on: as typed, normalised, by sentence, corrected."""
    forms = [normalise(text).text, by_sentence(text)]
    if corrected and corrected != text:
        forms.append(normalise(corrected).text)
    forms += [respell(f, rules.spellings, rules.fuzzy_words, FUZZY_CUTOFF, FUZZY_MIN_LENGTH)
              for f in forms]
    return list(dict.fromkeys([as_typed(text), *forms]))


def _neutralise(form: str, idioms: tuple[Idiom, ...]) -> str:
    """Replace each idiom's span with a marker no rule can match across."""
    for idiom in idioms:
        for pattern in idiom.patterns:
            form = pattern.regex.sub(_NEUTRAL, form)
    return form


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


def _rule(index: int, item: dict, terms: dict, seen: set, problems: list[str]) -> Rule:
    where = _check_item("rules", index, item, seen, problems)
    if item.get("category") not in CATEGORIES:
        problems.append(f"{where}: category must be one of {', '.join(CATEGORIES)}")
    if item.get("about") not in ABOUT:
        problems.append(f"{where}: about must be one of {', '.join(ABOUT)}")
    needs = item.get("also_needs") or []
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        problems.append(f"{where}: also_needs must be a list of rule ids")
        needs = []
    return Rule(str(item.get("id")), str(item.get("category")), str(item.get("about")),
                _compile(item, terms, where, problems), tuple(needs),
                _strings(item, "must_match", 3, where, problems),
                _strings(item, "must_not_match", 2, where, problems))
