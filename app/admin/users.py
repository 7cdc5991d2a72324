"""Admin and editor accounts: stored in SQLite, passwords hashed with scrypt.

Owns the password rules (12 characters or more, not a common password even in leetspeak,
padded or repeated) and account changes.
No Flask here, so the CLI, the views and tests share it. Never logs or returns a password.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

ROLES = {"admin": "Admin", "editor": "Editor"}
MIN_PASSWORD = 12
MAX_PASSWORD = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


class AccountError(ValueError):
    """An account change that breaks a rule; the message is for the person making it."""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    active: bool
    created_at: str | None
    password_changed_at: str | None
    last_login_at: str | None

    @property
    def is_admin(self) -> bool:
        """Admins manage accounts and read the audit log as well as editing entries."""
        return self.role == "admin"

    @property
    def role_label(self) -> str:
        """The role in plain words."""
        return ROLES.get(self.role, self.role)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked when the email is unknown, so a wrong email costs as much as a wrong password."""
    return generate_password_hash("not-a-real-password-for-timing", method="scrypt")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of very common passwords, lower case."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def password_problems(password: str, email: str = "") -> list[str]:
    """What is wrong with a new password, in plain words (empty when it is fine)."""
    if len(password) < MIN_PASSWORD:
        return [f"Password must be at least {MIN_PASSWORD} characters"]
    if len(password) > MAX_PASSWORD:
        return [f"Password must be {MAX_PASSWORD} characters or fewer"]
    lowered = password.lower()
    if _guessable(lowered):
        return ["Password is too common: choose one that is harder to guess"]
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return ["Password must not contain your email address"]
    return []


LEET = str.maketrans({"@": "a", "4": "a", "8": "b", "3": "e", "1": "i", "!": "i", "|": "i",
                      "0": "o", "5": "s", "$": "s", "7": "t", "+": "t", "2": "z"})


def _guessable(lowered: str) -> bool:
    """True for a listed password however it is dressed up: leetspeak, padding or repeats."""
    padding = "0123456789!@#$%^&*()-_=+.,?~ "
    for word in {lowered, lowered.rstrip(padding), lowered.strip(padding)}:
        leet = word.translate(LEET)
        for form in (word, leet, leet.rstrip("i")):  # "password1" -> "passwordi" -> "password"
            if not form or form in common_passwords() or len(set(form)) <= 2 or _repeats(form):
                return True
    return False


def _repeats(text: str) -> str | None:
    """The block a text is made of when it is one short block (up to 6 characters) repeated."""
    for size in range(1, min(6, len(text) // 2) + 1):
        block = text[:size]
        if len(text) % size == 0 and block * (len(text) // size) == text:
            return block
    return None


def normalise_email(email: str) -> str:
    """Email addresses are stored trimmed and lower case."""
    return (email or "").strip().lower()


def email_problems(email: str) -> list[str]:
    """What is wrong with an email address, if anything."""
    if not EMAIL.match(email) or len(email) > 254:
        return ["Enter an email address in the correct format, like name@example.org"]
    return []


def _from_row(row: dict) -> User:
    return User(row["id"], row["email"], row["role"], bool(row["active"]), row.get("created_at"),
                row.get("password_changed_at"), row.get("last_login_at"))


def get(db: sqlite_utils.Database, user_id: int) -> User | None:
    """An account by id, or None."""
    rows = list(db.query("select * from users where id = ?", [user_id]))
    return _from_row(rows[0]) if rows else None


def find(db: sqlite_utils.Database, email: str) -> User | None:
    """An account by email address, or None."""
    rows = list(db.query("select * from users where email = ?", [normalise_email(email)]))
    return _from_row(rows[0]) if rows else None


def all_users(db: sqlite_utils.Database) -> list[User]:
    """Every account, by email address."""
    return [_from_row(r) for r in db.query("select * from users order by email")]


def _stamp(now: dt.datetime | None, timespec: str = "seconds") -> str:
    return (now or dt.datetime.now(dt.UTC)).isoformat(timespec=timespec)


def _changed(now: dt.datetime | None) -> str:
    """When a password changed, precise enough that every change gives a new value."""
    return _stamp(now, "microseconds")


def create_user(db: sqlite_utils.Database, email: str, password: str, role: str, *,
                now: dt.datetime | None = None) -> User:
    """Add an account, or AccountError saying every rule it breaks."""
    email = normalise_email(email)
    problems = email_problems(email) + password_problems(password, email)
    if role not in ROLES:
        problems.append(f"Role must be one of {', '.join(ROLES)}")
    if find(db, email) is not None:
        problems.append("An account with that email address already exists")
    if problems:
        raise AccountError("; ".join(problems))
    with db.atomic():
        cursor = db.execute(
            "insert into users (email, password_hash, role, active, created_at,"
            " password_changed_at) values (?, ?, ?, 1, ?, ?)",
            [email, generate_password_hash(password, method="scrypt"), role, _stamp(now),
             _changed(now)])
    user = get(db, int(cursor.lastrowid))
    assert user is not None  # noqa: S101 - just inserted
    return user


def check_login(db: sqlite_utils.Database, email: str, password: str, *,
                now: dt.datetime | None = None) -> User | None:
    """The active account for this email and password, or None (same cost either way)."""
    rows = list(db.query("select * from users where email = ?", [normalise_email(email)]))
    stored = rows[0]["password_hash"] if rows else _dummy_hash()
    if not check_password_hash(stored, password or "") or not rows or not rows[0]["active"]:
        return None
    with db.atomic():
        db.execute("update users set last_login_at = ? where id = ?", [_stamp(now), rows[0]["id"]])
    return get(db, rows[0]["id"])


def verify_password(db: sqlite_utils.Database, user_id: int, password: str) -> bool:
    """Whether this is the account's current password (nothing is recorded)."""
    rows = list(db.query("select password_hash from users where id = ?", [user_id]))
    return bool(rows) and check_password_hash(rows[0]["password_hash"], password or "")


def set_password(db: sqlite_utils.Database, user_id: int, password: str, *,
                 now: dt.datetime | None = None) -> None:
    """Give an account a new password (which signs it out everywhere)."""
    user = _existing(db, user_id)
    problems = password_problems(password, user.email)
    if problems:
        raise AccountError("; ".join(problems))
    with db.atomic():
        db.execute("update users set password_hash = ?, password_changed_at = ? where id = ?",
                   [generate_password_hash(password, method="scrypt"), _changed(now), user_id])


def set_role(db: sqlite_utils.Database, user_id: int, role: str) -> None:
    """Make an account an admin or an editor; the last active admin stays an admin."""
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    user = _existing(db, user_id)
    if user.is_admin and role != "admin" and _other_admins(db, user_id) == 0:
        raise AccountError("There must always be at least one active admin")
    with db.atomic():
        db.execute("update users set role = ? where id = ?", [role, user_id])


def set_active(db: sqlite_utils.Database, user_id: int, active: bool) -> None:
    """Disable or enable an account; the last active admin cannot be disabled."""
    user = _existing(db, user_id)
    if not active and user.is_admin and _other_admins(db, user_id) == 0:
        raise AccountError("There must always be at least one active admin")
    with db.atomic():
        db.execute("update users set active = ? where id = ?", [int(active), user_id])


def _existing(db: sqlite_utils.Database, user_id: int) -> User:
    user = get(db, user_id)
    if user is None:
        raise AccountError("That account does not exist")
    return user


def _other_admins(db: sqlite_utils.Database, user_id: int) -> int:
    row = db.execute("select count(*) from users where role = 'admin' and active = 1 and id != ?",
                     [user_id]).fetchone()
    return int(row[0])
