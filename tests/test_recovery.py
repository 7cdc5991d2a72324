"""Recovery: a lost or corrupt index, a damaged database, and an import killed part-way.

A missing or garbage index is rebuilt at start-up and search answers as before. `flask
backup` then `flask restore` brings back a damaged database (even one the app cannot open);
restore refuses files that are not sound Signpost databases. An import killed with SIGKILL
leaves the database exactly as before or exactly as after, never half.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import create_app
from app.cli import build_index, check_index
from app.directory import formats, service, store
from app.directory.entry import Entry
from app.ops_cli import backup_command, restore_command
from app.search import index as search_index

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
QUERIES = ("anxious", "cant sleep", "bullied at school", "self harm", "exam stress")
BIG = 1500
# Whoosh leaves a corrupt table-of-contents file open when it fails to read it (closed by the
# garbage collector): that ResourceWarning is Whoosh's, not a failure of recovery.
whoosh_leak = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _make(data_dir) -> object:
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data_dir)})


def _results(app) -> dict[str, list[str]]:
    client = app.test_client()
    return {q: [i["id"] for i in client.get("/api/services", query_string={"q": q}).get_json()["items"]]
            for q in QUERIES}


def _state(data_dir) -> tuple[int, search_index.Drift]:
    """(entries in SQLite, drift between SQLite and the index), read straight from the files."""
    db = store.connect(service.db_path(data_dir))
    try:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        assert problems == ["ok"], problems
        return store.count(db), search_index.check(data_dir, store.all_entries(db))
    finally:
        db.close()


def _flask(data_dir, *args, output=subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "SIGNPOST_DATA_DIR": str(data_dir), "SIGNPOST_SECRET_KEY": "test-secret"}
    return subprocess.Popen([str(FLASK), "--app", "app", *args], cwd=ROOT, env=env,
                            stdout=output, stderr=subprocess.STDOUT, text=True)


# -- the index --------------------------------------------------------------------------
def _wipe(folder: Path) -> None:
    shutil.rmtree(folder)


def _garble(folder: Path) -> None:
    for file in folder.iterdir():
        file.write_bytes(b"\x00\xffnot an index" * 100)


def damage_segment_middle(folder: Path) -> None:
    """Overwrite bytes in the middle of the biggest segment file: it still opens."""
    segment = max((f for f in folder.iterdir() if f.suffix == ".seg"), key=lambda f: f.stat().st_size)
    size = segment.stat().st_size
    with segment.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 256)


@whoosh_leak
@pytest.mark.parametrize("damage", [_wipe, _garble, damage_segment_middle],
                         ids=["missing index", "corrupt index", "segment damaged in the middle"])
def test_a_lost_or_corrupt_index_is_rebuilt_at_start_up(app, caplog, damage):
    before = _results(app)
    assert any(before.values())
    data_dir = Path(app.config["DATA_DIR"])
    damage(search_index.index_dir(data_dir))
    caplog.set_level(logging.INFO)
    again = _make(data_dir)
    assert "search index missing or unreadable" in caplog.text
    assert _results(again) == before
    assert again.test_client().get("/healthz").status_code == 200
    assert _state(data_dir)[1].clean


# -- backup and restore -----------------------------------------------------------------
def _damage_database(db_file: Path, *, header: bool) -> None:
    """Checkpoint, then write garbage over the header or over pages in the middle."""
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with db_file.open("r+b") as handle:
        handle.seek(0 if header else 4096 * 2)
        handle.write(os.urandom(4096 * 3))


@pytest.mark.parametrize("header", [False, True], ids=["damaged pages", "damaged header"])
def test_backup_then_restore_brings_back_a_damaged_database(app, tmp_path, header):
    data_dir = Path(app.config["DATA_DIR"])
    before = _results(app)
    count_before = _state(data_dir)[0]
    saved = tmp_path / "signpost-backup.db"
    result = app.test_cli_runner().invoke(backup_command, [str(saved)])
    assert result.exit_code == 0, result.output
    assert f"Backed up {count_before:,} entries" in result.output
    assert "integrity check passed" in result.output

    _damage_database(service.db_path(data_dir), header=header)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(service.db_path(data_dir)).execute("PRAGMA integrity_check").fetchall()

    # A separate process, as an operator would run it; the app itself may not start now.
    restore = _flask(data_dir, "restore", str(saved))
    output, _ = restore.communicate(timeout=120)
    assert restore.returncode == 0, output
    assert "integrity check passed" in output and "index was rebuilt" in output
    count, drift = _state(data_dir)
    assert count == count_before and drift.clean
    assert _results(_make(data_dir)) == before


def _not_sqlite(path: Path, backup: Path) -> str:
    path.write_text("id,name\n1,not a database\n", encoding="utf-8")
    return "is not an SQLite database"


def _corrupt_sqlite(path: Path, backup: Path) -> str:
    shutil.copy(backup, path)
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xde\xad" * 4096)
    return "integrity check"


def _other_sqlite(path: Path, backup: Path) -> str:
    sqlite3.connect(path).execute("create table notes (text)").connection.close()
    return "not a Signpost directory"


@pytest.mark.parametrize("make_bad", [_not_sqlite, _corrupt_sqlite, _other_sqlite],
                         ids=["text file", "corrupt database", "some other database"])
def test_restore_refuses_a_file_that_is_not_a_sound_signpost_database(app, tmp_path, make_bad):
    data_dir = Path(app.config["DATA_DIR"])
    saved = tmp_path / "good.db"
    assert app.test_cli_runner().invoke(backup_command, [str(saved)]).exit_code == 0
    bad = tmp_path / "bad.db"
    expected = make_bad(bad, saved)
    before = _state(data_dir)
    result = app.test_cli_runner().invoke(restore_command, [str(bad)])
    assert result.exit_code == 1
    assert "Nothing was restored" in result.output
    assert expected in result.output or "is damaged and cannot be read" in result.output
    assert _state(data_dir) == before


def test_backup_refuses_a_folder_or_a_missing_folder(app, tmp_path):
    runner = app.test_cli_runner()
    missing = runner.invoke(backup_command, [str(tmp_path / "nowhere" / "b.db")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert not (tmp_path / "nowhere").exists()


# -- an import killed part-way ----------------------------------------------------------
@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> tuple[Path, set[str]]:
    """A few thousand synthetic entries as CSV (YAML of this size takes ~20 s just to parse)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from synthetic import make_entries

    entries = [Entry.from_dict(d) for d in make_entries(BIG, seed=11)]
    path = tmp_path_factory.mktemp("big") / "big.csv"
    path.write_text(formats.to_csv(entries), encoding="utf-8")
    return path, {e.id for e in entries}


