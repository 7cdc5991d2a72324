"""Issue 12: exports are safe to open in a spreadsheet, and drafts stay drafts through any round trip.

A CSV cell starting with = + - @ (or a tab or carriage return) is written with a ' in front so
a spreadsheet shows it as text; loading the file back removes exactly that ', so "+44 800 1111"
and "-" survive unchanged.
"""

from __future__ import annotations

import csv
import io

import pytest

from app import create_app
from app.directory import formats, store
from app.directory.editing import Editor, save_entry
from app.directory.entry import Entry

from .builders import entry_data
from .test_admin_support import db, make_app, signed_in

RISKY = entry_data(
    name="=HYPERLINK(\"http://evil.example\",\"Click\")",
    organisation="@SUM(A1:A9)",
    description="-",
    who_for="+44 is the UK code",
    confidentiality="'quoted already",
    accessibility="'=two quotes deep",
    status_note="\tTabbed",
    contacts=[{"method": "phone", "value": "+44 800 1111", "note": "-2 for a callback"}],
    languages=["-English", "Welsh"],
)


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_csv_cell_starts_like_a_formula():
    text = formats.to_csv([Entry.from_dict(RISKY)])
    for cell in _cells(text):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"].startswith("'=HYPERLINK")
    assert row["organisation"] == "'@SUM(A1:A9)"
    assert row["description"] == "'-"
    assert row["languages"] == "'-English; Welsh"


def test_a_csv_export_loads_back_exactly_phone_numbers_and_quotes_included():
    entry = Entry.from_dict(RISKY)
    (record,) = formats.read_text(formats.to_csv([entry]), "csv", "export.csv")
    back = dict(record.data)
    assert back.pop("published") is True
    assert Entry.from_dict(back).to_dict() == entry.to_dict()
    assert back["contacts"][0]["value"] == "+44 800 1111"
    assert back["confidentiality"] == "'quoted already"


def test_a_hand_made_csv_may_use_the_spreadsheet_quote_for_text(app):
    text = formats.to_csv([Entry.from_dict(entry_data())]).replace(
        "Someone to talk to about worries.", "'-Someone to talk to about worries.")
    (record,) = formats.read_text(text, "csv", "hand.csv")
    assert record.data["summary"] == "-Someone to talk to about worries."


def test_the_admin_csv_download_is_neutralised(built_default, tmp_path):
    admin_app = make_app(built_default, tmp_path)
    data = dict(RISKY, coverage={"national": True})
    with admin_app.app_context():
        from app import runtime

        rt = runtime.current()
        assert save_entry(rt.db(), rt.data_dir, rt.taxonomy, data, editor=Editor("a@example.org"),
                          expected_version=None).ok
    text = signed_in(admin_app, "editor").get("/admin/export/csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    for cell in _cells(text):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# -- drafts ---------------------------------------------------------------------------------
@pytest.fixture
def with_draft(built_default, tmp_path):
    """An admin app holding one draft; returns (app, draft id)."""
    admin_app = make_app(built_default, tmp_path)
    data = entry_data(name="Unpublished Quiet Room", coverage={"national": True})
    with admin_app.app_context():
        from app import runtime

        rt = runtime.current()
        saved = save_entry(rt.db(), rt.data_dir, rt.taxonomy, data,
                           editor=Editor("admin@example.org"), expected_version=None,
                           published=False)
        assert saved.ok
    return admin_app, data["id"]


def _fresh(tmp_path, name: str):
    """An app on an empty data folder, filled from the built-in directory at start."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
                       "DATA_DIR": str(tmp_path / name)})


@pytest.mark.parametrize(("fmt", "suffix"), [("csv", "csv"), ("yaml", "yaml"),
                                             ("openreferral", "json")])
def test_an_admin_export_loaded_into_a_fresh_folder_keeps_drafts_as_drafts(with_draft, tmp_path,
                                                                           fmt, suffix):
    admin_app, draft = with_draft
    body = signed_in(admin_app, "editor").get(f"/admin/export/{fmt}").get_data(as_text=True)
    assert draft in body
    path = tmp_path / f"export.{suffix}"
    path.write_text(body, encoding="utf-8")

    by_cli = _fresh(tmp_path, f"cli-{fmt}")
    result = by_cli.test_cli_runner().invoke(args=["load-directory", str(path)])
    assert result.exit_code == 0, result.output
    by_upload = _fresh(tmp_path, f"upload-{fmt}")
    client = signed_in(by_upload, "editor")
    preview = client.post("/admin/import", data={"upload": (io.BytesIO(body.encode()),
                                                            f"export.{suffix}")},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Unpublished Quiet Room (as a draft: the public will not see it)" in preview
    token = preview.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert client.post("/admin/import/confirm", data={"token": token}).status_code == 302

    for fresh in (by_cli, by_upload):
        public = fresh.test_client()
        assert store.get(db(fresh), draft, drafts=True) is not None
        assert store.get(db(fresh), draft) is None
        assert public.get(f"/directory/{draft}").status_code == 404
        assert public.get(f"/api/services/{draft}").status_code == 404
        items = public.get("/api/services?q=quiet room&per_page=100").get_json()["items"]
        assert draft not in [i["id"] for i in items]


def test_a_lone_carriage_return_inside_a_value_survives_a_csv_round_trip():
    entry = Entry.from_dict(entry_data(description="Typed on an old Mac:\rline two", accessibility="\r"))
    (record,) = formats.read_text(formats.to_csv([entry]), "csv", "export.csv")
    assert record.data["description"] == "Typed on an old Mac:\rline two"
    assert record.data["accessibility"] == "\r"
