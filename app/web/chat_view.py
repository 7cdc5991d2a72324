"""The sealed address of the no-JavaScript chat page (`/?s=...`), so Back never resends a form.

After a post, the page redirects to an address holding the state token and the reply as
template keys and entry ids (app.chat.recap), never the typed message. The seal is Fernet
(encrypted and signed, key derived from the secret key), so browser history does not show
what a conversation was about, and it expires. Nothing is stored on the server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib

from cryptography.fernet import Fernet, InvalidToken

TTL = 2 * 60 * 60  # seconds: a sealed address from history stops working after two hours
MAX_SEALED = 8192


def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(b"signpost-chat-view:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(payload: dict, secret: str) -> str:
    """Compress, encrypt and sign a small dict for the page address."""
    raw = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 9)
    return _fernet(secret).encrypt(raw).decode("ascii")


def unseal(token: str, secret: str, ttl: int = TTL) -> dict | None:
    """The dict in a sealed address, or None if it is not ours, is damaged or has expired."""
    if not token or len(token) > MAX_SEALED:
        return None
    try:
        data = json.loads(zlib.decompress(_fernet(secret).decrypt(token.encode("ascii"), ttl=ttl)))
    except (InvalidToken, ValueError, UnicodeError, zlib.error):
        return None
    return data if isinstance(data, dict) else None
