"""The blind topic batch (tests/topics_batch_1.yaml) keeps the figures issue 9 reached.

Written without sight of the taxonomy, scored before the fixes (first sight: topic recall 70.8%,
no clearly wrong topic 56.7%, fitting service first 40.1%, in the first three 74.0%); kept as a
regression set. Scored by scripts/score_topics.py through the real /api/chat.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BATCH = yaml.safe_load((ROOT / "tests" / "topics_batch_1.yaml").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("score_topics", ROOT / "scripts" / "score_topics.py")
score_topics = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_topics)

# Reached 97.9%, 90.9%, 79.7% and 90.6%, less a small margin (issue 9 targets: 95%, 90%, 90%).
FLOORS = {"recall": 0.96, "clean": 0.89, "first": 0.77, "top3": 0.88}


def test_the_batch_is_large_and_covers_the_new_topics():
    assert len(BATCH) >= 150
    slugs = {slug for case in BATCH for slug in case["topics"] or ()}
    assert {"running-away", "family-prison", "parent-mental-health", "screen-time"} <= slugs


def test_the_blind_batch_keeps_its_topic_and_service_figures(client):
    out = score_topics.score(BATCH, client)
    reached = score_topics.figures(out)
    print({key: round(value, 3) for key, value in reached.items()})  # noqa: T201
    for key, floor in FLOORS.items():
        assert reached[key] >= floor, (key, reached[key], out["missed"] if key == "recall" else
                                       out["wrong"] if key == "clean" else out["not_first"][:20])


# Blind batch 2 (tests/topics_batch_2.yaml), written on 2026-12-05 without sight of the taxonomy
# or batch 1, scored at first sight: recall 91.5%, no clearly wrong topic 73.0%, fitting service
# first 63.7%, in the first three 83.8%. Kept as a regression set at those figures less a margin;
# issue 9's 90% fitting-first target is not met on it yet.
BATCH_2 = yaml.safe_load((ROOT / "tests" / "topics_batch_2.yaml").read_text(encoding="utf-8"))
FLOORS_2 = {"recall": 0.90, "clean": 0.71, "first": 0.59, "top3": 0.81}


def test_the_second_blind_batch_keeps_its_first_sight_figures(client):
    out = score_topics.score(BATCH_2, client)
    reached = score_topics.figures(out)
    for key, floor in FLOORS_2.items():
        assert reached[key] >= floor, (key, reached[key])
