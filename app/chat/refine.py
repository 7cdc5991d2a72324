"""Refinements: what a later turn adds or changes (age, place, how to get in touch, more, restart).

A pure function of the text and the known area names. It reads the raw text, not the
normalised form, so that numbers, school years and postcodes survive as typed. It does not find
topics (app.chat.concerns) or judge risk (app.chat.risk). No Flask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .places import Places

MIN_AGE, MAX_AGE = 4, 25
SCHOOL_YEAR_OFFSET = 5  # England: year 7 pupils are 11-12; we take the older age, 12

# Postcode areas of the UK, plus ZZ for the fictional demo area.
POSTCODE_AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS
LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR
SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE ZZ
""".split())

_UNITS = (r"(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|wks?|months?|percent|%|"
          r"pounds?|quid|p\b|times?|miles?|km|kg|kilos?|lbs?|stone|st\b|cm|ft|feet|inch(?:es)?|"
          r"am\b|pm\b|oclock|o clock|th\b|nd\b|rd\b|panic|attacks?|people|friends|of\b|out of)")
_NOT_UNIT = rf"(?![\d'.:/,]\d)(?!\s*{_UNITS})"
_AGE_PATTERNS = (
    re.compile(rf"\b(?:i am|im|i m)\s+(?:only\s+|just\s+)?(\d{{1,2}})\b{_NOT_UNIT}"),
    re.compile(r"\b(\d{1,2})\s*(?:-\s*)?(?:years?|yrs?|yr|y)\s*(?:-\s*)?old\b"),
    re.compile(r"\b(\d{1,2})\s*(?:yo|y/o|y\.o\.?)(?![a-z])"),
    re.compile(r"\bage(?:d)?\s*(?:is\s*)?[:=]?\s*(\d{1,2})\b" + _NOT_UNIT),
    re.compile(r"\bmy age is\s*(\d{1,2})\b"),
    re.compile(r"^(1\d|2[0-5])\s*(?:,|/|\(|m\b|f\b)(?!\s*\d)"),  # "22, just started my first job"
    re.compile(rf"\b(?:son|daughter|child|kid|brother|sister|he|she|friend|mate|pupil|student)"
               rf"\s+(?:is|s)\s+(?:only\s+|just\s+)?(\d{{1,2}})\b{_NOT_UNIT}"),
)
_SCHOOL_YEAR = re.compile(r"(?<![a-z])(?:(last|this|next|every|per|that)\s+)?"
                          r"(?:year|yr)\s?(\d{1,2})(?![\d:.])\b|(?<![a-z])y(\d{1,2})\b")
_BARE_AGE = re.compile(r"^\s*(\d{1,2})\s*(?:years?|yrs?)?\s*[.!]?\s*$")

_FULL_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_DISTRICT = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\b", re.IGNORECASE)
_DISTRICT_CUE = re.compile(r"(?:postcode|post code|live in|living in|im in|i am in|based in|"
                           r"near|around|from)\s*(?:is\s*)?[:=]?\s*$")

# How people name each way of getting in touch; the first group is specific enough alone.
_METHODS: dict[str, tuple[str, str]] = {
    "text": (r"text ?line|text service|texting service|by text|via text|sms",
             r"text|txt|texting|message"),
    "web-chat": (r"web ?chat|live ?chat|online chat|chat online|talk online|chat to someone"
                 r" online|type to someone|rather type|prefer to type|prefer typing",
                 r"chat|chatting|typing"),
    "phone": (r"by phone|over the phone", r"call|ring|phone|talk to someone on the phone"),
    "in-person": (r"face to face|in person|drop ?in|somewhere i can go|somewhere to go",
                  r"see someone|meet someone|go somewhere|"
                  r"visit(?! (?:him|her|them|me|us|my|his|their|our|mum|dad|nan|grandad|family))"),
    "app": (r"by app|via an app|through an app", r"app"),
    "email": (r"by e ?mail|via e ?mail|over e ?mail", r"e ?mail"),
}
# Words that ask for a way in touch in a short reply ("an app?", "helpline pls"), but in a longer
# message are usually part of the story ("i log what i eat in an app", "they changed the email",
# "mum was on the phone"): there they count only after a wish ("is there an app", "can i email").
_LOOSE = {"phone": r"phone call|on the phone|helpline|phone line", "app": r"an app|app for",
          "email": r"e ?mail|emailing"}
