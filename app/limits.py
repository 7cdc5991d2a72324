"""Rate limits kept in SQLite: shared by every worker, and kept across restarts.

A limit allows `count` hits per `seconds` for one (scope, key), such as a sign-in address.
`take` checks every limit and records a hit against each in one IMMEDIATE transaction, so two
workers cannot both slip under a limit; `give_back` removes hits that should not count (a
sign-in that succeeded). Keys (addresses, emails) are stored only as keyed hashes, with a key
kept in the database, and hits are deleted after two days. No Flask here.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import sqlite_utils

KEEP_SECONDS = 2 * 24 * 3600  # hits older than the longest window are deleted as we go


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


def take(db: sqlite_utils.Database, hits: list[tuple[Limit, str]], *,
         now: float | None = None) -> list[int] | None:
    """Record one hit against each (limit, key); None (and nothing recorded) if any is full."""
    now = time.time() if now is None else now
    salt = db.execute("select value from settings where key = 'limits_salt'").fetchone()[0]
    hits = [(limit, _hashed(key, salt)) for limit, key in hits]
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for limit, key in hits:
            used = conn.execute("select count(*) from rate_hits where scope = ? and key = ? "
                                "and at > ?", [limit.scope, key, now - limit.seconds]).fetchone()[0]
            if used >= limit.count:
                conn.rollback()
                return None
        ids = [conn.execute("insert into rate_hits (scope, key, at) values (?, ?, ?)",
                            [limit.scope, key, now]).lastrowid for limit, key in hits]
        conn.execute("delete from rate_hits where at < ?", [now - KEEP_SECONDS])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return [int(i) for i in ids]


def _hashed(key: str, salt: str) -> str:
    return hmac.new(salt.encode(), key.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def give_back(db: sqlite_utils.Database, ids: list[int]) -> None:
    """Remove hits that should not count after all."""
    with db.atomic():
        db.execute(f"delete from rate_hits where rowid in ({','.join('?' * len(ids))})", ids)  # noqa: S608
