"""The topic taxonomy: loads and validates directory_data/taxonomy.yaml.

Owns the fixed list of topic slugs and the words, phrases and misspellings that point to them,
and the context words that only set the scene. It only reads and checks the file; matching text
against it lives in app.chat.concerns. No Flask.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .reviewed_yaml import load_reviewed

TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "directory_data" / "taxonomy.yaml"

TOPIC_SLUGS: tuple[str, ...] = (
    "anxiety", "low-mood", "stress", "exams-school", "bullying", "self-harm",
    "suicidal-thoughts", "eating-body-image", "bereavement", "family", "friends-relationships",
    "loneliness", "lgbtq-identity", "sleep", "anger", "drugs-alcohol", "abuse-safeguarding",
    "online-safety", "trauma", "ocd", "psychosis-voices", "neurodiversity", "young-carers",
    "sexual-health", "domestic-abuse", "discrimination", "housing-money", "gaming-gambling",
    "self-esteem", "parenting", "running-away", "family-prison", "parent-mental-health",
    "screen-time",
)  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+")
# A phrase slot may offer alternatives: "mum/dad has/is depressed" is six phrases in one.
_PHRASE = re.compile(r"[a-z0-9]+(/[a-z0-9]+)*( [a-z0-9]+(/[a-z0-9]+)*)+")
_TERM = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")
_TOPIC_KEYS = {"slug", "label", "description", "words", "phrases", "misspellings", "also",
               "quick_reply", "context"}


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    description: str
    words: tuple[str, ...]
    phrases: tuple[str, ...]
    misspellings: tuple[str, ...]
    quick_reply: str | None = None
    also: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # words that set the scene: they count only when nothing else does

    def terms(self) -> tuple[str, ...]:
        """Every term this topic owns: words, phrases, misspellings and context words."""
        return self.words + self.phrases + self.misspellings + self.context


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    neutral: tuple[str, ...] = ()

    @property
    def slugs(self) -> tuple[str, ...]:
        """The topic slugs in file order."""
        return tuple(topic.slug for topic in self.topics)

    def by_slug(self, slug: str) -> Topic:
        """The topic with this slug; KeyError if there is none."""
        for topic in self.topics:
            if topic.slug == slug:
                return topic
        raise KeyError(slug)

    def vocabulary(self) -> frozenset[str]:
        """Every correctly spelt single word the taxonomy uses: words and the words of phrases."""
        vocab: set[str] = set()
        for topic in self.topics:
            vocab.update(topic.words)
            for phrase in topic.phrases + topic.context:
                vocab.update(word for slot in phrase.split() for word in slot.split("/"))
        return frozenset(vocab)


def load_taxonomy(path: str | Path = TAXONOMY_PATH) -> Taxonomy:
    """Load and validate a taxonomy file; ValueError lists every problem found."""
    resolved = Path(path).resolve()
    return _load_cached(str(resolved), resolved.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> Taxonomy:
    """Parse once per path and modification time."""
    with open(path, encoding="utf-8") as handle:
        data = load_reviewed(handle.read())
    return parse_taxonomy(data, source=Path(path).name)


def parse_taxonomy(data: Any, *, source: str = "taxonomy") -> Taxonomy:
    """Build a Taxonomy from parsed YAML, or raise ValueError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping with 'version' and 'topics'")
    if data.get("version") != 1:
        problems.append(f"{source}: 'version' must be 1")
    raw_topics = data.get("topics")
    if not isinstance(raw_topics, list):
        problems.append(f"{source}: 'topics' must be a list")
        raw_topics = []
    topics = [_parse_topic(raw, index, source, problems) for index, raw in enumerate(raw_topics)]
    parsed = [topic for topic in topics if topic is not None]
    neutral = _string_list(data.get("neutral", []), f"{source}: neutral", problems)
    for term in neutral:
        if not (_TERM.fullmatch(term) or _PHRASE.fullmatch(term)):
            problems.append(f"{source}: neutral: {term!r} is not in normalised form")
    _check_slugs(parsed, source, problems)
    _check_shared_terms(parsed, neutral, source, problems)
    if problems:
        raise ValueError("Invalid taxonomy:\n" + "\n".join(f"- {p}" for p in problems))
    return Taxonomy(topics=tuple(parsed), neutral=tuple(neutral))


