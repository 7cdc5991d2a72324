"""Normalisation: one plain, lower-case form of what a young person typed.

Owns case, unicode, emoji, leetspeak, stretched letters, run-together words, txt spellings and
contractions, which are expanded with or without the apostrophe ("don't"/"dont" -> "do not",
"i'm"/"im" -> "i am"); also the other forms `risk` checks (as typed, by sentence, respelt).
Must not decide meaning or risk, keep no text, and must leave numbers, ages and postcodes intact.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .characters import CONFUSABLES, emoji_as
from .spelt import undot, unspace
from .unglue import unglue
from .vocabulary import G_DROPPED, VOCABULARY


@dataclass(frozen=True)
class Normalised:
    """A message as typed, and its normalised text and tokens."""
    raw: str
    text: str
    tokens: tuple[str, ...]


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"',
                         "\u201e": '"', "\u2033": '"'})
# Zero-width characters, joiners, variation selectors, soft hyphens and skin-tone modifiers.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\ufe00-\ufe0f\U0001f3fb-\U0001f3ff]")


# Leet characters and the letters they can stand for, most likely first.
LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
        "@": "a", "$": "s", "!": "il", "|": "l", "€": "e"}

# Whole tokens in txt spelling; applied before leetspeak so "m8" and "b4" are not decoded.
TXT = {
    "idk": "i do not know", "idek": "i do not even know", "idc": "i do not care",
    "dunno": "do not know", "ppl": "people", "bc": "because", "bcos": "because",
    "bcoz": "because", "bcuz": "because", "becuz": "because", "becoz": "because",
    "cos": "because", "coz": "because", "cuz": "because", "cus": "because", "u": "you",
    "ya": "you", "ur": "your", "urs": "yours", "r": "are", "rn": "right now",
    "tbh": "to be honest", "ngl": "not going to lie", "wanna": "want to", "gonna": "going to",
    "gotta": "got to", "tryna": "trying to", "finna": "going to", "imma": "i am going to",
    "ima": "i am going to", "lemme": "let me", "gimme": "give me", "kinda": "kind of",
    "sorta": "sort of", "outta": "out of", "m8": "mate", "m8s": "mates", "2day": "today",
    "2moro": "tomorrow", "2morrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tomoz": "tomorrow", "2nite": "tonight", "2night": "tonight", "tonite": "tonight",
    "b4": "before", "pls": "please", "plz": "please", "plez": "please", "bf": "boyfriend",
    "gf": "girlfriend", "bff": "best friend", "mom": "mum", "mam": "mum", "mommy": "mum",
    "mummy": "mum", "mammy": "mum", "moms": "mums", "mams": "mums", "stepmom": "stepmum",
    "sum1": "someone", "some1": "someone", "every1": "everyone", "evry1": "everyone",
    "any1": "anyone", "ne1": "anyone", "no1": "no one", "noone": "no one", "h8": "hate",
    "gr8": "great", "l8r": "later", "l8": "late", "w8": "wait", "str8": "straight",
    "thx": "thanks", "abt": "about", "bout": "about", "wiv": "with", "wud": "would",
    "cud": "could", "shud": "should", "wat": "what", "wot": "what", "wut": "what", "y": "why",
    "n": "and", "k": "ok", "kk": "ok", "sry": "sorry", "soz": "sorry", "tho": "though",
    "thru": "through", "smth": "something", "sth": "something", "luv": "love", "gud": "good",
    "dat": "that", "dis": "this", "wen": "when", "rly": "really",
    "srsly": "seriously", "ik": "i know", "fr": "for real", "istg": "i swear to god",
    "lmk": "let me know", "jk": "just kidding", "cba": "cannot be bothered", "yr": "year",
    "yrs": "years", "nvm": "never mind", "pix": "pics", "wana": "want to", "wan2": "want to",
    "gona": "going to", "gunna": "going to", "gna": "going to", "wanted2": "wanted to",
    # Scots and Geordie words read as standard English.
    "naebody": "nobody", "neebody": "nobody", "naewan": "no one", "tae": "to",
    "divvent": "do not", "dinnae": "do not", "cannae": "cannot", "wisnae": "was not",
    "isnae": "is not", "didnae": "did not", "wouldnae": "would not", "gan": "go",
    "gannin": "going", "heid": "head", "aff": "off", "masel": "myself", "meself": "myself",
    "mesen": "myself", "hersel": "herself", "hissel": "himself", "aal": "all",
}

# Contractions, keyed without the apostrophe; these are not words in their own right.
CONTRACTIONS = {
    "dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "cannot",
    "wont": "will not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
    "mustnt": "must not", "shant": "shall not", "aint": "is not", "im": "i am",
    "ive": "i have", "youre": "you are", "theyre": "they are", "youve": "you have",
    "weve": "we have", "theyve": "they have", "youll": "you will", "theyll": "they will",
    "itll": "it will", "youd": "you would", "theyd": "they would", "hes": "he is",
    "shes": "she is", "thats": "that is", "whats": "what is", "theres": "there is",
    "whos": "who is", "hows": "how is", "wheres": "where is", "everyones": "everyone is",
    "nobodys": "nobody is", "someones": "someone is", "somebodys": "somebody is",
    "everybodys": "everybody is", "couldve": "could have", "shouldve": "should have",
    "wouldve": "would have", "mightve": "might have", "mustve": "must have",
}
# Contractions that spell a real word without the apostrophe ("ill", "well"): only expanded
# when the apostrophe was typed.
APOSTROPHE_ONLY = {
    "ill": "i will", "id": "i would", "hell": "he will", "shell": "she will", "well": "we will",
    "wed": "we would", "hed": "he would", "shed": "she would", "its": "it is", "lets": "let us",
    "were": "we are", "odd": "overdosed",
}
_SUFFIXES = {"ll": "will", "ve": "have", "re": "are", "m": "am", "d": "would"}

# Words typed without spaces.
JOINED = {
    "selfharm": "self harm", "notokay": "not okay", "notok": "not ok", "imnotok": "i am not ok",
    "imnotokay": "i am not okay", "wanttodie": "want to die", "wannadie": "want to die",
    "iwanttodie": "i want to die", "iwannadie": "i want to die", "endmylife": "end my life",
    "endmyself": "end myself", "endit": "end it", "enditall": "end it all",
    "wanttodye": "want to dye",
}
_JOINED_PATTERNS = (
    (re.compile(r"^(?:self|slef|sefl|slf)(harm\w*|harn\w*|hram\w*|injur\w*|hate|hatred)$"),
     r"self \1"),
    (re.compile(r"^(kill|kil|hurt|cut|harm|burn|hit|starve|end|unalive|stab)(ing|ed|s)?"
                r"(myself|meself|yourself|urself|herself|himself|themselves)$"), r"\1\2 \3"),
    (re.compile(r"^(want|wanna|wanted)(to)?(die|dead)$"), r"want to \3"),
    (re.compile(r"^(y|yr|year)(\d{1,2})$"), r"year \2"),
)

# Forms the squasher may aim for: real words and the spellings the tables above expand.
KNOWN_WORDS = VOCABULARY | TXT.keys() | CONTRACTIONS.keys() | JOINED.keys()
# Words a trailing "in" may stand for: "tellin" -> "telling", never "skin" -> "sking".
_G_ENDED = VOCABULARY | G_DROPPED

_SENTENCE = re.compile(r"[.!?;\n]+")
_POSTCODE_PART = re.compile(r"^(?:[a-z]{1,2}\d[a-z\d]?|\d[a-z]{2})$")
_NUMBER_UNIT = re.compile(r"^\d+[a-z]+$")
_LEET_IN_CONTEXT = re.compile(r"[01345789|€]|(?<=[a-z0-9])[@!](?=[a-z0-9])|\$(?=[a-z0-9])")
_RUN = re.compile(r"([a-z])\1{2,}")
_CENSORED = re.compile(r"(?<=[a-z])\*+(?=[a-z])")
_TO_VERB = re.compile(r"\b2 (die|kill|end|be|live|hurt|cut|go|do|see|talk|tell|stop|sleep|get|"
                      r"leave)\b")
# "id" typed for "i'd": only before words that make it read as "i would" ("id rather be dead").
_ID_WOULD = re.compile(r"\bid (?=(?:rather|be|just|never|prefer|honestly|literally|probably|"
                       r"actually|kill|die|hate|feel|do|go|want|love|like)\b)")
_TO = re.compile(r"\b(want|wanted|going|try|trying|tried|about|wish|ready|decided|planning|"
                 r"deserve|supposed) 2 ")


def normalise(raw: str) -> Normalised:
    """Normalise a message: case, unicode, emoji, leetspeak, txt spellings, contractions."""
    text = _clean_unicode(raw)
    text = re.sub(r"\bs/h\b", "sh", text)
    text = re.sub(r"\bw/(?=\s|$)", "with", text)
    text = _CENSORED.sub("", text)
    words: list[str] = []
    for chunk in text.split():
        # Most words are plain letters: skip the leet and punctuation steps for them.
        tokens = [chunk] if chunk.isalpha() and chunk.isascii() else _split_punctuation(
            _decode_token(chunk))
        for token in tokens:
            words.extend(_expand(token).split())
    joined = " ".join(words)
    joined = _TO.sub(r"\1 to ", joined + " ").strip()
    joined = _TO_VERB.sub(r"to \1", joined)
    joined = joined.replace("can not", "cannot")
    joined = _ID_WOULD.sub("i would ", joined)
    return Normalised(raw=raw, text=joined, tokens=tuple(joined.split()))


def as_typed(raw: str) -> str:
    """The words as typed: lower case, no apostrophes, sentence breaks kept as " | "."""
    text = undot(unicodedata.normalize("NFKC", raw).translate(_QUOTES).lower().translate(CONFUSABLES))
    text = _INVISIBLE.sub("", text).replace("'", "")
    # Emoji as markers, not words: "😂" can mark a joke here, but is never the word "laughing".
    text = emoji_as(text, lambda word: word.replace(" ", "") + "emoji")
    return unspace(" ".join(re.sub(r"[^\w|]+", " ", _SENTENCE.sub(" | ", text)).split()))


def by_sentence(raw: str) -> str:
    """Normalise each sentence on its own, joined by " | " so no phrase runs across them."""
    return " | ".join(normalise(p).text for p in _SENTENCE.split(undot(raw)) if p.strip())


def respell(text: str, spellings: Mapping[str, str], fuzzy_words: tuple[str, ...] = (),
            cutoff: float = 89, min_length: int = 5) -> str:
    """Replace listed misspellings, then fuzzy-correct unknown words close to `fuzzy_words`."""
    words = []
    for word in text.split():
        if word in spellings:
            word = spellings[word]
        elif (fuzzy_words and len(word) >= min_length and word.isalpha()
              and word not in VOCABULARY and not word.startswith(fuzzy_words)):
            best = process.extractOne(word, fuzzy_words, scorer=fuzz.ratio, score_cutoff=cutoff)
            word = best[0] if best is not None else word
        words.append(word)
    return " ".join(words)


def _clean_unicode(raw: str) -> str:
    """Fold width, accents, look-alike letters, curly quotes and invisible characters; emoji to words."""
    text = undot(unicodedata.normalize("NFKC", raw).translate(_QUOTES))
    text = _INVISIBLE.sub("", text)
    text = emoji_as(text, lambda word: word)
    # Drop accents from Latin letters only ("café" -> "cafe"); other scripts keep their marks.
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for i, c in enumerate(decomposed) if not (
        unicodedata.category(c) == "Mn" and i and decomposed[i - 1].isascii()))
    return unspace(unicodedata.normalize("NFC", text).lower().translate(CONFUSABLES))


def _decode_token(chunk: str) -> str:
    """Decode leetspeak in a whitespace-separated chunk, leaving numbers and postcodes alone."""
    core = chunk.strip(".,!?;:\"()[]{}<>")
    if core in TXT or not re.search(r"[a-z]", core) or not _LEET_IN_CONTEXT.search(core):
        return chunk
    letters_digits = re.match(r"^([a-z]+)(\d+)$", core)
    cautious = bool(_POSTCODE_PART.match(core) or _NUMBER_UNIT.match(core) or letters_digits)
    candidates = _leet_candidates(core)
    known = next((c for c in candidates if c in VOCABULARY), None)
    if known is None and letters_digits and letters_digits.group(1) in VOCABULARY:
        return chunk.replace(core, " ".join(letters_digits.groups()))  # "year10" -> "year 10"
    if known is None and cautious:
        return chunk
    return chunk.replace(core, known or candidates[0])


def _leet_candidates(core: str) -> list[str]:
    """Every reading of a token's leet characters, most likely first (capped at 16)."""
    options: list[str] = []
    for i, char in enumerate(core):
        in_context = _LEET_IN_CONTEXT.match(core, i) is not None
        options.append(LEET[char] if in_context and char in LEET else char)
    readings = itertools.islice(itertools.product(*options), 16)
    return ["".join(r) for r in readings]


