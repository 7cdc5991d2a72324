"""Conversation state: a small dict held by the page as a signed token, never on the server.

It keeps refinements (age, area, how they like to talk), topic slugs and which entries were
shown, so "show me more" works, a pending check-in question and whether urgent help must stay
on screen. It never holds what the person typed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, replace

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "signpost-chat-state"
MAX_TOKEN = 4096
MAX_CUES = 12


class BadState(ValueError):
    """The state token is not one we signed, or is malformed."""


@dataclass(frozen=True)
class State:
    age: int | None = None
    postcode: str | None = None
    area: str | None = None
    contact: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    turns: int = 0
    escalated: tuple[str, ...] = field(default=())
    said: tuple[str, ...] = ()  # reply parts said once per conversation (the intro, the hint)
    checkin: tuple[str, ...] = ()   # (category, about) of a check-in question awaiting an answer
    urgent: str | None = None       # who was in immediate danger ("self"/"someone-else"), kept
    # Names of risk ideas said in earlier turns ("a high place", "medicine") that a later
    # short answer ("to jump", "the whole box") may complete: idea names, never typed words.
    cues: tuple[str, ...] = ()

    def with_(self, **changes) -> State:
        """A copy with some fields changed."""
        return replace(self, **changes)


FIELDS = tuple(f.name for f in fields(State))


@functools.lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeSerializer:
    """One serializer per secret key (it holds nothing else), made once, not every turn."""
    return URLSafeSerializer(secret, salt=SALT)


def dump(state: State, secret: str) -> str:
    """Sign the state into a token for the page to hold."""
    # Every field is a plain value or a tuple of strings: no deep copy (`asdict`) needed.
    data = {name: getattr(state, name) for name in FIELDS}
    data["shown"] = list(state.shown[-40:])
    return _serializer(secret).dumps(data)


def load(token: str | None, secret: str) -> State:
    """The state in a token we signed; a fresh state for None or ''; BadState otherwise."""
    if not token:
        return State()
    if not isinstance(token, str) or len(token) > MAX_TOKEN:
        raise BadState("state is not a token from this site")
    try:
        data = _serializer(secret).loads(token)
        return State(
            age=_opt_int(data.get("age")),
            postcode=_opt_str(data.get("postcode")),
            area=_opt_str(data.get("area")),
            contact=_strs(data.get("contact")),
            avoid=_strs(data.get("avoid")),
            topics=_strs(data.get("topics")),
            shown=_strs(data.get("shown")),
            turns=int(data.get("turns") or 0),
            escalated=_strs(data.get("escalated")),
            said=_strs(data.get("said")),
            checkin=_strs(data.get("checkin"))[:2],
            urgent=_opt_str(data.get("urgent")),
            cues=_strs(data.get("cues"))[:MAX_CUES],
        )
    except (BadSignature, AttributeError, TypeError, ValueError) as exc:
        raise BadState("state is not a token from this site") from exc


def _opt_int(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an int")
    return value


def _opt_str(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _strs(value) -> tuple[str, ...]:
    if not value:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("not a list of strings")
    return tuple(value)