LOOSE_WORDS = 8  # at most this many words: a short reply
_NEGATION = (r"(?:not|dont|do not|cant|cannot|can not|wont|will not|never|no|hate|rather not|"
             r"prefer not to|scared to|afraid to|too scared to|too anxious to|scared of|"
             r"afraid of|anxious about|nervous about)")
_BETWEEN = r"(?:\s+(?:want|wanna|like|really|able|going|gonna|to|be|on|by|over|a|any|the|do|"\
           r"talk|speak|make|have|having|doing|phone))*"
_CUE = (r"(?:can i|could i|can you|could you|want to|wanna|would like to|id like to|"
        r"like to|prefer to|prefer|rather|is there|are there|someone i can|someone to|"
        r"somewhere i can|i can|just|only|by|via|a way to)")
_AVOID = {method: re.compile(rf"\b{_NEGATION}{_BETWEEN}\s+"
                             rf"(?:{'|'.join(filter(None, (specific, general, _LOOSE.get(method))))})s?\b")
          for method, (specific, general) in _METHODS.items()}
_SPECIFIC = {method: re.compile(rf"\b(?:{specific})\b")
             for method, (specific, _general) in _METHODS.items()}
_CUED = {method: re.compile(rf"\b{_CUE}(?:\s+\w+)?\s+(?:{general})\b")
         for method, (_specific, general) in _METHODS.items()}
_LOOSE_ALONE = {method: re.compile(rf"\b(?:{loose})\b") for method, loose in _LOOSE.items()}
_LOOSE_CUED = {method: re.compile(rf"\b{_CUE}(?:\s+\w+){{0,2}}\s+(?:{loose})\b")
               for method, loose in _LOOSE.items()}
_BARE = {method: re.compile(rf"^(?:by |via |over )?(?:{specific}|{general})s?(?: please| pls)?$")
         for method, (specific, general) in _METHODS.items()}

# "more" and "start again" are short replies; in a long message they are usually about life.
SHORT_REPLY_WORDS = 6
_MORE_EXPLICIT = re.compile(r"\b(?:show (?:me )?more|see more|more (?:options|results|services|"
                            r"places|like (?:this|that))|other (?:options|services|places))\b")
_MORE = re.compile(r"\b(?:more (?:ideas|please|pls)|anything else|any others?|other ones|"
                   r"other ideas|different (?:ones|options|services)|something else|what else|"
                   r"any more)\b|^(?:more|next|others)\W*$")
# Not "how to start the conversation with my son": that is about life, not this chat.
_RESTART_EXPLICIT = re.compile(r"(?<!how to )(?<!how do i )(?<!how can i )(?<!how i )(?<!way to )"
                               r"\b(?:(?:restart|reset|clear|start) (?:the |this |my |a )?"
                               r"(?:chat|conversation)|new (?:chat|conversation))\b"
                               r"(?! (?:with|about|around|on|going)\b)")
_OTHER = re.compile(r"^(?:(?:its|it is|there is|theres|i have|ive got) )?something else"
                    r"(?: (?:is )?on my mind| i want to talk about| to talk about)?\W*$")
_CLEAR = re.compile(r"\b(?:(?:drop|clear|remove|undo|reset) (?:the |my |all )?(?:filters?|choices)|"
                    r"any way to talk|any way is (?:fine|ok))\b")
_RESTART = re.compile(r"\b(?:start (?:again|over|afresh)|restart|reset|begin again|"
                      r"start from scratch|from the (?:beginning|start)|go back to the start)\b")


@dataclass(frozen=True)
class Refinement:
    age: int | None = None
    postcode: str | None = None
    area: str | None = None
    contact: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    more: bool = False
    restart: bool = False
    place: str | None = None   # a place in England we know of (places.yaml), not a known area
    other: bool = False        # "something else is on my mind": a new worry, not more of these
    clear: bool = False        # "drop the filters": forget age, place and ways to talk


def refine(text: str, *, known_areas: Iterable[str] = (), places: Places | None = None) -> Refinement:
    """Read age, place, contact wishes, 'more' and 'start again' from one message."""
    found = _refine(text, known_areas=known_areas)
    clean = _clean(text)
    other = bool(_OTHER.search(clean))
    place = places.find(clean) if places is not None and not found.area else None
    if place and any(place.lower() == a.lower() for a in known_areas):
        place = None
    return replace(found, place=place, other=other, more=found.more and not other,
                   clear=bool(_CLEAR.search(clean)))


