"""Admin import and export: upload, preview, confirm; download the whole directory.

An upload is checked and previewed, and kept as DATA_DIR/uploads/<sha256>.<kind>; the
confirm form carries a signed token naming that hash, and the file is hashed again before
anything is written. Nothing is written unless the whole batch is valid.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import time
from pathlib import Path, PurePath

import yaml
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import runtime
from app.directory import editing, formats, openreferral, service
from app.directory.formats import Record

from . import bp
from .entries import editor

KINDS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "json"}
SALT = "signpost-import"
TOKEN_AGE = 3600
KEEP_SECONDS = 24 * 3600
EXPORTS = {"csv": ("text/csv", "csv"), "yaml": ("application/yaml", "yaml"),
           "openreferral": ("application/json", "json")}


class UploadError(ValueError):
    """An upload that cannot be read; the message is for the admin."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def uploads_dir() -> Path:
    """Where uploads wait for confirmation."""
    return Path(runtime.current().data_dir) / "uploads"


def parse(raw: bytes, kind: str, name: str) -> list[Record]:
    """Records from an uploaded file, or UploadError saying why it cannot be read."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError("The file is not UTF-8 text. Save it as UTF-8 and upload it again.") from exc
    try:
        records = formats.read_text(text, kind, name)
    except (ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError, csv.Error) as exc:
        raise UploadError(f"The file could not be read as {kind.upper()}: {exc}") from exc
    if not records:
        raise UploadError("The file has no entries in it.")
    return records


def _tidy(folder: Path) -> None:
    """Remove uploads nobody confirmed within a day."""
    for old in folder.glob("*"):
        if old.is_file() and time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)


@bp.get("/import")
def import_form():
    """Upload a file to import, and download the directory."""
    return render_template("admin/import.html", exports=EXPORTS)


@bp.post("/import")
def import_preview():
    """Check an upload and show what it would add, change and leave alone."""
    rt = runtime.current()
    upload = request.files.get("upload")
    name = PurePath((upload.filename or "") if upload else "").name[:100]
    kind = KINDS.get(PurePath(name).suffix.lower())
    if upload is None or not name:
        return _upload_error("Choose a file to upload")
    if kind is None:
        return _upload_error("The file must be YAML (.yaml), CSV (.csv) or Open Referral UK JSON (.json)")
    raw = upload.read()
    try:
        records = parse(raw, kind, name)
    except UploadError as exc:
        return _upload_error(str(exc))
    now = dt.datetime.now(dt.UTC)
    report = service.load_records(rt.db(), rt.data_dir, records, rt.taxonomy, today=now.date(),
                                  now=now, dry_run=True)
    if not report.ok:
        return render_template("admin/import_preview.html", name=name, problems=report.problems,
                               plan=None, token=None, count=len(records)), 400
    digest = hashlib.sha256(raw).hexdigest()
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _tidy(folder)
    (folder / f"{digest}.{kind}").write_bytes(raw)
    token = _serializer().dumps({"sha": digest, "kind": kind, "name": name})
    return render_template("admin/import_preview.html", name=name, problems=(), token=token,
                           plan=editing.preview(rt.db(), report.entries), count=len(records),
                           drafts=formats.draft_ids(records))


def _upload_error(message: str):
    return render_template("admin/import.html", exports=EXPORTS,
                           errors=[{"field": "upload", "message": message}]), 400


@bp.post("/import/confirm")
def import_confirm():
    """Write a previewed upload, all or nothing, one audit record per entry changed."""
    rt = runtime.current()
    try:
        ticket = _serializer().loads(request.form.get("token", ""), max_age=TOKEN_AGE)
        digest, kind, name = ticket["sha"], ticket["kind"], ticket["name"]
        if kind not in KINDS.values() or len(digest) != 64 or not digest.isalnum():
            raise BadSignature("bad ticket")
        path = uploads_dir() / f"{digest}.{kind}"
        raw = path.read_bytes()
    except (BadSignature, KeyError, TypeError, OSError):
        flash("That upload has expired or could not be found. Upload the file again.", "error")
        return redirect(url_for("admin.import_form"))
    if hashlib.sha256(raw).hexdigest() != digest:
        flash("The uploaded file has changed since the preview. Upload it again.", "error")
        return redirect(url_for("admin.import_form"))
    result = editing.import_records(rt.db(), rt.data_dir, rt.taxonomy, parse(raw, kind, name),
                                    editor=editor())
    if not result.ok:
        return render_template("admin/import_preview.html", name=name, problems=result.problems,
                               plan=None, token=None, count=0), 400
    path.unlink(missing_ok=True)
    flash(f"Imported {name}: {result.added} added, {result.changed} changed, "
          f"{result.unchanged} left alone.")
    if not result.indexed:
        flash("The search index could not be updated. Ask an admin to run flask build-index.")
    return redirect(url_for("admin.entries"))


@bp.get("/export/<fmt>")
def export(fmt: str):
    """Download every entry (drafts and retired ones too) as CSV, YAML or Open Referral UK."""
    if fmt not in EXPORTS:
        abort(404)
    rt = runtime.current()
    rows = list(rt.db().query("select * from entries order by name collate nocase"))
    entries = [editing.entry_of(row) for row in rows]  # drafts and damaged rows included
    drafts = {row["id"] for row in rows if not row.get("published", 1)}
    if fmt == "csv":
        body = formats.to_csv(entries, drafts)
    elif fmt == "yaml":
        body = formats.to_yaml_list(entries, drafts)
    else:
        body = openreferral.dumps(entries, rt.taxonomy, drafts)
    mimetype, extension = EXPORTS[fmt]
    filename = f"signpost-directory-{dt.date.today().isoformat()}.{extension}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
