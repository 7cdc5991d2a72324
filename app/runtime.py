"""The running directory for one Flask app: data folder, taxonomy, database, search.

Owns start-up (load the built-in data into an empty data folder; make sure the index is
sound, rebuilding it here or, under gunicorn, in the background while search reads SQLite)
and hands out per-thread database connections. No request handling here.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path

from flask import Flask, current_app

from app.chat import named, risk, risk_examples
from app.chat.concerns import common_words, prepare, understand
from app.chat.places import load_places
from app.chat.replies import load_replies
from app.chat.turn import Assistant
from app.chat.urgent import load_plan
from app.directory import service, store
from app.search import index as search_index
from app.search.fallback import Fallback
from app.search.found import Reading
from app.search.keeper import IndexKeeper
from app.search.query import Finder
from app.search.rebuild import rebuild_lock
from app.taxonomy import load_taxonomy

from .reviewed_yaml import load_reviewed

log = logging.getLogger(__name__)
ENTRY_CACHE = 20_000  # decoded entries kept between index changes


class Runtime:
    """What the app needs at hand: where data lives, the taxonomy, the finder."""

    def __init__(self, data_dir: Path, directory_data: Path, *, load_demo: bool = False,
                 background_index: bool = False):
        self.data_dir = data_dir
        self.directory_data = directory_data
        self.load_demo = load_demo
        self.background_index = background_index
        self.taxonomy = load_taxonomy(directory_data / "taxonomy.yaml")
        self._local = threading.local()
        finder = Finder(data_dir, self.taxonomy, known_words=common_words(),
                        postcode_areas=load_postcode_areas(directory_data),
                        understand=partial(read_search, taxonomy=self.taxonomy))
        self.finder = IndexKeeper(
            finder, Fallback(lambda: store.all_entries(self.db()), finder), data_dir,
            check=lambda: service.check_index(self.db(), data_dir),
            ensure=lambda failed: service.ensure_index(self.db(), data_dir, failed=failed))
        prepare(self.taxonomy)
        self._assistant = None
        self._entries: dict = {}
        self._entries_generation = None
        self._entries_lock = threading.Lock()
        self.rules_failed = False
        self.start_drift = None  # drift found and mended at start-up, for `flask check-index`

    def assistant(self):
        """The chat assistant: reviewed data, the finder and a way to fetch entries."""
        if self._assistant is None:
            folder = self.directory_data
            areas, names = self._directory_words()
            self._assistant = Assistant(
                taxonomy=self.taxonomy,
                rules=self._rules(folder / "risk_rules.yaml"),
                replies=load_replies(folder / "replies.yaml"),
                finder=self.finder,
                fetch=self.fetch,
                urgent=load_plan(folder),
                known_areas=areas,
                places=load_places(folder / "places.yaml"),
                names=names,
            )
        return self._assistant

    def _rules(self, path):
        """The risk rules; if they cannot load, or a rule gets one of its own reviewed examples
        wrong, None, so every turn fails closed with urgent help."""
        try:
            rules = risk.load_rules(path)
            risk_examples.check(rules, path, self.data_dir)
            return rules
        except (ValueError, OSError):
            log.exception("risk rules failed to load: every chat turn will show urgent help")
            self.rules_failed = True
            return None

    def _directory_words(self) -> tuple[tuple[str, ...], named.Names]:
        """In one pass over the directory: the local authority names it covers (for 'I live in
        ...') and the names people use for its services that are not inactive ('what is CAMHS')."""
        areas: set[str] = set()
        active = []
        for entry in store.all_entries(self.db()):
            areas.update(entry.coverage.get("local_authorities") or ())
            if entry.status != "inactive":
                active.append(entry)
        return tuple(sorted(areas)), named.index(active, common_words())

    def fetch(self, ids: list[str]) -> dict:
        """Published entries by id, decoded once per index generation.

        Every change to an entry also changes the index, so a new index generation is the
        moment cached entries may be stale; the cache is then dropped.
        """
        generation = search_index.generation(self.data_dir)
        with self._entries_lock:
            if generation != self._entries_generation or len(self._entries) > ENTRY_CACHE:
                self._entries, self._entries_generation = {}, generation
            missing = [i for i in ids if i not in self._entries]
        if missing:
            found = store.get_many(self.db(), missing)
            with self._entries_lock:
                if generation == self._entries_generation:
                    self._entries.update(found)
        else:
            found = {}
        with self._entries_lock:
            cached = self._entries
        return {i: cached.get(i) or found[i] for i in ids if i in cached or i in found}

    def db(self):
        """This thread's database connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = store.connect(service.db_path(self.data_dir))
            self._local.db = db
        return db

    def start(self) -> None:
        """Load built-in data into an empty folder, and make sure the index is sound."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        db = self.db()
        if store.count(db) == 0:
            with rebuild_lock(self.data_dir):  # two workers on a fresh folder load it once
                if store.count(db) == 0:
                    self._load_built_in(db)
        self.finder.start(background=self.background_index)
        outcome = self.finder.outcome
        if outcome and outcome[0] == "rebuilt":
            drift = outcome[1]
            if drift.error:
                log.warning("search index missing or unreadable (%s): rebuilt it from the "
                            "database", drift.error)
            else:
                # An import killed while indexing leaves the index behind the database.
                log.warning("search index out of step with the database: rebuilt it")
            self.start_drift = drift

    def _load_built_in(self, db) -> None:
        report = service.load_paths(db, self.data_dir, [self.directory_data], self.taxonomy,
                                    include_demo=self.load_demo, who=None)
        if not report.ok:
            problems = "\n".join(str(p) for p in report.problems)
            raise RuntimeError(f"the built-in directory data is invalid:\n{problems}")
        log.info("loaded %d built-in entries", report.added)

    def index_usable(self) -> bool:
        """True when the index opens and can be searched (and is not being rebuilt)."""
        return self.finder.ready and search_index.doc_count(self.data_dir) is not None

    def index_health(self) -> dict:
        """Entries in the database and the index, the generation, and whether it is healing."""
        published = self.db().execute("select count(*) from entries where published = 1")
        in_db = int(published.fetchone()[0])
        in_index = search_index.doc_count(self.data_dir)
        return {"entries_db": in_db, "entries_index": in_index,
                "drift": None if in_index is None else abs(in_db - in_index),
                "generation": search_index.generation(self.data_dir),
                "rebuilding": not self.finder.ready or self.finder.healing}


def read_search(text: str, known_words: frozenset[str] = frozenset(), *, taxonomy) -> Reading:
    """A search box's words as the chat understands them: topics first, then the other words."""
    understanding = understand(text, taxonomy, known_words=known_words)
    covered = {w for c in understanding.concerns for phrase in c.evidence for w in phrase.split()}
    pairs = zip(understanding.normalised.split(), understanding.corrected.split(), strict=False)
    words = tuple(fixed for typed, fixed in pairs if typed not in covered and fixed not in covered)
    return Reading(tuple((c.slug, c.evidence) for c in understanding.concerns), words,
                   understanding.corrections)


def load_postcode_areas(directory_data: Path) -> dict[str, tuple[str, ...]]:
    """Postcode areas and districts to the local authorities they lie in (postcode_areas.yaml)."""
    path = directory_data / "postcode_areas.yaml"
    if not path.exists():
        return {}
    data = load_reviewed(path.read_text(encoding="utf-8")) or {}
    return {str(code): tuple(names) for code, names in (data.get("areas") or {}).items()}


def init_app(app: Flask) -> None:
    """Create the app's runtime and start it."""
    runtime = Runtime(
        Path(app.config["DATA_DIR"]),
        Path(app.config["DIRECTORY_DATA"]),
        load_demo=bool(app.config.get("LOAD_DEMO")),
        background_index=str(app.config.get("INDEX_REBUILD", "")).lower() == "background",
    )
    runtime.start()
    app.extensions["signpost"] = runtime


def current() -> Runtime:
    """The runtime of the app handling this request or command."""
    return current_app.extensions["signpost"]
