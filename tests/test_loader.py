"""Loading is all or nothing, lists every problem, and round-trips with export."""

from __future__ import annotations

import csv
import io
import json

import yaml

from app import runtime
from app.directory import store

from .builders import entry_data


def _write_yaml(path, data):
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_invalid_batch_is_rejected_whole_with_every_problem_listed(app, tmp_path):
    good = _write_yaml(tmp_path / "good.yaml", entry_data(name="Good One"))
    bad = _write_yaml(tmp_path / "bad.yaml", entry_data(
        id="not-a-uuid", grouping="getting-sorted", topics=["worrying"], min_age=16, max_age=11,
        contacts=[{"method": "pigeon", "value": ""}]))
    with app.app_context():
        before = store.count(runtime.current().db())
    result = app.test_cli_runner().invoke(args=["load-directory", str(good), str(bad)])
    assert result.exit_code == 1
    out = result.output
    assert "Nothing was written" in out
    for field in ("'id'", "'grouping'", "'topics'", "'max_age'", "'contacts[0].method'",
                  "'contacts[0].value'"):
        assert field in out, field
    assert "bad.yaml" in out
    with app.app_context():
        assert store.count(runtime.current().db()) == before


def test_csv_problems_name_the_row(app, tmp_path):
    header = "id,name,summary,grouping,topics,coverage,source_url,last_verified,status\n"
    rows = ('bd0e3f8e-5c55-4d3c-9f1a-5e0f6f4b2a10,Fine,Fine.,getting-help,anxiety,'
            '"{""national"": true}",https://example.org,2026-01-01,active\n'
            'bd0e3f8e-5c55-4d3c-9f1a-5e0f6f4b2a11,,No name.,getting-help,anxiety,'
            '"{""national"": true}",https://example.org,2026-01-01,active\n')
    path = tmp_path / "batch.csv"
    path.write_text(header + rows, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load-directory", str(path)])
    assert result.exit_code == 1
    assert "batch.csv, row 3, field 'name': is required" in result.output


def test_loading_twice_changes_nothing_the_second_time(app, tmp_path):
    path = _write_yaml(tmp_path / "one.yaml", entry_data(name="Twice Loaded"))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["load-directory", str(path)])
    second = runner.invoke(args=["load-directory", str(path)])
    assert "1 added" in first.output
    assert "0 added, 0 changed, 1 unchanged" in second.output


def test_a_loaded_entry_is_searchable_at_once(app, tmp_path):
    path = _write_yaml(tmp_path / "one.yaml", entry_data(
        name="Zebra Crossing Listening Club", coverage={"national": True}))
    app.test_cli_runner().invoke(args=["load-directory", str(path)])
    body = app.test_client().get("/api/services?q=zebra").get_json()
    assert body["items"][0]["name"] == "Zebra Crossing Listening Club"


def test_missing_path_is_a_clear_error(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["load-directory", str(tmp_path / "nope.yaml")])
    assert result.exit_code != 0
    assert "does not exist" in result.output


def test_demo_entries_are_not_in_the_default_data(client):
    body = client.get("/api/services?per_page=100").get_json()
    assert body["total"] > 0
    assert not any(item["example"] for item in body["items"])


def test_demo_entries_load_on_request(demo_client):
    body = demo_client.get("/api/services?postcode=ZZ1&per_page=100").get_json()
    assert any(item["example"] for item in body["items"])


def test_yaml_and_csv_exports_round_trip(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        originals = {e.id: e.to_dict() for e in store.all_entries(runtime.current().db())}
    for fmt, name in (("csv", "all.csv"), ("yaml", "all.yaml")):
        out = tmp_path / name
        assert runner.invoke(args=["export-directory", "--format", fmt, "-o", str(out)]).exit_code == 0
        again = runner.invoke(args=["load-directory", str(out)])
        assert again.exit_code == 0, again.output
        assert f"0 added, 0 changed, {len(originals)} unchanged" in again.output


def test_yaml_folder_export_is_one_file_per_entry(app, tmp_path):
    out = tmp_path / "folder"
    app.test_cli_runner().invoke(args=["export-directory", "--format", "yaml", "-o", str(out)])
    with app.app_context():
        total = store.count(runtime.current().db())
    assert len(list(out.glob("*.yaml"))) == total


def test_csv_export_lists_topics_plainly_and_contacts_as_json(app):
    text = app.test_cli_runner().invoke(args=["export-directory", "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(text)))
    childline = next(r for r in rows if r["name"] == "Childline")
    assert "suicidal-thoughts" in childline["topics"].split("; ")
    assert {"method": "phone", "value": "0800 1111"}.items() <= json.loads(childline["contacts"])[0].items()