def _fresh(built_default, tmp_path, name) -> Path:
    data = tmp_path / name
    shutil.copytree(built_default, data)
    return data


def _wal_grew(data_dir: Path, start: int):
    wal = service.db_path(data_dir).with_name("signpost.db-wal")
    return lambda: wal.exists() and wal.stat().st_size > start + 64 * 1024


def _index_writing(data_dir: Path):
    folder = search_index.index_dir(data_dir)
    start = set(os.listdir(folder)) | {"MAIN_WRITELOCK"}
    return lambda: bool(set(os.listdir(folder)) - start)


def _kill_when(process: subprocess.Popen, ready, limit: float = 90.0) -> bool:
    """SIGKILL the process once ready() is true; False if it finished first."""
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True
        time.sleep(0.005)
    process.kill()
    process.wait(timeout=30)
    return False


def _killed_import(built_default, tmp_path, big_csv, name, ready,
                  must_kill: bool = True) -> tuple[Path, int, set[str]]:
    data = _fresh(built_default, tmp_path, name)
    count_before, drift_before = _state(data)
    assert drift_before.clean
    wal = service.db_path(data).with_name("signpost.db-wal")
    trigger = ready(data, wal.stat().st_size if wal.exists() else 0)
    process = _flask(data, "load-directory", str(big_csv[0]), output=subprocess.DEVNULL)
    killed = _kill_when(process, trigger)
    assert killed or not must_kill, "the import finished before the kill"
    return data, count_before, big_csv[1]


