"""Risk detection: spots messages that need urgent help, using the reviewed risk rules.

Owns matching the rules against a message (its raw, normalised, sentence-by-sentence and
corrected forms) and failing closed; the rules file is loaded by app.chat.risk_rules and who a
statement is about is read by app.chat.subject, and schoolwork or everyday frames by
app.chat.risk_frames. Must not log or keep what people type, and must
never let negation suppress a risk statement: only a reviewed idiom span is ever neutralised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import risk_frames
from .normalise import as_typed, by_sentence, normalise, respell
from .risk_rules import CATEGORIES, Idiom, Pattern, RiskRules, Rule, load_rules
from .risk_scan import Scan
from .subject import (
    about_for,
    about_message,
    carer_writing,
    on_my_body,
    reported_about_other,
    reported_disclosure,
)

__all__ = ["CATEGORIES", "Pattern", "RiskMatch", "RiskRules", "Rule", "about_for", "assess", "cues",
           "assess_safely", "fail_closed_match", "load_rules", "primary"]
FUZZY_CUTOFF = 89  # rapidfuzz ratio: "sucide" scores 92 against "suicide"; "overdone" 87.5
FUZZY_MIN_LENGTH = 5
_NEUTRAL = " ~ "
# Where the contact happened: online, in an app or a game, or by messages and pictures.
_ONLINE = re.compile(r"\b(?:online|app|apps|snap|snapchat|insta|instagram|tiktok|discord|roblox|fortnite|"
                     r"minecraft|whatsapp|xbox|playstation|omegle|internet|game|games|gaming|twitch|"
                     r"telegram|kik|wizz|yubo|website|sites?|video chats?|chat ?rooms?|chats?|dms?|messages|"
                     r"messaged|texts|pics|photos|"
                     r"selfies|videos|webcam|livestream|live stream|tablet|ipad|"
                     # a phone handed over ("gave me a phone") is a county lines sign, not online
                     r"(?<!gave me a )(?<!give me a )(?<!gives me a )(?<!got me a )(?<!bought me a )phone)\b")


@dataclass(frozen=True)
class RiskMatch:
    """One rule that fired: its id, category, who it is about, and the pattern that fired."""
    rule_id: str
    category: str
    about: str
    matched: str
    level: str = "urgent"  # or "check-in": worrying but not explicit, so the chat asks kindly


def assess(text: str, rules: RiskRules, *, corrected: str | None = None,
           earlier: frozenset[str] = frozenset(), cues_found: set[str] | None = None
           ) -> tuple[RiskMatch, ...]:
    """Every rule that fires on the message, most urgent first. `earlier` names the concepts
    found in earlier turns of the conversation; `cues_found`, when given, receives this
    message's (see `cues`), from the same scan."""
    raw = _forms(text, rules, corrected)
    scan = Scan(rules)  # regex work shared by every rule, done once for this message
    forms = [_neutralise(f, rules.idioms, scan) for f in raw]
    if cues_found is not None:
        cues_found.update(_cues_in(forms, rules, scan))
    found: dict[tuple[str, str], RiskMatch] = {}
    carer = carer_writing(raw[0])
    possible = scan.possible(forms)  # the rules that could fire, in order: no other can
    for rule in possible:
        if rule.also_needs:
            continue  # checked below, once the rules it needs have fired
        if _cannot_combine(rule, forms, scan) or _nothing_earlier(rule, forms, scan, earlier):
            continue  # an idea the rule needs is in no form of the message (or no earlier turn)
        if not rule.all_of and not any(scan.may_match(form) for form in forms):
            continue  # no rule pattern matches anywhere in the message
        if any(scan.first(n, f) is not None for n in rule.none_of if n not in rules.frames
               for f in raw):
            continue  # a look-alike context (an outing, a period...) anywhere in the message
        for form in forms:
            if rule.all_of or scan.may_match(form):  # else nothing in the rule can match
                _match(rule, form, found, None, rules, scan, carer)
    _match_dependent(possible, forms, found, rules, scan, carer)
    online = _ONLINE.search(raw[0]) is not None
    return tuple(sorted(found.values(), key=lambda m: _rank(m, online)))


