"""A draft saved by an admin stays out of every public view and out of the index."""

from __future__ import annotations

from app import runtime
from app.directory import formats, store
from app.directory.editing import Editor, save_entry
from app.directory.entry import Entry

from .builders import entry_data


def _save_draft(app) -> str:
    data = entry_data(name="Unpublished Quiet Room", coverage={"national": True})
    with app.app_context():
        rt = runtime.current()
        saved = save_entry(rt.db(), rt.data_dir, rt.taxonomy, data, editor=Editor("admin@example.org"),
                           expected_version=None, published=False)
        assert not saved.problems
    return data["id"]


def test_a_draft_is_not_shown_to_the_public(app):
    draft = _save_draft(app)
    client = app.test_client()
    assert client.get(f"/directory/{draft}").status_code == 404
    assert client.get(f"/api/services/{draft}").status_code == 404
    assert client.get(f"/openreferral/services/{draft}").status_code == 404
    assert "Unpublished Quiet Room" not in client.get(f"/directory/sheet?id={draft}").get_data(as_text=True)
    items = client.get("/api/services?q=quiet room&per_page=100").get_json()["items"]
    assert all(i["id"] != draft for i in items)


def test_rebuilding_the_index_leaves_drafts_out_and_reports_no_drift(app):
    draft = _save_draft(app)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["build-index"]).exit_code == 0
    check = runner.invoke(args=["check-index"])
    assert check.exit_code == 0, check.output
    with app.app_context():
        found = runtime.current().finder.search("unpublished quiet room")
        assert draft not in [h.id for h in found.hits]
        assert store.get(runtime.current().db(), draft, drafts=True) is not None


def test_export_leaves_drafts_out(app):
    _save_draft(app)
    text = app.test_cli_runner().invoke(args=["export-directory", "--format", "csv"]).output
    assert "Unpublished Quiet Room" not in text


def test_an_import_never_publishes_an_existing_draft(app, tmp_path):
    draft = _save_draft(app)
    with app.app_context():
        data = store.get(runtime.current().db(), draft, drafts=True).to_dict()
    data["summary"] = "A changed summary, still a draft."
    path = tmp_path / "one.yaml"
    path.write_text(formats.to_yaml_list([Entry.from_dict(data)]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load-directory", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db = runtime.current().db()
        assert store.get(db, draft) is None
        assert store.get(db, draft, drafts=True).summary == "A changed summary, still a draft."
