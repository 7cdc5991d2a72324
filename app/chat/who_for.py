"""Reading an entry's who-for text: who may use it, who it is meant for, and which situation it
is made for (docs/ranking.md, rule 1 and the audience step). Directory text only, never what a
person typed; the same few texts recur in every ranking, so answers are cached. No Flask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from app.directory.entry import Entry

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
# a service for eating disorders fits words about eating, food or controlling weight, not spots, a
# skin condition or comments about how someone looks alone; a service for trans and gender-diverse
# young people fits words about gender, not coming out as gay; one for autistic people words about
# autism, not ADHD; a housing service words about a home, not money alone; a gambling line words
# about gambling, not long hours of gaming; a service for victims of crime words about a crime,
# not any frightening event; a sexual violence service words about sexual harm; a service for
# sexual images or grooming online (CEOP, Report Remove, the Revenge Porn Helpline, the IWF) words
# about pictures, nudes, grooming or threats, not a hacked account, a scam or a group chat.
# Patterns are read against the entry's name and who-for. Checked only when the words are known
# (the turn that named the worry).
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
    (r"eating disorder", "eating-body-image",
     r"eat|food|meal|calori|starv|binge|purg|vomit|sick after|diet|anorexi|bulimi|arfid|restrict|"
     r"skip|portion|laxative|scales|fasting|hungry|lunch|dinner|breakfast|snack|body check|"
     r"weigh(?:ing|s|ed)? (?:myself|me|her|him|them)|(?:lose|losing|lost|gain|gaining|put on) "
     r"(?:\w+ )?weight|weight loss|too thin|so thin|thinner|control (?:my|her|his) weight"),
    (r"sexual violence|sexual abuse", "abuse-safeguarding",
     r"sex|rape|touch|private|grop|assault|abused|molest|nude|naked|undress|consent|pants|knickers"),
))


def suits_young_people(entry: Entry) -> bool:
    """True when the entry is meant for children and young people."""
    if entry.max_age is not None and entry.max_age <= 25:
        return True
    return names(YOUTH, entry.who_for or "") or names(YOUTH, entry.summary)


def eligible(entry: Entry, *, age: int | None, grown_up: bool) -> bool:
    """Rule 1: the person may use it (age inside its range; grown-up-only entries for grown-ups;
    a service for teenagers is not for someone of 20 or over writing about themselves, nor for
    a child of 10 or under, whoever is writing)."""
    if age is not None and not entry.fits_age(age):
        return False
    if age is not None and age >= 20 and not grown_up and names(TEENS_ONLY, entry.who_for or ""):
        return False
    if age is not None and age <= LAST_CHILD_AGE and names(TEENS_ONLY, entry.who_for or ""):
        return False
    adult = grown_up or (age is not None and age >= 18)
    return adult or not names(GROWN_UPS_ONLY, entry.who_for or "")


@functools.lru_cache(maxsize=4096)
def situations_named(who: str) -> tuple[frozenset[str], ...]:
    """The topic sets of every situation one who-for text names (children of parents who drink:
    {drugs-alcohol}); the same few texts recur across every ranking."""
    return tuple(needed for pattern, needed in SITUATIONS if pattern.search(who))


def for_their_situation(entry: Entry, topics: Sequence[str],
                        evidence: Mapping[str, Sequence[str]] | None = None) -> bool:
    """False when the entry's who-for names a situation (drinking, LGBTQ+) the person has not named,
    or a narrower one their words were not about."""
    return for_their_situation_in(entry, frozenset(topics), evidence, {})


def for_their_situation_in(entry: Entry, named: frozenset[str],
                         evidence: Mapping[str, Sequence[str]] | None,
                         said: dict[tuple[str, re.Pattern], bool]) -> bool:
    """for_their_situation, with `said` keeping, for one ranking only, whether the person's words
    for a topic fit a narrower situation (many entries ask the same)."""
    if not all(not needed.isdisjoint(named) for needed in situations_named(entry.who_for or "")):
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
def names(pattern: re.Pattern, text: str) -> bool:
    """Whether an entry's who-for or summary matches one of the patterns above: directory text
    only (never what a person typed), and the same texts recur in every ranking."""
    return pattern.search(text) is not None


def audience(entry: Entry, adult: bool, staff: bool = False, young_adult: bool = False) -> int:
    """2 when meant for people like the writer, 1 when for anyone, else 0.

    A young adult (20 or over) writing about themselves is as well served by a service for
    anyone (a GP, Mind, Shout) as by one for young people.

    School staff signpost the pupil: services for professionals or for young people suit them,
    a helpline only for parents does not."""
    who = entry.who_for or ""
    if staff:
        if names(FOR_STAFF, who):
            return 2
        if names(PARENTS_ONLY, who):
            return 0
        return 2 if suits_young_people(entry) else 1 if names(FOR_ANYONE, who) else 0
    if adult:
        return 2 if names(FOR_GROWN_UPS, who) else 1 if names(FOR_ANYONE, who) else 0
    if young_adult:
        if names(PARENTS_ONLY, who):
            return 0  # a parents' helpline is not for a 22-year-old asking about themselves
        if names(FOR_ANYONE, who):
            return 2
    return 2 if suits_young_people(entry) else 1 if names(FOR_ANYONE, who) else 0
