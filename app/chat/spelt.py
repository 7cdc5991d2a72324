"""Letters spelt out one by one to dodge filters, read back as words.

Owns the two forms: single letters with spaces between them ("k i l l m y s e l f"), and single
letters with dots, dashes or stars between them ("n.u.d.e.s", "s-u-i-c-i-d-e", "s.h"). Only runs
of three or more letters are joined (and "s.h" for self-harm), so "plan a or b", "e.g." and "p.e."
are left alone. Pure text in, text out; nothing is kept.
"""

from __future__ import annotations

import re

# Three or more single letters in a row, spaced out ("k i l l m y s e l f").
_SPACED = re.compile(r"(?<![\w])((?:[a-z] ){2,}[a-z])(?![\w])")
# Three or more single letters joined by dots, dashes or stars ("n.u.d.e.s", "s-u-i-c-i-d-e").
_DOTTED = re.compile(r"(?<![\w.])([^\W\d_](?:[.*\-][^\W\d_]){2,})\.?(?![\w])")
_SH = re.compile(r"(?<![\w.])s[./-]h\b\.?", re.IGNORECASE)  # "s.h", "s-h": self-harm


def unspace(text: str) -> str:
    """Join runs of three or more spaced single letters into one word."""
    return _SPACED.sub(lambda m: m.group(1).replace(" ", ""), text)


def undot(text: str) -> str:
    """Join letters spelt out with dots, dashes or stars between them into one word."""
    text = _DOTTED.sub(lambda m: re.sub(r"[.*\-]", "", m.group(1)), text)
    return _SH.sub("sh", text)
