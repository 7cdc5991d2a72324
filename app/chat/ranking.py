"""Ranking the entries a chat turn offers, by plain rules a reviewer can read (docs/ranking.md).

1. Eligibility (a filter, never a score): the person's age is inside the entry's range; an entry
   only for grown-ups is not offered to a young person. (Area is filtered by the index.)
2. How specific it is: mainly for the person's first worry, then a broad service that covers it,
   then mainly for another worry they named, then broad, then a specialist in something else.
3. The contact methods the person asked for, then who it is meant for (young people; parents
   and staff when one of them is writing; services for anyone as much as youth services for
   someone of 20 or over), then THRIVE grouping (advice and help before more
   help for everyday worries), then, among broad services, the broadest.
No learned scores and nothing about the person beyond what they told us. No Flask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.directory.entry import Entry

RISK_TOPICS = frozenset({"suicidal-thoughts", "self-harm", "abuse-safeguarding",
                         "domestic-abuse"})
# Worries where urgent services come first in the THRIVE order (running away is not everyday).
URGENT_FIRST = RISK_TOPICS | {"running-away"}
GROWN_UP_TOPIC = "parenting"  # raised by "my son", "a pupil", "as a teacher": a grown-up writing
BROAD = 4  # an entry listing this many topics or more is a broad service, not a specialist
# The THRIVE order for everyday worries: advice and self-help first, urgent services last.
# Advice and help are one step: someone to talk to is as everyday as a page to read.
EVERYDAY_ORDER = (("getting-advice", "getting-help"), ("thriving",), ("getting-more-help",),
                  ("getting-risk-support",))
RISK_ORDER = (("getting-risk-support",), ("getting-help",), ("getting-more-help",),
              ("getting-advice",), ("thriving",))
YOUTH = re.compile(r"\b(young|children|child|teen|teenagers?|under (1[0-9]|2[0-5])s?|students?|"
                   r"pupils?|aged? (1[0-9]|[5-9]) to)\b", re.IGNORECASE)
# Who-for text that names only grown-ups ("Parents and carers ...", "Adults who ...", "Men ...").
GROWN_UPS_ONLY = re.compile(r"^\s*(parents|adults?|professionals|grown[- ]ups)\b",
                            re.IGNORECASE)
# Plural on purpose: "younger children with a parent" is not a service for parents.
FOR_GROWN_UPS = re.compile(r"\b(parents|carers|famil(y|ies)|professionals|teachers|staff|"
                           r"worried about)\b", re.IGNORECASE)
LAST_CHILD_AGE = 10  # a "teenagers" service is not for a child of this age or under
TEENS_ONLY = re.compile(r"^\s*(teenagers|teens)\b", re.IGNORECASE)
# "People who hear voices", "LGBTQIA+ people": for anyone in that situation, young people too.
FOR_ANYONE = re.compile(r"\b(anyone|everyone|any age|adults?|people(?! aged))\b", re.IGNORECASE)
FOR_STAFF = re.compile(r"\b(professionals|teachers|staff|schools)\b", re.IGNORECASE)
PARENTS_ONLY = re.compile(r"^\s*parents\b", re.IGNORECASE)

MAIN_FIRST, BROAD_FIRST, MAIN_OTHER, BROAD_COVER, IN_PASSING = 4, 3, 2, 1, 0
# Who-for text that names a particular situation, and the topics that are that situation. An
# entry for "children of parents who drink too much" fits someone who named drinking; for anyone
# else it only lists their worry in passing (a bereavement service for suicide, an LGBTQ+
# helpline, a runaway helpline).
SITUATIONS = tuple((re.compile(pattern, re.IGNORECASE), frozenset(topics.split())) for pattern, topics in (
    (r"\bby suicide|thoughts of suicide", "suicidal-thoughts self-harm"),
    (r"drinks? too much|\balcohol", "drugs-alcohol"),
    (r"domestic abuse", "domestic-abuse"),
    (r"\brape\b|sexual (violence|abuse)|\babused\b", "abuse-safeguarding"),
    (r"gambling", "gaming-gambling"),
    (r"\blgbt|\btrans\b|non-binary|gender-diverse", "lgbtq-identity"),
    (r"\bautis", "neurodiversity"),
    (r"young carers", "young-carers"),
    (r"bereaved|grieving", "bereavement"),
    (r"\bocd\b", "ocd"),
    (r"hear voices", "psychosis-voices"),
    (r"running away|run away|going missing", "running-away"),
    (r"eating disorder", "eating-body-image"),
    (r"self-harm|self-injury", "self-harm"),
    (r"living with anxiety", "anxiety"),
    (r"targeted by hate", "discrimination"),
    (r"affected by crime", "abuse-safeguarding domestic-abuse discrimination trauma"),
    (r"\bhomeless", "running-away"),
))


# A situation narrower than its topic (who-for pattern, topic, words the person must have used):
# a service for trans and gender-diverse young people fits words about gender, not coming out as
# gay; one for autistic people words about autism, not ADHD; a housing service words about a
# home, not money alone; a gambling line words about gambling, not long hours of gaming; a
# service for victims of crime words about a crime, not any frightening event; a sexual
# violence service words about sexual harm; a service for sexual images or grooming online (CEOP,
# Report Remove, the Revenge Porn Helpline, the IWF) words about pictures, nudes, grooming or
# threats, not a hacked account, a scam or a group chat. Patterns are read against the entry's
# name and who-for. Checked only when the words are known (the turn that named the worry).
NARROWER = tuple((re.compile(who, re.IGNORECASE | re.MULTILINE), topic, re.compile(words, re.IGNORECASE))
                 for who, topic, words in (
    (r"\btrans\b|non-binary|gender-diverse", "lgbtq-identity",
     r"trans|gender|binary|binder|binding|name|pronoun|dysphori|body|born|dress|clothes|"
     # a boy or a girl as what someone is or feels, not who they like ("i like girls")
     r"(?:feel|feels|felt|am|m|being|be|born|as|identify as|not) (?:an? |the )?(?:boy|girl)|"
     r"like (?:i was |i am |i m |im )?an? (?:boy|girl|lad|lass|bloke|man|woman)|"
     r"(?:boy|girl) or (?:an? )?(?:boy|girl)|not (?:really |actually |fully )?(?:an? )?(?:boy|girl)|"
     r"(?:boy|girl)s? (?:body|name|clothes|uniform|toilets?|changing)|"
     r"chest|hair|enby|transition|puberty|surgery|agender|demi|masc|fem|mtf|ftm|they"),
    (r"\bautis", "neurodiversity",
     r"autis|asperger|\basd\b|\basc\b|spectrum|stim|meltdown|melts down|masking|sensory|routine|"
     r"\bears\b|noise|loud|dryers?|beige|plain food|same food|timetable"),
    (r"housing problem", "housing-money",
     r"hous|home|flat|rent|landlord|evict|hostel|sofa|homeless|accommodation|b and b|"
     r"bed and breakfast|council|kicked out|move out|moving out|live|\bout by\b|bailiff|section 21|"
     r"repossess"),
    (r"^\s*men\b", "domestic-abuse",
     r"girlfriend|wife|\bgf\b|missus|fianc|\bshe\b|\bher\b|woman|\bboy\b|\blad\b|\bguy\b|\bman\b|"
     r"\bmale\b|husband|father|partner|\bmen\b"),
    (r"gambling", "gaming-gambling",
     r"gambl|\bbet|casino|slot|odds|loot|pack|scratch|lotter|poker|roulette|bookie|spend|spent|"
     r"money|card|skins|acca|\bfut\b|win it back|won\b|lost\b|chasing|wager|stake|bingo"),
    (r"affected by crime", "trauma",
     r"mugg|robb|attack|assault|stab|crime|burgl|police|stolen|knife|jumped|beaten|threatened|"
     r"violen|shot|hate|witness"),
    (r"^ceop\b|^report remove|^revenge porn|abuse images", "online-safety",
     r"nude|naked|intimate|image|pic|photo|picture|video|vid\b|sext|explicit|leak|sexual|private|"
     r"groom|stranger|older|adult|grown|meet|blackmail|sextort|threat|webcam|\bcam\b|undress|body|"
     r"selfie|send (?:me|him|her|them|pics|nudes)|only ?fans|porn|sex"),
    (r"sexual violence|sexual abuse", "abuse-safeguarding",
     r"sex|rape|touch|private|grop|assault|abused|molest|nude|naked|undress|consent|pants|knickers"),
))


@dataclass(frozen=True)
class Fit:
    """Why an entry sits where it does: how specific it is, and to which topic."""
    level: int  # MAIN_FIRST, BROAD_FIRST, MAIN_OTHER, BROAD_COVER or IN_PASSING
    topic: str | None  # the person's topic that decided the level
    contact: tuple[str, ...]  # the asked-for contact methods the entry offers


def grown_up(topics: Sequence[str]) -> bool:
    """True when a parent, carer or member of staff is writing about a child."""
    return GROWN_UP_TOPIC in topics


def suits_young_people(entry: Entry) -> bool:
    """True when the entry is meant for children and young people."""
    if entry.max_age is not None and entry.max_age <= 25:
        return True
    return _names(YOUTH, entry.who_for or "") or _names(YOUTH, entry.summary)


def eligible(entry: Entry, *, age: int | None, grown_up: bool) -> bool:
    """Rule 1: the person may use it (age inside its range; grown-up-only entries for grown-ups;
    a service for teenagers is not for someone of 20 or over writing about themselves, nor for
    a child of 10 or under, whoever is writing)."""
    if age is not None and not entry.fits_age(age):
        return False
    if age is not None and age >= 20 and not grown_up and _names(TEENS_ONLY, entry.who_for or ""):
        return False
    if age is not None and age <= LAST_CHILD_AGE and _names(TEENS_ONLY, entry.who_for or ""):
        return False
    adult = grown_up or (age is not None and age >= 18)
    return adult or not _names(GROWN_UPS_ONLY, entry.who_for or "")


@functools.lru_cache(maxsize=4096)
def _situations_named(who: str) -> tuple[frozenset[str], ...]:
    """The topic sets of every situation one who-for text names (children of parents who drink:
    {drugs-alcohol}); the same few texts recur across every ranking."""
    return tuple(needed for pattern, needed in SITUATIONS if pattern.search(who))


def for_their_situation(entry: Entry, topics: Sequence[str],
                        evidence: Mapping[str, Sequence[str]] | None = None) -> bool:
    """False when the entry's who-for names a situation (drinking, LGBTQ+) the person has not named,
    or a narrower one their words were not about."""
    return _for_their_situation(entry, frozenset(topics), evidence, {})


def _for_their_situation(entry: Entry, named: frozenset[str],
                         evidence: Mapping[str, Sequence[str]] | None,
                         said: dict[tuple[str, re.Pattern], bool]) -> bool:
    """for_their_situation, with `said` keeping, for one ranking only, whether the person's words
    for a topic fit a narrower situation (many entries ask the same)."""
    if not all(not needed.isdisjoint(named) for needed in _situations_named(entry.who_for or "")):
        return False
    if not evidence:
        return True
    for topic, words in _narrower(f"{entry.name}\n{entry.who_for or ''}"):
        if evidence.get(topic):
            fits = said.get((topic, words))
            if fits is None:
                fits = said[(topic, words)] = any(words.search(w) for w in evidence[topic])
            if not fits:
                return False
    return True


@functools.lru_cache(maxsize=4096)
def _narrower(who: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(topic, words) of each narrower situation one who-for text names."""
    return tuple((topic, words) for pattern, topic, words in NARROWER if pattern.search(who))


