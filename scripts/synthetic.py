"""Synthetic directory entries for benchmarks: realistic, valid and fictional.

`make_entries(n, seed=0)` returns plain entry data in the docs/data-format.md format, with
made-up towns, areas and drama-range phone numbers (01632 96xxxx), marked `example: true`.
It never uses the demo area ZZ. The same seed (and `today`) always gives the same entries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import itertools
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY_PATH = ROOT / "directory_data" / "taxonomy.yaml"

PREFIXES = (
    "North", "South", "East", "West", "River", "Brook", "Ash", "Oak", "Elm", "Thorn", "Bramble",
    "Kings", "Queens", "Mill", "Church", "Hazel", "Stone", "Fern", "Willow", "Lark", "Marsh",
    "High", "Long", "Red", "Green", "Black", "White", "Fox", "Swan", "Heath", "Wych", "Old",
)
SUFFIXES = (
    "field", "side", "vale", "ford", "bridge", "ton", "wick", "ham", "bury", "ley", "combe",
    "mouth", "port", "stead", "worth", "gate", "holme", "by", "thorpe", "wood",
)
LA_FORMS = ("{}", "{}shire", "{} Borough", "West {}", "North {}", "{} and District")
LETTERS = "ABCDEFGHIJKLMNOPRSTUWY"  # postcode area letters; the demo area ZZ is never made

GENERAL_KINDS = (
    "Youth Counselling", "Teen Wellbeing Hub", "Young People's Drop-in", "Youth Listening Service",
    "Young Minds Café", "Youth Wellbeing Service", "Student Support Line", "Teen Talk",
    "Youth Information Shop", "Young People's Counselling Service", "Wellbeing Workers",
    "Peer Support Group", "Youth Mentoring Project", "Emotional Health Service",
)
TOPIC_KINDS = {
    "young-carers": ("Young Carers Group", "Young Carers Service"),
    "bereavement": ("Bereavement Support for Young People", "Grief Café"),
    "lgbtq-identity": ("LGBTQ+ Youth Group", "Pride Youth Club"),
    "eating-body-image": ("Eating Difficulties Service", "Body Confidence Group"),
    "drugs-alcohol": ("Young People's Drug and Alcohol Service", "Substance Misuse Team"),
    "anger": ("Anger Management Group", "Calm Down Club"),
    "bullying": ("Anti-Bullying Project",),
    "sleep": ("Sleep Clinic for Teens",),
    "exams-school": ("Exam Stress Workshops", "School Wellbeing Team"),
    "online-safety": ("Online Safety Project",),
    "self-harm": ("Self-Harm Support Group",),
    "family": ("Family Support Service", "Family Mediation Service"),
    "neurodiversity": ("Neurodiversity Support Hub",),
    "domestic-abuse": ("Domestic Abuse Support for Young People",),
    "sexual-health": ("Young People's Sexual Health Clinic",),
    "housing-money": ("Youth Housing Advice",),
    "gaming-gambling": ("Gaming and Gambling Support",),
    "loneliness": ("Friendship Club", "Lonely No More Group"),
}
ORG_FORMS = (
    "{town} Youth Trust", "{town} Community Foundation", "{word} Trust", "{word} Youth",
    "{town} Council", "{word} Wellbeing CIC", "{town} NHS Foundation Trust", "{word} Charity",
)
ORG_WORDS = (
    "Brightpath", "Harbour", "Lighthouse", "Open Door", "Compass", "Kindred", "Waypoint",
    "Evergreen", "Riverbank", "Stepping Stones", "Northstar", "Haven", "Bluebell", "Keystone",
)
# Natural words for each topic, as a service would describe what it helps with.
TOPIC_WORDS = {
    "anxiety": ("worry", "feeling anxious", "panic attacks", "nerves and worry"),
    "low-mood": ("feeling low", "sadness", "feeling down or depressed"),
    "exams-school": ("exam stress", "problems at school", "revision pressure", "school worries"),
    "sleep": ("trouble sleeping", "sleep problems", "not being able to sleep"),
    "friends-relationships": ("falling out with friends", "friendships", "relationships"),
    "eating-body-image": ("eating problems", "body image", "worries about food and eating"),
    "bereavement": ("grief", "losing someone close", "bereavement"),
    "anger": ("anger", "losing your temper", "angry feelings"),
    "drugs-alcohol": ("drugs and alcohol", "vaping", "drinking", "cannabis use"),
    "bullying": ("bullying", "being picked on", "bullying online and at school"),
    "online-safety": ("staying safe online", "online safety", "problems on social media"),
    "self-harm": ("self-harm", "hurting yourself"),
    "suicidal-thoughts": ("suicidal thoughts", "feeling like you cannot go on"),
    "loneliness": ("loneliness", "feeling alone", "making friends"),
    "family": ("family arguments", "problems at home", "parents separating"),
    "young-carers": ("caring for someone at home", "being a young carer"),
    "lgbtq-identity": ("sexuality and gender identity", "coming out", "being LGBTQ+"),
    "self-esteem": ("confidence", "self-esteem", "feeling not good enough"),
    "stress": ("stress", "feeling overwhelmed", "pressure"),
    "abuse-safeguarding": ("abuse", "not feeling safe", "being hurt by someone"),
    "domestic-abuse": ("violence at home", "domestic abuse"),
    "trauma": ("something frightening that happened", "trauma"),
    "sexual-health": ("sexual health", "contraception and relationships"),
    "housing-money": ("housing problems", "money worries", "having nowhere to live"),
    "gaming-gambling": ("gaming too much", "gambling"),
    "ocd": ("OCD", "intrusive thoughts and rituals"),
    "neurodiversity": ("autism and ADHD", "neurodiversity"),
    "discrimination": ("racism and discrimination", "being treated unfairly"),
    "psychosis-voices": ("hearing voices", "unusual experiences"),
    "parenting": ("parenting", "supporting your child"),
}
COMMON_TOPICS = {"anxiety": 6, "low-mood": 5, "exams-school": 4, "stress": 4, "self-esteem": 3,
                 "friends-relationships": 3, "family": 3, "bullying": 3, "sleep": 2, "anger": 2,
                 "loneliness": 2, "eating-body-image": 2, "self-harm": 2, "drugs-alcohol": 2}
GROUPING_WEIGHTS = {"getting-advice": 35, "getting-help": 40, "thriving": 10,
                    "getting-more-help": 10, "getting-risk-support": 5}
AGE_RANGES = ((5, 11), (11, 18), (11, 18), (13, 25), (16, 25), (None, None), (11, 25),
              (None, 18), (8, 16), (14, 19))
OFFERS = (
    "Free one-to-one counselling", "A weekly group", "Friendly advice and information",
    "Short-term support", "Someone to talk to", "Drop-in sessions", "Online and phone support",
    "Practical help and a listening ear", "Peer support", "Workshops and activities",
)
OPENERS = (
    "We work with {who} who want to talk about {t1}.",
    "Our trained staff help with {t1} and {t2}.",
    "You can talk to us about {t1}, {t2} or anything else on your mind.",
    "We offer a safe, friendly space to talk about {t1}.",
    "Lots of young people come to us about {t1}.",
)
MIDDLES = (
    "Sessions last about an hour and you can come on your own or bring a friend.",
    "You do not need a referral and it does not matter how big or small the problem feels.",
    "We will listen, help you understand what is going on and make a plan together.",
    "If you need more help, we can put you in touch with other local services.",
    "Most people see us for six to eight weeks.",
    "Everything is free and you can stop whenever you want.",
    "We can also give advice to parents and carers.",
)
CLOSERS = (
    "Get in touch and we will get back to you within two working days.",
    "Ask your school, or contact us yourself.",
    "Just turn up during opening hours.",
    "Call or message us to book a first chat.",
)
METHOD_WEIGHTS = {"phone": 30, "web-chat": 15, "email": 20, "in-person": 15, "text": 10,
                  "app": 5}
DAY_SETS = (
    (("mon", "tue", "wed", "thu", "fri"), "Monday to Friday"),
    (("mon", "wed", "fri"), "Monday, Wednesday and Friday"),
    (("tue", "thu"), "Tuesday and Thursday"), (("sat",), "Saturday"),
    (("mon", "tue", "wed", "thu"), "Monday to Thursday"), (("wed",), "Wednesday"),
    (("sat", "sun"), "Saturday and Sunday"), (("fri",), "Friday"), (("mon",), "Monday"),
)
TIMES = ((("09:00", "17:00"), "9am to 5pm"), (("10:00", "16:00"), "10am to 4pm"),
         (("16:00", "19:00"), "4pm to 7pm"), (("09:30", "12:30"), "9:30am to 12:30pm"),
         (("13:00", "20:00"), "1pm to 8pm"), (("18:00", "22:00"), "6pm to 10pm"),
         (("08:00", "24:00"), "8am to midnight"), (("15:30", "18:30"), "3:30pm to 6:30pm"))


def load_topic_words(path: Path = TAXONOMY_PATH) -> dict[str, tuple[str, ...]]:
    """Natural words for every topic slug in the real taxonomy (its label when we have none)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from app.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(path)
    return {t.slug: TOPIC_WORDS.get(t.slug, (t.label.lower(),)) for t in taxonomy.topics}


