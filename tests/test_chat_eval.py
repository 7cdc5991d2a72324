"""Our own evaluation set (tests/chat_cases.yaml) run end to end through /api/chat.

Targets from the issue: escalation recall 100% on risk statements, false alarms at most 10% on
everyday messages, category right at least 85%, an expected topic for at least 90% of messages
with topics, topic precision at least 0.8, a fitting service in the first five for at least 90%.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).parent / "chat_cases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results(built_default, tmp_path_factory):
    import shutil

    from app import create_app
    data = tmp_path_factory.mktemp("eval") / "data"
    shutil.copytree(built_default, data)
    client = create_app({"TESTING": True, "SECRET_KEY": "eval", "DATA_DIR": str(data)}).test_client()
    out = []
    for case in CASES:
        body = client.post("/api/chat", json={"message": case["message"], "state": None}).get_json()
        out.append((case, body))
    return out


def _offered(body) -> set[str]:
    """What a person sees first: the urgent options, then the first five suggestions."""
    urgent = {r["name"] for r in (body["escalation"] or {}).get("resources", [])}
    return urgent | {r["name"] for r in body["resources"][:5]}


def _fits(expected: list[str], offered: set[str]) -> bool:
    """Whether an expected service is offered, by the name people use ('CEOP' fits 'CEOP Safety Centre')."""
    return any(want.lower() in name.lower() for want in expected for name in offered)


def test_the_set_is_big_and_varied_enough():
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if c["escalation"]) >= 40
    assert sum(1 for c in CASES if not c["escalation"]) >= 60


def test_every_risk_statement_escalates(results):
    missed = [c["message"] for c, b in results if c["escalation"] and not b["escalation"]]
    assert missed == []


def test_escalation_category_is_right_for_at_least_85_percent(results):
    risky = [(c, b) for c, b in results if c["escalation"] and b["escalation"]]
    right = sum(1 for c, b in risky if b["escalation"]["category"] == c["escalation"])
    wrong = [(c["message"], b["escalation"]["category"]) for c, b in risky
             if b["escalation"]["category"] != c["escalation"]]
    print(f"category right: {right}/{len(risky)}; wrong: {wrong}")
    assert right / len(risky) >= 0.85, wrong


def test_about_someone_else_is_recognised(results):
    third = [(c, b) for c, b in results if c.get("about") == "someone-else" and b["escalation"]]
    right = sum(1 for c, b in third if b["escalation"]["about"] == "someone-else")
    assert third and right / len(third) >= 0.85


def test_false_alarms_are_at_most_10_percent(results):
    calm = [(c, b) for c, b in results if not c["escalation"]]
    alarms = [c["message"] for c, b in calm if b["escalation"]]
    print(f"false alarms: {len(alarms)}/{len(calm)}: {alarms}")
    assert len(alarms) / len(calm) <= 0.10, alarms


def test_an_expected_topic_is_recognised_for_90_percent(results):
    topical = [(c, b) for c, b in results if c["topics"]]
    found = [c for c, b in topical if set(c["topics"]) & set(b["topics"])]
    missed = [c["message"] for c, b in topical if not set(c["topics"]) & set(b["topics"])]
    print(f"topic recall: {len(found)}/{len(topical)}; missed: {missed}")
    assert len(found) / len(topical) >= 0.90, missed


def test_topic_precision_is_at_least_0_8(results):
    shown = sum(len(b["topics"]) for c, b in results)
    right = sum(len(set(b["topics"]) & set(c["topics"])) for c, b in results)
    wrong = [(c["message"], sorted(set(b["topics"]) - set(c["topics"])))
             for c, b in results if set(b["topics"]) - set(c["topics"])]
    print(f"topic precision: {right}/{shown}; extra: {wrong}")
    assert right / shown >= 0.8, wrong


def test_a_fitting_service_is_in_the_first_five_for_90_percent(results):
    wanted = [(c, b) for c, b in results if c.get("services")]
    hits = [c for c, b in wanted if _fits(c["services"], _offered(b))]
    misses = [(c["message"], [r["name"] for r in b["resources"][:5]]) for c, b in wanted
              if not _fits(c["services"], _offered(b))]
    print(f"fitting service: {len(hits)}/{len(wanted)}; misses: {misses}")
    assert len(hits) / len(wanted) >= 0.90, misses
