"""Read-only views of the safety data, and "try a message" to see what the assistant would do.

The risk rules and topic synonyms are reviewed files: shown here, never edited here. The try
page runs the real pipeline on a message and shows each step; it stores nothing and logs
nothing of the message.
"""

from __future__ import annotations

from flask import render_template, request

from app import runtime
from app.chat import concerns, risk
from app.chat.state import State
from app.chat.turn import handle_turn
from app.search.found import Filters

from . import bp
from .review import topic_label

MAX_MESSAGE = 2000
SCORED = 20


def explain(text: str, assistant) -> dict:
    """Each step the assistant takes with a message, and what it would reply."""
    understanding = concerns.understand(text, assistant.taxonomy,
                                        known_words=assistant.known_words)
    raw, raw_failed = risk.assess_safely(text, assistant.rules)
    again, again_failed = risk.assess_safely(text, assistant.rules,
                                             corrected=understanding.corrected)
    fired = list(dict.fromkeys([*raw, *again]))
    reply = handle_turn(text, State(), assistant)
    state = reply.state
    filters = Filters(age=state.age, postcode=state.postcode, area=state.area,
                      contact=state.contact, avoid=state.avoid)
    found = assistant.finder.search(topics=state.topics, filters=filters, limit=SCORED) \
        if state.topics else None
    scores = {hit.id: hit.score for hit in found.hits} if found else {}
    return {
        "understanding": understanding,
        "fired": fired,
        "on_raw": {m.rule_id for m in raw},
        "failed": raw_failed or again_failed,
        "reply": reply,
        "filters": filters,
        "scores": scores,
        "primary": risk.primary(fired),
    }


@bp.route("/try", methods=["GET", "POST"])
def try_message():
    """Type a message and see exactly what the assistant would do with it."""
    rt = runtime.current()
    message = request.form.get("message", "") if request.method == "POST" else ""
    error = None
    result = None
    if request.method == "POST":
        if not message.strip():
            error = "Type a message to try"
        elif len(message) > MAX_MESSAGE:
            error = f"Message must be {MAX_MESSAGE} characters or fewer"
        else:
            result = explain(message, rt.assistant())
    return render_template("admin/try.html", message=message, error=error, result=result,
                           label=lambda slug: topic_label(rt.taxonomy, slug)), \
        400 if error else 200


@bp.get("/safety")
def safety():
    """The reviewed risk rules and topic words (read-only)."""
    rt = runtime.current()
    assistant = rt.assistant()
    path = rt.directory_data / "risk_rules.yaml"
    return render_template("admin/safety.html", rules=assistant.rules, topics=rt.taxonomy.topics,
                           rules_file=path.name, urgent_categories=risk.CATEGORIES)