class _Dice:
    """Fast seeded choices: everything comes from one `random.Random`'s `random()`."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.random = self.rng.random

    def pick(self, seq):
        """One item, uniformly."""
        return seq[int(self.random() * len(seq))]

    def upto(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, items: tuple, cumulative: list[float]):
        """One item with the given cumulative weights."""
        return items[bisect.bisect(cumulative, self.random() * cumulative[-1])]

    def some(self, items: tuple, cumulative: list[float], k: int) -> list:
        """Up to k distinct items drawn by weight, in the order drawn."""
        return list(dict.fromkeys(self.weighted(items, cumulative) for _ in range(k)))


class _Places:
    """Made-up towns, local authorities and postcode districts (never the demo area ZZ)."""

    def __init__(self, dice: _Dice, count: int = 150):
        towns = [p + s for p in PREFIXES for s in SUFFIXES]
        dice.rng.shuffle(towns)
        areas = [a + b for a in LETTERS for b in LETTERS]
        dice.rng.shuffle(areas)
        self.authorities = []
        for i in range(count):
            name = dice.pick(LA_FORMS).format(towns[i])
            local_towns = towns[count + i * 3: count + i * 3 + 3] + [towns[i]]
            districts = [f"{areas[i]}{d}" for d in range(1, dice.upto(4, 30))]
            self.authorities.append((name, areas[i], districts, local_towns))


def make_entries(n: int, seed: int = 0, *, topics: dict[str, tuple[str, ...]] | None = None,
                 today: dt.date | None = None) -> list[dict]:
    """N valid synthetic entries as plain data; the same for the same seed and `today`."""
    dice = _Dice(seed)
    topics = topics if topics is not None else load_topic_words()
    today = today or dt.date.today()
    places = _Places(dice)
    slugs = tuple(sorted(topics))
    topic_weights = list(itertools.accumulate(COMMON_TOPICS.get(s, 1) for s in slugs))
    # Millions of small dicts and lists, none cyclic: the cyclic collector only costs time
    # here (about 60% of it at 100,000 entries).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [_entry(dice, places, topics, slugs, topic_weights, today) for _ in range(n)]
    finally:
        if was_enabled:
            gc.enable()


GROUPINGS = tuple(GROUPING_WEIGHTS)
GROUPING_CUMULATIVE = list(itertools.accumulate(GROUPING_WEIGHTS.values()))
METHODS = tuple(METHOD_WEIGHTS)
METHOD_CUMULATIVE = list(itertools.accumulate(METHOD_WEIGHTS.values()))


def _entry(dice: _Dice, places: _Places, topics, slugs, topic_weights, today: dt.date) -> dict:
    """One entry's plain data."""
    chance = dice.random
    chosen = dice.some(slugs, topic_weights, dice.upto(1, 4))
    la_name, area, districts, towns = dice.pick(places.authorities)
    town = dice.pick(towns)
    kinds = [k for s in chosen for k in TOPIC_KINDS.get(s, ())]
    kind = dice.pick(kinds) if kinds and chance() < 0.6 else dice.pick(GENERAL_KINDS)
    name = f"{town} {kind}"
    org = dice.pick(ORG_FORMS).format(town=town, word=dice.pick(ORG_WORDS))
    words = [dice.pick(topics[s]) for s in chosen]
    lo, hi = dice.pick(AGE_RANGES)
    who = _who(lo, hi)
    slug = "-".join(name.lower().replace("'", "").replace("+", "").split())
    entry_id = str(uuid.UUID(int=dice.rng.getrandbits(128), version=4))
    verified = today - dt.timedelta(days=dice.upto(0, 364))
    return {
        "id": entry_id,
        "name": name,
        "organisation": org,
        "summary": f"{dice.pick(OFFERS)} for {who.lower()} dealing with {_join(words[:2])}.",
        "description": _description(dice, who.lower(), words),
        "website": f"https://example.org/{slug}",
        "email": None,
        "contacts": _contacts(dice, slug, town),
        "grouping": dice.weighted(GROUPINGS, GROUPING_CUMULATIVE),
        "topics": chosen,
        "min_age": lo,
        "max_age": hi,
        "who_for": who + ".",
        "coverage": _coverage(dice, la_name, area, districts),
        "hours": _hours(dice),
        "cost": _cost(chance()),
        "referral": ["self"] + (["school"] if chance() < 0.4 else [])
                    + (["professional"] if chance() < 0.3 else []),
        "confidentiality": "What you tell us stays private unless someone is in danger.",
        "languages": ["English"] + (["Polish"] if chance() < 0.05 else []),
        "accessibility": "Step-free access." if chance() < 0.3 else None,
        "status": "active" if chance() < 0.97 else "temporarily-closed",
        "status_note": None,
        "source_url": f"https://example.org/{slug}/about",
        "last_verified": verified.isoformat(),
        "review_due": (verified + dt.timedelta(days=182)).isoformat(),
        "needs_review": False,
        "review_reason": None,
        "example": True,
    }


