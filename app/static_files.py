"""Static files through WhiteNoise: gzip-compressed, cached, and with the security headers.

At start-up app/static is mirrored into DATA_DIR/static-cache with a gzip copy beside each
text file (the source tree stays clean). `url_for('static', ...)` adds `?v=<content hash>`;
files asked for by that versioned address, and everything under /static/vendor/, may be
cached for a year. Owns no page content and no headers for anything but static files.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import parse_qs

from flask import Flask
from whitenoise import WhiteNoise

from app.web.security import CSP, PERMISSIONS

CACHE_DIR = "static-cache"
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".html", ".map", ".xml"}
SHORT = 3600
LONG = "max-age=31536000, public, immutable"
HSTS = "max-age=31536000; includeSubDomains"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS,
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (two workers may start at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def mirror(source: Path, dest: Path) -> dict[str, str]:
    """Copy changed files from source to dest with gzip copies; returns each file's version hash."""
    versions: dict[str, str] = {}
    wanted: set[Path] = set()
    for file in sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = file.relative_to(source)
        data = file.read_bytes()
        versions[rel.as_posix()] = hashlib.sha256(data).hexdigest()[:12]
        target, packed = dest / rel, dest / f"{rel}.gz"
        wanted.update((target, packed))
        if not target.exists() or target.read_bytes() != data:
            _write(target, data)
            packed.unlink(missing_ok=True)
        if file.suffix in COMPRESSIBLE and not packed.exists():
            smaller = gzip.compress(data, compresslevel=9, mtime=0)
            if len(smaller) < len(data) * 0.95:
                _write(packed, smaller)
    for stale in (p for p in dest.rglob("*") if p.is_file() and p not in wanted):
        stale.unlink(missing_ok=True)
    return versions


def _add_headers(headers, path: str, url: str) -> None:
    """The same security headers as every other response."""
    for name, value in HEADERS.items():
        headers[name] = value


class StaticFiles(WhiteNoise):
    """WhiteNoise, with a long cache for versioned addresses and HSTS over HTTPS."""

    def __init__(self, application, root: Path, versions: dict[str, str]):
        super().__init__(application, root=str(root), prefix="static/", max_age=SHORT,
                         allow_all_origins=False, add_headers_function=_add_headers,
                         immutable_file_test=lambda path, url: url.startswith("/static/vendor/"))
        self.versions = versions

    def serve(self, static_file, environ, start_response):
        """Serve one file, adjusting the cache and HSTS headers for this request."""
        name = environ.get("PATH_INFO", "").removeprefix("/static/")
        asked = parse_qs(environ.get("QUERY_STRING", "")).get("v", [""])[0]
        versioned = bool(asked) and asked == self.versions.get(name)
        secure = environ.get("wsgi.url_scheme") == "https"

        def start(status, headers, exc_info=None):
            if versioned:
                headers = [(k, v) for k, v in headers if k.lower() != "cache-control"]
                headers.append(("Cache-Control", LONG))
            if secure:
                headers.append(("Strict-Transport-Security", HSTS))
            return start_response(status, headers, exc_info)

        return WhiteNoise.serve(static_file, environ, start)


def init_app(app: Flask) -> None:
    """Serve /static/ through WhiteNoise from a compressed mirror, and version static URLs."""
    if not app.static_folder:
        return
    versions = mirror(Path(app.static_folder), Path(app.config["DATA_DIR"]) / CACHE_DIR)
    app.wsgi_app = StaticFiles(app.wsgi_app, Path(app.config["DATA_DIR"]) / CACHE_DIR, versions)

    @app.url_defaults
    def _version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            version = versions.get(values.get("filename", ""))
            if version:
                values["v"] = version