def _split_punctuation(chunk: str) -> list[str]:
    """Turn punctuation into spaces, keeping apostrophes inside words."""
    spaced = re.sub(r"[^\w']+|_", " ", chunk)
    return [t.strip("'") for t in spaced.split() if t.strip("'")]


def _expand(token: str) -> str:
    """Expand one token: contractions, stretched letters, txt spellings, joined words."""
    bare = token.replace("'", "")
    if "'" in token:
        if bare in CONTRACTIONS or bare in APOSTROPHE_ONLY:
            return CONTRACTIONS.get(bare) or APOSTROPHE_ONLY[bare]
        head, _, tail = token.rpartition("'")
        if tail == "t" and len(head) > 1 and head.endswith("n"):
            return f"{_expand(head[:-1])} not"
        if tail in _SUFFIXES and head:
            return f"{_expand(head)} {_SUFFIXES[tail]}"
        token = bare
    if token in CONTRACTIONS:
        return CONTRACTIONS[token]
    token = _squash(token)
    if token in TXT:
        return TXT[token]
    if token in CONTRACTIONS:
        return CONTRACTIONS[token]
    if token in JOINED:
        return JOINED[token]
    for pattern, replacement in _JOINED_PATTERNS:
        if pattern.match(token):
            return pattern.sub(replacement, token)
    return _unknown(token)


def _unknown(token: str) -> str:
    """A token no table knows: a dropped g ("tellin"), or words typed without spaces."""
    if token not in VOCABULARY and token.endswith("in") and token + "g" in _G_ENDED:
        return token + "g"
    words = unglue(token, KNOWN_WORDS) if token not in KNOWN_WORDS else None
    return " ".join(_expand(word) for word in words) if words else token


def _squash(token: str) -> str:
    """Shorten runs of 3+ letters to 1 or 2, preferring a known word; default 2."""
    if not _RUN.search(token):
        return token
    parts = _RUN.split(token)
    # parts alternates: text, run letter, text, run letter, ...
    choices = [[p] if i % 2 == 0 else [p * 2, p] for i, p in enumerate(parts)]
    readings = ["".join(r) for r in itertools.islice(itertools.product(*choices), 32)]
    shortest_first = sorted(readings, key=len)
    return next((r for r in shortest_first if r in KNOWN_WORDS), readings[0])
