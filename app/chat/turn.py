"""One chat turn, start to finish: `handle_turn(text, state, assistant) -> Reply`.

1. understand (normalise, correct, topics); 2. one risk check on the raw, normalised and
corrected text; 3. refinements; 4. search; 5. compose from templates, escalation first.
Pure: no Flask, no storage, no logging of what people type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.directory.entry import Entry
from app.search.found import Filters
from app.search.query import Finder

from . import checkin, compose, escalate, named, nextstep, ranking, risk, risk_frames
from .concerns import Understanding, understand
from .places import Places
from .refine import Refinement, refine
from .replies import Replies
from .reply import NO_ANSWER, Reply, Resource
from .state import MAX_CUES, State
from .urgent import UrgentPlan

SHOW = 5
CANDIDATES = 30
# Topics a lesson or a project raises by itself ("coursework", "pshe").
FRAME_TOPICS = frozenset({"exams-school"})
# Staff who do not work at a school (a youth club, a sports team, scouts): the school's own
# routes are not their way in.
_NOT_SCHOOL = re.compile(r"\byouth (?:worker|work|club|group|centre|center)s?\b|"
                         r"\b(?:i|we) (?:run|help run|help at) (?:a|the|our)\b|"
                         r"\b(?:coach|coaches|coaching|scout|scouts|guides|brownies|cubs|football club|"
                         r"squad)\b")
CONTACT_WORDS = {"phone": "call", "text": "text", "web-chat": "chat online", "email": "email",
                 "app": "use an app", "in-person": "meet face to face", "online": "get help online"}

@dataclass(frozen=True)
class Assistant:
    """Everything a turn reads: reviewed data, the search index and a way to fetch entries."""
    taxonomy: object
    rules: object
    replies: Replies
    finder: Finder
    fetch: Callable[[list[str]], dict[str, Entry]]
    urgent: UrgentPlan
    known_areas: tuple[str, ...] = ()
    known_words: frozenset[str] = field(default=frozenset())
    places: Places | None = None
    names: named.Names = field(default_factory=named.Names)  # services by the names people use


def handle_turn(text: str, state: State, assistant: Assistant, *, age: int | None = None,
                postcode: str | None = None, now: dt.datetime | None = None) -> Reply:
    """Answer one message; an escalation always comes first and is never dropped."""
    try:
        understanding = understand(text, assistant.taxonomy, known_words=assistant.known_words)
    except Exception:  # noqa: BLE001 - understanding failed: still answer, safety first
        understanding = None
    # One risk check over every form: as typed, normalised, by sentence and (when understanding
    # ran) the corrected text. Without understanding it still checks what was typed.
    corrected = understanding.corrected if understanding else None
    cues: set[str] = set()  # risk ideas in this message, for a later turn that completes them
    matches = _assess(text, assistant, corrected=corrected, earlier=frozenset(state.cues),
                      cues=cues)
    said = checkin.answer(text) if state.checkin and not matches else None
    if said == "yes":
        matches = (checkin.answered_yes(*state.checkin),)
    elif not matches and said is None:
        topic = _safely(checkin.from_topics, text, understanding, assistant.rules, assistant.taxonomy)
        matches = (topic,) if topic else ()
    escalation = escalate.escalation(matches, text, understanding, assistant)
    risk_topics: tuple[str, ...] = ()
    if escalation is None and understanding is not None:
        plain = checkin.without_risk_topics(understanding)
        risk_topics = tuple(c.slug for c in understanding.concerns if c not in plain.concerns)
        understanding = plain
    try:
        reply = _signpost(text, state.with_(checkin=()), assistant, understanding, age=age,
                          postcode=postcode, now=now)
    except Exception:  # noqa: BLE001 - the directory failed: fail closed with urgent help
        if escalation is None:
            escalation = escalate.escalation((risk.fail_closed_match(),), text, None, assistant)
        reply = Reply("unclear", assistant.replies.text("unclear"), (), None, (),
                      (), state)
    if (risk_topics and risk_frames.framed(text, assistant.rules)
            and ((not reply.resources and reply.kind in NO_ANSWER)
                 or set(reply.state.topics) <= FRAME_TOPICS)):
        # A risk topic with no escalation is schoolwork, media or training about it ("a PSHE
        # lesson on self-harm", "a poster of helplines"): the services that know it best, not a
        # dead end, and not services for the school words that framed it.
        reply = _safely(lambda: compose.information(reply.state, assistant, topics=risk_topics,
                                                    now=now)) or reply
    if said is not None:
        reply = escalate.answered(said, state, reply, assistant)
    if reply.kind != "restart" and state.urgent and not escalate.is_immediate(escalation):
        still = (checkin.still_urgent(state.urgent),)
        escalation = escalate.escalation(still, text, understanding, assistant)
    reply = _carry_cues(reply, cues)
    if escalation is None:
        return reply
    return escalate.attach(reply, escalation, assistant)


def _carry_cues(reply: Reply, cues: set[str]) -> Reply:
    """The reply with this turn's risk ideas added to the conversation's (not after "start
    again"), for a later turn that completes them."""
    if reply.kind == "restart" or not cues:
        return reply
    carried = tuple(dict.fromkeys((*reply.state.cues, *sorted(cues))))[-MAX_CUES:]
    return replace(reply, state=reply.state.with_(cues=carried))


def _safely(check, *args):
    """An extra (a check-in, an information reply) that can never stop the turn: on failure,
    no extra."""
    try:
        return check(*args)
    except Exception:  # noqa: BLE001 - the rules still ran; this only adds a question
        return None


def _assess(text: str, assistant: Assistant, corrected: str | None = None,
            earlier: frozenset[str] = frozenset(), cues: set[str] | None = None) -> tuple:
    """Risk matches for the text; fails closed (a synthetic match) if the rules cannot run.
    `cues` receives the risk ideas a later turn may complete."""
    found, _ = risk.assess_safely(text, assistant.rules, corrected=corrected, earlier=earlier,
                                  cues_found=cues)
    return tuple(found)


def _signpost(text: str, state: State, assistant: Assistant, understanding: Understanding | None,
              *, age: int | None, postcode: str | None, now: dt.datetime | None) -> Reply:
    replies = assistant.replies
    change = refine(text, known_areas=assistant.known_areas, places=assistant.places)
    if change.restart:
        state = State(turns=state.turns + 1)
        return Reply("restart", replies.text("restart"), (), None, (), _topic_buttons(assistant), state)
    state = _apply(state, change, age=age, postcode=postcode).with_(turns=state.turns + 1)
    if change.clear:
        state = nextstep.cleared(state)
    concerns = understanding.concerns if understanding else ()
    new_topics = tuple(c.slug for c in concerns)
    refined = (_has_filters(change) or age is not None or postcode is not None or change.clear
               or bool(change.place))
    normalised = understanding.normalised if understanding else text.lower()
    asked = _asked_about(normalised, state, new_topics or state.topics, assistant)
    if new_topics:
        state = state.with_(topics=new_topics, shown=())
    elif asked and not change.more:
        return compose.named_only(_offer(asked, {}, text, assistant, (), state, False, asked),
                                  state, assistant)
    elif change.other or not (change.more or refined) or not state.topics:
        return _no_topics(text, state, understanding, assistant, refined, change, now)
    topics = state.topics
    exclude = set(state.shown) if change.more else set()
    found = assistant.finder.search(
        topics=topics, filters=_filters(state), limit=CANDIDATES + len(exclude), now=now)
    hits = [h for h in found.hits if h.id not in exclude]
    fetched = assistant.fetch([h.id for h in hits])
    candidates = [fetched[h.id] for h in hits if h.id in fetched]
    evidence = {c.slug: c.evidence for c in concerns} or {t: () for t in topics}
    staff = bool(escalate.STAFF.search(normalised))
    school = staff and ranking.grown_up(topics) and not _NOT_SCHOOL.search(normalised)
    best = ranking.rank(candidates, topics, {h.id: h.score for h in hits}, contact=state.contact,
                        age=state.age, evidence=evidence, staff=staff, school=school)
    best = named.first(asked, best, SHOW)
    resources = _offer(best, evidence, text, assistant, topics, state, school, asked)
    state = state.with_(shown=tuple(dict.fromkeys((*state.shown, *(r.id for r in resources)))))
    return compose.signpost(resources, concerns, state, change, assistant,
                            topics if new_topics else (),
                            adult=nextstep.is_adult_helper(normalised, escalate.STAFF), now=now)


def _asked_about(normalised: str, state: State, topics, assistant: Assistant) -> list[Entry]:
    """The services the message names ("what is CAMHS", "is Kooth free") that this person may
    use, to offer first."""
    ids = named.named(normalised, assistant.names)
    if not ids:
        return []
    fetched = assistant.fetch(list(ids))
    return named.usable([fetched[i] for i in ids if i in fetched], age=state.age,
                        grown_up=ranking.grown_up(topics),
                        place_given=bool(state.area or state.postcode))


def _offer(entries, evidence, text: str, assistant: Assistant, topics, state: State, school: bool,
           asked=()) -> tuple[Resource, ...]:
    """Resources to offer, each with why: a service the person named says so first."""
    named_ids = {e.id for e in asked}
    return tuple(Resource.of(e, assistant.replies.text("signpost.why_named") if e.id in named_ids
                             else _why(e, evidence, text, assistant, topics, state.contact, school))
                 for e in entries)


def _apply(state: State, change: Refinement, *, age: int | None, postcode: str | None) -> State:
    updates: dict = {}
    if age is not None or change.age is not None:
        updates["age"] = age if age is not None else change.age
    if postcode or change.postcode:
        updates["postcode"] = postcode or change.postcode
    if change.area:
        updates["area"] = change.area
    if change.contact:
        updates["contact"] = change.contact
        updates["avoid"] = tuple(m for m in state.avoid if m not in change.contact)
    if change.avoid:
        updates["avoid"] = tuple(dict.fromkeys((*state.avoid, *change.avoid)))
        updates["contact"] = tuple(m for m in (updates.get("contact") or state.contact)
                                   if m not in change.avoid)
    return state.with_(**updates)


def _has_filters(change: Refinement) -> bool:
    return bool(change.age is not None or change.postcode or change.area or change.contact
                or change.avoid)


def _filters(state: State) -> Filters:
    return Filters(age=state.age, postcode=state.postcode, area=state.area,
                   contact=state.contact, avoid=state.avoid, local_needs_place=True)


def _why(entry: Entry, evidence: dict[str, tuple[str, ...]], text: str, assistant: Assistant,
         topics: tuple[str, ...] = (), contact: tuple[str, ...] = (), school: bool = False) -> str:
    """Why an entry was suggested, in plain words, quoting only words the person actually typed.
    `school`: a member of staff at a school is writing about a pupil."""
    replies = assistant.replies
    found = ranking.fit(entry, topics or tuple(evidence), contact, evidence)
    asked = ""
    if found.contact:
        ways = _join([CONTACT_WORDS.get(m, m.replace("-", " ")) for m in found.contact])
        asked = " " + replies.text("signpost.why_contact", ways=ways)
    if found.topic is None:
        return replies.text("signpost.why_general") + asked
    label = assistant.taxonomy.by_slug(found.topic).label.lower()
    typed = " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())
    words = _typed_words(evidence.get(found.topic, ()), typed)
    said = replies.text("signpost.why_said", words=_join([f"'{w}'" for w in dict.fromkeys(words)]))
    if ranking.school_route(entry, topics or tuple(evidence), school):
        reason = replies.text("signpost.why_school", label=label)
    elif found.level in (ranking.MAIN_FIRST, ranking.MAIN_OTHER):
        key = "signpost.why_parents" if found.topic == ranking.GROWN_UP_TOPIC else "signpost.why_main"
        reason = replies.text(key, label=label)
    elif found.level in (ranking.BROAD_FIRST, ranking.BROAD_COVER):
        reason = replies.text("signpost.why_broad", label=label)
    else:
        reason = replies.text("signpost.why_label" if not words else "signpost.why_helps", label=label)
    return (said + " " if words else "") + reason + asked


def _typed_words(evidence: tuple[str, ...], typed: str) -> list[str]:
    """The evidence for the reason's own topic as the person typed it. Evidence is in normalised
    form ("cannot sleep" for "cant sleep"), so a phrase not typed as such is quoted by its typed
    words of four letters or more; never words that were about another topic."""
    def typed_here(w: str) -> bool:
        return re.search(rf"\b{re.escape(w)}\b", typed) is not None
    words = []
    for phrase in evidence:
        words += [phrase] if typed_here(phrase) else [w for w in phrase.split()
                                                     if len(w) > 3 and typed_here(w)]
    return words


def _no_topics(text: str, state: State, understanding, assistant: Assistant, refined: bool,
               change: Refinement, now: dt.datetime | None) -> Reply:
    """No worry named: offer services for a way to talk, or say what to do next."""
    normalised = understanding.normalised if understanding else text.strip().lower()
    cleaned = compose.clean_words(normalised)
    if state.contact and (change.contact or change.avoid) and not change.other:
        return compose.by_contact(state, assistant, now=now)
    if refined:
        kind = "refined"
    elif cleaned in assistant.replies.data["greetings"] or not cleaned:
        kind = "greeting"
    elif any(re.search(rf"\b{re.escape(w)}\b", cleaned)
             for w in assistant.replies.data.get("off_topic_words", ())):
        kind = "off-topic"
    else:
        kind = "unclear"
    return compose.no_topics(kind, state, change, assistant)


def _topic_buttons(assistant: Assistant) -> tuple[str, ...]:
    return compose.topic_buttons(assistant)


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
