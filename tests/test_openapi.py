"""The served OpenAPI description is valid, and the app keeps to it under schemathesis.

schemathesis generates requests from /api/openapi.json and calls the Flask app in-process
(WSGI, no network). Every response must be a non-5xx, with a documented status code,
content type and body shape.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app import create_app

OPERATIONS = {("GET", "/api/services"), ("GET", "/api/services/{id}"), ("GET", "/api/topics"),
              ("POST", "/api/chat"), ("POST", "/api/chat/helpful")}
# Negative cases only where the description constrains an input (any string is a valid id).
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in sorted(OPERATIONS)] + [
    (m, p, GenerationMode.NEGATIVE) for m, p in sorted(OPERATIONS) if p not in ("/api/topics",
                                                                                  "/api/services/{id}")]


@pytest.fixture(scope="module")
def spec_app(built_default, tmp_path_factory):
    """One app for the whole module, on its own copy of the default data."""
    data = tmp_path_factory.mktemp("openapi") / "data"
    shutil.copytree(built_default, data)
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data)})


@pytest.fixture(scope="module")
def api_schema(spec_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", spec_app)


def test_the_served_description_is_valid_openapi_3_1(spec_app):
    response = spec_app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_the_description_covers_every_public_json_endpoint(spec_app):
    spec = spec_app.test_client().get("/api/openapi.json").get_json()
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert documented == OPERATIONS
    for path, item in spec["paths"].items():
        for operation in item.values():
            assert "200" in operation["responses"], path


# schemathesis's own pytest integration (from_fixture + parametrize) fails under pytest 9
# ("'Function' object has no attribute '_nodeid'"), so the cases are drawn with Hypothesis.
@pytest.mark.parametrize(("method", "path", "mode"), CASES, ids=[f"{m} {p} {g}" for m, p, g in CASES])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_the_app_keeps_to_its_description(api_schema, method, path, mode, data):
    case = data.draw(api_schema[path][method].as_strategy(generation_mode=mode))
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])
