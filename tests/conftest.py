"""Shared fixtures: a real app on a real SQLite file and Whoosh index in a temporary folder."""

from __future__ import annotations

import shutil

import pytest

from app import create_app


def _make(data_dir, **config):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "DATA_DIR": str(data_dir),
                       **config})


def _built(data_dir, **config):
    """A data folder made once per run; one chat turn checks the risk rules' examples there,
    so copies of it start with the check done (app.chat.risk_examples)."""
    _make(data_dir, **config).test_client().post("/api/chat", json={"message": "hi", "state": None})


@pytest.fixture(scope="session")
def built_default(tmp_path_factory):
    """A data folder with the built-in directory loaded and indexed, built once per run."""
    path = tmp_path_factory.mktemp("default-data")
    _built(path)
    return path


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory):
    """A data folder with the built-in directory plus the Exampleshire demo entries."""
    path = tmp_path_factory.mktemp("demo-data")
    _built(path, LOAD_DEMO=True)
    return path


@pytest.fixture
def app(built_default, tmp_path):
    """An app on its own copy of the default data."""
    data = tmp_path / "data"
    shutil.copytree(built_default, data)
    return _make(data)


@pytest.fixture
def demo_app(built_demo, tmp_path):
    """An app on its own copy of the default plus demo data."""
    data = tmp_path / "data"
    shutil.copytree(built_demo, data)
    return _make(data, LOAD_DEMO=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()
