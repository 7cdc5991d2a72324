"""What the public sees of the national entries: confirmed facts, never a reviewer's note.

Every public page and API response is read through the Flask test client and searched for the
text of every entry's review_reason, which is for the people who keep the directory right.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from .pagecheck import parse

DATA = Path(__file__).resolve().parent.parent / "directory_data"
NATIONAL = sorted((DATA / "entries").glob("*.yaml"))
ENOUGH_CONFIRMED = 45


@cache
def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Whitespace folded, so a note wrapped over lines still matches."""
    return re.sub(r"\s+", " ", text).strip()


def notes() -> dict[str, str]:
    """Each national entry's reviewer note, by entry name."""
    return {load(p)["name"]: squash(load(p)["review_reason"]) for p in NATIONAL
            if load(p).get("review_reason")}


def assert_no_notes(text: str, where: str) -> None:
    flat = squash(text)
    shown = [name for name, note in notes().items() if note in flat]
    assert shown == [], f"{where} shows the reviewer note of {shown}"


def all_pages(client, path: str) -> list:
    """Every page of a paged JSON listing."""
    out, page = [], 1
    while True:
        response = client.get(f"{path}{'&' if '?' in path else '?'}per_page=100&page={page}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        out.append(response.get_data(as_text=True))
        body = response.get_json()
        items = body.get("items", body.get("contents", []))
        if len(items) < 100:
            return out
        page += 1


def test_some_national_entries_have_a_reviewer_note_to_hide():
    assert notes(), "the test would prove nothing without a note to look for"


def test_no_entry_page_or_sheet_shows_a_reviewer_note(client):
    ids = [load(p)["id"] for p in NATIONAL]
    for entry_id in ids:
        response = client.get(f"/directory/{entry_id}")
        assert response.status_code == 200
        assert_no_notes(parse(response.get_data(as_text=True)).text, f"/directory/{entry_id}")
    for start in range(0, len(ids), 20):
        query = "&".join(f"id={i}" for i in ids[start:start + 20])
        response = client.get(f"/directory/sheet?{query}")
        assert response.status_code == 200
        assert_no_notes(parse(response.get_data(as_text=True)).text, "the signposting sheet")


def test_no_directory_listing_shows_a_reviewer_note(client):
    page, seen = 1, 0
    while True:
        response = client.get(f"/directory?page={page}")
        assert response.status_code == 200
        text = parse(response.get_data(as_text=True)).text
        assert_no_notes(text, f"/directory?page={page}")
        seen += 1
        if f'name="page" value="{page + 1}"' not in response.get_data(as_text=True):
            break
        page += 1
    assert seen >= 2, "the listing should run over more than one page"


def test_no_api_response_shows_a_reviewer_note(client):
    for body in all_pages(client, "/api/services"):
        assert "review_reason" not in json.loads(body)["items"][0]
        assert_no_notes(body, "/api/services")
    for path in NATIONAL:
        response = client.get(f"/api/services/{load(path)['id']}")
        assert response.status_code == 200
        assert "review_reason" not in response.get_json()
        assert_no_notes(response.get_data(as_text=True), f"/api/services/{path.stem}")


def test_no_open_referral_response_shows_a_reviewer_note(client):
    for body in all_pages(client, "/openreferral/services"):
        assert_no_notes(body, "/openreferral/services")
    for path in NATIONAL:
        response = client.get(f"/openreferral/services/{load(path)['id']}")
        assert response.status_code == 200
        assert_no_notes(response.get_data(as_text=True), f"/openreferral/services/{path.stem}")


@pytest.mark.parametrize("message", ["I keep hurting myself", "my mum drinks too much",
                                     "someone shared a nude of me", "my grandad died"])
def test_the_chat_never_shows_a_reviewer_note(client, message):
    response = client.post("/api/chat", json={"message": message, "age": 15})
    assert response.status_code == 200
    assert_no_notes(response.get_data(as_text=True), f"the chat reply to {message!r}")


def test_an_entry_without_confirmed_hours_says_to_check_the_website(client):
    path = next(p for p in NATIONAL if not (load(p)["hours"] or {}).get("text"))
    text = parse(client.get(f"/directory/{load(path)['id']}").get_data(as_text=True)).text
    assert "Check the service’s website for opening times." in text


def test_enough_national_entries_have_every_shown_fact_confirmed():
    confirmed = [p.stem for p in NATIONAL if not load(p)["needs_review"]]
    assert len(confirmed) >= ENOUGH_CONFIRMED, sorted(set(p.stem for p in NATIONAL) - set(confirmed))


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_every_national_entry_records_its_source_page_and_when_it_was_checked(path):
    data = load(path)
    assert str(data["source_url"]).startswith(("https://", "http://")), "a source page is recorded"
    assert isinstance(data["last_verified"], dt.date)
    assert data["last_verified"] <= dt.date.today()


@pytest.mark.parametrize("path", NATIONAL, ids=[p.stem for p in NATIONAL])
def test_a_flagged_entry_says_why_and_a_confirmed_one_has_a_source_that_is_not_a_shop_window(path):
    data = load(path)
    if data["needs_review"]:
        assert squash(data["review_reason"] or "")
    weak = ("betfinder", "casino", "kinsta.cloud", "staging", "/scotland/")
    assert not any(w in data["source_url"] for w in weak), data["source_url"]


def by_name(name: str) -> dict:
    found = [load(p) for p in NATIONAL if load(p)["name"] == name]
    assert found, f"{name} is missing"
    return found[0]


# Numbers confirmed on stored public pages in the December 2026 check, beyond the reference's C rows.
CONFIRMED_NUMBERS = [
    ("Cruse Bereavement Support", "phone", "0808 808 1677"),
    ("Runaway Helpline", "phone", "116 000"),
    ("Runaway Helpline", "text", "116 000"),
    ("Winston's Wish", "text", "07418 341800"),
    ("National Gambling Helpline (GamCare)", "phone", "0808 8020 133"),
    ("Mermaids", "phone", "0808 801 0400"),
    ("Child Bereavement UK", "phone", "0800 02 888 40"),
    ("Victim Support", "phone", "08 08 16 89 111"),
    ("The Survivors Trust helpline", "phone", "0808 801 0818"),
    ("Stop It Now helpline", "phone", "0808 1000 900"),
    ("Revenge Porn Helpline", "phone", "0345 6000 459"),
    ("Missing People", "phone", "116 000"),
    ("Anxiety UK", "phone", "03444 775 774"),
]


@pytest.mark.parametrize("name,method,value", CONFIRMED_NUMBERS,
                         ids=[f"{n}-{m}" for n, m, _ in CONFIRMED_NUMBERS])
def test_a_confirmed_number_is_published(name, method, value):
    assert {"method": method, "value": value} in [
        {"method": c["method"], "value": c["value"]} for c in by_name(name)["contacts"]]


def test_mermaids_shows_its_weekday_afternoon_hours_since_october_2024():
    mermaids = by_name("Mermaids")
    assert mermaids["hours"]["weekly"] == [{"days": ["mon", "tue", "wed", "thu", "fri"],
                                            "opens": "13:00", "closes": "20:30"}]
    assert "9am" not in squash(mermaids["description"] + str(mermaids["contacts"]))


def test_999_and_55_is_only_offered_as_silent_call_advice_from_a_mobile():
    entry = by_name("Emergency services (999)")
    silent = [c for c in entry["contacts"] if "55" in c["value"]]
    assert silent and all("mobile" in c["note"] for c in silent)
    assert "mobile" in entry["description"]


def test_the_national_domestic_abuse_helpline_says_it_is_for_women_and_points_men_elsewhere():
    who = by_name("National Domestic Abuse Helpline")["who_for"]
    assert "Women" in who and "worried" in who and "Men's Advice Line" in who


def test_winstons_wish_text_line_is_for_13_to_25_on_weekday_afternoons():
    text_line = by_name("Winston's Wish")["contacts"][0]
    assert text_line["method"] == "text"
    assert "13 to 25" in text_line["note"] and "Weekdays 3pm to 8pm" in text_line["note"]


def test_gamcare_and_the_runaway_helpline_are_free_and_always_open():
    for name in ("National Gambling Helpline (GamCare)", "Runaway Helpline", "Missing People"):
        entry = by_name(name)
        assert entry["hours"]["always_open"] is True and entry["cost"]["free"] is True, name


def test_the_revenge_porn_helpline_is_listed_for_18_and_over_only():
    assert by_name("Revenge Porn Helpline")["min_age"] == 18


def test_getting_more_help_routes_say_they_are_routes_not_services_to_call():
    routes = [load(p) for p in NATIONAL if load(p)["grouping"] == "getting-more-help"]
    assert {r["name"] for r in routes} >= {
        "Your GP (family doctor)", "School nurse",
        "NHS children and young people's mental health services (CYPMHS, CAMHS)",
        "Mental Health Support Teams in schools"}
    for route in routes:
        assert route["summary"].startswith("A route, not a helpline")
        assert not [c for c in route["contacts"] if c["method"] in ("phone", "text")]


NEW_SERVICES = ["Child Bereavement UK", "Victim Support", "The Survivors Trust helpline",
                "Stop It Now helpline", "Revenge Porn Helpline", "Missing People", "Anxiety UK",
                "Self-injury Support", "Mind Supportline", "Clear Fear app", "distrACT app",
                "Internet Watch Foundation (report abuse images)", "ManKind Initiative",
                "Family Lives", "Citizens Advice", "Our Time", "Children Heard and Seen",
                "Barnardo's NICCO"]


@pytest.mark.parametrize("name", NEW_SERVICES)
def test_a_new_service_is_found_by_its_name(client, name):
    query = name.split(" (")[0]
    items = client.get("/api/services", query_string={"q": query}).get_json()["items"]
    assert name in [i["name"] for i in items[:3]]


# A young person's words, and a new service the chat should offer among its suggestions.
REACHABLE = [
    ("my friend died and i cant stop crying", 15, "Child Bereavement UK"),
    ("i was raped last year and cant stop thinking about it", 17, "The Survivors Trust helpline"),
    ("im 18 and my ex posted my nudes online", 18, "Revenge Porn Helpline"),
    ("i get really bad anxiety and panic attacks", 14, "Clear Fear app"),
    ("i keep cutting myself", 15, "distrACT app"),
    ("my girlfriend hits me and im a boy", 17, "ManKind Initiative"),
    ("i feel low all the time and dont know who to ask", 15, "Your GP (family doctor)"),
    ("my dad is in prison", 14, "Children Heard and Seen"),
    ("my mum has depression and i look after her", 13, "Our Time"),
    ("im on my phone too much and cant put it down", 14, "Childnet"),
]


@pytest.mark.parametrize("message,age,name", REACHABLE, ids=[n for _, _, n in REACHABLE])
def test_the_chat_offers_a_new_service_for_its_concern(client, message, age, name):
    body = client.post("/api/chat", json={"message": message, "age": age}).get_json()
    offered = [r["name"] for r in body["resources"]]
    offered += [r["name"] for r in (body["escalation"] or {}).get("resources", [])]
    assert name in offered, offered
