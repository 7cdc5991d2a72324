"""Characters read as plain letters or words before risk and topic matching: letters from other
scripts that look like Latin ones, and emoji as the words they stand for.
"""

from __future__ import annotations

from collections.abc import Callable

EMOJI = {
    "😭": "crying", "😢": "sad", "😔": "sad", "😞": "sad", "😟": "sad", "🙁": "sad", "☹": "sad",
    "🥺": "sad", "💔": "heartbroken", "💀": "dead", "☠": "dead", "⚰": "coffin", "🪦": "grave",
    "🔪": "knife", "🗡": "knife", "🔫": "gun", "💊": "pills", "🩸": "blood", "🪢": "rope", "🩹": "plaster",
    "😡": "angry", "😠": "angry", "🤬": "angry", "😰": "scared", "😨": "scared", "😱": "scared",
    "😂": "laughing", "🤣": "laughing", "😆": "laughing", "🙄": "eye roll", "🆘": "help", "🚑": "ambulance",
    "🌉": "bridge", "🌁": "bridge", "🛤": "railway tracks", "🚆": "train", "🚂": "train", "🚄": "train",
    "🚅": "train", "🌊": "water", "🚶": "walking", "📸": "photo", "📷": "photo", "🍑": "bum", "🖍": "crayon",
    "👊": "punch", "🤜": "punch", "🤛": "punch", "🤕": "hurt", "💰": "money", "💸": "money",
    "💷": "money", "📤": "send", "⬇": "down", "🤫": "secret",
}

# Letters from other scripts that look like Latin ones (Unicode confusables), so a Cyrillic
# "і" inside "kіll" cannot hide a risk word. Applied after lower-casing.
CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k", "о": "o", "р": "p",
    "с": "c", "ѕ": "s", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "ɡ": "g", "ɩ": "i", "ı": "i", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "в": "b", "м": "m", "н": "h", "т": "t",
    "ԋ": "h", "ʏ": "y", "ᴋ": "k", "ℓ": "l",
})


def emoji_as(text: str, spell: Callable[[str], str]) -> str:
    """Each known emoji replaced by `spell(its word)`, spaced off from its neighbours."""
    if text.isascii():  # every emoji is outside ASCII; most messages are plain ASCII
        return text
    for emoji, word in EMOJI.items():
        text = text.replace(emoji, f" {spell(word)} ")
    return text