def _who(lo: int | None, hi: int | None) -> str:
    """Who it is for, in plain words, from an age range."""
    if lo is None and hi is None:
        return "Children and young people"
    if lo is None:
        return f"Young people up to age {hi}"
    return f"Young people aged {lo} to {hi}"


def _join(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _description(dice: _Dice, who: str, words: list[str]) -> str:
    """Two to four plain sentences naming the entry's topics."""
    t1, t2 = words[0], words[-1] if len(words) > 1 else "how you are feeling"
    parts = [dice.pick(OPENERS).format(who=who, t1=t1, t2=t2)]
    first = dice.upto(0, len(MIDDLES) - 1)
    parts.append(MIDDLES[first])
    if dice.random() < 0.5:
        parts.append(MIDDLES[(first + dice.upto(1, len(MIDDLES) - 1)) % len(MIDDLES)])
    if dice.random() < 0.5:
        parts.append(dice.pick(CLOSERS))
    return " ".join(parts)


def _contacts(dice: _Dice, slug: str, town: str) -> list[dict]:
    """One to three ways in, with drama-range numbers and example.org addresses."""
    out = []
    for method in dice.some(METHODS, METHOD_CUMULATIVE, dice.upto(1, 3)):
        if method == "phone":
            value = f"01632 96{dice.upto(0, 999):04d}"
        elif method == "text":
            value = f"07700 900{dice.upto(0, 999):03d}"
        elif method == "email":
            value = f"hello@{slug[:40]}.example.org"
        elif method == "in-person":
            value = f"{dice.upto(1, 120)} High Street, {town}"
        else:
            value = f"https://example.org/{slug}/{'chat' if method == 'web-chat' else 'app'}"
        out.append({"method": method, "value": value, "note": None})
    return out


def _coverage(dice: _Dice, la_name: str, area: str, districts: list[str]) -> dict:
    """National (5%), or a local authority with its postcode area, some districts or none."""
    roll = dice.random()
    if roll < 0.05:
        return {"national": True, "local_authorities": [], "postcodes": []}
    if roll < 0.33:
        codes: list[str] = []
    elif roll < 0.43:
        codes = [area]
    else:
        start = dice.upto(0, len(districts) - 1)
        codes = sorted(districts[start:start + dice.upto(1, 4)])
    return {"national": False, "local_authorities": [la_name], "postcodes": codes}


def _hours(dice: _Dice) -> dict:
    """Always open (10%), unknown (15%) or one or two weekly slots."""
    roll = dice.random()
    if roll < 0.1:
        return {"always_open": True, "weekly": [], "text": "24 hours a day, every day."}
    if roll < 0.25:
        return {"always_open": False, "weekly": [], "text": None}
    weekly, text = [], []
    first = dice.upto(0, len(DAY_SETS) - 1)
    picks = [first] if roll < 0.8 else [first, (first + dice.upto(1, len(DAY_SETS) - 1))
                                        % len(DAY_SETS)]
    for i in picks:
        days, days_text = DAY_SETS[i]
        (opens, closes), times_text = dice.pick(TIMES)
        weekly.append({"days": list(days), "opens": opens, "closes": closes})
        text.append(f"{days_text}, {times_text}")
    return {"always_open": False, "weekly": weekly, "text": "; ".join(text) + "."}


def _cost(roll: float) -> dict:
    """Free (90%), paid (5%) or not confirmed (5%)."""
    if roll < 0.9:
        return {"free": True, "note": None}
    if roll < 0.95:
        return {"free": False, "note": "Some sessions have a small charge."}
    return {"free": None, "note": None}