@functools.lru_cache(maxsize=16_384)
def _names(pattern: re.Pattern, text: str) -> bool:
    """Whether an entry's who-for or summary matches one of the patterns above: directory text
    only (never what a person typed), and the same texts recur in every ranking."""
    return pattern.search(text) is not None


# A route a school uses: its who-for names schools (Mental Health Support Teams, the school nurse).
SCHOOL_ROUTE = re.compile(r"\bschools?\b", re.IGNORECASE)
# The everyday mental health worries a school refers on through those routes. Bullying, sexual
# health and the rest have their own specialists, which staff chose first (topics batches 1-33).
SCHOOL_ROUTE_WORRIES = frozenset({"anxiety", "low-mood", "stress"})


def school_route(entry: Entry, topics: Sequence[str], school: bool) -> bool:
    """True when a member of staff at a school (`school`) names an everyday worry about a pupil
    (anxiety, low mood, stress) and the entry is a route their school uses for it (a Mental Health
    Support Team, the school nurse): for them, as specific as a specialist and first, since it is
    the school's own way in."""
    if not school or entry.grouping != "getting-more-help" or URGENT_FIRST & set(topics):
        return False
    ordered = lead(topics)
    return (bool(ordered) and ordered[0] in SCHOOL_ROUTE_WORRIES and ordered[0] in entry.topics
            and _names(SCHOOL_ROUTE, entry.who_for or ""))