def cues(text: str, rules: RiskRules, *, corrected: str | None = None) -> frozenset[str]:
    """The concepts in this message that a rule may need from an earlier turn (`earlier`):
    names of ideas such as "a high place", never the words typed."""
    if not rules.cue_names:
        return frozenset()
    scan = Scan(rules)
    return _cues_in([_neutralise(f, rules.idioms, scan) for f in _forms(text, rules, corrected)],
                    rules, scan)


def _cues_in(forms: list[str], rules: RiskRules, scan: Scan) -> frozenset[str]:
    return frozenset(n for n in rules.cue_names if any(scan.first(n, f) is not None for f in forms))


def without_idioms(text: str, rules: RiskRules) -> str:
    """The normalised message with every reviewed everyday idiom taken out."""
    return " ".join(_neutralise(normalise(text).text, rules.idioms).replace("~", " ").split())


def fail_closed_match() -> RiskMatch:
    """The match shown when the rules cannot run: suicidal thoughts, about the writer.

    The reply then leads with the 24/7 contacts (and 999 if in danger) without telling someone
    who may be fine that they are in immediate danger.
    """
    return RiskMatch("fail-closed", "suicidal-thoughts", "self", "")


def assess_safely(text: str, rules: RiskRules | None, *, corrected: str | None = None,
                  earlier: frozenset[str] = frozenset(), cues_found: set[str] | None = None
                  ) -> tuple[tuple[RiskMatch, ...], bool]:
    """Like `assess`, but never raises: returns (matches, failed), failing closed."""
    try:
        return assess(text, rules, corrected=corrected, earlier=earlier,  # type: ignore[arg-type]
                      cues_found=cues_found), False
    except Exception:  # noqa: BLE001 - any failure must still show urgent help
        return (fail_closed_match(),), True


def primary(matches: Iterable[RiskMatch]) -> RiskMatch | None:
    """The match to show first: by category priority, then "self" before "someone-else".

    Abuse and online exploitation tie here, so the order `assess` gave them (online first when
    the harm started online) decides."""
    return min(matches, key=lambda m: _rank(m, online=False, tie_online=True), default=None)


def _rank(match: RiskMatch, online: bool = False, tie_online: bool = False) -> tuple:
    """Sort key: urgent before check-in, category priority, then the writer before someone else.

    Where the harm started online (an app, a game, chats or pictures), online exploitation
    comes before abuse: its reply names CEOP and how to report, and the abuse lines follow."""
    category = CATEGORIES.index(match.category)
    if online and match.category == "online-exploitation":
        category = CATEGORIES.index("abuse") - 0.5
    elif tie_online and match.category == "online-exploitation":
        category = CATEGORIES.index("abuse")
    return (0 if match.level == "urgent" else 1, category, 0 if match.about == "self" else 1)


def _match(rule: Rule, form: str, found: dict, about: str | None, rules: RiskRules,
           scan: Scan, carer: bool = False) -> None:
    """Record each (rule, about) the form fires once, keeping the first pattern seen.

    `carer` says the whole message is a parent or member of staff writing about a child, so a
    sentence of it on its own ("she has a knife") is about that child, not the writer."""
    frames = [rules.concepts[n] for n in rule.none_of if n in rules.frames]
    for source, span, combined in _hits(rule, form, scan):
        if (risk_frames.near_frame(form, span, frames) or (risk_frames.framed_elsewhere(form, span, frames)
                                                 and not risk_frames.own_statement(form, span, carer))) \
                and not reported_disclosure(form, span[0]):
            continue
        if rule.about != "either":
            who = "someone-else" if carer and not about else rule.about
        elif about:
            who = about
        elif carer or carer_writing(form):
            # A parent writes about their child, unless it was done to them: "round my neck".
            who = "self" if on_my_body(form, span) else "someone-else"
        elif reported_about_other(form, span):
            who = "someone-else"
        else:
            who = about_message(form, rule.category) if combined else about_for(form, span, rule.category)
        found.setdefault((rule.id, who), RiskMatch(rule.id, rule.category, who, source, rule.level))


