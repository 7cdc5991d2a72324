"""Every reply template is plain English an 11-year-old can read, and never promises a call."""

from __future__ import annotations

from pathlib import Path

import pytest
import textstat

from app.chat.replies import load_replies

REPLIES = load_replies(Path(__file__).resolve().parent.parent / "directory_data" / "replies.yaml")
TEMPLATES = REPLIES.all_templates()
SAMPLE = {"topics": "worry and anxiety", "words": "'exams'", "label": "exams and school",
          "filters": "age 14 and ways to text", "place": "Manchester", "ways": "text",
          "filter": "free services only", "age": 20}


@pytest.mark.parametrize("path", sorted(TEMPLATES), ids=sorted(TEMPLATES))
def test_template_reads_at_flesch_70_or_above(path):
    text = TEMPLATES[path].format(**SAMPLE)
    assert textstat.flesch_reading_ease(text) >= 70, text


@pytest.mark.parametrize("path", sorted(TEMPLATES), ids=sorted(TEMPLATES))
def test_template_makes_no_clinical_claims_or_promises(path):
    text = TEMPLATES[path].lower()
    for banned in ("diagnos", "risk level", "risk score", "you need to see", "will call you",
                   "someone will contact", "you have depression", "you have anxiety"):
        assert banned not in text


def test_escalation_templates_have_no_emoji_or_jokes():
    for path, text in TEMPLATES.items():
        if path.startswith("escalation"):
            assert text.isascii(), path
            assert "!" not in text, path


def test_greeting_says_it_is_automated_keeps_nothing_and_mentions_999():
    greeting = REPLIES.text("greeting").lower()
    assert "automated" in greeting
    assert "not a person" in greeting
    assert "do not keep" in greeting
    assert "999" in greeting
