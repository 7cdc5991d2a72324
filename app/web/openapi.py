"""The OpenAPI 3.1 description of the JSON API, served at GET /api/openapi.json.

The description is a reviewed file (app/openapi.json), read once; tests check it validates
and that the app keeps to it. Nothing here builds or changes it at run time.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, jsonify

SPEC = Path(__file__).resolve().parent.parent / "openapi.json"

bp = Blueprint("openapi", __name__)


@lru_cache(maxsize=1)
def load_spec() -> dict:
    """The OpenAPI description as data."""
    return json.loads(SPEC.read_text(encoding="utf-8"))


@bp.get("/api/openapi.json")
def spec():
    """The OpenAPI description of /api/services, /api/topics and /api/chat."""
    return jsonify(load_spec())