def lead(topics: Sequence[str]) -> list[str]:
    """The person's topics with the worry first: a parent's "my son is being bullied" leads with bullying."""
    return [t for t in topics if t != GROWN_UP_TOPIC] + [t for t in topics if t == GROWN_UP_TOPIC]


def fit(entry: Entry, topics: Sequence[str], contact: Sequence[str] = (),
        evidence: Mapping[str, Sequence[str]] | None = None) -> Fit:
    """Rule 2: how specific the entry is to what the person named (and the asked-for contacts)."""
    ordered = lead(topics)
    named = frozenset(ordered)
    return _fit(entry, ordered, named, contact, _for_their_situation(entry, named, evidence, {}))


def _fit(entry: Entry, ordered: Sequence[str], named: frozenset[str], contact: Sequence[str],
         suits: bool) -> Fit:
    """fit, given the person's topics worry first (and as a set) and whether the entry is for
    their situation: worked out once per ranking, not once per entry."""
    offered: tuple[str, ...] = ()
    if contact:  # most turns ask for no particular way to get in touch
        methods = {c.method for c in entry.contacts}
        offered = tuple(m for m in contact if m in methods)
    main = entry.topics[0] if entry.topics else None
    if not suits:
        return Fit(IN_PASSING, next((t for t in ordered if t in entry.topics), None), offered)
    needs = _situations_named(entry.who_for or "")
    # Made for the situation they led with (children of parents who drink, for drinking at
    # home), and mainly for another worry they named: as specific as a specialist.
    if ordered and main in named and any(ordered[0] in needed for needed in needs):
        return Fit(MAIN_FIRST, ordered[0], offered)
    # A broad service's first topic is not a specialism, unless it is made for a situation they
    # named (an LGBTQ+ helpline to someone coming out), however many topics it lists.
    broad = len(entry.topics) >= BROAD and not any(not needed.isdisjoint(named) for needed in needs)
    if ordered and main == ordered[0] and not broad:
        return Fit(MAIN_FIRST, main, offered)
    if ordered and broad and ordered[0] in entry.topics:
        return Fit(BROAD_FIRST, ordered[0], offered)
    # A service for parents that covers the worry a parent named (Internet Matters, for a child's
    # screen time): as specific to them as a specialist, ahead of a general parents' line.
    if (GROWN_UP_TOPIC in named and GROWN_UP_TOPIC in entry.topics and not broad
            and ordered[0] != GROWN_UP_TOPIC and ordered[0] in entry.topics):
        return Fit(MAIN_FIRST, ordered[0], offered)
    if main == GROWN_UP_TOPIC and GROWN_UP_TOPIC in named:  # a service for parents, to a parent
        return Fit(BROAD_FIRST, main, offered)
    if main in named and not broad:
        return Fit(MAIN_OTHER, main, offered)
    covered = next((t for t in ordered if t in entry.topics), None)
    level = BROAD_COVER if covered and broad else IN_PASSING
    return Fit(level, covered, offered)


