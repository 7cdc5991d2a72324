"""Open Referral UK syncs: a feed's services planned as new, changed and gone, then accepted.

Owns the pending sync (stored in the `syncs` table until an admin accepts or discards it),
which entries each feed owns (`feed_entries`), and accepting: every change written in one
transaction with an audit record each, a service gone from the feed retired, never deleted.
Nothing is published by planning. No Flask, no HTTP here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from . import audit, editing, store
from .editing import Editor
from .entry import Entry
from .feed import Feed, FeedError, Progress, read_feed
from .feed_mapping import Mapping, entry_id, load_mapping, map_service
from .fetch import DEFAULT_LIMITS, Limits
from .validate import validate_entry

# What a feed decides; everything else on an entry (who it is for, referral routes, review
# notes) is kept as the directory has it.
FEED_FIELDS = ("name", "organisation", "summary", "description", "website", "email", "contacts",
               "grouping", "topics", "min_age", "max_age", "coverage", "hours", "cost",
               "languages", "status", "status_note", "source_url", "last_verified")
KINDS = ("new", "changed", "gone")
CHUNK = 500


@dataclass(frozen=True)
class Accepted:
    problems: tuple[str, ...] = ()
    counts: dict | None = None
    indexed: bool = True

    @property
    def ok(self) -> bool:
        """True when every change in the sync was written."""
        return not self.problems


def preview_feed(db: sqlite_utils.Database, url: str, *, mapping_path, topics: tuple[str, ...],
                 area: str | None, today: dt.date, limits: Limits = DEFAULT_LIMITS,
                 progress: Progress | None = None) -> dict:
    """Read a feed and plan its sync; FeedError (changing nothing) if the feed or mapping is unusable."""
    mapping = load_mapping(mapping_path, topics)
    if mapping.problems:
        raise FeedError("The mapping file has problems: " + "; ".join(mapping.problems))
    found = read_feed(url, limits=limits, progress=progress)
    return plan_sync(db, found, mapping, topics, area=area, today=today)


def plan_sync(db: sqlite_utils.Database, feed: Feed, mapping: Mapping, topics: tuple[str, ...], *,
              area: str | None, today: dt.date) -> dict:
    """What accepting this feed would do: new, changed and gone entries, and services left out."""
    owned = {r["entry_id"]: r["feed_url"] for r in db.query("select * from feed_entries")}
    ids = [entry_id(str(s["id"]), feed.url) for s in feed.services]
    existing = _existing(db, ids)
    plan: dict = {"feed_url": feed.url, "area": area, "pages": feed.pages,
                  "new": [], "changed": [], "gone": [], "unchanged": 0, "skipped": []}
    seen: set[str] = set()
    for service in feed.services:
        data = map_service(service, mapping, feed_url=feed.url, area=area, today=today)
        eid, name = data["id"], str(service.get("name") or service["id"])
        problems = []
        if eid in seen:
            problems.append(("id", "the feed lists this service twice"))
        elif eid in existing and owned.get(eid) != feed.url:
            problems.append(("id", "an entry with this id is already in the directory and does "
                                   "not come from this feed, so the feed cannot change it"))
        seen.add(eid)
        old = existing.get(eid)
        if old is not None:
            data = old.to_dict() | {k: data[k] for k in FEED_FIELDS}
            data["last_verified"] = data["last_verified"] or old.last_verified
        data["last_verified"] = data["last_verified"] or today.isoformat()
        problems += [(p.field, p.message) for p in validate_entry(data, topics=topics, today=today)]
        if problems:
            plan["skipped"].append({"service_id": str(service["id"]), "name": name,
                                    "problems": [list(p) for p in problems]})
            continue
        after = Entry.from_dict(data).to_dict()
        if old is None:
            plan["new"].append(_item(eid, "new", after, None, None))
        elif (changes := audit.diff(old.to_dict(), after)):
            plan["changed"].append(_item(eid, "changed", after, old, changes))
        else:
            plan["unchanged"] += 1
    gone = [i for i, url in owned.items() if url == feed.url and i not in seen]
    for old in _existing(db, gone).values():
        if old.status != "inactive":
            after = old.to_dict() | {"status": "inactive", "status_note": None}
            plan["gone"].append(_item(old.id, "gone", after, old, audit.diff(old.to_dict(), after)))
    return plan


def counts(plan: dict) -> dict:
    """How many entries a plan adds, changes, retires, leaves alone and leaves out."""
    return {"new": len(plan["new"]), "changed": len(plan["changed"]), "gone": len(plan["gone"]),
            "unchanged": plan["unchanged"], "skipped": len(plan["skipped"])}


def _item(eid: str, kind: str, after: dict, old: Entry | None, changes) -> dict:
    return {"entry_id": eid, "name": after["name"], "kind": kind, "after": after,
            "version": old.version if old else None,
            "changes": [{"field": c.field, "before": c.before, "after": c.after}
                        for c in changes or ()]}


def _existing(db: sqlite_utils.Database, ids: list[str]) -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for start in range(0, len(ids), CHUNK):
        found.update(store.get_many(db, ids[start:start + CHUNK], drafts=True))
    return found


# -- pending syncs -----------------------------------------------------------------------------
def save_plan(db: sqlite_utils.Database, plan: dict, *, who: str, now: dt.datetime) -> int:
    """Keep a plan for an admin to accept; an older pending sync of the same feed is superseded."""
    with db.atomic():
        db.execute("update syncs set status = 'superseded' where feed_url = ? and status = 'pending'",
                   [plan["feed_url"]])
        cursor = db.execute(
            "insert into syncs (feed_url, area, created_at, created_by, status, counts, plan)"
            " values (?, ?, ?, ?, 'pending', ?, ?)",
            [plan["feed_url"], plan["area"], now.isoformat(timespec="seconds"), who,
             json.dumps(counts(plan)), json.dumps(plan, ensure_ascii=False)])
    return int(cursor.lastrowid)


def get_sync(db: sqlite_utils.Database, sync_id: int) -> dict | None:
    """A stored sync with its plan and counts, or None."""
    rows = list(db.query("select * from syncs where id = ?", [sync_id]))
    if not rows:
        return None
    row = dict(rows[0])
    row["plan"], row["counts"] = json.loads(row["plan"]), json.loads(row["counts"])
    return row


def recent_syncs(db: sqlite_utils.Database, limit: int = 20) -> list[dict]:
    """The latest syncs, newest first, without their plans."""
    rows = db.query("select id, feed_url, area, created_at, created_by, status, counts,"
                    " decided_at, decided_by from syncs order by id desc limit ?", [limit])
    return [dict(r, counts=json.loads(r["counts"])) for r in rows]


def discard(db: sqlite_utils.Database, sync_id: int, *, editor: Editor, now: dt.datetime) -> bool:
    """Drop a pending sync; False if it was not pending."""
    with db.atomic():
        cursor = db.execute("update syncs set status = 'discarded', decided_at = ?, decided_by = ?"
                            " where id = ? and status = 'pending'",
                            [now.isoformat(timespec="seconds"), editor.who, sync_id])
    return cursor.rowcount == 1


def accept(db: sqlite_utils.Database, data_dir, sync_id: int, *, editor: Editor,
           now: dt.datetime | None = None) -> Accepted:
    """Write a pending sync all or nothing, one audit record per entry; then update the index."""
    now = now or dt.datetime.now(dt.UTC)
    sync = get_sync(db, sync_id)
    if sync is None or sync["status"] != "pending":
        return Accepted(problems=("This sync is no longer waiting: it was accepted, discarded "
                                  "or replaced by a newer one.",))
    plan = sync["plan"]
    items = [item for kind in KINDS for item in plan[kind]]
    note = f"Open Referral UK sync {sync_id} from {plan['feed_url']}"
    touched: dict[str, bool] = {}
    with db.atomic():
        stored = _stored(db, [item["entry_id"] for item in items])
        problems = _conflicts(stored, items)
        if problems:
            return Accepted(problems=tuple(problems))
        for item in items:
            found = stored.get(item["entry_id"])
            published = found[1] if found else True
            entry = Entry.from_dict(item["after"])
            if not editing.write_row(db, entry, published, expected=item["version"], now=now):
                raise RuntimeError(f"entry {entry.id} changed during the sync")
            audit.record(db, who=editor.who, user_id=editor.user_id, entry_id=entry.id,
                         action="retire" if item["kind"] == "gone" else "import",
                         before=editing.snapshot(*found) if found else None,
                         after=editing.snapshot(entry, published),
                         versions=(item["version"], (item["version"] or 0) + 1), now=now, note=note)
            touched[entry.id] = published
        db["feed_entries"].upsert_all(
            ({"entry_id": i["entry_id"], "feed_url": plan["feed_url"],
              "service_id": i["after"]["source_url"].rsplit("/", 1)[-1]} for i in plan["new"]),
            pk="entry_id", batch_size=500)
        db.execute("update syncs set status = 'accepted', decided_at = ?, decided_by = ? where id = ?",
                   [now.isoformat(timespec="seconds"), editor.who, sync_id])
    indexed = editing.reindex(db, data_dir, touched) if touched else True
    return Accepted(counts=sync["counts"], indexed=indexed)


def _stored(db: sqlite_utils.Database, ids: list[str]) -> dict[str, tuple[Entry, bool] | None]:
    """Each stored entry among these ids with whether it is published (None: unreadable)."""
    found: dict[str, tuple[Entry, bool] | None] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        sql = f"select * from entries where id in ({','.join('?' * len(chunk))})"  # noqa: S608
        for row in db.query(sql, chunk):
            try:
                found[row["id"]] = (store.from_row(row), bool(row.get("published", 1)))
            except store.UnreadableEntry:
                found[row["id"]] = None
    return found


def _conflicts(stored: dict[str, tuple[Entry, bool] | None], items: Iterable[dict]) -> list[str]:
    """Entries edited since the preview: the sync must be run again rather than overwrite them."""
    problems = []
    for item in items:
        if item["entry_id"] in stored and stored[item["entry_id"]] is None:
            problems.append(f"{item['name']} is stored in a form that cannot be read. "
                            "Fix it in the admin area, then run the sync again.")
            continue
        found = stored.get(item["entry_id"])
        version = found[0].version if found else None
        if version != item["version"]:
            problems.append(f"{item['name']} has changed in the directory since the preview. "
                            "Run the sync again to see the feed against it.")
    return problems