def _refine(text: str, *, known_areas: Iterable[str] = ()) -> Refinement:
    clean = _clean(text)
    avoid = tuple(method for method, pattern in _AVOID.items() if pattern.search(clean))
    rest = clean
    for method in avoid:
        rest = _AVOID[method].sub(" ", rest)
    contact = tuple(method for method in _METHODS
                    if method not in avoid and _wants(method, rest.strip()))
    short = len(clean.split()) <= SHORT_REPLY_WORDS
    return Refinement(age=find_age(clean), postcode=find_postcode(text),
                      area=find_area(clean, known_areas), contact=contact, avoid=avoid,
                      more=bool(_MORE_EXPLICIT.search(clean) or short and _MORE.search(clean)),
                      restart=bool(_RESTART_EXPLICIT.search(clean)
                                   or short and _RESTART.search(clean)))


def find_age(clean: str) -> int | None:
    """An age stated outright, as a school year, or as a bare number; None if unsure."""
    bare = _BARE_AGE.match(clean)
    if bare:
        return _valid_age(int(bare.group(1)))
    for pattern in _AGE_PATTERNS:
        match = pattern.search(clean)
        if match and _valid_age(int(match.group(1))) is not None:
            return int(match.group(1))
    for match in _SCHOOL_YEAR.finditer(clean):
        if match.group(1):  # "last year 3 times" is not a school year
            continue
        year = int(match.group(2) or match.group(3))
        if 1 <= year <= 13:
            return _valid_age(year + SCHOOL_YEAR_OFFSET)
    return None


def find_postcode(text: str) -> str | None:
    """The postcode district (upper case) from a full postcode or a clearly given district."""
    for match in _FULL_POSTCODE.finditer(text):
        district = match.group(1).upper()
        if _area_of(district) in POSTCODE_AREAS:
            return district
    stripped = text.strip()
    for match in _DISTRICT.finditer(text):
        district = match.group(1)
        if _area_of(district.upper()) not in POSTCODE_AREAS:
            continue
        before = text[: match.start()].lower().replace("'", "")
        if (district.isupper() or stripped.upper() == district.upper()
                or _DISTRICT_CUE.search(before)):
            return district.upper()
    return None


def find_area(clean: str, known_areas: Iterable[str]) -> str | None:
    """The known area named earliest in the text (the longest name if two start together)."""
    best: tuple[int, int, str] | None = None
    names = known_areas if isinstance(known_areas, tuple) else tuple(known_areas)
    for word, name, pattern in _area_patterns(names):
        if word not in clean:
            continue  # a name matches only where its longest word is: most messages name none
        match = pattern.search(clean)
        if match and (best is None or (match.start(), -len(name)) < (best[0], -best[1])):
            best = (match.start(), len(name), name)
    return best[2] if best else None


@functools.lru_cache(maxsize=8)
def _area_patterns(known_areas: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each area name's longest word and compiled pattern, in the given order, made once per
    list of names (there are more names than the re module's own cache holds, so they were
    recompiled). Looking for the word first is exact (the pattern holds it as written) and
    much cheaper than one search for every name at once (0.2 ms a message)."""
    patterns = []
    for name in known_areas:
        words = re.split(r"[\s\-']+", name.lower().strip())
        if not words or not words[0]:
            continue
        pattern = r"(?<![a-z0-9])" + r"[\s\-]+".join(map(re.escape, words)) + r"(?![a-z0-9])"
        patterns.append((max(words, key=len), name, re.compile(pattern)))
    return tuple(patterns)


def _wants(method: str, rest: str) -> bool:
    """Whether the text asks for this way of getting in touch."""
    if _SPECIFIC[method].search(rest) or _CUED[method].search(rest) or _BARE[method].match(rest):
        return True
    if method not in _LOOSE:
        return False
    if len(rest.split()) <= LOOSE_WORDS:
        return bool(_LOOSE_ALONE[method].search(rest))
    return bool(_LOOSE_CUED[method].search(rest))


def _clean(text: str) -> str:
    """Lower case, straight apostrophes dropped inside words, single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)
    text = re.sub(r"[^\w\s'%:./,-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _valid_age(age: int) -> int | None:
    """The age if it is one the directory serves, else None."""
    return age if MIN_AGE <= age <= MAX_AGE else None


def _area_of(district: str) -> str:
    """The letters at the start of a postcode district (SW1A -> SW)."""
    letters = re.match(r"[A-Z]+", district)
    return letters.group(0) if letters else ""
