"""The curated data keeps its promises: valid, sourced, dated, honest about what is unconfirmed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from app.directory.formats import read_paths
from app.directory.service import check_records
from app.taxonomy import load_taxonomy

DATA = Path(__file__).resolve().parent.parent / "directory_data"
TODAY = dt.date(2026, 12, 5)
NATIONAL = sorted((DATA / "entries").glob("*.yaml"))
DEMO = sorted((DATA / "demo").glob("*.yaml"))
# Numbers confirmed in the support services reference (rows marked C).
CONFIRMED = {
    "Childline": "0800 1111",
    "Samaritans": "116 123",
    "Shout": "85258",
    "CALM (Campaign Against Living Miserably)": "0800 58 58 58",
    "National Domestic Abuse Helpline": "0808 2000 247",
    "Mind Infoline": "0300 123 3393",
    "Papyrus HOPELINE247": "0800 068 4141",
    "NSPCC Helpline": "0808 800 5000",
}


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(DATA / "taxonomy.yaml")


def test_every_built_in_entry_validates(taxonomy):
    records, unreadable = read_paths([DATA], include_demo=True)
    entries, problems = check_records(records, taxonomy, TODAY)
    assert not unreadable
    assert [str(p) for p in problems] == []
    assert len(entries) == len(NATIONAL) + len(DEMO)


def test_there_are_enough_national_and_demo_entries():
    assert len(NATIONAL) >= 40
    assert 25 <= len(DEMO) <= 40


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_national_entry_has_a_source_and_a_date(path):
    data = _load(path)
    assert data["source_url"].startswith(("https://", "http://"))
    assert dt.date.fromisoformat(str(data["last_verified"])) <= TODAY
    assert data["review_due"], "every entry needs a review date"
    assert data["example"] is False


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_national_entry_without_any_confirmed_contact_is_flagged_for_review(path):
    data = _load(path)
    if not data["contacts"]:
        assert data["needs_review"] is True
        assert data["review_reason"].strip()


@pytest.mark.parametrize("path", DEMO, ids=[p.stem for p in DEMO])
def test_demo_entry_is_clearly_fictional(path):
    data = _load(path)
    assert data["example"] is True
    assert data["coverage"]["national"] is False
    assert "Exampleshire" in data["coverage"]["local_authorities"] or all(
        code.startswith("ZZ") for code in data["coverage"]["postcodes"])
    for contact in data["contacts"]:
        if contact["method"] in ("phone", "text"):
            digits = contact["value"].replace(" ", "")
            assert digits.startswith(("01632960", "07700900")), "demo numbers use Ofcom drama ranges"
    for url in (data["website"], data["source_url"]):
        assert url is None or "example.org" in url


@pytest.mark.parametrize("name,number", sorted(CONFIRMED.items()))
def test_confirmed_numbers_are_published_exactly(name, number):
    found = [_load(p) for p in NATIONAL if _load(p)["name"] == name]
    assert found, f"{name} is missing"
    values = [c["value"] for c in found[0]["contacts"]]
    assert number in values


def test_obsolete_0845_numbers_are_never_published():
    for path in NATIONAL:
        for contact in _load(path)["contacts"]:
            assert not re.sub(r"\s", "", contact["value"]).startswith("0845"), path.name


def test_kooth_says_it_depends_on_the_area():
    kooth = next(_load(p) for p in NATIONAL if _load(p)["name"] == "Kooth")
    assert "area" in (kooth["summary"] + " " + kooth["who_for"]).lower()
    assert kooth["needs_review"] is True