def _assert_all_or_nothing(data: Path, count_before: int, new_ids: set[str]) -> str:
    """The database holds all the batch or none of it; the index matches it or lags it whole."""
    count, drift = _state(data)
    assert count in (count_before, count_before + len(new_ids)), f"half an import: {count}"
    if count == count_before:
        assert drift.clean
        return "before"
    if drift.clean:
        return "after"
    # Killed after the database commit, during the index update: the index is the old one,
    # whole (a Whoosh commit is atomic); `flask check-index` reports it and build-index mends it.
    assert set(drift.missing) == new_ids and not drift.extra and not drift.stale
    return "after, index behind"


def _after(delay: float):
    """A trigger that fires `delay` seconds after the import starts."""
    def ready(data: Path, wal_size: int):
        started = time.monotonic()
        return lambda: time.monotonic() - started >= delay
    return ready


def test_an_import_killed_at_any_moment_leaves_the_database_all_before_or_all_after(
        built_default, tmp_path, big_csv):
    # First a kill that always lands mid-write (once the WAL has grown), then a few delays.
    triggers = [("while writing", _wal_grew)] + [(f"after {d}s", _after(d)) for d in (0.5, 2.0, 3.5)]
    for name, trigger in triggers:
        # The timed kills may come after a fast import has finished: then it must be all there.
        data, before, new_ids = _killed_import(built_default, tmp_path, big_csv, name, trigger,
                                               must_kill=name == "while writing")
        _assert_all_or_nothing(data, before, new_ids)


def _index_phase(built_default, tmp_path, big_csv, name) -> tuple[Path, int, set[str]]:
    data, before, new_ids = _killed_import(
        built_default, tmp_path, big_csv, name, lambda d, w: _index_writing(d))
    assert _assert_all_or_nothing(data, before, new_ids) == "after, index behind"
    return data, before, new_ids


def test_an_import_killed_while_indexing_is_reported_and_mended_by_build_index(built_default,
                                                                              tmp_path, big_csv):
    data, before, new_ids = _index_phase(built_default, tmp_path, big_csv, "index-phase")
    check = _flask(data, "check-index")
    output, _ = check.communicate(timeout=120)
    # Start-up finds the drift and rebuilds; check-index still reports it and exits 1.
    assert check.returncode == 1 and f"{len(new_ids)} missing from the index" in output
    assert "rebuilt" in output
    build = _flask(data, "build-index")
    output, _ = build.communicate(timeout=300)
    assert build.returncode == 0, output
    assert _state(data) == (before + len(new_ids), search_index.Drift((), (), ()))


def test_restarting_after_an_import_killed_while_indexing_mends_the_index(built_default, tmp_path,
                                                                         big_csv):
    data, _, _ = _index_phase(built_default, tmp_path, big_csv, "restart")
    _make(data)
    assert _state(data)[1].clean


@whoosh_leak
def test_check_index_and_build_index_never_crash_on_a_damaged_index(app):
    data_dir = Path(app.config["DATA_DIR"])
    runner = app.test_cli_runner()
    damage_segment_middle(search_index.index_dir(data_dir))
    checked = runner.invoke(check_index)
    assert checked.exit_code == 1 and isinstance(checked.exception, SystemExit), checked.output
    assert "The index could not be read" in checked.output
    built = runner.invoke(build_index)
    assert built.exit_code == 0, built.output
    assert runner.invoke(check_index).exit_code == 0
    # A damaged index found at start-up is mended then, and reported once.
    damage_segment_middle(search_index.index_dir(data_dir))
    started = _make(data_dir).test_cli_runner()
    found = started.invoke(check_index)
    assert found.exit_code == 1 and "rebuilt and now matches" in found.output
    assert started.invoke(check_index, ["--repair"]).exit_code == 0
    assert "rebuilt then" in started.invoke(build_index).output
    assert _state(data_dir)[1].clean