def _hits(rule: Rule, form: str, scan: Scan):
    """(what matched, span, whether ideas were combined) for each place the rule fires."""
    if rule.patterns and scan.may_match(form):  # else no rule's pattern matches this form
        for pattern in rule.patterns:
            if not scan.could(pattern.regex, form):
                continue  # a string the pattern needs is not in this form
            for hit in pattern.regex.finditer(form):
                yield pattern.source, hit.span(), False
    if rule.all_of:
        parts = form.split(" | ") if rule.within == "sentence" else [form]
        offset = 0
        for part in parts:
            span = _combined(rule, part, scan)
            if span:
                yield (" + ".join("|".join(slot) for slot in rule.all_of),
                       (span[0] + offset, span[1] + offset), True)
            offset += len(part) + 3


def _cannot_combine(rule: Rule, forms: list[str], scan: Scan) -> bool:
    """True when a rule made only of ideas has one idea found in no form of the message.

    Exact: such a rule fires only where every slot is found in one form, so it cannot fire.
    Only whole-message rules are skipped (a sentence can match `^` where the message cannot).
    """
    return bool(rule.all_of) and not rule.patterns and rule.within == "message" and any(
        all(scan.first(name, form) is None for name in slot for form in forms)
        for slot in rule.all_of)


def _match_dependent(possible, forms: list[str], found: dict, rules: RiskRules, scan: Scan,
                     carer: bool) -> None:
    """The rules that also need another rule to have fired ("also_needs"), about whoever that
    rule was about."""
    for rule in possible:
        needed = [m for m in found.values() if m.rule_id in rule.also_needs]
        if needed and not _cannot_combine(rule, forms, scan):
            about = "self" if any(m.about == "self" for m in needed) else "someone-else"
            for form in forms:
                if rule.all_of or scan.may_match(form):
                    _match(rule, form, found, about, rules, scan, carer)


def _nothing_earlier(rule: Rule, forms: list[str], scan: Scan, earlier: frozenset[str]) -> bool:
    """True when a rule that follows on from an idea finds it neither in an earlier turn
    (`earlier`) nor in this message."""
    return bool(rule.earlier) and earlier.isdisjoint(rule.earlier) and all(
        scan.first(n, f) is None for n in rule.earlier for f in forms)


def _combined(rule: Rule, text: str, scan: Scan) -> tuple[int, int] | None:
    """The span from the first to the last concept found, if every slot is found in text."""
    spans = []
    for slot in rule.all_of:
        # Each slot's earliest match: the smallest of its concepts' leftmost spans.
        hits = [span for name in slot if (span := scan.first(name, text)) is not None]
        if not hits:
            return None
        spans.append(min(hits))
    return min(s for s, _ in spans), max(e for _, e in spans)


def _forms(text: str, rules: RiskRules, corrected: str | None) -> list[str]:
    """The forms of a message the rules run on: as typed, normalised, by sentence, corrected."""
    forms = [normalise(text).text, by_sentence(text)]
    if corrected and corrected != text:
        forms.append(normalise(corrected).text)
    forms = list(dict.fromkeys(forms))  # one sentence: normalised and by sentence are the same
    forms += [rules.soundalikes.respell(
        respell(f, rules.spellings, rules.fuzzy_words, FUZZY_CUTOFF, FUZZY_MIN_LENGTH)) for f in forms]
    return list(dict.fromkeys([as_typed(text), *forms]))


def _neutralise(form: str, idioms: tuple[Idiom, ...], scan: Scan | None = None) -> str:
    """Replace each idiom's span with a marker no rule can match across."""
    if scan is not None and not scan.may_neutralise(form):
        return form  # no idiom pattern could match in it
    for idiom in idioms:
        for pattern in idiom.patterns:
            if scan is None or scan.could(pattern.regex, form):  # the form as changed so far
                form = pattern.regex.sub(_NEUTRAL, form)
    return form
