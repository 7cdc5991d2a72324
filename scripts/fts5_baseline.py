"""The baseline a user could pick instead of Whoosh: SQLite FTS5 (bm25) over the same entries.

Builds an FTS5 table over name, topic words, summary and description (bm25 weights like the
Whoosh field boosts), with filter columns beside it, and answers the same queries with
filters in SQL and LIMIT 10. Used by scripts/bench.py; nothing here touches app/.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

TOKEN = re.compile(r"[a-z0-9][a-z0-9']*")


def fts_tokens(text: str) -> list[str]:
    """Query tokens for FTS5: the same stop words as the Whoosh analyzer, each quoted."""
    from app.search.schema import STOP_WORDS

    words = [w.strip("'") for w in TOKEN.findall(text.lower())]
    return ['"' + w.replace('"', '""') + '"' for w in dict.fromkeys(words)
            if len(w) >= 2 and w not in STOP_WORDS]


def synonyms_for(entry, taxonomy) -> str:
    """Topic labels, words and phrases for an entry's topics: FTS5 has no topic reading of its own."""
    parts: list[str] = []
    for slug in entry.topics:
        topic = taxonomy.by_slug(slug)
        if topic is not None:
            parts += [topic.label, *topic.words, *topic.phrases]
    return " ".join(parts)


def build(db, taxonomy, path: Path) -> sqlite3.Connection:
    """An FTS5 table over the same entries and text, with filter columns beside it."""
    from app.directory import store
    from app.search.schema import area_terms

    conn = sqlite3.connect(path)
    conn.executescript("""
        create virtual table fts using fts5(name, synonyms, summary, description,
                                            tokenize='porter unicode61');
        create table meta (rowid integer primary key, id text, status text, min_age int,
                           max_age int, free int);
        create table areas (doc int, area text);
        create table contacts (doc int, method text);
    """)
    with conn:
        for rowid, e in enumerate(store.all_entries(db), start=1):
            conn.execute("insert into fts(rowid, name, synonyms, summary, description) "
                         "values (?, ?, ?, ?, ?)",
                         (rowid, f"{e.name} {e.organisation or ''}", synonyms_for(e, taxonomy),
                          e.summary, e.description or ""))
            conn.execute("insert into meta values (?, ?, ?, ?, ?, ?)",
                         (rowid, e.id, e.status, e.min_age, e.max_age,
                          int(e.cost.get("free") is True)))
            conn.executemany("insert into areas values (?, ?)",
                             [(rowid, a) for a in area_terms(e).split()])
            conn.executemany("insert into contacts values (?, ?)",
                             [(rowid, m) for m in {c.method for c in e.contacts}])
    conn.executescript("""
        create index areas_by_area on areas (area, doc);
        create index contacts_by_method on contacts (method, doc);
        insert into fts(fts) values ('optimize');
        analyze;
    """)
    return conn


FTS_SQL = """
select m.id from fts join meta m on m.rowid = fts.rowid
where fts match :match and m.status = 'active' {filters}
order by bm25(fts, 3.0, 1.6, 1.4, 1.0) limit 10
"""
FTS_FILTERS = """
and coalesce(m.min_age, 0) <= :age and coalesce(m.max_age, 200) >= :age and m.free = 1
and m.rowid in (select doc from areas where area in ('national', :area, :district))
and m.rowid in (select doc from contacts where method = :contact)
"""


def search(conn: sqlite3.Connection, text: str, *, age: int | None = None, area: str = "",
           district: str = "", contact: str = "") -> list[tuple]:
    """Ids of the ten best entries for the words, with the filters when an age is given."""
    match = " OR ".join(fts_tokens(text)) or '""'
    if age is None:
        return conn.execute(FTS_SQL.format(filters=""), {"match": match}).fetchall()
    return conn.execute(FTS_SQL.format(filters=FTS_FILTERS),
                        {"match": match, "age": age, "area": area, "district": district,
                         "contact": contact}).fetchall()
