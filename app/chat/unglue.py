"""Splitting a long run of words typed without spaces ("idontwanttobehereanymore").

Owns one thing: finding the fewest known words that spell the run exactly. Only long runs that
split into at least four known words are split, so a real long word ("responsibilities",
"overthinking") is never broken up. Nothing is kept between calls.
"""

from __future__ import annotations

from collections.abc import Collection

MIN_LENGTH = 14    # shorter runs are left alone
MIN_WORDS = 4      # a split into fewer words is more likely a real word we do not know
LONGEST_WORD = 14  # longest known word tried at each position


def unglue(token: str, known: Collection[str]) -> list[str] | None:
    """The fewest known words that spell token, or None if it should be left as it is."""
    if len(token) < MIN_LENGTH or not token.isalpha():
        return None
    best: list[list[str] | None] = [None] * (len(token) + 1)
    best[0] = []
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - LONGEST_WORD), end):
            head = best[start]
            piece = token[start:end]
            if head is not None and piece in known and (len(piece) > 1 or piece in "ia"):
                if best[end] is None or len(head) + 1 < len(best[end]):
                    best[end] = [*head, piece]
    words = best[-1]
    return words if words is not None and len(words) >= MIN_WORDS else None