def _parse_topic(raw: Any, index: int, source: str, problems: list[str]) -> Topic | None:
    """One topic mapping; records its problems and returns None if it is unusable."""
    where = f"{source}: topics[{index}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping")
        return None
    slug = raw.get("slug")
    if not isinstance(slug, str) or not slug:
        problems.append(f"{where}: missing 'slug'")
        return None
    where = f"{where} ({slug})"
    for key in sorted(set(raw) - _TOPIC_KEYS):
        problems.append(f"{where}: unknown key {key!r}")
    texts = {}
    for key in ("label", "description"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: empty {key}")
        texts[key] = value.strip() if isinstance(value, str) else ""
    quick_reply = raw.get("quick_reply")
    if quick_reply is not None and (not isinstance(quick_reply, str) or not quick_reply.strip()):
        problems.append(f"{where}: quick_reply must be non-empty text when given")
        quick_reply = None
    lists = {key: _string_list(raw.get(key, []), f"{where}: {key}", problems)
             for key in ("words", "phrases", "misspellings", "also", "context")}
    if not lists["words"]:
        problems.append(f"{where}: no words")
    _check_forms(lists, where, problems)
    return Topic(slug=slug, label=texts["label"], description=texts["description"],
                 words=tuple(lists["words"]), phrases=tuple(lists["phrases"]),
                 misspellings=tuple(lists["misspellings"]), quick_reply=quick_reply,
                 also=tuple(lists["also"]), context=tuple(lists["context"]))


def _string_list(value: Any, where: str, problems: list[str]) -> list[str]:
    """A list of strings, or [] with a problem recorded."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(f"{where}: must be a list of text")
        return []
    return list(value)


def _check_forms(lists: dict[str, list[str]], where: str, problems: list[str]) -> None:
    """Words are single normalised words, phrases several; nothing repeats within a topic."""
    patterns = {"words": _WORD, "phrases": _PHRASE, "misspellings": _TERM, "also": _TERM,
                "context": _TERM}
    hint = {"words": "a single lower-case word", "phrases": "two or more lower-case words",
            "misspellings": "lower-case words", "also": "lower-case words",
            "context": "lower-case words"}
    seen: set[str] = set()
    for key, pattern in patterns.items():
        for term in lists[key]:
            if not pattern.fullmatch(term):
                problems.append(f"{where}: {key}: {term!r} is not normalised ({hint[key]})")
            if term in seen:
                problems.append(f"{where}: {key}: {term!r} is listed twice")
            seen.add(term)


def _check_slugs(topics: list[Topic], source: str, problems: list[str]) -> None:
    """Exactly the fixed slugs, each once."""
    counts: dict[str, int] = {}
    for topic in topics:
        counts[topic.slug] = counts.get(topic.slug, 0) + 1
    for slug, count in counts.items():
        if slug not in TOPIC_SLUGS:
            problems.append(f"{source}: unknown topic slug {slug!r}")
        if count > 1:
            problems.append(f"{source}: duplicate topic slug {slug!r}")
    for slug in TOPIC_SLUGS:
        if slug not in counts:
            problems.append(f"{source}: missing topic slug {slug!r}")


def spelt_out(term: str) -> list[str]:
    """Every spelling of a term: "mum/dad has/is ill" gives "mum has ill", "dad is ill"..."""
    return [" ".join(words) for words in itertools.product(*(slot.split("/") for slot in term.split()))]


def _check_shared_terms(topics: list[Topic], neutral: list[str], source: str,
                        problems: list[str]) -> None:
    """A term belongs to one topic; sharing it needs an `also` entry in the other topic.

    A phrase with alternatives ("sit/stay in my room") is compared in each of its spellings,
    so one topic's alternative cannot silently shadow another topic's phrase.
    """
    owner: dict[str, str] = {}
    for topic in topics:
        for term in topic.terms():
            for spelt in dict.fromkeys(spelt_out(term)):
                if spelt in owner and owner[spelt] != topic.slug:
                    shown = repr(spelt) if spelt == term else f"{spelt!r} (from {term!r})"
                    problems.append(
                        f"{source}: {shown} is listed under both {owner[spelt]!r} and "
                        f"{topic.slug!r}; keep it in one and add it to the other's 'also' list")
                owner.setdefault(spelt, topic.slug)
    for topic in topics:
        for term in topic.also:
            owners = {owner.get(spelt) for spelt in spelt_out(term)}
            if None in owners:
                problems.append(f"{source}: {topic.slug}: also {term!r} is not listed by any "
                                "other topic")
            elif topic.slug in owners:
                problems.append(f"{source}: {topic.slug}: also {term!r} is already its own term")
    for term in neutral:
        for spelt in dict.fromkeys(spelt_out(term)):
            if spelt in owner:
                shown = repr(spelt) if spelt == term else f"{spelt!r} (from {term!r})"
                problems.append(f"{source}: neutral {shown} is also a term of {owner[spelt]!r}")
