"""Faults against a real gunicorn (2 workers, gunicorn.conf.py) on 127.0.0.1, healed without help.

Each test breaks something the way a crash, a disk or an attacker would (a segment damaged in
the middle, both workers starting on a stale index, REPLACE INTO the audit table, a cookie
reused after signing out, guessing passwords across workers and restarts) and then checks
the service starts, or stays, healthy with nobody deleting files by hand.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.admin import users
from app.directory import service, store
from app.directory.entry import Entry
from app.search import index as search_index

from .builders import entry_data
from .test_recovery import damage_segment_middle

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
ADMIN, PASSWORD = "admin@example.org", "correct horse battery staple"


class Server:
    """gunicorn with the project's settings on a free loopback port and a data folder."""

    def __init__(self, data_dir: Path, log: Path):
        self.data_dir, self.log = data_dir, log
        self.process: subprocess.Popen | None = None
        self.port = 0
        self._out = None

    def start(self) -> Server:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = sock.getsockname()[1]
        env = {**os.environ, "SIGNPOST_DATA_DIR": str(self.data_dir),
               "SIGNPOST_SECRET_KEY": "fault-test-secret-" + "x" * 20,
               "SIGNPOST_BIND": f"{HOST}:{self.port}", "SIGNPOST_WORKERS": "2",
               "SIGNPOST_THREADS": "2", "SIGNPOST_ACCESS_LOG": "/dev/null"}
        env.pop("SIGNPOST_INDEX_REBUILD", None)
        self._out = self.log.open("a")
        self.process = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")],
                                        cwd=ROOT, env=env, stdout=self._out,
                                        stderr=subprocess.STDOUT)
        return self

    def wait_healthy(self, limit: float = 120.0) -> dict:
        """The /healthz body once it says ok; fails if the master exits or time runs out."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.output()[-3000:]}"
            try:
                status, _, body = self.request("GET", "/healthz")
                if status == 200:
                    return json.loads(body)
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"not healthy in {limit:.0f} s:\n{self.output()[-3000:]}")

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request on a new connection (so requests spread over both workers)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._out is not None:
            self._out.close()
            self._out = None


@pytest.fixture
def data_dir(built_default, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(built_default, folder, symlinks=True)
    return folder


@pytest.fixture
def server(data_dir, tmp_path):
    running = Server(data_dir, tmp_path / "gunicorn.log")
    yield running
    running.stop()


def _search(server: Server, words: str) -> list[dict]:
    status, _, body = server.request("GET", "/api/services?q=" + words.replace(" ", "+"))
    assert status == 200, body
    return json.loads(body)["items"]


def _healthy_start(server: Server) -> dict:
    health = server.start().wait_healthy()
    assert health["checks"] == {"database": True, "index": True, "index_in_step": True,
                                "risk_rules": True}
    assert _search(server, "anxious")
    output = server.output()
    for bad in ("Worker failed to boot", "LockError", "Traceback", "Exception in worker"):
        assert bad not in output, output[-3000:]
    return health


# -- the index ---------------------------------------------------------------------------
def test_a_segment_damaged_in_the_middle_is_rebuilt_and_the_service_starts(server, data_dir):
    before = search_index.generation(data_dir)
    damage_segment_middle(search_index.index_dir(data_dir))
    health = _healthy_start(server)
    assert health["index"]["generation"] != before
    assert "search index rebuilt" in server.output()


def test_both_workers_starting_on_a_stale_index_rebuild_it_once(server, data_dir):
    db = store.connect(service.db_path(data_dir))
    new = [Entry.from_dict(entry_data(name=f"Unindexed Fault Service {n}", topics=["sleep"]))
           for n in range(40)]
    with db.atomic():
        store.upsert(db, new, now=dt.datetime.now(dt.UTC))
    db.close()
    health = _healthy_start(server)
    assert health["index"]["drift"] == 0
    assert server.output().count("search index rebuilt") == 1
    names = {item["name"] for item in _search(server, "Unindexed Fault Service")}
    assert "Unindexed Fault Service 7" in names


# -- the audit trail -----------------------------------------------------------------------
def test_replace_into_the_audit_table_is_refused_while_the_service_runs(server, data_dir):
    db = store.connect(service.db_path(data_dir))
    report = service.load_records(db, data_dir, [_record(entry_data(name="Audited Fault Service"))],
                                  _taxonomy(), today=dt.date.today(), now=dt.datetime.now(dt.UTC))
    assert report.ok, report.problems
    db.close()
    _healthy_start(server)
    conn = sqlite3.connect(service.db_path(data_dir), timeout=10)
    record_id, who = conn.execute("select id, who from audit order by id desc limit 1").fetchone()
    assert who == "cli"
    with pytest.raises(sqlite3.IntegrityError, match="audit records cannot be changed"):
        conn.execute("replace into audit (id, at, who, entry_id, action) "
                     "values (?, 'x', 'mallory', 'x', 'edit')", [record_id])
    conn.rollback()
    assert conn.execute("select who from audit where id = ?", [record_id]).fetchone() == ("cli",)
    conn.close()
    assert server.wait_healthy(10)["status"] == "ok"


def _record(data: dict):
    from app.directory.formats import Record

    return Record("fault.yaml", None, data)


def _taxonomy():
    from app.taxonomy import load_taxonomy

    return load_taxonomy(ROOT / "directory_data" / "taxonomy.yaml")


# -- sessions and limits -------------------------------------------------------------------
def _add_admin(data_dir: Path) -> None:
    db = store.connect(service.db_path(data_dir))
    users.create_user(db, ADMIN, PASSWORD, "admin")
    db.close()


def _cookie(headers) -> str:
    found = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or () if c.startswith("session=")]
    return found[-1] if found else ""


def _form(server: Server, path: str, cookie: str = "") -> tuple[str, str]:
    """(session cookie, CSRF token) from a page with a form."""
    status, headers, body = server.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    assert status == 200, (status, body[:300])
    token = re.search(rb'name="csrf_token" value="([^"]+)"', body).group(1).decode()
    return _cookie(headers) or cookie, token


def _sign_in(server: Server, password: str = PASSWORD) -> tuple[int, str]:
    cookie, token = _form(server, "/admin/login")
    body = f"email={ADMIN}&password={password.replace(' ', '+')}&csrf_token={token}".encode()
    status, headers, _ = server.request("POST", "/admin/login", body, {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    return status, _cookie(headers) or cookie


def test_a_cookie_reused_after_signing_out_is_refused_by_every_worker(server, data_dir):
    _add_admin(data_dir)
    _healthy_start(server)
    status, cookie = _sign_in(server)
    assert status == 302
    assert server.request("GET", "/admin/", headers={"Cookie": cookie})[0] == 200
    cookie, token = _form(server, "/admin/", cookie)
    status, _, _ = server.request("POST", "/admin/logout", f"csrf_token={token}".encode(), {
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    for _ in range(6):  # new connections: both workers get asked
        status, headers, _ = server.request("GET", "/admin/", headers={"Cookie": cookie})
        assert status == 302 and "/admin/login" in headers["Location"]
        status, _, _ = server.request("GET", "/admin/api/audit", headers={
            "Cookie": cookie, "Accept": "application/json"})
        assert status == 401


def test_sign_in_limits_count_across_workers_and_survive_a_restart(server, data_dir):
    _add_admin(data_dir)
    _healthy_start(server)
    for _ in range(5):
        assert _sign_in(server, "a wrong password guess")[0] == 400
    assert _sign_in(server)[0] == 429  # even the right password, for 15 minutes
    server.stop()
    _healthy_start(server)
    assert _sign_in(server)[0] == 429