def audience(entry: Entry, adult: bool, staff: bool = False, young_adult: bool = False) -> int:
    """2 when meant for people like the writer, 1 when for anyone, else 0.

    A young adult (20 or over) writing about themselves is as well served by a service for
    anyone (a GP, Mind, Shout) as by one for young people.

    School staff signpost the pupil: services for professionals or for young people suit them,
    a helpline only for parents does not."""
    who = entry.who_for or ""
    if staff:
        if _names(FOR_STAFF, who):
            return 2
        if _names(PARENTS_ONLY, who):
            return 0
        return 2 if suits_young_people(entry) else 1 if _names(FOR_ANYONE, who) else 0
    if adult:
        return 2 if _names(FOR_GROWN_UPS, who) else 1 if _names(FOR_ANYONE, who) else 0
    if young_adult:
        if _names(PARENTS_ONLY, who):
            return 0  # a parents' helpline is not for a 22-year-old asking about themselves
        if _names(FOR_ANYONE, who):
            return 2
    return 2 if suits_young_people(entry) else 1 if _names(FOR_ANYONE, who) else 0


def rank(entries: Sequence[Entry], topics: Sequence[str], scores: dict[str, float], *,
         contact: Sequence[str] = (), age: int | None = None,
         evidence: Mapping[str, Sequence[str]] | None = None, staff: bool = False,
         school: bool = False) -> list[Entry]:
    """Eligible entries for their situation, best fit first; ties keep the index's order.
    `evidence` (the words that named each topic, when known) narrows situations such as
    gender; `staff` says a member of staff (a school, a youth club) is writing about a young
    person, and `school` that they work at a school."""
    adult = grown_up(topics)
    ordered = lead(topics)
    named = frozenset(ordered)
    said: dict[tuple[str, re.Pattern], bool] = {}
    # A service made for a situation the person has not named (autism, for dyslexia) is left
    # out, not listed last: when nothing else fits, the reply offers general services instead.
    kept = [e for e in entries if eligible(e, age=age, grown_up=adult)
            and _for_their_situation(e, named, evidence, said)]
    order = {e.id: i for i, e in enumerate(kept)}
    young_adult = age is not None and age >= 20 and not adult
    staff = staff and adult
    school = school and staff
    steps = RISK_ORDER if URGENT_FIRST & named else EVERYDAY_ORDER
    step_of: dict[str, int] = {}
    for number, step in enumerate(steps):
        for grouping in step:
            step_of.setdefault(grouping, number)

    def key(entry: Entry) -> tuple:
        """Each rule in turn, then the index's text score, then the index's order."""
        found = _fit(entry, ordered, named, contact, True)  # every kept entry is for their situation
        meant_for = audience(entry, adult, staff, young_adult)
        grouping = step_of.get(entry.grouping, len(steps))
        if school_route(entry, topics, school):
            found, grouping = Fit(MAIN_FIRST, ordered[0], found.contact), -1
        unconfirmed = entry.needs_review and not entry.contacts  # nothing confirmed to contact yet
        # Among broad services, the broadest: the others mainly specialise in something else.
        # (Not among Getting more help routes: a GP is no narrower than a specialist team.)
        broad = found.level in (BROAD_FIRST, BROAD_COVER) and entry.grouping != "getting-more-help"
        breadth = -len(entry.topics) if broad else 0
        return (-found.level, -len(found.contact), -meant_for, grouping, breadth, unconfirmed,
                -min(scores.get(entry.id, 0.0), 10.0), order[entry.id])

    return sorted(kept, key=key)
